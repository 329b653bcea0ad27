/**
 * Runs the pipeline in worker threads: batches of articles go out, processed articles come back
 * (typed arrays are transferred, not copied). One pipeline per worker, loaded once.
 */
import { Worker } from 'node:worker_threads';
import type { DefaultPipelineOptions } from '../pipeline/default.js';
import type { Article, ProcessedArticle } from '../types.js';

interface Pending {
  articles: readonly Article[];
  resolve: (r: ProcessedArticle[]) => void;
  reject: (e: Error) => void;
}

interface Reply {
  id: number;
  ok: boolean;
  /** Processed articles without their article (the pool puts the one it sent back in). */
  result?: Omit<ProcessedArticle, 'article'>[];
  error?: string;
  timings?: Record<string, number>;
  /** CPU seconds of the worker thread since its pipeline was loaded (Linux). */
  cpu?: number;
}

/** A fixed pool of pipeline workers. */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { id: number; articles: readonly Article[] }[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly stageSeconds = new Map<Worker, Record<string, number>>();
  private readonly cpuSeconds = new Map<Worker, number>();
  private nextId = 0;
  private failed: Error | undefined;

  constructor(size: number, options: Omit<DefaultPipelineOptions, 'warn'> = {}) {
    // From TypeScript sources (tests, tsx), the worker needs tsx's loader; from dist/ it is plain JS.
    const fromSource = import.meta.url.endsWith('.ts');
    const url = new URL(fromSource ? './pipeline-worker.ts' : './pipeline-worker.js', import.meta.url);
    for (let i = 0; i < size; i++) {
      const w = fromSource
        ? new Worker(
            `import('tsx/esm/api').then((m) => m.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(import.meta.url)}))`,
            { eval: true, workerData: options },
          )
        : new Worker(url, { workerData: options });
      w.on('message', (m: Reply) => this.onReply(w, m));
      w.on('error', (e) => this.onError(e));
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Processes a batch on the next free worker. */
  process(articles: readonly Article[]): Promise<ProcessedArticle[]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { articles, resolve, reject });
      this.queue.push({ id, articles });
      this.pump();
    });
  }

  /** Seconds per stage, summed over workers (as last reported). */
  timings(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of this.stageSeconds.values()) for (const [k, v] of Object.entries(t)) out[k] = (out[k] ?? 0) + v;
    return out;
  }

  /** CPU seconds of the worker threads since their pipelines were loaded, summed (as last reported; Linux only). */
  cpu(): number | undefined {
    if (this.cpuSeconds.size === 0) return undefined;
    let sum = 0;
    for (const c of this.cpuSeconds.values()) sum += c;
    return sum;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const job = this.queue.shift()!;
      w.postMessage(job);
    }
  }

  private onReply(w: Worker, m: Reply): void {
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (m.timings) this.stageSeconds.set(w, m.timings);
    if (m.cpu !== undefined) this.cpuSeconds.set(w, m.cpu);
    this.idle.push(w);
    if (p) {
      if (m.ok) p.resolve(m.result!.map((r, i) => ({ article: p.articles[i]!, ...r })));
      else p.reject(new Error(m.error));
    }
    this.pump();
  }

  private onError(e: Error): void {
    this.failed = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }
}
