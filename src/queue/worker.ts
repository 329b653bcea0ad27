/**
 * An extraction worker: fetches article jobs, runs the pipeline, saves into the PostgreSQL
 * store, completes the jobs. Run one per core, on as many machines as you like.
 *
 * Delivery is at least once: a job whose worker dies stays `active` until it expires, then
 * pg-boss hands it out again. Re-delivery is harmless: an article already stored (same id or
 * text fingerprint) is completed without being processed again, and two workers saving the same
 * article concurrently store it once (`ON CONFLICT DO NOTHING`).
 *
 * A job that throws (bad data, a pipeline bug, a store error) is failed with the error message;
 * pg-boss retries it after a back-off, and after the retry limit parks it in state `failed`,
 * where `faultline queue status` shows it with its reason.
 *
 * Shutdown: when `signal` aborts, the loops stop fetching, finish the jobs in hand, and the
 * worker resolves with its summary.
 */
import type PgBoss from 'pg-boss';
import { newActorsOf } from '../actors/dictionary.js';
import { DEFAULT_MAX_ARTICLE_MB, maxArticleChars, processArticle } from '../ingest/long-article.js';
import type { LoadedPipeline } from '../pipeline/default.js';
import { fingerprint } from '../read/fingerprint.js';
import { PostgresStore } from '../store/postgres-store.js';
import type { Article, ProcessedArticle } from '../types.js';
import { QUEUE_NAME, closeBoss, openBoss, queueSchema, type ArticleJob } from './boss.js';

export interface RunWorkerOptions {
  readonly pgUrl: string;
  /** Fetch-process-save loops in this process (default 1; run one process per core instead). */
  readonly concurrency?: number;
  /** Jobs fetched and saved together, in one store transaction (default 32). */
  readonly batchSize?: number;
  /** Stops the worker gracefully when aborted. */
  readonly signal?: AbortSignal;
  /** Exit once no job is waiting, retrying or running anywhere (for batch runs and benchmarks). */
  readonly untilIdle?: boolean;
  /** Seconds between polls when the queue is empty (default 1). */
  readonly pollSeconds?: number;
  /** The pipeline (default: the standard one with the built-in resources). */
  readonly load?: () => LoadedPipeline | Promise<LoadedPipeline>;
  /** Longer article texts are processed in parts of at most this many characters (default 1 MB, see `ingest/long-article.ts`). */
  readonly maxArticleChars?: number;
  /** Commit without waiting for the WAL flush (default true; see docs/scale.md). */
  readonly asyncCommit?: boolean;
  /** Progress and warnings (one line each, no newline). */
  readonly log?: (line: string) => void;
}

export interface WorkerSummary {
  /** Jobs completed (stored or duplicate). */
  readonly jobs: number;
  readonly stored: number;
  /** Jobs whose article was already stored (re-deliveries, or the same text under another id). */
  readonly duplicates: number;
  /** Job attempts that failed (each will be retried or parked). */
  readonly failed: number;
  readonly sentences: number;
  readonly mentions: number;
  readonly relations: number;
  readonly seconds: number;
  /** CPU seconds of this process (every thread) once the pipeline was loaded: what the jobs cost. */
  readonly cpuSeconds: number;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** Checks that job data is an article; throws with a readable reason otherwise. */
export function articleOf(data: unknown): Article {
  const a = (data as Partial<ArticleJob> | null)?.article as Partial<Article> | undefined;
  if (!a || typeof a !== 'object') throw new Error('job data has no article');
  if (typeof a.id !== 'string' || !a.id) throw new Error('job article has no id');
  if (typeof a.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(a.date)) throw new Error(`job article ${a.id} has no valid date`);
  if (typeof a.text !== 'string' || !a.text.trim()) throw new Error(`job article ${a.id} has no text`);
  return a as Article;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 2000);

async function defaultLoad(): Promise<LoadedPipeline> {
  const { loadDefaultPipeline } = await import('../pipeline/default.js');
  return loadDefaultPipeline({});
}

/** Runs a worker until `signal` aborts (or, with `untilIdle`, the queue is drained). */
export async function runWorker(options: RunWorkerOptions): Promise<WorkerSummary> {
  const t0 = performance.now();
  const log = options.log ?? (() => undefined);
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const batchSize = Math.max(1, options.batchSize ?? 32);
  const maxChars = options.maxArticleChars ?? maxArticleChars(DEFAULT_MAX_ARTICLE_MB);
  const pollMs = Math.max(50, (options.pollSeconds ?? 1) * 1000);
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) stop.abort();

