/**
 * Crash safety: `faultline ingest` (the compiled CLI, `node bin/faultline.js`) is killed with
 * SIGKILL at seeded random moments, repeatedly, resuming each time on the same store. After
 * every kill the store opens, passes its integrity check, and holds only whole batches: every
 * stored article has exactly the sentences, mentions and relations of an uninterrupted
 * reference run. A final rerun reaches exactly the reference `stats` and relations digest
 * (sha256 over sorted `doc|type|source|target|time.start|time.end` lines).
 *
 * The same against PostgreSQL when FAULTLINE_TEST_PG is set (`source .ci/pg-setup.sh`): the
 * ingest killed the same way, and a `faultline worker` killed mid-job, its lost jobs expired and
 * re-delivered. Each PostgreSQL case works in its own schema, dropped at the end.
 *
 * FAULTLINE_CRASH_SEED changes the kill times; FAULTLINE_CRASH_KILLS the number of kills (5).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 as rng } from '../src/random.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BIN = join(ROOT, 'bin', 'faultline.js');
const HAVE_DIST = existsSync(join(ROOT, 'dist', 'cli', 'bin.js'));
const PG_URL = process.env.FAULTLINE_TEST_PG;
const SEED = Number(process.env.FAULTLINE_CRASH_SEED ?? 9);
const KILLS = Number(process.env.FAULTLINE_CRASH_KILLS ?? 5);
/** Articles per store transaction in `ingest` (its default). */
const BATCH = 64;
/** Copies of the 40 demo articles: 5 × 40 = 200 articles, a bit over 3 batches. */
const COPIES = 5;


const dir = mkdtempSync(join(tmpdir(), 'fl-crash-'));
const corpus = join(dir, 'corpus');
let total = 0;

/** The demo articles, copied under new names with a small change so that no copy is a duplicate. */
function writeCorpus(): void {
  mkdirSync(corpus, { recursive: true });
  const demo = join(ROOT, 'demo', 'articles');
  const files = readdirSync(demo).filter((f) => f.endsWith('.txt')).sort();
  for (let k = 0; k < COPIES; k++) {
    for (const f of files) {
      const text = readFileSync(join(demo, f), 'utf8').trimEnd();
      writeFileSync(join(corpus, `c${k}-${f}`), `${text}\n\nThis is copy ${k} of the report.\n`);
      total++;
    }
  }
}

interface Exit {
  /** True when our SIGKILL ended it; false when it had exited by itself. */
  killed: boolean;
  code: number | null;
  ms: number;
  stderr: string;
}

/** Runs the CLI; kills it with SIGKILL after `killAfterMs` (if given and still running). */
function runCli(args: string[], killAfterMs?: number): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) {
        killed = true;
        child.kill('SIGKILL');
      }
    }, killAfterMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ killed, code, ms: performance.now() - t0, stderr });
    });
  });
}

/** What a store holds, in a comparable form. */
interface Snapshot {
  stats: { articles: number; sentences: number; actors: number; mentions: number; relations: number };
  digest: string;
  /** Per article: "sentences|sentence rows|mentions|relations". */
  perArticle: Map<string, string>;
}

const DIGEST_SQL = `SELECT doc, type, source_actor, target_actor, time_start, time_end FROM relations`;
const PER_ARTICLE_SQL = `SELECT a.id AS id, a.sentence_count AS sc,
  (SELECT COUNT(*) FROM sentences s WHERE s.doc = a.id) AS s,
  (SELECT COUNT(*) FROM mentions m WHERE m.doc = a.id) AS m,
  (SELECT COUNT(*) FROM relations r WHERE r.doc = a.id) AS r
  FROM articles a`;
const COUNT_SQL = ['articles', 'sentences', 'actors', 'mentions', 'relations'].map((t) => `(SELECT COUNT(*) FROM ${t}) AS ${t}`).join(', ');

type Row = Record<string, unknown>;

