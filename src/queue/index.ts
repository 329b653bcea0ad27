/**
 * Many machines: extraction workers pulling articles from a job queue (pg-boss) on the same
 * PostgreSQL database as the shared store. See docs/scale.md for deployment.
 *
 * - `enqueueInputs(paths, readOptions, pgUrl)`: read inputs, one job per new article (job id
 *   derived from the article id, so an article is queued once).
 * - `runWorker({ pgUrl, concurrency, signal })`: process jobs with the default pipeline into the
 *   PostgreSQL store; at-least-once delivery made idempotent by the store (id / fingerprint);
 *   failed jobs retried with back-off, then parked as `failed` with the reason.
 * - `queueStatus(pgUrl)`, `retryFailed(pgUrl)`: counts by state, parked jobs and their reasons.
 */
export { DEFAULT_RETRY, QUEUE_NAME, closeBoss, jobIdFor, openBoss, queueSchema } from './boss.js';
export type { ArticleJob, OpenBossOptions, RetryPolicy } from './boss.js';
export { enqueueInputs, sendArticles } from './enqueue.js';
export type { EnqueueOptions, EnqueueSummary } from './enqueue.js';
export { articleOf, runWorker } from './worker.js';
export type { RunWorkerOptions, WorkerSummary } from './worker.js';
export { queueStatus, retryFailed } from './status.js';
export type { FailedJob, QueueStatus } from './status.js';
