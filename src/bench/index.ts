/**
 * End-to-end throughput: a corpus (replicated with unique ids up to a size) read → segment →
 * mentions → syntax → coref → time → relations → stored in a fresh SQLite database.
 * Prints figures; never asserts on them.
 *
 * With workers, the main thread only reads and hands batches out; each worker processes and
 * stores (its own SQLite connection, batches saved in input order). The clock starts once every
 * worker has loaded its models, as the one-thread run's does after loading.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingest } from '../ingest/index.js';
import { threadCpuSeconds } from '../ingest/thread-cpu.js';
import { WorkerPool } from '../ingest/worker-pool.js';
import { loadDefaultPipeline } from '../pipeline/default.js';
import { readInputs, type ReadOptions } from '../read/index.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Article, ReadIssue } from '../types.js';

export interface BenchOptions {
  readonly corpus: readonly string[];
  readonly read?: ReadOptions;
  /** Megabytes of article text to process (the corpus is replicated with unique ids to reach it). */
  readonly mb: number;
  /** Worker threads for the pipeline; 0 = in the main thread. */
  readonly workers: number;
  readonly onProgress?: (chars: number, total: number) => void;
}

export interface BenchResult {
  readonly workers: number;
  readonly articles: number;
  readonly sentences: number;
  readonly tokens: number;
  readonly relations: number;
  readonly mb: number;
  readonly seconds: number;
  readonly sentences_per_s: number;
  readonly tokens_per_s: number;
  readonly articles_per_s: number;
  readonly peak_rss_mb: number;
  /** CPU seconds of the whole process during the run (every thread: main, workers, GC, compiler). */
  readonly cpu_s: number;
  /** Sentences per CPU second: the figure that holds on a loaded machine. */
  readonly sentences_per_cpu_s: number;
  /** CPU seconds of the main thread (reading, fingerprints, storing, messages; with 0 workers the pipeline too; Linux). */
  readonly main_cpu_s: number | null;
  /** CPU seconds of the worker threads, summed (Linux; null with 0 workers). */
  readonly workers_cpu_s: number | null;
  /** CPU seconds of each worker thread (Linux; empty with 0 workers). */
  readonly worker_cpu_s: readonly number[];
  /** CPU seconds of the process's other threads: V8's compiler and GC helpers (Linux). */
  readonly helpers_cpu_s: number | null;
  /** The main thread's share of the process's CPU (Linux). */
  readonly main_cpu_share: number | null;
  /**
   * Wall seconds this run would take with every core to itself, from its CPU split: the longest
   * thread, or the process's CPU spread over the machine's cores if that is longer. An estimate
   * for a loaded machine, not a measurement (helper threads are taken as spreading evenly).
   */
  readonly projected_s: number | null;
  /** Sentences / `projected_s`. */
  readonly projected_sentences_per_s: number | null;
  /** Cores the projection assumes (the machine's). */
  readonly cores: number;
  /**
   * Each pipeline thread's (the main thread with 0 workers, else each worker's) steady cost: CPU
   * seconds per 1,000 sentences, fitted on the second half of its sentences (Linux).
   */
  readonly steady_cpu_ms_per_sentence: readonly number[];
  /**
   * Each pipeline thread's warm-up: its CPU seconds beyond the steady cost of its sentences (V8
   * compiling and running unoptimised code early on; Linux). Paid once per thread.
   */
  readonly warmup_cpu_s: readonly number[];
  /** SHA-1 of the stored rows in storage order: equal across runs that store the same (see `SqliteStore.digest`). */
  readonly digest: string;
  /** Seconds per pipeline stage, wall clock in the thread running it (summed over workers). */
  readonly stage_seconds: Record<string, number>;
  /** 1-minute load average when the run started (other jobs on the machine). */
  readonly load_at_start: number;
}

/** Loads the corpus once (it is small), then yields replicas until `mb` of text is produced. */
export async function* replicated(corpus: readonly string[], read: ReadOptions | undefined, mb: number): AsyncGenerator<Article | ReadIssue> {
  const base: Article[] = [];
  for await (const item of readInputs(corpus, read)) if (!('kind' in item)) base.push(item);
  if (base.length === 0) return;
  const limit = mb * 1024 * 1024;
  let chars = 0;
  for (let round = 0; chars < limit; round++) {
    for (const a of base) {
      if (chars >= limit) return;
      // A unique id and a unique text (the store de-duplicates identical texts).
      const text = round === 0 ? a.text : `${a.text} [r${round}]`;
      chars += text.length;
      yield { ...a, id: round === 0 ? a.id : `${a.id}~r${round}`, text };
    }
  }
}