function snapshotOf(relRows: Row[], perRows: Row[], counts: Row): Snapshot {
  const lines = relRows.map((r) => `${r.doc}|${r.type}|${r.source_actor}|${r.target_actor}|${r.time_start}|${r.time_end}`).sort();
  const digest = createHash('sha256').update(lines.join('\n')).digest('hex');
  const perArticle = new Map(perRows.map((r) => [String(r.id), `${r.sc}|${r.s}|${r.m}|${r.r}`]));
  const n = (k: string): number => Number(counts[k]);
  return { stats: { articles: n('articles'), sentences: n('sentences'), actors: n('actors'), mentions: n('mentions'), relations: n('relations') }, digest, perArticle };
}

/** Opens the SQLite file as a user would after the crash: checks integrity, then reads it. */
function sqliteSnapshot(file: string): Snapshot & { integrity: string } {
  const db = new Database(file);
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length) throw new Error(`foreign key violations: ${JSON.stringify(fk.slice(0, 5))}`);
    return { ...snapshotOf(db.prepare(DIGEST_SQL).all() as Row[], db.prepare(PER_ARTICLE_SQL).all() as Row[], db.prepare(`SELECT ${COUNT_SQL}`).get() as Row), integrity };
  } finally {
    db.close();
  }
}

function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}

function pgConnection(url: string): string {
  const u = new URL(url);
  u.searchParams.delete('schema');
  return u.toString();
}

/** The PostgreSQL counterpart: a fresh connection, orphan checks in place of PRAGMA integrity_check. */
async function pgSnapshot(url: string, schema: string): Promise<Snapshot & { integrity: string }> {
  const c = new pg.Client({ connectionString: pgConnection(url) });
  await c.connect();
  try {
    await c.query(`SET search_path = ${schema}`);
    const orphans = await c.query(`SELECT
      (SELECT COUNT(*) FROM sentences s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.doc)) +
      (SELECT COUNT(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = m.doc)) +
      (SELECT COUNT(*) FROM relations r WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = r.doc)) AS n`);
    const integrity = Number(orphans.rows[0].n) === 0 ? 'ok' : `${orphans.rows[0].n} orphan rows`;
    const rel = await c.query(DIGEST_SQL);
    const per = await c.query(PER_ARTICLE_SQL);
    const counts = await c.query(`SELECT ${COUNT_SQL}`);
    return { ...snapshotOf(rel.rows, per.rows, counts.rows[0]), integrity };
  } finally {
    await c.end();
  }
}

/** Job counts by state in the queue schema of a store schema (for failure messages). */
async function jobStates(url: string, schema: string): Promise<string> {
  const c = new pg.Client({ connectionString: pgConnection(url) });
  await c.connect();
  try {
    const r = await c.query(`SELECT state, COUNT(*)::int AS n FROM ${schema}_queue.job GROUP BY state ORDER BY state`);
    return r.rows.map((x) => `${x.state} ${x.n}`).join(', ');
  } finally {
    await c.end();
  }
}

/** Every stored article has exactly its reference rows (no half-stored article). */
function expectWholeArticles(s: Snapshot, ref: Snapshot, what: string): void {
  const bad: string[] = [];
  for (const [id, counts] of s.perArticle) {
    const want = ref.perArticle.get(id);
    if (counts !== want) bad.push(`${id}: ${counts} (reference ${want})`);
  }
  expect(bad, what).toEqual([]);
}

let reference: Snapshot;
let referenceMs = 0;
/** Time of an ingest of one article: process start and model loading. */
let startupMs = 0;
const log: string[] = [];

beforeAll(async () => {
  if (!HAVE_DIST) return;
  writeCorpus();
  const db = join(dir, 'reference.db');
  const r = await runCli(['ingest', corpus, '--db', db, '--quiet']);
  if (r.code !== 0) throw new Error(`reference ingest failed (${r.code}): ${r.stderr}`);
  referenceMs = r.ms;
  reference = sqliteSnapshot(db);
  const one = join(dir, 'one');
  mkdirSync(one);
  writeFileSync(join(one, '2015-01-01-one.txt'), 'date 2015-01-01\nTurkey attacked the Islamic State.\n');
  startupMs = (await runCli(['ingest', one, '--db', join(dir, 'one.db'), '--quiet'])).ms;
  log.push(`reference: ${total} articles in ${(r.ms / 1000).toFixed(1)} s (start-up ${(startupMs / 1000).toFixed(1)} s), ${JSON.stringify(reference.stats)}`);
}, 300_000);

