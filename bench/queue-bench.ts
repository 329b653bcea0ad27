/**
 * Queue throughput: 1 worker vs N workers on one PostgreSQL.
 *
 *   npx tsx bench/queue-bench.ts [--pg <url>] [--workers 1,2] [--batch 8] [--concurrency 1] [--runs 1] [paths...]
 *
 * Default corpus: ../shared/data/news/fa-kes.csv (CSV columns article_content / article_title /
 * date, dates M/D/YY); pass paths (e.g. demo/articles) to use others. For each worker count:
 * a fresh schema, every article queued, then N `faultline worker --until-idle` processes started
 * together. Reported: processing time (first job started → last job completed, from the queue's
 * own timestamps, so model loading is excluded), wall time (spawn → all exited), articles/s and
 * sentences/s over the processing time.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { enqueueInputs, queueSchema, QUEUE_NAME } from '../src/queue/index.js';
import type { ReadOptions } from '../src/read/index.js';
import { PostgresStore, parsePostgresUrl } from '../src/store/postgres-store.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

function args(): { pg: string; workers: number[]; batch: number; concurrency: number; runs: number; paths: string[]; read?: ReadOptions } {
  const a = process.argv.slice(2);
  let pgUrl = process.env.FAULTLINE_PG ?? process.env.FAULTLINE_TEST_PG ?? '';
  let workers = [1, 2];
  let batch = 8;
  let runs = 1;
  let concurrency = 1;
  const paths: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (x === '--pg') pgUrl = a[++i]!;
    else if (x === '--workers') workers = a[++i]!.split(',').map(Number);
    else if (x === '--batch') batch = Number(a[++i]);
    else if (x === '--runs') runs = Number(a[++i]);
    else if (x === '--concurrency') concurrency = Number(a[++i]);
    else paths.push(x);
  }
  if (!pgUrl) {
    process.stderr.write('queue-bench: pass --pg postgres://... or set FAULTLINE_PG (source .ci/pg-setup.sh)\n');
    process.exit(2);
  }
  if (paths.length) return { pg: pgUrl, workers, batch, concurrency, runs, paths };
  const fakes = join(ROOT, '..', 'shared', 'data', 'news', 'fa-kes.csv');
  if (!existsSync(fakes)) return { pg: pgUrl, workers, batch, concurrency, runs, paths: [join(ROOT, 'demo', 'articles')] };
  return {
    pg: pgUrl, workers, batch, concurrency, runs, paths: [fakes],
    read: { csv: { text: 'article_content', title: 'article_title', date: 'date' }, dateFormat: 'M/D/YY' },
  };
}

function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}

/** Runs one worker process until the queue is drained; resolves with its CPU seconds. */
function runWorkerProcess(url: string, batch: number, concurrency: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src', 'cli', 'bin.ts'), 'worker', '--pg', url, '--until-idle', '--batch', String(batch), '--concurrency', String(concurrency)],
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`worker exited with ${code}: ${stderr}`));
      resolve(Number(/\(([\d.]+) s CPU\)/.exec(stderr)?.[1] ?? NaN));
    });
  });
}

/**
 * CPU seconds used so far by a local PostgreSQL server: the postmaster's own time plus that of
 * its exited children (backends end with their connections). NaN when no local server is seen.
 */
function pgServerCpu(): number {
  const stat = (pid: string): string[] | undefined => {
    try {
      const t = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = t.lastIndexOf(')');
      return [t.slice(t.indexOf('(') + 1, close), ...t.slice(close + 2).split(' ')];
    } catch {
      return undefined;
    }
  };
  let total = 0, found = false;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const f = stat(pid);
    if (!f || f[0] !== 'postgres') continue;
    const parent = stat(f[2]!);
    if (parent && parent[0] === 'postgres') {
      // A live backend/helper: its own time (not yet in the postmaster's children time).
      total += (Number(f[12]) + Number(f[13])) / 100;
    } else {
      found = true;
      total += (Number(f[12]) + Number(f[13]) + Number(f[14]) + Number(f[15])) / 100;
    }
  }
  return found ? total : NaN;
}

