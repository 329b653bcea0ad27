/** `faultline bench`: end-to-end throughput on a corpus, printed as figures. */
import { cpus } from 'node:os';
import { runBench, type BenchResult } from '../../bench/index.js';
import { projectPath } from '../../paths.js';
import type { RegisterCommand } from '../context.js';
import { readOptionsFrom, withReadOptions, type ReadFlags } from '../read-options.js';
import { withFormat } from '../shared.js';

/** Default corpus: FA-KES, read with its column mapping. */
const FAKES = () => projectPath('..', 'shared', 'data', 'news', 'fa-kes.csv');
const FAKES_FLAGS: ReadFlags = { csvText: 'article_content', csvTitle: 'article_title', csvDate: 'date', dateFormat: 'M/D/YY' };

export const register: RegisterCommand = (program, ctx) => {
  withFormat(withReadOptions(program.command('bench')), ['table', 'json'], 'table')
    .description('measure end-to-end throughput (read → pipeline → SQLite) on a corpus replicated to --mb')
    .option('--corpus <paths...>', 'corpus files or folders (default: ../shared/data/news/fa-kes.csv)')
    .option('--mb <n>', 'megabytes of text to process', parseFloat, 50)
    .option('--workers <list>', 'worker threads to measure, comma-separated (0 = main thread)', '1,2')
    .action(async (o: ReadFlags & { format: string; corpus?: string[]; mb: number; workers: string }) => {
      const corpus = o.corpus ?? [FAKES()];
      const flags = o.corpus ? o : { ...FAKES_FLAGS, ...o };
      const results: BenchResult[] = [];
      for (const w of o.workers.split(',').map((x) => parseInt(x, 10))) {
        if (o.format !== 'json') ctx.io.err(`bench: ${o.mb} MB with ${w} worker(s)...\n`);
        results.push(await runBench({ corpus, read: readOptionsFrom(flags), mb: o.mb, workers: w }));
      }
      const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version };
      if (o.format === 'json') {
        ctx.io.out(JSON.stringify(results.length === 1 ? { ...results[0], machine } : { runs: results, machine }, null, 2) + '\n');
        return;
      }
      for (const r of results) {
        ctx.io.out(
          `workers ${r.workers}: ${r.articles} articles, ${r.sentences} sentences, ${r.tokens} tokens, ${r.mb} MB in ${r.seconds} s\n` +
          `  ${r.sentences_per_s} sentences/s, ${r.tokens_per_s} tokens/s, ${r.articles_per_s} articles/s, peak RSS ${r.peak_rss_mb} MB\n` +
          `  CPU ${r.cpu_s} s (main thread ${r.main_cpu_s ?? '?'} s${r.main_cpu_share !== null ? ` = ${Math.round(r.main_cpu_share * 100)} %` : ''}, ` +
          `workers ${r.worker_cpu_s.length ? r.worker_cpu_s.join(' + ') : '-'} s, V8 helpers ${r.helpers_cpu_s ?? '?'} s): ${r.sentences_per_cpu_s} sentences per CPU second; load ${r.load_at_start} at start\n` +
          `  projected on ${r.cores} idle cores (from the CPU split): ${r.projected_s ?? '?'} s, ${r.projected_sentences_per_s ?? '?'} sentences/s\n` +
          `  per pipeline thread: steady ${r.steady_cpu_ms_per_sentence.join(' / ') || '?'} CPU ms per sentence, warm-up ${r.warmup_cpu_s.join(' / ') || '?'} CPU s\n` +
          `  digest ${r.digest}\n` +
          `  stage seconds (wall, in the pipeline threads): ${Object.entries(r.stage_seconds).map(([k, v]) => `${k} ${v}`).join(', ')}\n`,
        );
      }
      ctx.io.out(`machine: ${machine.cpus} × ${machine.cpu}, Node ${machine.node}\n`);
    });
};