afterAll(() => {
  // eslint-disable-next-line no-console
  if (log.length) console.log(log.join('\n'));
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Kill loop: runs `args` and kills it after a seeded random delay, KILLS times; `check` looks at
 * the store after each kill and returns how many articles it holds. The delay is drawn between
 * the start-up time and the time the remaining articles should take (from the reference run),
 * so that kills land during model loading, between batches and inside them, whatever the speed
 * of the machine. Returns how many runs were really cut short.
 */
async function killRepeatedly(name: string, args: string[], check: (i: number) => Promise<number>): Promise<number> {
  const rand = rng(SEED + name.length);
  const perArticle = Math.max(1, referenceMs - startupMs) / total;
  let cut = 0;
  let stored = 0;
  for (let i = 0; i < KILLS; i++) {
    const delay = Math.round(startupMs * 0.5 + rand() * (startupMs * 0.7 + (total - stored) * perArticle * 1.1));
    const r = await runCli(args, delay);
    if (r.killed) cut++;
    else if (r.code !== 0) throw new Error(`${name}: run ${i} exited ${r.code}: ${r.stderr}`);
    log.push(`${name}: kill ${i + 1} after ${delay} ms: ${r.killed ? 'killed' : `had finished (${r.code})`}`);
    stored = await check(i);
  }
  return cut;
}

describe.skipIf(!HAVE_DIST)('SIGKILL during ingest: SQLite', () => {
  it('after each kill the database is intact and holds whole batches; a rerun reaches the reference', async () => {
    const db = join(dir, 'crash.db');
    const cut = await killRepeatedly('sqlite ingest', ['ingest', corpus, '--db', db, '--quiet'], async (i) => {
      if (!existsSync(db)) return 0; // killed before the database was created
      const s = sqliteSnapshot(db);
      expect(s.integrity, `kill ${i + 1}`).toBe('ok');
      expectWholeArticles(s, reference, `kill ${i + 1}`);
      // one transaction per batch of 64 new articles: a multiple of 64, or everything
      const n = s.stats.articles;
      expect(n % BATCH === 0 || n === total, `kill ${i + 1}: ${n} articles stored`).toBe(true);
      log.push(`  → ${n} articles stored, integrity ${s.integrity}`);
      return n;
    });
    expect(cut, 'at least one run must be cut short for the test to mean anything').toBeGreaterThan(0);
    const r = await runCli(['ingest', corpus, '--db', db, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const final = sqliteSnapshot(db);
    expect(final.integrity).toBe('ok');
    expect(final.stats).toEqual(reference.stats);
    expect(final.digest).toBe(reference.digest);
    expectWholeArticles(final, reference, 'final');
    expect(final.perArticle.size).toBe(total);
  }, 300_000);
});

describe.runIf(HAVE_DIST && PG_URL)('SIGKILL on PostgreSQL', () => {
  const schemas: string[] = [];
  const fresh = (): { url: string; schema: string } => {
    const schema = `fl_crash_${randomBytes(5).toString('hex')}`;
    schemas.push(schema, `${schema}_queue`);
    return { url: withSchema(PG_URL!, schema), schema };
  };

  afterAll(async () => {
    const c = new pg.Client({ connectionString: pgConnection(PG_URL!) });
    await c.connect();
    for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await c.end();
  });

  it('ingest killed repeatedly: no orphan rows, whole batches; a rerun reaches the reference', async () => {
    const { url, schema } = fresh();
    const cut = await killRepeatedly('postgres ingest', ['ingest', corpus, '--db', url, '--quiet'], async (i) => {
      let s;
      try {
        s = await pgSnapshot(url, schema);
      } catch (e) {
        if (/does not exist/.test((e as Error).message)) return 0; // killed before the schema was made
        throw e;
      }
      expect(s.integrity, `kill ${i + 1}`).toBe('ok');
      expectWholeArticles(s, reference, `kill ${i + 1}`);
      const n = s.stats.articles;
      expect(n % BATCH === 0 || n === total, `kill ${i + 1}: ${n} articles stored`).toBe(true);
      log.push(`  → ${n} articles stored, integrity ${s.integrity}`);
      return n;
    });
    expect(cut).toBeGreaterThan(0);
    const r = await runCli(['ingest', corpus, '--db', url, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const final = await pgSnapshot(url, schema);
    expect(final.stats).toEqual(reference.stats);
    expect(final.digest).toBe(reference.digest);
    expectWholeArticles(final, reference, 'final');
  }, 300_000);

  it('worker killed mid-job: its jobs are re-delivered; the final store equals the reference', async () => {
    const { url, schema } = fresh();
    const { enqueueInputs } = await import('../src/queue/index.js');
    const PgBoss = (await import('pg-boss')).default;
    // Short expiry so that a dead worker's jobs come back within the test (default 600 s),
    // and enough retries for a job to survive being in hand at several kills.
    const q = await enqueueInputs([corpus], undefined, url, { retry: { expireInSeconds: 4, retryDelay: 1, retryLimit: 20 } });
    expect(q.queued).toBe(total);
    // A supervisor doing pg-boss maintenance (expiring lost jobs) every second, as a long-lived
    // worker does every 120 s.
    const supervisor = new PgBoss({
      connectionString: pgConnection(url), schema: `${schema}_queue`, supervise: true, schedule: false, migrate: false,
      maintenanceIntervalSeconds: 1, max: 1,
    });
    supervisor.on('error', () => undefined);
    await supervisor.start();
    try {
      const args = ['worker', '--pg', url, '--batch', '4', '--quiet'];
      const cut = await killRepeatedly('postgres worker', args, async (i) => {
        const s = await pgSnapshot(url, schema);
        expect(s.integrity, `kill ${i + 1}`).toBe('ok');
        expectWholeArticles(s, reference, `worker kill ${i + 1}`);
        log.push(`  → ${s.stats.articles} articles stored`);
        return s.stats.articles;
      });
      expect(cut).toBeGreaterThan(0);
      // drains the queue (lost jobs come back within seconds); bounded, so a stuck queue fails the test
      const r = await runCli(['worker', '--pg', url, '--until-idle'], 120_000);
      log.push(`postgres worker: final run ${(r.ms / 1000).toFixed(1)} s: ${r.stderr.trim().split('\n').at(-1)}`);
      expect(r.killed, `the final worker did not drain the queue in 120 s; job states: ${await jobStates(url, schema)}\n${r.stderr}`).toBe(false);
      expect(r.code, r.stderr).toBe(0);
    } finally {
      await supervisor.stop({ graceful: false, close: true, wait: true, timeout: 2000 });
    }
    const final = await pgSnapshot(url, schema);
    expect(final.stats).toEqual(reference.stats);
    expect(final.digest).toBe(reference.digest);
    expectWholeArticles(final, reference, 'final');
  }, 600_000);
});

describe.skipIf(HAVE_DIST && PG_URL)('SIGKILL on PostgreSQL', () => {
  it.skip(
    !HAVE_DIST
      ? 'skipped: dist/ is not built (npm test compiles it first)'
      : 'skipped: FAULTLINE_TEST_PG is not set (source .ci/pg-setup.sh to run the ingest and worker kill tests against PostgreSQL)',
    () => undefined,
  );
});

describe.skipIf(HAVE_DIST)('SIGKILL during ingest: SQLite', () => {
  it.skip('skipped: dist/ is not built (npm test compiles it first; the test kills node bin/faultline.js)', () => undefined);
});
