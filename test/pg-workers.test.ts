/**
 * Many machines, end to end, against a real PostgreSQL (`FAULTLINE_TEST_PG`; skipped without):
 * queue 30 demo articles with `faultline ingest --queue`, run two `faultline worker` processes,
 * wait until the queue is drained, stop them with SIGTERM (graceful: exit 0), and compare the
 * PostgreSQL store with a single-process SQLite ingest of the same files: the same stats and the
 * same multisets of relations and mentions. Then queue the same articles again and re-deliver
 * one under new job ids: nothing is stored twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest } from '../src/ingest/index.js';
import { loadDefaultPipeline } from '../src/pipeline/default.js';
import { QUEUE_NAME, closeBoss, openBoss, queueStatus, runWorker } from '../src/queue/index.js';
import { PostgresStore, parsePostgresUrl } from '../src/store/postgres-store.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';

const PG = process.env.FAULTLINE_TEST_PG;
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const DEMO = join(ROOT, 'demo', 'articles');
const FILES = readdirSync(DEMO).filter((f) => f.endsWith('.txt')).sort().slice(0, 30).map((f) => join(DEMO, f));

/** Runs the CLI from source in a child process (no build needed). */
function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<{ code: number | null; stderr: string; stdout: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'bin.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '', stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stderr, stdout }));
  });
  return { child, done };
}

async function relationKeys(s: Store): Promise<string[]> {
  return (await s.listRelations()).map((r) => [r.doc, r.type, r.source.actor, r.target.actor, r.time.start, r.time.end].join('|')).sort();
}

async function mentionKeys(s: Store): Promise<string[]> {
  return (await s.listMentions()).map((m) => [m.doc, m.start, m.end, m.actor ?? '', m.via].join('|')).sort();
}

if (!PG) {
  describe('two workers on PostgreSQL', () => {
    it.skip('skipped: FAULTLINE_TEST_PG is not set (source .ci/pg-setup.sh to run against a real PostgreSQL)', () => undefined);
  });
} else {
  const schema = `fl_w_${randomBytes(5).toString('hex')}`;
  const url = (() => {
    const u = new URL(PG);
    u.searchParams.set('schema', schema);
    return u.toString();
  })();

  afterAll(async () => {
    const client = new pg.Client({ connectionString: parsePostgresUrl(PG).connectionString });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${schema}_queue CASCADE`);
    await client.end();
  });

  describe('two workers on PostgreSQL', () => {
    it('ingest --queue + two worker processes = a single-process SQLite ingest', async () => {
      const enq = cli(['ingest', '--queue', '--pg', url, ...FILES]);
      const e = await enq.done;
      expect(e.code, e.stderr).toBe(0);
      expect(e.stderr).toMatch(/queued\s+30/);

      const workers = [cli(['worker', '--pg', url, '--batch', '1']), cli(['worker', '--pg', url, '--batch', '1'])];
      try {
        const deadline = Date.now() + 150_000;
        for (;;) {
          const st = await queueStatus(url);
          if (st.queued + st.retry + st.active === 0 && st.completed + st.failed === 30) {
            expect(st.failed).toBe(0);
            break;
          }
          if (Date.now() > deadline) throw new Error(`queue not drained: ${JSON.stringify(st)}`);
          await new Promise((r) => setTimeout(r, 300));
        }
      } finally {
        for (const w of workers) w.child.kill('SIGTERM');
      }
      const results = await Promise.all(workers.map((w) => w.done));
      let jobs = 0;
      for (const r of results) {
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toMatch(/SIGTERM: stopping/);
        jobs += Number(/done: (\d+) jobs/.exec(r.stderr)?.[1] ?? NaN);
      }
      expect(jobs).toBe(30);

      const { pipeline, dictionary } = loadDefaultPipeline({ warn: () => undefined });
      const sqlite = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'fl-pgw-')), 'single.db'));
      await sqlite.init();
      await ingest(FILES, { store: sqlite, pipeline, dictionary });
      const pgStore = new PostgresStore(url);
      try {
        const st = await sqlite.stats();
        expect(st.articles).toBe(30);
        expect(await pgStore.stats()).toEqual(st);
        expect(await relationKeys(pgStore)).toEqual(await relationKeys(sqlite));
        expect(await mentionKeys(pgStore)).toEqual(await mentionKeys(sqlite));
        expect((await pgStore.listActors()).map((a) => a.id).sort()).toEqual((await sqlite.listActors()).map((a) => a.id).sort());
      } finally {
        await sqlite.close();
        await pgStore.close();
      }
    }, 240_000);

    it('the same articles queued again, or re-delivered under new job ids, store nothing twice', async () => {
      const pgStore = new PostgresStore(url);
      const before = await pgStore.stats();
      const again = cli(['ingest', '--queue', '--pg', url, ...FILES.slice(0, 5)]);
      const e = await again.done;
      expect(e.code, e.stderr).toBe(0);
      expect(e.stderr).toMatch(/queued\s+0/);

      const article = (await pgStore.getArticle((await pgStore.listRelations({ limit: 1 }))[0]!.doc))!;
      const boss = await openBoss(url);
      await boss.send(QUEUE_NAME, { article }, { id: randomUUID() });
      await boss.send(QUEUE_NAME, { article }, { id: randomUUID() });
      await closeBoss(boss);
      const w = await runWorker({ pgUrl: url, untilIdle: true, pollSeconds: 0.1 });
      expect(w).toMatchObject({ jobs: 2, stored: 0, duplicates: 2, failed: 0 });
      expect(await pgStore.stats()).toEqual(before);
      await pgStore.close();
    }, 120_000);
  });
}
