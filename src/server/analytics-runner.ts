/**
 * Runs the workbench's heavy calls (networks, changes, balance, blocs, predictions, actor
 * detail, dyads, exports) off the HTTP thread, within a time budget:
 *
 * - one worker thread (`analytics-worker.ts`) with its own store connection computes them, one
 *   at a time, so the event loop keeps serving cheap routes while an analysis runs;
 * - answers are cached per store state and call (a small LRU on this side, as JSON text), and
 *   identical calls in flight share one computation;
 * - a caller waits at most `budgetMs` (queue included): then it gets a 503 `E_BUDGET` naming
 *   what to narrow; the computation goes on and its answer is cached, so a retry is served;
 *   a call nobody waits for any more is dropped before it starts;
 * - at most `maxQueue` distinct calls wait: beyond, 503 `E_BUSY` at once;
 * - a computation running longer than `hardMs` ends the worker (a fresh one starts on demand).
 *
 * Without a reopenable database (`:memory:`, or a store that is not the one at `dbPath`), the
 * calls run in-process (cached, but not bounded in time).
 */
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FaultlineError, type ErrorCode } from '../errors.js';
import type { Store } from '../store/store.js';
import type { WorkerCall, WorkerReply } from './analytics-worker.js';
import { CostError, type CostLimits, type ExportResult, type Workbench } from './workbench.js';

export interface RunnerLimits {
  /** Longest a caller waits for a heavy answer (queue included), ms. Default 4000. */
  readonly budgetMs: number;
  /** Distinct heavy calls waiting at most. Default 8. */
  readonly maxQueue: number;
  /** A computation running longer than this ends the worker, ms. Default 30000. */
  readonly hardMs: number;
  /** Cached answers (per store state). Default 64. */
  readonly cacheSize: number;
}

export const DEFAULT_RUNNER_LIMITS: RunnerLimits = { budgetMs: 4000, maxQueue: 8, hardMs: 30_000, cacheSize: 64 };

/** A heavy call that could not be answered within the limits (503). */
export class BudgetError extends Error {
  constructor(
    readonly code: 'E_BUDGET' | 'E_BUSY',
    message: string,
  ) {
    super(message);
    this.name = 'BudgetError';
  }
}

export type HeavyMethod = 'actorDetail' | 'dyad' | 'network' | 'networkOverview' | 'changes' | 'balance' | 'blocs' | 'predictions' | 'export';

interface Job {
  readonly id: number;
  readonly key: string;
  readonly method: HeavyMethod;
  readonly args: readonly unknown[];
  readonly version: string;
  waiters: number;
  started: number | null;
  readonly done: Promise<unknown>;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

function errorOf(e: Extract<WorkerReply, { ok: false }>['error']): Error {
  if (e.kind === 'cost') return new CostError(e.field ?? 'query', e.message, e.status ?? 400);
  if (e.kind === 'faultline') return new FaultlineError(e.code as ErrorCode, e.message);
  return new Error(e.message);
}

export class AnalyticsRunner {
  readonly limits: RunnerLimits;
  private readonly wb: Workbench;
  private readonly dbPath: string;
  private readonly costLimits: Partial<CostLimits> | undefined;
  private readonly useWorker: boolean;
  private worker: Worker | undefined;
  private running: Job | undefined;
  private hardTimer: NodeJS.Timeout | undefined;
  private readonly queue: Job[] = [];
  private readonly cache = new Map<string, Job>();
  private nextId = 0;
  private closed = false;

  constructor(options: { workbench: Workbench; store: Store; dbPath: string; limits?: Partial<RunnerLimits>; costLimits?: Partial<CostLimits>; worker?: boolean }) {
    this.wb = options.workbench;
    this.dbPath = options.dbPath;
    this.costLimits = options.costLimits;
    this.limits = { ...DEFAULT_RUNNER_LIMITS, ...options.limits };
    const path = (options.store as { path?: unknown }).path;
    const reopenable = options.store.kind === 'postgres'
      ? true
      : typeof path === 'string' && path !== ':memory:' && resolve(path) === resolve(options.dbPath);
    this.useWorker = (options.worker ?? process.env.FAULTLINE_API_WORKER !== '0') && reopenable;
  }