interface Figure {
  workers: number;
  articles: number;
  sentences: number;
  relations: number;
  processingSeconds: number;
  wallSeconds: number;
  /** CPU seconds of all worker processes together (includes loading the models). */
  cpuSeconds: number;
  /** CPU seconds of the (local) PostgreSQL server during the run. */
  dbCpuSeconds: number;
  /** Load average (1 min) of the machine when the run ended: other work competing for the cores. */
  load: number;
  articlesPerSecond: number;
  sentencesPerSecond: number;
}

async function once(base: string, n: number, o: ReturnType<typeof args>, admin: pg.Client): Promise<Figure> {
  const schema = `fl_bench_${randomBytes(4).toString('hex')}`;
  const url = withSchema(base, schema);
  try {
    const q = await enqueueInputs(o.paths, o.read, url);
    process.stderr.write(`  ${n} worker(s): queued ${q.queued} articles in ${q.seconds.toFixed(1)} s; processing...\n`);
    const t0 = performance.now();
    const db0 = pgServerCpu();
    const cpu = await Promise.all(Array.from({ length: n }, () => runWorkerProcess(url, o.batch, o.concurrency)));
    const wall = (performance.now() - t0) / 1000;
    const dbCpu = pgServerCpu() - db0;
    const r = await admin.query(
      `SELECT EXTRACT(EPOCH FROM MAX(completed_on) - MIN(started_on)) AS s, COUNT(*) AS jobs
       FROM ${queueSchema(url)}.job WHERE name = $1 AND state = 'completed'`,
      [QUEUE_NAME],
    );
    const parked = await admin.query(
      `SELECT COUNT(*) AS n, MIN(output->>'message') AS reason FROM ${queueSchema(url)}.job WHERE name = $1 AND state = 'failed'`,
      [QUEUE_NAME],
    );
    if (Number(parked.rows[0].n) > 0) {
      process.stderr.write(`  ${parked.rows[0].n} job(s) failed, e.g.: ${parked.rows[0].reason}\n`);
    }
    const store = new PostgresStore(url);
    const st = await store.stats();
    await store.close();
    const seconds = Number(r.rows[0].s);
    return {
      workers: n, articles: st.articles, sentences: st.sentences, relations: st.relations,
      processingSeconds: seconds, wallSeconds: wall, cpuSeconds: cpu.reduce((a, b) => a + b, 0), dbCpuSeconds: dbCpu, load: loadavg()[0]!,
      articlesPerSecond: st.articles / seconds, sentencesPerSecond: st.sentences / seconds,
    };
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema}_queue CASCADE`);
  }
}

async function main(): Promise<void> {
  const o = args();
  const admin = new pg.Client({ connectionString: parsePostgresUrl(o.pg).connectionString });
  await admin.connect();
  process.stderr.write(`queue-bench: corpus ${o.paths.join(' ')}; workers ${o.workers.join(', ')}; batch ${o.batch}; concurrency ${o.concurrency}; runs ${o.runs}\n`);
  const figures: Figure[] = [];
  try {
    for (let run = 0; run < o.runs; run++) {
      for (const n of o.workers) figures.push(await once(o.pg, n, o, admin));
    }
  } finally {
    await admin.end();
  }
  const line = (f: Figure): string =>
    `${String(f.workers).padStart(7)}  ${String(f.articles).padStart(8)}  ${String(f.sentences).padStart(9)}  ` +
    `${f.processingSeconds.toFixed(1).padStart(12)}  ${f.wallSeconds.toFixed(1).padStart(6)}  ` +
    `${f.articlesPerSecond.toFixed(1).padStart(10)}  ${f.sentencesPerSecond.toFixed(0).padStart(11)}  ` +
    `${f.cpuSeconds.toFixed(1).padStart(5)}  ${f.dbCpuSeconds.toFixed(1).padStart(8)}  ${f.load.toFixed(1).padStart(4)}`;
  process.stdout.write(`${cpus().length} cores\n`);
  process.stdout.write('workers  articles  sentences  processing s  wall s  articles/s  sentences/s  cpu s  db cpu s  load\n');
  for (const f of figures) process.stdout.write(line(f) + '\n');
  if (process.env.QUEUE_BENCH_JSON) process.stdout.write(JSON.stringify(figures) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`queue-bench: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
