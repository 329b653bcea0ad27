/**
 * A small priority job pool for the training scripts: jobs are handed to a fixed set of runners
 * (worker threads, or the calling thread), each running one job at a time.
 *
 * The pool decides only *when* a job runs, never what it computes: a job's result depends on the
 * job alone, so callers that merge results in a fixed order (not in completion order) get the
 * same output whatever the number of runners.
 */

/** Runs one job at a time (a worker thread, or the calling thread). */
export interface JobRunner<J, R> {
  /** Runs `job`; resolves with its result (rejects with its error). Called only when idle. */
  run(job: J): Promise<R>;
  /** Frees the runner (e.g. ends its thread); called once, when no job is running. */
  close(): Promise<void>;
}

interface Queued<J, R> {
  readonly job: J;
  readonly priority: number;
  readonly seq: number;
  readonly resolve: (r: R) => void;
  readonly reject: (e: unknown) => void;
}

export class JobPool<J, R> {
  private readonly queue: Queued<J, R>[] = [];
  private readonly busy: boolean[];
  private seq = 0;
  private scheduled = false;

  constructor(private readonly runners: readonly JobRunner<J, R>[]) {
    if (runners.length === 0) throw new Error('JobPool: at least one runner');
    this.busy = runners.map(() => false);
  }

  get size(): number {
    return this.runners.length;
  }

  /**
   * Queues `job`. A free runner takes the queued job with the lowest `priority` (then the one
   * submitted first). Jobs submitted in one synchronous stretch are all queued before any starts.
   */
  submit(job: J, priority: number): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, priority, seq: this.seq++, resolve, reject });
      this.schedule();
    });
  }

  /** Closes every runner (call when no job is queued or running). */
  async close(): Promise<void> {
    if (this.queue.length > 0 || this.busy.some((b) => b)) throw new Error('JobPool.close: jobs still queued or running');
    await Promise.all(this.runners.map((r) => r.close()));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (let r = 0; r < this.runners.length && this.queue.length > 0; r++) {
      if (this.busy[r]) continue;
      let best = 0;
      for (let k = 1; k < this.queue.length; k++) {
        const a = this.queue[k], b = this.queue[best];
        if (a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq)) best = k;
      }
      const q = this.queue.splice(best, 1)[0];
      this.busy[r] = true;
      const runner = this.runners[r];
      const free = (): void => {
        this.busy[r] = false;
        this.schedule();
      };
      runner.run(q.job).then(
        (res) => {
          free();
          q.resolve(res);
        },
        (err: unknown) => {
          free();
          q.reject(err);
        },
      );
    }
  }
}