  /** Calls `method` of the workbench: JSON text, or the export. Throws BudgetError past the limits. */
  async run(method: 'export', args: readonly unknown[], narrow: string): Promise<ExportResult>;
  async run(method: Exclude<HeavyMethod, 'export'>, args: readonly unknown[], narrow: string): Promise<string>;
  async run(method: HeavyMethod, args: readonly unknown[], narrow: string): Promise<unknown> {
    const version = await this.wb.version();
    if (!this.useWorker) {
      const fn = (this.wb as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
      const value = await fn.apply(this.wb, [...args]);
      return method === 'export' ? value : JSON.stringify(value);
    }
    const key = `${version}\u0000${method}\u0000${JSON.stringify(args)}`;
    let job = this.cache.get(key);
    if (job) {
      this.cache.delete(key);
      this.cache.set(key, job);
    } else {
      if (this.queue.length >= this.limits.maxQueue) {
        throw new BudgetError('E_BUSY', `the server is busy with ${this.queue.length + 1} analyses: retry in a few seconds, or ${narrow}`);
      }
      job = this.enqueue(key, method, args, version);
    }
    const j = job;
    j.waiters++;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        j.done,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new BudgetError('E_BUDGET',
            `this ${method} did not finish within ${this.limits.budgetMs} ms: ${narrow}` +
            (j.started !== null ? ' (it is still being computed and its answer is kept: a retry may be served at once)' : ''))), this.limits.budgetMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      j.waiters--;
    }
  }

  private enqueue(key: string, method: HeavyMethod, args: readonly unknown[], version: string): Job {
    let resolveJob!: (v: unknown) => void, rejectJob!: (e: Error) => void;
    const done = new Promise<unknown>((res, rej) => {
      resolveJob = res;
      rejectJob = rej;
    });
    done.catch(() => undefined);
    const job: Job = { id: this.nextId++, key, method, args, version, waiters: 0, started: null, done, resolve: resolveJob, reject: rejectJob };
    this.cache.set(key, job);
    while (this.cache.size > this.limits.cacheSize) {
      const oldest = this.cache.values().next().value!;
      if (oldest.started === null && this.queue.includes(oldest)) break;
      this.cache.delete(oldest.key);
    }
    this.queue.push(job);
    queueMicrotask(() => this.pump());
    return job;
  }

  private spawn(): Worker {
    const fromSource = import.meta.url.endsWith('.ts');
    const url = new URL(fromSource ? './analytics-worker.ts' : './analytics-worker.js', import.meta.url);
    const workerData = { dbPath: this.dbPath, ...(this.costLimits ? { limits: this.costLimits } : {}) };
    const w = fromSource
      ? new Worker(`import('tsx/esm/api').then((m) => m.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(import.meta.url)}))`, { eval: true, workerData })
      : new Worker(url, { workerData });
    w.unref();
    w.on('message', (m: WorkerReply | { ready: true }) => {
      if ('ready' in m) return;
      this.onReply(m);
    });
    w.on('error', (e) => this.onWorkerGone(w, e));
    w.on('exit', (code) => this.onWorkerGone(w, new Error(`analytics worker exited (${code})`)));
    return w;
  }

  private pump(): void {
    if (this.closed || this.running) return;
    let job: Job | undefined;
    while ((job = this.queue.shift())) {
      if (job.waiters > 0) break;
      // Nobody waits any more: drop it unstarted.
      if (this.cache.get(job.key) === job) this.cache.delete(job.key);
      job.reject(new BudgetError('E_BUDGET', 'dropped'));
    }
    if (!job) return;
    this.worker ??= this.spawn();
    this.running = job;
    job.started = performance.now();
    const call: WorkerCall = { id: job.id, method: job.method, args: job.args, version: job.version };
    this.worker.postMessage(call);
    const w = this.worker;
    this.hardTimer = setTimeout(() => {
      if (this.running === job && this.worker === w) {
        this.worker = undefined;
        this.finish(job, new BudgetError('E_BUDGET', `this ${job.method} ran longer than ${this.limits.hardMs} ms and was stopped: narrow the request`));
        void w.terminate();
      }
    }, this.limits.hardMs);
    this.hardTimer.unref();
  }

  private finish(job: Job, outcome: Error | { value: unknown }): void {
    clearTimeout(this.hardTimer);
    if (this.running === job) this.running = undefined;
    if (outcome instanceof Error) {
      if (this.cache.get(job.key) === job) this.cache.delete(job.key);
      job.reject(outcome);
    } else {
      job.resolve(outcome.value);
    }
    this.pump();
  }

  private onReply(m: WorkerReply): void {
    const job = this.running;
    if (!job || job.id !== m.id) return;
    this.finish(job, m.ok ? { value: m.value } : errorOf(m.error));
  }

  private onWorkerGone(w: Worker, e: Error): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    const job = this.running;
    if (job) this.finish(job, e);
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = undefined;
    for (const job of this.queue.splice(0)) job.reject(new BudgetError('E_BUSY', 'the server is closing'));
    if (this.running) this.finish(this.running, new BudgetError('E_BUSY', 'the server is closing'));
    if (w) await w.terminate();
  }
}
