/**
 * `faultline worker --pg <url>`: an extraction worker pulling article jobs from the queue.
 * `faultline queue status --pg <url>`: job counts by state and the parked (failed) jobs' reasons.
 * `faultline queue retry --pg <url>`: put parked jobs back in the queue.
 */
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../../errors.js';
import { DEFAULT_MAX_ARTICLE_MB, maxArticleChars } from '../../ingest/long-article.js';
import { queueStatus, retryFailed, runWorker } from '../../queue/index.js';
import { isPostgresUrl } from '../../store/postgres-store.js';
import type { RegisterCommand } from '../context.js';
import { printRows, withFormat } from '../shared.js';

/** The `--pg` value, else `$FAULTLINE_PG`; must be a postgres:// URL. */
export function pgUrlArg(value: string | undefined): string {
  const url = value ?? process.env.FAULTLINE_PG;
  if (!url) throw new UsageError('no database: pass --pg postgres://user:pass@host:5432/db or set $FAULTLINE_PG');
  if (!isPostgresUrl(url)) throw new UsageError(`--pg must be a postgres:// or postgresql:// URL, got "${url}"`);
  return url;
}

function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number above 0');
  return n;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('worker')
    .description('process queued articles into the PostgreSQL store (run one per core, on any number of machines)')
    .option('--pg <url>', 'PostgreSQL URL of the shared store and queue (or $FAULTLINE_PG)')
    .option('--concurrency <n>', 'jobs in flight in this process', positiveInt, 1)
    .option('--batch <n>', 'jobs fetched and saved together', positiveInt, 32)
    .option('--poll-seconds <s>', 'seconds between polls of an empty queue', positiveNumber, 1)
    .option('--max-article-mb <n>', 'process longer article texts in parts of at most this size', positiveNumber, DEFAULT_MAX_ARTICLE_MB)
    .option('--until-idle', 'exit once the queue is drained (no job waiting, retrying or running)')
    .option('--quiet', 'no progress lines')
    .action(async (o: { pg?: string; concurrency: number; batch: number; pollSeconds: number; maxArticleMb: number; untilIdle?: boolean; quiet?: boolean }) => {
      const pgUrl = pgUrlArg(o.pg);
      const controller = new AbortController();
      let signals = 0;
      const onSignal = (sig: NodeJS.Signals): void => {
        signals++;
        if (signals === 1) {
          ctx.io.err(`worker: ${sig}: stopping (finishing the jobs in hand; ${sig} again to quit at once)\n`);
          controller.abort();
        } else {
          // Jobs in hand stay active until they expire, then are retried elsewhere.
          process.exit(130);
        }
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        if (!o.quiet) ctx.io.err(`worker: pid ${process.pid}, concurrency ${o.concurrency}, batch ${o.batch}\n`);
        const s = await runWorker({
          pgUrl,
          concurrency: o.concurrency,
          batchSize: o.batch,
          pollSeconds: o.pollSeconds,
          maxArticleChars: maxArticleChars(o.maxArticleMb),
          signal: controller.signal,
          ...(o.untilIdle ? { untilIdle: true } : {}),
          log: (line) => void (!o.quiet && ctx.io.err(`worker: ${line}\n`)),
        });
        if (!o.quiet) {
          ctx.io.err(
            `worker: done: ${s.jobs} jobs (${s.stored} stored, ${s.duplicates} duplicates), ${s.failed} failed attempts, ` +
              `${s.sentences} sentences, ${s.relations} relations in ${s.seconds.toFixed(1)} s ` +
              `(${((process.cpuUsage().user + process.cpuUsage().system) / 1e6).toFixed(1)} s CPU, ${s.cpuSeconds.toFixed(1)} s after loading)\n`,
          );
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });

  const queue = program.command('queue').description('the article job queue on PostgreSQL');
  withFormat(
    queue
      .command('status')
      .description('jobs by state, and the parked (failed) jobs with their reasons')
      .option('--pg <url>', 'PostgreSQL URL (or $FAULTLINE_PG)')
      .option('--limit <n>', 'parked jobs to list', positiveInt, 20),
    ['table', 'json'],
    'table',
  ).action(async (o: { pg?: string; limit: number; format: string }) => {
    const s = await queueStatus(pgUrlArg(o.pg), o.limit);
    if (o.format === 'json') {
      ctx.io.out(JSON.stringify(s, null, 2) + '\n');
      return;
    }
    ctx.io.out(
      [
        `queued      ${s.queued}`,
        `retry       ${s.retry}`,
        `active      ${s.active}`,
        `completed   ${s.completed}`,
        `failed      ${s.failed}`,
        ...(s.cancelled ? [`cancelled   ${s.cancelled}`] : []),
      ].join('\n') + '\n',
    );
    if (s.failures.length) {
      ctx.io.out('\nparked jobs:\n');
      printRows(ctx, s.failures.map((f) => ({ ...f })), 'table', ['article', 'attempts', 'failedOn', 'reason', 'job']);
    }
  });
  queue
    .command('retry')
    .description('put every parked (failed) job back in the queue for another attempt')
    .option('--pg <url>', 'PostgreSQL URL (or $FAULTLINE_PG)')
    .action(async (o: { pg?: string }) => {
      const n = await retryFailed(pgUrlArg(o.pg));
      ctx.io.err(`${n} parked job(s) queued again\n`);
    });
};
