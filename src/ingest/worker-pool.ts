/**
 * Runs the pipeline AND the store writes in worker threads: batches of read articles go out,
 * counts come back. Each worker loads one pipeline and opens its own connection to the store
 * (SQLite in WAL mode allows one writer at a time next to any number of readers; PostgreSQL
 * any number). The calling thread only reads the inputs and hands batches out, so the work
 * spreads over the cores.
 *
 * Order: batches are numbered in the order `store()` is called, and a worker saves batch n only
 * after batch n − 1 is saved (the pool passes the turn on). Articles are therefore stored in
 * input order, with the same row ids and the same duplicate decisions (the first in input order
 * wins) as a one-thread ingest; a worker whose batch waits for its turn processes its next batch
 * meanwhile.
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../threads.js';
import type { DefaultPipelineOptions } from '../pipeline/default.js';
import type { Article } from '../types.js';

/** What the workers are started with. */
export interface PoolWorkerData extends Omit<DefaultPipelineOptions, 'warn'> {
  /** The store: a SQLite file path or a postgres:// URL (already created and migrated). */
  readonly store: string;
  /** Longer article texts are processed in parts (default 1 MB, see `long-article.ts`). */
  readonly maxArticleChars?: number;
}

/** What saving one batch did. */
export interface BatchSaved {
  readonly stored: number;
  /** Articles already stored (same id or normalised text), or repeated earlier in the input. */
  readonly duplicates: number;
  /** Sentences of the articles stored. */
  readonly sentences: number;
  readonly mentions: number;
  readonly relations: number;
}

type Reply =
  | { kind: 'warning'; message: string }
  | { kind: 'ready' }
  | { kind: 'processed'; seq: number }
  | { kind: 'saved'; seq: number; counts: BatchSaved; timings: Record<string, number>; cpu?: number }
  | { kind: 'error'; seq: number; error: string };

interface Slot {
  readonly worker: Worker;
  /** Batches sent and not yet processed. */
  unprocessed: number;
  ready: boolean;
  timings: Record<string, number>;
  cpu?: number;
  /** Sentences this worker has stored so far. */
  sentences: number;
  /** [sentences stored, CPU seconds] after each batch this worker saved (Linux: with its CPU reports). */
  readonly curve: [number, number][];
}

/** Batches a worker holds unprocessed at most: one being processed, one next. */
const AHEAD = 2;

/** A fixed pool of pipeline + store workers. */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: { seq: number; articles: readonly Article[] }[] = [];
  private readonly pending = new Map<number, { resolve: (r: BatchSaved) => void; reject: (e: Error) => void }>();
  /** Which worker holds each batch not yet saved. */
  private readonly owner = new Map<number, Slot>();
  private nextSeq = 0;
  /** Highest batch saved (all before it are saved too). */
  private saved = -1;
  private failed: Error | undefined;
  private readonly started: Promise<void>;

  /** `onWarning` gets each distinct warning of the workers' pipeline loading (e.g. a model that cannot be used) once. */
  constructor(size: number, options: PoolWorkerData, onWarning?: (message: string) => void) {
    const warned = new Set<string>();
    // From TypeScript sources (tests, tsx) the worker is the .ts module; from dist/ the .js one.
    const fromSource = import.meta.url.endsWith('.ts');
    const url = new URL(fromSource ? './pipeline-worker.ts' : './pipeline-worker.js', import.meta.url);
    const readies: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const w = startWorker(url, options);
      const slot: Slot = { worker: w, unprocessed: 0, ready: false, timings: {}, sentences: 0, curve: [] };
      readies.push(new Promise((resolve, reject) => {
        w.on('message', (m: Reply) => {
          if (m.kind === 'warning') {
            if (!warned.has(m.message)) onWarning?.(m.message);
            warned.add(m.message);
          } else if (m.kind === 'ready') {
            slot.ready = true;
            resolve();
          } else {
            if (m.kind === 'error' && !slot.ready) reject(new Error(m.error));
            this.onReply(slot, m);
          }
        });
        w.on('error', (e) => {
          reject(e);
          this.onError(e);
        });
        w.on('exit', (code) => {
          if (!slot.ready) reject(new Error(`pipeline worker exited with code ${code} before it was ready`));
        });
      }));
      this.slots.push(slot);
    }
    this.started = Promise.all(readies).then(() => undefined);
    this.started.catch(() => undefined); // reported by ready() and store()
  }

  get size(): number {
    return this.slots.length;
  }

  /** Resolves once every worker has loaded its pipeline and opened the store. */
  ready(): Promise<void> {
    return this.started;
  }

  /** Processes and stores a batch; batches are saved in the order of these calls. */
  store(articles: readonly Article[]): Promise<BatchSaved> {
    if (this.failed) return Promise.reject(this.failed);
    const seq = this.nextSeq++;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.waiting.push({ seq, articles });
      this.pump();
    });
  }

  /** Seconds per stage (wall clock in each worker), summed over workers (as last reported). */
  timings(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.slots) for (const [k, v] of Object.entries(s.timings)) out[k] = (out[k] ?? 0) + v;
    return out;
  }

  /** CPU seconds of each worker thread since it was ready (as last reported; Linux only). */
  cpuPerWorker(): (number | undefined)[] {
    return this.slots.map((s) => s.cpu);
  }

  /**
   * Each worker's CPU curve: after each batch it saved, [sentences it has stored, its CPU seconds]
   * (Linux only; empty elsewhere). Tells a worker's warm-up (compiling, slow code before V8 has
   * optimised it) from its steady cost per sentence.
   */
  cpuCurves(): (readonly [number, number][])[] {
    return this.slots.map((s) => s.curve);
  }

  /** CPU seconds of the worker threads since they were ready, summed (Linux only). */
  cpu(): number | undefined {
    const c = this.cpuPerWorker();
    return c.some((x) => x === undefined) ? undefined : c.reduce<number>((a, b) => a + b!, 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  /** Hands waiting batches to the least busy workers (each holds at most `AHEAD` unprocessed). */
  private pump(): void {
    while (this.waiting.length) {
      let best: Slot | undefined;
      for (const s of this.slots) if (s.unprocessed < AHEAD && (!best || s.unprocessed < best.unprocessed)) best = s;
      if (!best) return;
      const job = this.waiting.shift()!;
      best.unprocessed++;
      this.owner.set(job.seq, best);
      best.worker.postMessage({ kind: 'batch', seq: job.seq, articles: job.articles });
      if (job.seq === this.saved + 1) best.worker.postMessage({ kind: 'turn', seq: job.seq });
    }
  }

  private onReply(slot: Slot, m: Reply): void {
    if (m.kind === 'processed') {
      slot.unprocessed--;
      this.pump();
      return;
    }
    if (m.kind === 'error') {
      this.onError(new Error(m.error));
      return;
    }
    if (m.kind !== 'saved') return;
    slot.timings = m.timings;
    slot.sentences += m.counts.sentences;
    if (m.cpu !== undefined) {
      slot.cpu = m.cpu;
      slot.curve.push([slot.sentences, m.cpu]);
    }
    this.saved = m.seq;
    this.owner.delete(m.seq);
    this.owner.get(m.seq + 1)?.worker.postMessage({ kind: 'turn', seq: m.seq + 1 });
    const p = this.pending.get(m.seq);
    this.pending.delete(m.seq);
    p?.resolve(m.counts);
  }

  /** A failed batch stops the pool: the batches after it are never saved (as in a one-thread ingest). */
  private onError(e: Error): void {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(this.failed);
    this.pending.clear();
  }
}
