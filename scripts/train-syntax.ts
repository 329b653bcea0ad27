/**
 * Trains the POS tagger, lemmatiser and dependency parser and writes models/syntax/syntax.bin.
 *
 *   npx tsx scripts/train-syntax.ts [--tagger-epochs N] [--parser-epochs N] [--folds K] [--jk-epochs N] [--quick]
 *     [--tagger-bits B]
 *     [--parser-runs N] [--parser-seed S] [--trans-bits B] [--explore P] [--explore-from EPOCH] [--gum-extra]
 *     [--prune-tagger F] [--prune-trans F] [--prune-label F] [--prune-label-entry F]
 *     [--clusters FILE|none] [--tag-cache FILE] [--trace] [--out DIR] [--threads N]
 *
 * Data: UD English EWT train + GUM's train documents (with `--gum-extra` also GUM's dev and test
 * documents except the news ones, which give the GUM-news figures); never EWT dev/test, never
 * GENTLE (test2).
 * The parser is trained `--parser-runs` times (different orders) and the runs' averaged weights
 * are averaged.
 * Word clusters: models/ner/clusters.tsv (the NER's unlabelled-text clusters, `path<TAB>word<TAB>count`;
 * `npm run train:clusters`), copied into the model file. `--tag-cache` keeps the jackknifed tags and
 * final taggers in a file so parser-only experiments skip the tagger training; `--trace` scores
 * EWT dev after each late parser epoch.
 * `--threads N` (default: min(2, os.availableParallelism())): the independent jobs (the jackknife
 * folds of each tagger pass, the final taggers, the fine tagger's folds and final tagger, the
 * parser runs) run in N worker threads (`scripts/train-syntax-worker.ts`, jobs in
 * `scripts/train-syntax-jobs.ts`); with 1 they run one after the other in this thread.
 * Deterministic: fixed seeds per job, each job in one thread, results merged in a fixed order (the
 * parser runs' averaged tables are summed in run order), so any `--threads` gives the same file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { deserialize, serialize } from 'node:v8';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { defaultModelDir, Pipeline } from '../src/syntax/index.js';
import { encodeModel, MODEL_FILE, MODEL_VERSION, type ModelData } from '../src/syntax/io.js';
import { LemmaLearner } from '../src/syntax/lemma.js';
import { LABEL_BITS } from '../src/syntax/parser.js';
import { pack, pruneEntries, pruneRows, quantise, sparseFromDense, type QuantTable } from '../src/syntax/perceptron.js';
import { TAGGER_BITS } from '../src/syntax/tagger.js';
import { dataDir, readTreebank, scorePipeline } from '../src/syntax/treebank.js';
import { JobPool } from './job-pool.js';
import {
  foldSplit, InlineRunner, jobName, loadCorpus, numArg, parseTrainOptions, scatterTokens, strArg, threadCpuSeconds, WorkerRunner,
  type Done, type Job, type JobResult, type Task,
} from './train-syntax-jobs.js';

const argv = process.argv;
const opts = parseTrainOptions(argv);
const { quick, folds: FOLDS, taggerEpochs: TAGGER_EPOCHS, parserEpochs: PARSER_EPOCHS, jkEpochs: JK_EPOCHS, tagBits: TAG_BITS } = opts;
const { parserFeatures: PARSER_FEATURES, useXpos: USE_XPOS, gumExtra: GUM_EXTRA, parserRuns: PARSER_RUNS, explore: EXPLORE, exploreFrom: EXPLORE_FROM } = opts;
const transBits = opts.transBits;
const outDir = strArg(argv, '--out', defaultModelDir());
const clusterFile = opts.clusterFile;
const tagCache = strArg(argv, '--tag-cache', '');
const trace = argv.includes('--trace');
const THREADS = Math.max(1, Math.floor(numArg(argv, '--threads', Math.min(2, availableParallelism()))));

const t0 = Date.now();
const log = (msg: string): void => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

const corpus = loadCorpus(opts);
const { items, offsets, clusters, labels, xposLists } = corpus;
const TOKENS = offsets[items.length];
const dev = readTreebank(join(dataDir(), 'ud-ewt', 'en_ewt-ud-dev.conllu'));
log(`train sentences: ${items.length} (GUM train ${corpus.gumTrainSentences}); dev ${dev.length}`);
const clustersSha1 = clusterFile === 'none' ? null : createHash('sha1').update(readFileSync(clusterFile)).digest('hex');
log(`word clusters: ${clusters.size}`);

// Lemmas (labels: from the corpus).
const lemmas = new LemmaLearner();
for (const { s } of items) for (let i = 0; i < s.form.length; i++) lemmas.add(s.form[i], s.upos[i], s.lemma[i]);
log(`labels: ${labels.length}`);

// Jobs run in worker threads (or here, with `--threads 1`); on a free thread the queued job with the
// lowest priority number starts first: the jackknife folds and parser runs (the longest chain)
// before the final taggers, which fill the gaps (with `--trace` the final taggers go before the
// parser runs, whose dev scores need them).
const PRI_TAG1 = 0, PRI_TAG2 = 1, PRI_XPOS = 2, PRI_PARSER = 4;
const PRI_FINAL = trace ? 3 : 5;
const runners = THREADS > 1 ? Array.from({ length: THREADS }, () => new WorkerRunner(opts)) : [new InlineRunner(corpus)];
const pool = new JobPool<Task, Done>(runners);
log(`threads: ${THREADS}${THREADS > 1 ? ' (worker threads)' : ' (this thread)'}`);
let jobCpu = 0;
/** Runs `job` on the pool, logs its times and sums its CPU; `onTrace` gets a parser run's tables after its late epochs (`--trace`). */
async function submit(job: Job, priority: number, onTrace: (epoch: number, trans: QuantTable, label: QuantTable) => void = () => {}): Promise<JobResult> {
  const name = jobName(job);
  const w0 = Date.now();
  const d = await pool.submit({ job, hooks: { log: (msg) => log(`  ${msg}`), trace: onTrace } }, priority);
  jobCpu += d.cpu;
  log(`  done: ${name}, ${((Date.now() - w0) / 1000).toFixed(1)} s wall (queued included), ${d.cpu.toFixed(1)} s CPU`);
  return d.result;
}
const tags = async (p: Promise<JobResult>): Promise<Int32Array> => {
  const r = await p;
  if (r.kind !== 'tags') throw new Error(`expected tags, got ${r.kind}`);
  return r.tags;
};
const table = async (p: Promise<JobResult>): Promise<QuantTable> => {
  const r = await p;
  if (r.kind !== 'table') throw new Error(`expected a table, got ${r.kind}`);
  return r.table;
};

