/**
 * Enqueue: read inputs and send one job per article. Articles already stored (same id or same
 * normalised text), already queued (same article id), or repeated within this run are not sent,
 * so the set of articles processed is the one a single-process ingest would store.
 */
import type PgBoss from 'pg-boss';
import { readInputs, type ReadOptions } from '../read/index.js';
import { emptyReadCounts, newArticles } from '../read/new-articles.js';
import { PostgresStore } from '../store/postgres-store.js';
import type { Article, ReadIssue } from '../types.js';
import { QUEUE_NAME, closeBoss, jobIdFor, openBoss, queueSchema, type ArticleJob, type RetryPolicy } from './boss.js';

export interface EnqueueOptions {
  /** Per-job retry policy (default: the queue's). */
  readonly retry?: RetryPolicy;
  /** Articles per insert statement (default 200). */
  readonly chunkSize?: number;
  readonly onIssue?: (issue: ReadIssue) => void;
  /** Called after each chunk with the running totals. */
  readonly onProgress?: (s: EnqueueSummary) => void;
}

export interface EnqueueSummary {
  /** Articles read from the inputs. */
  readonly read: number;
  /** Jobs newly queued. */
  readonly queued: number;
  /** Articles whose job already exists (queued, running, done or failed). */
  readonly alreadyQueued: number;
  /** Articles already in the store, or repeated in the inputs (same id or text). */
  readonly duplicates: number;
  /** Records rejected while reading (error issues) and warnings. */
  readonly rejected: number;
  readonly warnings: number;
  readonly issues: readonly ReadIssue[];
  readonly seconds: number;
}

/**
 * Sends articles (already read) as jobs on an open queue; returns [queued, alreadyQueued].
 * With `startAfter`, no worker takes the jobs before that time.
 */
export async function sendArticles(
  boss: PgBoss, pgUrl: string, articles: readonly Article[], retry?: RetryPolicy, startAfter?: Date,
): Promise<[number, number]> {
  if (articles.length === 0) return [0, 0];
  const schema = queueSchema(pgUrl);
  const ids = articles.map((a) => jobIdFor(a.id));
  // Which of these jobs exist already (live or archived)? Only for the counts: the insert
  // itself skips existing ids.
  const existing = await boss.getDb().executeSql(
    `SELECT id::text AS id FROM ${schema}.job WHERE name = $1 AND id = ANY($2::uuid[])
     UNION SELECT id::text AS id FROM ${schema}.archive WHERE name = $1 AND id = ANY($2::uuid[])`,
    [QUEUE_NAME, ids],
  );
  const known = new Set(existing.rows.map((r: { id: string }) => r.id));
  const jobs: PgBoss.JobInsert<ArticleJob>[] = [];
  articles.forEach((article, i) => {
    if (known.has(ids[i]!)) return;
    known.add(ids[i]!);
    jobs.push({
      id: ids[i]!,
      name: QUEUE_NAME,
      data: { article },
      singletonKey: article.id,
      ...(retry?.retryLimit !== undefined ? { retryLimit: retry.retryLimit } : {}),
      ...(retry?.retryDelay !== undefined ? { retryDelay: retry.retryDelay, retryBackoff: true } : {}),
      ...(retry?.expireInSeconds !== undefined ? { expireInSeconds: retry.expireInSeconds } : {}),
      ...(startAfter ? { startAfter } : {}),
    });
  });
  if (jobs.length) await boss.insert(jobs);
  return [jobs.length, articles.length - jobs.length];
}

/** Reads the inputs and queues one job per new article on the URL's database. */
export async function enqueueInputs(
  paths: readonly string[], readOptions: ReadOptions | undefined, pgUrl: string, options: EnqueueOptions = {},
): Promise<EnqueueSummary> {
  const t0 = performance.now();
  const chunkSize = options.chunkSize ?? 200;
  const store = new PostgresStore(pgUrl, { maxConnections: 1 });
  let boss: PgBoss | undefined;
  const counts = emptyReadCounts();
  let queued = 0, alreadyQueued = 0, stored = 0;
  const summary = (): EnqueueSummary => ({
    read: counts.read, queued, alreadyQueued, duplicates: counts.duplicates + stored, rejected: counts.rejected,
    warnings: counts.warnings, issues: counts.issues, seconds: (performance.now() - t0) / 1000,
  });
  try {
    await store.init();
    boss = await openBoss(pgUrl, options.retry ? { retry: options.retry } : {});
    let chunk: Article[] = [];
    let fps: string[] = [];
    const flush = async (): Promise<void> => {
      if (chunk.length === 0) return;
      const known = await store.storedKeys(chunk.map((a) => a.id), fps);
      const fresh = chunk.filter((a, i) => !known.has(a.id) && !known.has(fps[i]!));
      stored += chunk.length - fresh.length;
      const [q, aq] = await sendArticles(boss!, pgUrl, fresh, options.retry);
      queued += q;
      alreadyQueued += aq;
      chunk = [];
      fps = [];
      options.onProgress?.(summary());
    };
    // Repeats within the run are dropped as read; stored articles are looked up a chunk at a time.
    const articles = newArticles(readInputs(paths, readOptions), counts, {
      taken: new Set(),
      ...(options.onIssue ? { onIssue: options.onIssue } : {}),
    });
    for await (const { article, fingerprint } of articles) {
      chunk.push(article);
      fps.push(fingerprint);
      if (chunk.length >= chunkSize) await flush();
    }
    await flush();
    return summary();
  } finally {
    if (boss) await closeBoss(boss);
    await store.close();
  }
}
