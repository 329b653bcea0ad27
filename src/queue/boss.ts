/**
 * The job queue: pg-boss on the same PostgreSQL as the store (one service to run and back up).
 * One queue, `faultline-articles`; one job per article, its id derived from the article id, so
 * sending the same article twice while its job exists is a no-op (`ON CONFLICT DO NOTHING`).
 */
import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import { ERROR_CODES, FaultlineError } from '../errors.js';
import { parsePostgresUrl, redactUrl } from '../store/postgres-store.js';
import type { Article } from '../types.js';

export const QUEUE_NAME = 'faultline-articles';

/** What one job carries. */
export interface ArticleJob {
  readonly article: Article;
}

/** Retry policy of the queue (per job overridable at enqueue). */
export interface RetryPolicy {
  /** Retries after the first failure before the job is parked as failed (default 3). */
  readonly retryLimit?: number;
  /** Seconds before the first retry; doubled (with jitter) each time (default 5). */
  readonly retryDelay?: number;
  /** A job active longer than this is presumed lost (its worker died) and retried (default 600). */
  readonly expireInSeconds?: number;
}

export const DEFAULT_RETRY: Required<RetryPolicy> = { retryLimit: 3, retryDelay: 5, expireInSeconds: 600 };

/** The pg-boss schema for a store URL: `pgboss`, or `<schema>_queue` when the URL names a schema. */
export function queueSchema(pgUrl: string): string {
  const { schema } = parsePostgresUrl(pgUrl);
  return schema === 'public' ? 'pgboss' : `${schema}_queue`;
}

/** A deterministic job id (UUID layout, version 5 bits) for an article id. */
export function jobIdFor(articleId: string): string {
  const h = createHash('sha1').update(`faultline-article:${articleId}`, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export interface OpenBossOptions {
  /** Run pg-boss maintenance (expire lost jobs, archive old ones): workers do, clients don't. */
  readonly supervise?: boolean;
  /** Pool size (default 2). */
  readonly maxConnections?: number;
  readonly retry?: RetryPolicy;
  /** Commit without waiting for the WAL flush (workers; see `PostgresStoreOptions.asyncCommit`). */
  readonly asyncCommit?: boolean;
}

/** Starts pg-boss on the URL's database (installing its schema if needed) and ensures the queue. */
export async function openBoss(pgUrl: string, options: OpenBossOptions = {}): Promise<PgBoss> {
  const { connectionString } = parsePostgresUrl(pgUrl);
  const boss = new PgBoss({
    connectionString,
    schema: queueSchema(pgUrl),
    max: options.maxConnections ?? 2,
    application_name: 'faultline-queue',
    supervise: options.supervise ?? false,
    schedule: false,
    migrate: true,
    // Completed jobs move to the archive after a day; failed ones stay visible for a week.
    archiveCompletedAfterSeconds: 24 * 3600,
    archiveFailedAfterSeconds: 7 * 24 * 3600,
    // pg-boss hands its whole configuration to pg.Pool, so libpq-style session options pass through.
    ...(options.asyncCommit ? { options: '-c synchronous_commit=off' } : {}),
  } as PgBoss.ConstructorOptions);
  // pg-boss reports background errors (e.g. a lost connection during maintenance) as events;
  // without a listener they would crash the process.
  boss.on('error', (e) => process.stderr.write(`faultline: queue: ${e.message}\n`));
  try {
    await boss.start();
  } catch (e) {
    throw new FaultlineError(ERROR_CODES.STORE, `cannot start the job queue on ${redactUrl(pgUrl)}: ${(e as Error).message}`, { cause: e });
  }
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  if (!(await boss.getQueue(QUEUE_NAME))) {
    await boss.createQueue(QUEUE_NAME, {
      name: QUEUE_NAME,
      policy: 'standard',
      retryLimit: retry.retryLimit,
      retryDelay: retry.retryDelay,
      retryBackoff: true,
      expireInSeconds: retry.expireInSeconds,
    });
  }
  return boss;
}

/** Stops pg-boss and closes its connections. */
export async function closeBoss(boss: PgBoss): Promise<void> {
  await boss.stop({ graceful: true, wait: true, close: true, timeout: 5000 });
}