function accuracy(pred: Int32Array): string {
  let ok = 0;
  for (let k = 0; k < items.length; k++) {
    const g = items[k].tags;
    for (let i = 0; i < g.length; i++) if (pred[offsets[k] + i] === g[i]) ok++;
  }
  return ((100 * ok) / TOKENS).toFixed(2);
}

/** Runs the jackknife folds of one job kind and writes their held-out tags into `into` (fold order). */
async function jackknife(make: (fold: number) => Job, priority: number, into: Int32Array): Promise<void> {
  const parts = Array.from({ length: FOLDS }, (_, f) => tags(submit(make(f), priority)));
  for (let f = 0; f < FOLDS; f++) scatterTokens(await parts[f], into, offsets, foldSplit(items.length, FOLDS, f).held);
}

// 1. Jackknifed tags (both passes) for training the second pass and the parser; final taggers.
/** Jackknifed first-pass tags, flat over all training tokens. */
const pred1 = new Int32Array(TOKENS);
/** Jackknifed second-pass tags (parser training input). */
const pred = new Int32Array(TOKENS);
/** Jackknifed fine tags (upos * N_SUB + sub). */
const fine = new Int32Array(TOKENS);
interface TagCache {
  key: string;
  pred1: Int32Array;
  pred: Int32Array;
  dict: Map<number, number>;
  tagger: QuantTable;
  tagger2: QuantTable;
}
const cacheKey = JSON.stringify({ n: items.length, TAGGER_EPOCHS, FOLDS, JK_EPOCHS, clusters: clusters.size, v: MODEL_VERSION, ...(TAG_BITS !== TAGGER_BITS ? { TAG_BITS } : {}) });
let cached: TagCache | null = null;
if (tagCache && existsSync(tagCache)) {
  const c = deserialize(readFileSync(tagCache)) as TagCache;
  if (c.key === cacheKey) cached = c;
  else log(`tag cache ${tagCache} is stale; recomputing`);
}
let tagDict: Map<number, number>;
let finalTaggers: Promise<[QuantTable, QuantTable]>;
if (cached) {
  pred1.set(cached.pred1);
  pred.set(cached.pred);
  tagDict = cached.dict;
  finalTaggers = Promise.resolve([cached.tagger, cached.tagger2]);
  log(`tags and taggers from ${tagCache}; jackknifed accuracy ${accuracy(pred1)} / ${accuracy(pred)}`);
} else {
  // The final tagger's dictionary: the one of all training items.
  tagDict = corpus.tagDict;
  log('final 1st-pass tagger (in the background)');
  const final1 = table(submit({ kind: 'tagger', second: false, seed: 7, pred1: null }, PRI_FINAL));
  if (FOLDS > 1) {
    await jackknife((fold) => ({ kind: 'tagger-fold', second: false, fold, pred1: null }), PRI_TAG1, pred1);
    log(`jackknifed first-pass tag accuracy ${accuracy(pred1)}`);
  } else pred1.set(gold());
  // The second pass (its folds and its final tagger) learns from the jackknifed first-pass tags.
  log('final 2nd-pass tagger (in the background)');
  const final2 = table(submit({ kind: 'tagger', second: true, seed: 8, pred1 }, PRI_FINAL));
  if (FOLDS > 1) {
    await jackknife((fold) => ({ kind: 'tagger-fold', second: true, fold, pred1 }), PRI_TAG2, pred);
    log(`jackknifed second-pass tag accuracy ${accuracy(pred)}`);
  } else pred.set(gold());
  finalTaggers = Promise.all([final1, final2]);
  if (tagCache) {
    finalTaggers = finalTaggers.then(([taggerQ, tagger2Q]) => {
      writeFileSync(tagCache, serialize({ key: cacheKey, pred1, pred, dict: tagDict, tagger: taggerQ, tagger2: tagger2Q } satisfies TagCache));
      log(`tag cache written to ${tagCache}`);
      return [taggerQ, tagger2Q];
    });
  }
}

