/** Queue status (counts by state, parked jobs with their reasons) and re-queuing parked jobs. */
import { QUEUE_NAME, closeBoss, openBoss, queueSchema } from './boss.js';

export interface FailedJob {
  readonly job: string;
  readonly article: string | null;
  /** Attempts made (first try + retries). */
  readonly attempts: number;
  readonly reason: string;
  readonly failedOn: string | null;
}

export interface QueueStatus {
  /** Waiting for a worker (state created). */
  readonly queued: number;
  /** Failed at least once, waiting for a retry. */
  readonly retry: number;
  readonly active: number;
  readonly completed: number;
  readonly cancelled: number;
  /** Parked after the last retry. */
  readonly failed: number;
  /** The most recently parked jobs with their reasons (at most `limit`). */
  readonly failures: readonly FailedJob[];
}

/** Counts jobs by state (live and archived) and lists parked ones. */
export async function queueStatus(pgUrl: string, limit = 20): Promise<QueueStatus> {
  const boss = await openBoss(pgUrl);
  try {
    const schema = queueSchema(pgUrl);
    const db = boss.getDb();
    const counts = await db.executeSql(
      `SELECT state::text AS state, COUNT(*) AS n FROM (
         SELECT state FROM ${schema}.job WHERE name = $1
         UNION ALL SELECT state FROM ${schema}.archive WHERE name = $1
       ) j GROUP BY state`,
      [QUEUE_NAME],
    );
    const by = new Map<string, number>(counts.rows.map((r: { state: string; n: string }) => [r.state, Number(r.n)]));
    const cols = `id::text AS job, singleton_key AS article, retry_count AS retries, output->>'message' AS reason, completed_on AS at`;
    const failed = await db.executeSql(
      `SELECT ${cols} FROM ${schema}.job WHERE name = $1 AND state = 'failed'
       UNION ALL SELECT ${cols} FROM ${schema}.archive WHERE name = $1 AND state = 'failed'
       ORDER BY at DESC NULLS LAST LIMIT $2`,
      [QUEUE_NAME, limit],
    );
    return {
      queued: by.get('created') ?? 0,
      retry: by.get('retry') ?? 0,
      active: by.get('active') ?? 0,
      completed: by.get('completed') ?? 0,
      cancelled: by.get('cancelled') ?? 0,
      failed: by.get('failed') ?? 0,
      failures: failed.rows.map((r: { job: string; article: string | null; retries: number; reason: string | null; at: Date | null }) => ({
        job: r.job,
        article: r.article,
        attempts: Number(r.retries) + 1,
        reason: r.reason ?? '(no reason recorded)',
        failedOn: r.at ? new Date(r.at).toISOString() : null,
      })),
    };
  } finally {
    await closeBoss(boss);
  }
}

/** Puts every parked (failed) job back in the queue for one more attempt; returns how many. */
export async function retryFailed(pgUrl: string): Promise<number> {
  const boss = await openBoss(pgUrl);
  try {
    const schema = queueSchema(pgUrl);
    const r = await boss.getDb().executeSql(
      `SELECT id::text AS id FROM ${schema}.job WHERE name = $1 AND state = 'failed'`,
      [QUEUE_NAME],
    );
    const ids = r.rows.map((x: { id: string }) => x.id);
    if (ids.length) await boss.retry(QUEUE_NAME, ids);
    return ids.length;
  } finally {
    await closeBoss(boss);
  }
}
