/** `faultline ingest <paths...>`: read, process and store articles. */
import { statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { ingest, type IngestSummary } from '../../ingest/index.js';
import { DEFAULT_MAX_ARTICLE_MB, maxArticleChars } from '../../ingest/long-article.js';
import { WorkerPool } from '../../ingest/worker-pool.js';
import { UsageError } from '../../errors.js';
import { loadDefaultPipeline } from '../../pipeline/default.js';
import type { ReadIssue } from '../../types.js';
import type { CliContext, RegisterCommand } from '../context.js';
import { readOptionsFrom, withReadOptions, type ReadFlags } from '../read-options.js';
import { openStore, userDictionaries, withDb } from '../shared.js';
import { enqueueInputs } from '../../queue/index.js';
import { pgUrlArg } from './worker.js';

/** Total bytes of the input files (for the progress bar). */
function inputBytes(paths: readonly string[]): number {
  let total = 0;
  const walk = (p: string): void => {
    try {
      const st = statSync(p);
      if (st.isDirectory()) for (const f of readdirSync(p)) walk(join(p, f));
      else total += st.size;
    } catch {
      /* unreadable paths are reported by the reader */
    }
  };
  paths.forEach(walk);
  return total;
}

/** One issue as a line, `severity: file:record: reason [code]` (the location is not repeated). */
export function formatIssue(i: ReadIssue): string {
  const where = i.record !== undefined ? `${i.file}:${i.record}` : i.file;
  const prefix = i.record !== undefined ? `${i.file} record ${i.record}: ` : `${i.file}: `;
  const reason = i.message.startsWith(prefix) ? i.message.slice(prefix.length) : i.message;
  return `${i.severity}: ${where}: ${reason} [${i.code}]`;
}

export function summaryLines(s: IngestSummary): string {
  return [
    `articles read   ${s.read}`,
    `  stored        ${s.stored}`,
    `  duplicates    ${s.duplicates}`,
    `  rejected      ${s.rejected}`,
    `sentences       ${s.sentences}`,
    `mentions        ${s.mentions}`,
    `relations       ${s.relations}`,
    `time            ${s.seconds.toFixed(1)} s (${s.seconds > 0 ? Math.round(s.sentences / s.seconds) : 0} sentences/s)`,
  ].join('\n') + '\n';
}

/** Runs an ingest with progress and summary, as the CLI does; returns the summary. */
export async function runIngest(
  ctx: CliContext, paths: readonly string[], db: string, flags: ReadFlags, quiet = false, workers = 0, maxArticleMb = DEFAULT_MAX_ARTICLE_MB,
): Promise<IngestSummary> {
  if (workers > 0 && db === ':memory:') throw new UsageError('--workers needs a database file or a PostgreSQL URL (the workers store into it), not :memory:');
  const maxChars = maxArticleChars(maxArticleMb);
  const read = readOptionsFrom(flags);
  const store = await openStore(db);
  // With workers, the models load in the workers, which also store; this thread only reads.
  const loaded = workers > 0 ? undefined : loadDefaultPipeline({ userDictionaries: userDictionaries(db), warn: (m) => ctx.io.err(`warning: ${m}\n`) });
  const total = ctx.io.isTTY && !quiet ? inputBytes(paths) : 0;
  const bar = total > 0
    ? new cliProgress.SingleBar(
        { format: 'ingest [{bar}] {percentage}% | {articles} articles | {sentences} sentences | eta {eta_formatted}', hideCursor: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(total, 0, { articles: 0, sentences: 0 });
  const pool = workers > 0 ? new WorkerPool(workers, { userDictionaries: userDictionaries(db), store: db, maxArticleChars: maxChars }, (m) => ctx.io.err(`warning: ${m}\n`)) : undefined;
  try {
    const summary = await ingest(paths, {
      store,
      read,
      maxArticleChars: maxChars,
      onLongArticle: (a, parts) => {
        bar?.stop();
        ctx.io.err(
          `warning: article ${a.id}: ${(a.text.length / 1024 / 1024).toFixed(1)} MB of text, over --max-article-mb ${maxArticleMb}: ` +
            `processed in ${parts} parts (co-reference does not cross them)\n`,
        );
        if (bar) bar.start(total, 0, { articles: 0, sentences: 0 });
      },
      ...(pool ? { pool } : { pipeline: loaded!.pipeline, dictionary: loaded!.dictionary }),
      onProgress: (p) => bar?.update(Math.min(total, p.chars), { articles: p.articles, sentences: p.sentences }),
      onIssue: (i) => {
        if (bar) bar.stop();
        ctx.io.err(formatIssue(i) + '\n');
        if (bar) bar.start(total, 0, { articles: 0, sentences: 0 });
      },
    });
    bar?.update(total);
    bar?.stop();
    if (!quiet) ctx.io.err(summaryLines(summary));
    if (summary.rejected > 0) ctx.exitWith(1);
    return summary;
  } finally {
    bar?.stop();
    await pool?.close();
    await store.close();
  }
}

export const register: RegisterCommand = (program, ctx) => {
  withReadOptions(withDb(program.command('ingest')))
    .description('read articles from files or folders, extract actors and relations, store them')
    .argument('<paths...>', 'files or folders (dated text, .txt, .jsonl, .csv)')
    .option('--quiet', 'no progress bar or summary')
    .option('--workers <n>', 'worker threads that process and store (0 = this thread)', (v) => parseInt(v, 10), 0)
    .option('--max-article-mb <n>', 'process longer article texts in parts of at most this size', parseFloat, DEFAULT_MAX_ARTICLE_MB)
    .option('--pg <url>', 'PostgreSQL store instead of --db (or $FAULTLINE_PG with --queue)')
    .option('--queue', 'queue the articles for `faultline worker`s instead of processing them here (needs --pg)')
    .action(async (paths: string[], o: ReadFlags & { db: string; quiet?: boolean; pg?: string; queue?: boolean; workers: number; maxArticleMb: number }) => {
      if (o.queue) {
        const s = await enqueueInputs(paths, readOptionsFrom(o), pgUrlArg(o.pg ?? (/^postgres(ql)?:\/\//i.test(o.db) ? o.db : undefined)), { onIssue: (i) => ctx.io.err(formatIssue(i) + '\n') });
        if (!o.quiet) {
          ctx.io.err(
            `articles read   ${s.read}\n  queued        ${s.queued}\n  already queued ${s.alreadyQueued}\n` +
              `  duplicates    ${s.duplicates}\n  rejected      ${s.rejected}\ntime            ${s.seconds.toFixed(1)} s\n`,
          );
        }
        if (s.rejected > 0) ctx.exitWith(1);
        return;
      }
      if (!Number.isInteger(o.workers) || o.workers < 0 || o.workers > 64) throw new UsageError(`--workers must be a whole number from 0 to 64, got ${o.workers}`);
      if (!(o.maxArticleMb > 0)) throw new UsageError(`--max-article-mb must be a number above 0, got ${o.maxArticleMb}`);
      await runIngest(ctx, paths, o.pg ? pgUrlArg(o.pg) : o.db, o, o.quiet, o.workers, o.maxArticleMb);
    });
};