/** Gold UPOS, flat. */
function gold(): Int32Array {
  const out = new Int32Array(TOKENS);
  items.forEach((it, k) => out.set(it.tags, offsets[k]));
  return out;
}

const lemmaData = lemmas.finish();

// 2. Fine (XPOS) tagger over the jackknifed UPOS: jackknifed fine tags for the parser, then the final one.
let finalXpos: Promise<QuantTable | null> = Promise.resolve(null);
if (USE_XPOS) {
  const xcache = tagCache ? tagCache + '.xpos' : '';
  const xkey = cacheKey + JSON.stringify(xposLists);
  const xc = xcache && existsSync(xcache) ? (deserialize(readFileSync(xcache)) as { key: string; fine: Int32Array; table: QuantTable }) : null;
  if (xc && xc.key === xkey) {
    fine.set(xc.fine);
    finalXpos = Promise.resolve(xc.table);
    log(`fine tags and fine tagger from ${xcache}`);
  } else {
    log('final fine tagger (in the background)');
    finalXpos = table(submit({ kind: 'xpos', pred }, PRI_FINAL));
    await jackknife((fold) => ({ kind: 'xpos-fold', fold, pred }), PRI_XPOS, fine);
    if (xcache) {
      finalXpos = finalXpos.then((t) => {
        writeFileSync(xcache, serialize({ key: xkey, fine, table: t }));
        return t;
      });
    }
  }
  let ok = 0;
  for (let k = 0; k < items.length; k++) {
    const x = items[k].s.xpos;
    for (let i = 0; i < x.length; i++) {
      const f = fine[offsets[k] + i];
      if (xposLists[f >> 3]?.[f & 7] === x[i]) ok++;
    }
  }
  log(`jackknifed XPOS accuracy ${((100 * ok) / TOKENS).toFixed(2)}`);
}

// 3. Parser: `PARSER_RUNS` runs over different orders (seeds 42, 43, …) whose averaged weights are averaged.
log('parser');
/** Dev scores of a parser run's tables once the taggers are trained (`--trace`). */
const devScores: Promise<void>[] = [];
function traceDev(what: string, trans: QuantTable, label: QuantTable): void {
  devScores.push(
    taggersReady().then((t) => {
      const sc = scorePipeline(new Pipeline(modelData(t, trans, label)), dev);
      log(`    EWT dev ${what}: UAS ${sc.uas.toFixed(2)} LAS ${sc.las.toFixed(2)}`);
    }),
  );
}
const runs = Array.from({ length: PARSER_RUNS }, (_, run) =>
  submit({ kind: 'parser', run, pred, fine: USE_XPOS ? fine : null, trace }, PRI_PARSER, (epoch, trans, label) =>
    traceDev(`${PARSER_RUNS > 1 ? `run ${run + 1} ` : ''}after epoch ${epoch}`, trans, label),
  ),
);
// The runs' averaged tables are summed in run order (Float32 sums: the order fixes the result).
let transSum: Float32Array | null = null;
let labelSum: Float32Array | null = null;
for (let run = 0; run < PARSER_RUNS; run++) {
  const r = await runs[run];
  if (r.kind !== 'parser') throw new Error(`expected parser tables, got ${r.kind}`);
  const { trans: ta, label: la } = r;
  if (trace && PARSER_RUNS > 1) traceDev(`run ${run + 1} alone`, quantise(transBits, 3, ta), quantise(LABEL_BITS, labels.length, la));
  if (!transSum || !labelSum) {
    transSum = ta;
    labelSum = la;
  } else {
    for (let i = 0; i < ta.length; i++) transSum[i] += ta[i];
    for (let i = 0; i < la.length; i++) labelSum[i] += la[i];
  }
}
// (Scaling does not matter before quantisation: the sum stands for the mean.)
const transQ = quantise(transBits, 3, transSum!);
const labelQ = quantise(LABEL_BITS, labels.length, labelSum!);
const trained = await taggersReady();
await Promise.all(devScores);
await pool.close();