export async function runBench(o: BenchOptions): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
  const path = join(dir, 'bench.db');
  const store = new SqliteStore(path);
  await store.init();
  // with workers, this thread loads no model: it only reads
  const loaded = o.workers > 0 ? undefined : loadDefaultPipeline({ warn: () => {} });
  const pool = o.workers > 0 ? new WorkerPool(o.workers, { store: path }) : undefined;
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const load = loadavg()[0]!;
  try {
    await pool?.ready();
  } catch (e) {
    clearInterval(timer);
    await pool?.close();
    throw e;
  }
  const c0 = process.cpuUsage(), m0 = threadCpuSeconds();
  const t0 = performance.now();
  try {
    const total = o.mb * 1024 * 1024;
    let chars = 0;
    const mainCurve: [number, number][] = [];
    const summary = await ingest(replicated(o.corpus, o.read, o.mb), {
      store, batchSize: 32,
      ...(pool ? { pool } : { pipeline: loaded!.pipeline, dictionary: loaded!.dictionary }),
      onProgress: (p) => {
        chars = p.chars;
        if (!pool && m0 !== undefined) {
          const c = threadCpuSeconds();
          if (c !== undefined && p.sentences > (mainCurve.at(-1)?.[0] ?? 0)) mainCurve.push([p.sentences, c - m0]);
        }
        o.onProgress?.(p.chars, total);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0), m1 = threadCpuSeconds();
    // the workers' last CPU reports came with their last batches: close them before the database is read
    await pool?.close();
    const cpu = (c.user + c.system) / 1e6;
    const workersCpu = pool?.cpu();
    const perWorker = (pool?.cpuPerWorker() ?? []).filter((c): c is number => c !== undefined);
    const mainCpu = m0 !== undefined && m1 !== undefined ? m1 - m0 : undefined;
    peak = Math.max(peak, process.memoryUsage().rss);
    const st = await store.stats();
    const tok = store.tokenCount();
    const stages = pool ? pool.timings() : loaded!.pipeline.timings();
    const cores = cpus().length;
    const projected = mainCpu !== undefined ? Math.max(mainCpu, ...perWorker, cpu / cores) : undefined;
    const r2 = (x: number): number => Math.round(x * 100) / 100;
    const fits = (pool ? pool.cpuCurves() : [mainCurve]).map(steadyFit).filter((f) => f !== undefined);
    return {
      workers: o.workers,
      articles: summary.stored,
      sentences: st.sentences,
      tokens: tok,
      relations: st.relations,
      mb: Math.round((chars / 1024 / 1024) * 10) / 10,
      seconds: Math.round(seconds * 100) / 100,
      sentences_per_s: Math.round(st.sentences / seconds),
      tokens_per_s: Math.round(tok / seconds),
      articles_per_s: Math.round((summary.stored / seconds) * 10) / 10,
      peak_rss_mb: Math.round(peak / 1024 / 1024),
      cpu_s: Math.round(cpu * 100) / 100,
      sentences_per_cpu_s: Math.round(st.sentences / cpu),
      main_cpu_s: mainCpu !== undefined ? r2(mainCpu) : null,
      workers_cpu_s: workersCpu !== undefined ? r2(workersCpu) : null,
      worker_cpu_s: perWorker.map(r2),
      helpers_cpu_s: mainCpu !== undefined ? r2(cpu - mainCpu - (workersCpu ?? 0)) : null,
      main_cpu_share: mainCpu !== undefined ? Math.round((mainCpu / cpu) * 1000) / 1000 : null,
      projected_s: projected !== undefined ? r2(projected) : null,
      projected_sentences_per_s: projected !== undefined ? Math.round(st.sentences / projected) : null,
      cores,
      steady_cpu_ms_per_sentence: fits.map((f) => Math.round(f.slope * 1e6) / 1000),
      warmup_cpu_s: fits.map((f) => r2(f.warmup)),
      digest: store.digest(),
      stage_seconds: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(v * 100) / 100])),
      load_at_start: Math.round(load * 100) / 100,
    };
  } finally {
    clearInterval(timer);
    await pool?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Least-squares line through the second half (by sentences) of a thread's [sentences, CPU s]
 * curve: its slope is the steady CPU per sentence, and what the thread spent beyond slope ×
 * sentences is its warm-up. Undefined with fewer than 4 points there.
 */
export function steadyFit(curve: readonly (readonly [number, number])[]): { slope: number; warmup: number } | undefined {
  const last = curve.at(-1);
  if (!last) return undefined;
  const pts = curve.filter(([x]) => x >= last[0] / 2);
  if (pts.length < 4) return undefined;
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const [x, y] of pts) {
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const k = pts.length;
  const den = k * sxx - sx * sx;
  if (den <= 0) return undefined;
  const slope = (k * sxy - sx * sy) / den;
  return { slope, warmup: last[1] - slope * last[0] };
}