  const { pipeline, dictionary } = await (options.load ?? defaultLoad)();
  const cpu0 = process.cpuUsage();
  // Asynchronous commits: safe here because each job's completion is committed after its
  // articles, and WAL replay after a crash keeps a prefix of the commits (see docs/scale.md).
  const asyncCommit = options.asyncCommit ?? true;
  const store = new PostgresStore(options.pgUrl, { maxConnections: concurrency + 1, asyncCommit });
  let boss: PgBoss | undefined;
  let jobs = 0, stored = 0, duplicates = 0, failed = 0, sentences = 0, mentions = 0, relations = 0;
  try {
    await store.init();
    boss = await openBoss(options.pgUrl, { supervise: true, maxConnections: concurrency + 1, asyncCommit });
    const knownActors = new Set((await store.listActors()).map((a) => a.id));
    const schema = queueSchema(options.pgUrl);
    log('ready: pipeline loaded, queue open');

    const fail = async (job: PgBoss.Job<ArticleJob>, e: unknown): Promise<void> => {
      failed++;
      log(`job ${job.id} (${(job.data as Partial<ArticleJob> | null)?.article?.id ?? '?'}) failed: ${message(e)}`);
      await boss!.fail(QUEUE_NAME, job.id, { message: message(e) });
    };

    const save = async (items: readonly ProcessedArticle[]): Promise<void> => {
      const newActors = newActorsOf(dictionary, items, knownActors);
      if (newActors.length) {
        await store.upsertActors(newActors);
        for (const a of newActors) knownActors.add(a.id);
      }
      const r = await store.saveArticles(items);
      stored += r.stored;
      duplicates += r.duplicates;
      mentions += r.mentions;
      relations += r.relations;
      for (const p of items) sentences += p.sentences.length;
    };

    /** What processing a fetched batch leaves to save: jobs done already (duplicates) and processed articles. */
    interface Prepared {
      readonly done: string[];
      readonly todo: { job: PgBoss.Job<ArticleJob>; processed: ProcessedArticle }[];
    }

    /** Checks and processes one fetched batch (the CPU part); bad jobs are failed here. */
    const prepare = async (batch: PgBoss.Job<ArticleJob>[]): Promise<Prepared> => {
      const ok: { job: PgBoss.Job<ArticleJob>; article: Article }[] = [];
      for (const job of batch) {
        try {
          ok.push({ job, article: articleOf(job.data) });
        } catch (e) {
          await fail(job, e);
        }
      }
      // Re-delivered or already stored: complete without processing again.
      const fps = ok.map((x) => fingerprint(x.article.text));
      const known = await store.storedKeys(ok.map((x) => x.article.id), fps);
      const todo: Prepared['todo'] = [];
      const done: string[] = [];
      for (const [i, x] of ok.entries()) {
        if (known.has(x.article.id) || known.has(fps[i]!)) {
          duplicates++;
          done.push(x.job.id);
          continue;
        }
        try {
          todo.push({ job: x.job, processed: processArticle(pipeline, x.article, maxChars) });
        } catch (e) {
          await fail(x.job, e);
        }
      }
      return { done, todo };
    };

    /** Saves a processed batch and completes its jobs (the database part); every job ends completed or failed. */
    const finish = async ({ done, todo }: Prepared): Promise<void> => {
      if (todo.length) {
        try {
          await save(todo.map((t) => t.processed));
          done.push(...todo.map((t) => t.job.id));
        } catch {
          // One bad article must not sink the batch: save one by one, failing only the bad ones.
          for (const t of todo) {
            try {
              await save([t.processed]);
              done.push(t.job.id);
            } catch (e) {
              await fail(t.job, e);
            }
          }
        }
      }
      if (done.length) await boss!.complete(QUEUE_NAME, done);
      jobs += done.length;
    };

    const pending = async (): Promise<number> => {
      const r = await boss!.getDb().executeSql(
        `SELECT COUNT(*) AS n FROM ${schema}.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`,
        [QUEUE_NAME],
      );
      return Number(r.rows[0]?.n ?? 0);
    };

    const loop = async (): Promise<void> => {
      try {
        await work();
      } catch (e) {
        stop.abort(); // the other loops finish their jobs in hand and stop too
        throw e;
      }
    };
    /** A promise whose rejection is reported where it is awaited, not as unhandled meanwhile. */
    const held = <T>(p: Promise<T>): Promise<T> => {
      p.catch(() => undefined);
      return p;
    };
    /**
     * Fetch, process, save, in a pipeline: the next batch is fetched while this one is processed,
     * and a processed batch is saved and completed while the next one is processed, so the
     * database round trips overlap the CPU work. Batches of one loop are saved in order, one at a
     * time. Once stopped, the batches in hand (including one fetched ahead) are finished.
     */
    const work = async (): Promise<void> => {
      const fetchBatch = (): Promise<PgBoss.Job<ArticleJob>[]> => held(boss!.fetch<ArticleJob>(QUEUE_NAME, { batchSize }));
      let next: Promise<PgBoss.Job<ArticleJob>[]> | undefined = stop.signal.aborted ? undefined : fetchBatch();
      let saving: Promise<void> = Promise.resolve();
      try {
        while (next) {
          const batch = await next;
          next = undefined;
          if (batch.length === 0) {
            await saving;
            if (options.untilIdle && (await pending()) === 0) {
              stop.abort();
              break;
            }
            await sleep(pollMs, stop.signal);
            if (!stop.signal.aborted) next = fetchBatch();
            continue;
          }
          if (!stop.signal.aborted) next = fetchBatch();
          const prepared = await prepare(batch);
          await saving;
          saving = held(finish(prepared));
          if (jobs > 0 && jobs % 100 < batch.length) log(`${jobs} jobs done (${stored} stored, ${duplicates} duplicates, ${failed} failed)`);
        }
      } finally {
        await saving;
      }
    };
    const results = await Promise.allSettled(Array.from({ length: concurrency }, loop));
    const err = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (err) throw err.reason;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (boss) await closeBoss(boss).catch((e: unknown) => log(`queue: ${message(e)}`));
    await store.close();
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    jobs, stored, duplicates, failed, sentences, mentions, relations,
    seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}
