/**
 * Pipeline CPU profile: CPU seconds (user + system, `process.cpuUsage()`) per stage, for reading,
 * fingerprinting and storing too, on FA-KES replicated to --mb (as `faultline bench` does), in the
 * main thread. CPU time, not wall time, so the figures hold on a shared, loaded machine.
 *
 *   npx tsx bench/pipeline-profile.ts [--mb 5] [--repeat 3] [--corpus file --csv-text col ...]
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/pipeline-profile.ts --mb 2 --no-stages
 *
 * Prints one JSON line per repeat and a summary with the best (least CPU) run. The stages are
 * assembled as `loadDefaultPipeline` assembles them (src/pipeline/default.ts), each wrapped to
 * measure its CPU time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ActorMatcher } from '../src/actors/matcher.js';
import { replicated } from '../src/bench/index.js';
import { corefStage } from '../src/coref/index.js';
import { loadDictionary } from '../src/actors/dictionary.js';
import { loadNerModel } from '../src/ner/index.js';
import { createPipeline } from '../src/pipeline/index.js';
import type { Stage } from '../src/pipeline/stage.js';
import { mentionStage, segmentStage, syntaxStage, timeStage } from '../src/pipeline/stages.js';
import { projectPath } from '../src/paths.js';
import { fingerprint } from '../src/read/fingerprint.js';
import { READS_SYNTAX, relationStage } from '../src/relations/index.js';
import { threadCpuSeconds } from '../src/ingest/thread-cpu.js';
import { rememberFingerprint, SqliteStore } from '../src/store/sqlite-store.js';
import { loadSyntaxModel } from '../src/syntax/index.js';
import type { Article, ProcessedArticle } from '../src/types.js';

const { values: o } = parseArgs({
  options: {
    mb: { type: 'string', default: '5' },
    repeat: { type: 'string', default: '1' },
    corpus: { type: 'string', multiple: true },
    'csv-text': { type: 'string' }, 'csv-title': { type: 'string' }, 'csv-date': { type: 'string' }, 'date-format': { type: 'string' },
    'no-store': { type: 'boolean', default: false },
    /** Skip the per-stage CPU readings (under --cpu-prof, where each `process.cpuUsage()` call is costly). */
    'no-stages': { type: 'boolean', default: false },
  },
});
const corpus = o.corpus ?? [projectPath('..', 'shared', 'data', 'news', 'fa-kes.csv')];
const read = o.corpus
  ? { csv: { ...(o['csv-text'] ? { text: o['csv-text'] } : {}), ...(o['csv-title'] ? { title: o['csv-title'] } : {}), ...(o['csv-date'] ? { date: o['csv-date'] } : {}) }, ...(o['date-format'] ? { dateFormat: o['date-format'] } : {}) }
  : { csv: { text: 'article_content', title: 'article_title', date: 'date' }, dateFormat: 'M/D/YY' };
const mb = parseFloat(o.mb!);

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Wraps a stage so that its CPU seconds add up in `spent`. */
function timed(stage: Stage, spent: Map<string, number>): Stage {
  if (o['no-stages']) return stage;
  return {
    ...stage,
    run(doc) {
      const c0 = cpu();
      stage.run(doc);
      spent.set(stage.name, (spent.get(stage.name) ?? 0) + cpu() - c0);
    },
  };
}

const l0 = cpu();
const dictionary = loadDictionary();
const matcher = new ActorMatcher(dictionary.actors);
const ner = loadNerModel();
const syntax = READS_SYNTAX ? loadSyntaxModel() : undefined;
const getActor = (id: string) => dictionary.get(id);
const loadCpu = cpu() - l0;

async function once(): Promise<Record<string, unknown>> {
  const spent = new Map<string, number>();
  const pipeline = createPipeline([
    segmentStage(),
    mentionStage(matcher, ner),
    syntaxStage(syntax),
    corefStage({ getActor, actors: dictionary.actors }),
    timeStage(),
    relationStage({ getActor }),
  ].map((s) => timed(s, spent)));
  const dir = mkdtempSync(join(tmpdir(), 'faultline-profile-'));
  const store = new SqliteStore(join(dir, 'p.db'));
  await store.init();
  const add = (k: string, v: number): void => void spent.set(k, (spent.get(k) ?? 0) + v);
  let articles = 0, sentences = 0, tokens = 0, relations = 0, chars = 0;
  const w0 = performance.now(), c0 = cpu(), m0 = threadCpuSeconds();
  let batch: ProcessedArticle[] = [];
  const flush = async (): Promise<void> => {
    const t = cpu();
    if (!o['no-store']) await store.saveArticles(batch);
    add('store', cpu() - t);
    batch = [];
  };
  const source = replicated(corpus, read, mb);
  for (;;) {
    let t = cpu();
    const next = await source.next();
    add('read', cpu() - t);
    if (next.done) break;
    if ('kind' in next.value) continue;
    const a = next.value as Article;
    t = cpu();
    // as ingest does: the fingerprint that finds duplicates is the one stored
    rememberFingerprint(a, fingerprint(a.text));
    add('fingerprint', cpu() - t);
    const p = pipeline.process(a);
    articles++;
    chars += a.text.length;
    sentences += p.sentences.length;
    tokens += p.tokens.length;
    relations += p.relations.length;
    batch.push(p);
    if (batch.length >= 32) await flush();
  }
  await flush();
  const total = cpu() - c0, wall = (performance.now() - w0) / 1000, m1 = threadCpuSeconds();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  const stages = Object.fromEntries([...spent].map(([k, v]) => [k, r3(v)]));
  const inStages = [...spent.values()].reduce((a, b) => a + b, 0);
  return {
    mb: Math.round((chars / 1048576) * 10) / 10, articles, sentences, tokens, relations,
    cpu_s: r3(total), wall_s: r3(wall),
    // the rest of the process: V8's helper threads (optimising compiler, concurrent GC)
    main_thread_cpu_s: m0 !== undefined && m1 !== undefined ? r3(m1 - m0) : null,
    sentences_per_cpu_s: Math.round(sentences / total), tokens_per_cpu_s: Math.round(tokens / total),
    sentences_per_wall_s: Math.round(sentences / wall),
    cpu_s_by_stage: { ...stages, other: r3(total - inStages) },
    rss_mb: Math.round(process.memoryUsage().rss / 1048576),
  };
}

const runs: Record<string, unknown>[] = [];
for (let i = 0; i < parseInt(o.repeat!, 10); i++) {
  const r = await once();
  runs.push(r);
  console.log(JSON.stringify(r));
}
const best = runs.reduce((a, b) => ((a.cpu_s as number) <= (b.cpu_s as number) ? a : b));
console.log(JSON.stringify({ best, load_cpu_s: Math.round(loadCpu * 1000) / 1000, node: process.version }, null, 1));