interface TaggerTables {
  tagger: QuantTable;
  tagger2: QuantTable;
  xpos: QuantTable | null;
}
async function taggersReady(): Promise<TaggerTables> {
  const [[tagger, tagger2], xpos] = await Promise.all([finalTaggers, finalXpos]);
  return { tagger, tagger2, xpos };
}

function modelData(t: TaggerTables, transQ: QuantTable, labelQ: QuantTable, prune = { tagger: 0, xpos: 0 }): ModelData {
  return {
  meta: {
    labels,
    ...(USE_XPOS ? { xposLists } : {}),
    lemma: lemmaData,
    info: {
      version: MODEL_VERSION,
      trainedOn: GUM_EXTRA ? 'UD English EWT train + GUM train/dev/test except the dev/test news documents' : 'UD English EWT train + GUM train',
      sentences: items.length,
      taggerEpochs: TAGGER_EPOCHS,
      parserEpochs: PARSER_EPOCHS,
      folds: FOLDS,
      clusters: clusters.size,
      clustersSha1,
      parserFeatures: PARSER_FEATURES,
      parserRuns: PARSER_RUNS,
      explore: [EXPLORE, EXPLORE_FROM],
      gumExtra: GUM_EXTRA,
    },
  },
  dict: tagDict,
  tagger: sparseFromDense(pruneRows(t.tagger, prune.tagger)),
  tagger2: sparseFromDense(pruneRows(t.tagger2, prune.tagger)),
  trans: pack(transQ),
  label: sparseFromDense(labelQ),
  clusters,
  xpos: t.xpos ? sparseFromDense(pruneRows(t.xpos, prune.xpos)) : null,
  };
}
// Cutoffs (EWT dev, see docs/syntax.md): rows under 1 % of the largest weight for the taggers, 1.5 % for
// transitions, 3 % for labels and fine tags; single label weights under 2 %.
const PRUNE_TAG = numArg(argv, '--prune-tagger', 0.01);
const PRUNE_TRANS = numArg(argv, '--prune-trans', 0.015);
const PRUNE_LABEL = numArg(argv, '--prune-label', 0.03);
const PRUNE_LABEL_ENTRY = numArg(argv, '--prune-label-entry', 0.02);
const data = modelData(trained, pruneRows(transQ, PRUNE_TRANS), pruneEntries(pruneRows(labelQ, PRUNE_LABEL), PRUNE_LABEL_ENTRY), { tagger: PRUNE_TAG, xpos: PRUNE_LABEL });
data.meta.info.prune = { tagger: PRUNE_TAG, trans: PRUNE_TRANS, label: PRUNE_LABEL, labelEntry: PRUNE_LABEL_ENTRY, xpos: PRUNE_LABEL };
const bin = encodeModel(data);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, MODEL_FILE), bin);
const cpu = process.cpuUsage();
const workerCpu = runners.map((r) => (r instanceof WorkerRunner ? r.threadCpu.toFixed(0) : null)).filter((x) => x !== null);
log(
  `wrote ${join(outDir, MODEL_FILE)} (${(bin.length / 1e6).toFixed(2)} MB); wall ${((Date.now() - t0) / 1000).toFixed(0)} s, ` +
    `CPU time so far ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s (all threads; jobs ${jobCpu.toFixed(0)} s, ` +
    `main thread ${threadCpuSeconds().toFixed(0)} s${workerCpu.length ? `, worker threads ${workerCpu.join(' + ')} s` : ''})`,
);

const p = new Pipeline(data);
const sc = scorePipeline(p, dev);
log(`EWT dev: UPOS ${sc.upos.toFixed(2)} UAS ${sc.uas.toFixed(2)} LAS ${sc.las.toFixed(2)} (universal ${sc.lasUniversal.toFixed(2)}) ${(sc.tokens / sc.seconds).toFixed(0)} tok/s`);
