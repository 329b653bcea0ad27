/**
 * Queue throughput: 1 worker vs N workers on one PostgreSQL.
 *
 *   npx tsx bench/queue-bench.ts [--pg <url>] [--workers 1,2] [--mb 20] [--batch 32] [--concurrency 1] [--runs 1] [paths...]
 *
 * Default corpus: ../shared/data/news/fa-kes.csv (CSV columns article_content / article_title /
 * date, dates M/D/YY); pass paths (e.g. demo/articles) to use others. With `--mb`, the corpus is
 * replicated with unique ids and texts to that many megabytes (as `faultline bench` does): a run
 * must be long next to a worker's warm-up (V8 compiles the pipeline in its first seconds).
 *
 * For each worker count: a fresh schema, every article queued but held (`startAfter` in the
 * future), N `faultline worker --until-idle` processes started; once every one has loaded its
 * models and opened the queue, the jobs are released, so all workers start together.
 * Reported: processing time (first job started → last job completed, from the queue's own
 * timestamps), wall time (spawn → all exited), articles/s and sentences/s over the processing
 * time, the workers' CPU seconds after loading (every thread of each process), and the local
 * PostgreSQL server's CPU seconds.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { replicated } from '../src/bench/index.js';
import { closeBoss, enqueueInputs, openBoss, queueSchema, sendArticles, QUEUE_NAME } from '../src/queue/index.js';
import type { ReadOptions } from '../src/read/index.js';
import type { Article } from '../src/types.js';
import { PostgresStore, parsePostgresUrl } from '../src/store/postgres-store.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

interface Args {
  pg: string;
  workers: number[];
  batch: number;
  concurrency: number;
  runs: number;
  /** Replicate the corpus to this many MB (0 = as read). */
  mb: number;
  paths: string[];
  read?: ReadOptions;
}

function args(): Args {
  const a = process.argv.slice(2);
  let pgUrl = process.env.FAULTLINE_PG ?? process.env.FAULTLINE_TEST_PG ?? '';
  let workers = [1, 2];
  let batch = 32;
  let mb = 0;
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
    else if (x === '--mb') mb = Number(a[++i]);
    else paths.push(x);
  }
  if (!pgUrl) {
    process.stderr.write('queue-bench: pass --pg postgres://... or set FAULTLINE_PG (source .ci/pg-setup.sh)\n');
    process.exit(2);
  }
  if (paths.length) return { pg: pgUrl, workers, batch, concurrency, runs, mb, paths };
  const fakes = join(ROOT, '..', 'shared', 'data', 'news', 'fa-kes.csv');
  if (!existsSync(fakes)) return { pg: pgUrl, workers, batch, concurrency, runs, mb, paths: [join(ROOT, 'demo', 'articles')] };
  return {
    pg: pgUrl, workers, batch, concurrency, runs, mb, paths: [fakes],
    read: { csv: { text: 'article_content', title: 'article_title', date: 'date' }, dateFormat: 'M/D/YY' },
  };
}

function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}

/**
 * Starts one worker process that runs until the queue is drained. `ready` resolves once it has
 * loaded its models and opened the queue; `done` with its CPU seconds after loading.
 */
function startWorkerProcess(url: string, batch: number, concurrency: number): { ready: Promise<void>; done: Promise<number> } {
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const done = new Promise<number>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import', 'tsx', join(ROOT, 'src', 'cli', 'bin.ts'), 'worker', '--pg', url, '--until-idle', '--poll-seconds', '0.1',
        '--batch', String(batch), '--concurrency', String(concurrency),
      ],
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/worker: ready/.test(stderr)) onReady();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      onReady();
      if (code !== 0) return reject(new Error(`worker exited with ${code}: ${stderr}`));
      resolve(Number(/([\d.]+) s after loading\)/.exec(stderr)?.[1] ?? NaN));
    });
  });
  return { ready, done };
}

/** Queues the corpus (replicated to `mb` when > 0), held until released; returns the jobs queued. */
async function enqueueHeld(url: string, o: Args): Promise<number> {
  const hold = new Date(Date.now() + 24 * 3600 * 1000);
  if (o.mb <= 0) {
    // the inputs as they are; held by moving the start time of the queued jobs
    const q = await enqueueInputs(o.paths, o.read, url);
    const admin = new pg.Client({ connectionString: parsePostgresUrl(url).connectionString });
    await admin.connect();
    await admin.query(`UPDATE ${queueSchema(url)}.job SET start_after = $2 WHERE name = $1 AND state = 'created'`, [QUEUE_NAME, hold]);
    await admin.end();
    return q.queued;
  }
  const store = new PostgresStore(url, { maxConnections: 1 });
  await store.init();
  await store.close();
  const boss = await openBoss(url);
  let queued = 0;
  try {
    let chunk: Article[] = [];
    for await (const item of replicated(o.paths, o.read, o.mb)) {
      if ('kind' in item) continue;
      chunk.push(item);
      if (chunk.length >= 500) {
        queued += (await sendArticles(boss, url, chunk, undefined, hold))[0];
        chunk = [];
      }
    }
    queued += (await sendArticles(boss, url, chunk, undefined, hold))[0];
  } finally {
    await closeBoss(boss);
  }
  return queued;
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
  /** CPU seconds of each worker process after loading its models (every thread of the process). */
  cpuSeconds: number[];
  /** CPU seconds of the (local) PostgreSQL server during the run. */
  dbCpuSeconds: number;
  /** Load average (1 min) of the machine when the run ended: other work competing for the cores. */
  load: number;
  articlesPerSecond: number;
  sentencesPerSecond: number;
}

async function once(base: string, n: number, o: Args, admin: pg.Client): Promise<Figure> {
  const schema = `fl_bench_${randomBytes(4).toString('hex')}`;
  const url = withSchema(base, schema);
  try {
    const t00 = performance.now();
    const queued = await enqueueHeld(url, o);
    process.stderr.write(`  ${n} worker(s): queued ${queued} articles (held) in ${((performance.now() - t00) / 1000).toFixed(1)} s; starting workers...\n`);
    const t0 = performance.now();
    const workers = Array.from({ length: n }, () => startWorkerProcess(url, o.batch, o.concurrency));
    await Promise.all(workers.map((w) => w.ready));
    // every worker has loaded its models: release the jobs
    await admin.query(`UPDATE ${queueSchema(url)}.job SET start_after = now() WHERE name = $1 AND state = 'created'`, [QUEUE_NAME]);
    const db0 = pgServerCpu();
    const cpu = await Promise.all(workers.map((w) => w.done));
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
      processingSeconds: seconds, wallSeconds: wall, cpuSeconds: cpu, dbCpuSeconds: dbCpu, load: loadavg()[0]!,
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
  process.stderr.write(
    `queue-bench: corpus ${o.paths.join(' ')}${o.mb > 0 ? ` replicated to ${o.mb} MB` : ''}; workers ${o.workers.join(', ')}; ` +
      `batch ${o.batch}; concurrency ${o.concurrency}; runs ${o.runs}\n`,
  );
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
    `${f.cpuSeconds.map((c) => c.toFixed(1)).join(' + ').padStart(11)}  ${f.dbCpuSeconds.toFixed(1).padStart(8)}  ` +
    `${Math.round(f.sentences / (f.cpuSeconds.reduce((a, b) => a + b, 0) + f.dbCpuSeconds)).toString().padStart(12)}  ${f.load.toFixed(1).padStart(4)}`;
  process.stdout.write(`${cpus().length} cores\n`);
  process.stdout.write('workers  articles  sentences  processing s  wall s  articles/s  sentences/s  workers cpu s  db cpu s  sent./cpu s  load\n');
  for (const f of figures) process.stdout.write(line(f) + '\n');
  if (process.env.QUEUE_BENCH_JSON) process.stdout.write(JSON.stringify(figures) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`queue-bench: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
