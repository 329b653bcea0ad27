/**
 * Trains the POS tagger, lemmatiser and dependency parser and writes models/syntax/syntax.bin.
 *
 *   npx tsx scripts/train-syntax.ts [--tagger-epochs N] [--parser-epochs N] [--folds K] [--jk-epochs N] [--quick]
 *     [--tagger-bits B]
 *     [--parser-runs N] [--parser-seed S] [--trans-bits B] [--explore P] [--explore-from EPOCH] [--gum-extra]
 *     [--prune-tagger F] [--prune-trans F] [--prune-label F] [--prune-label-entry F]
 *     [--clusters FILE|none] [--tag-cache FILE] [--trace] [--out DIR]
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
 * Deterministic: fixed seeds, no parallelism.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { defaultModelDir, Pipeline } from '../src/syntax/index.js';
import { encodeModel, MODEL_FILE, MODEL_VERSION, type ModelData } from '../src/syntax/io.js';
import { LemmaLearner } from '../src/syntax/lemma.js';
import { LexBuffer, normHash } from '../src/syntax/lex.js';
import { LABEL_BITS, Parser, TRANS_BITS } from '../src/syntax/parser.js';
import { pack, pruneEntries, pruneRows, quantise, rng, shuffle, sparseFromDense, TrainTable, type QuantTable } from '../src/syntax/perceptron.js';
import { buildTagDictionary, N_UPOS, Tagger, TAGGER_BITS } from '../src/syntax/tagger.js';
import { dataDir, gumSplits, readGumDocs, readTreebank, scorePipeline, tagIds } from '../src/syntax/treebank.js';
import type { ConlluSentence } from '../src/syntax/conllu.js';
import { buildXposLists, N_SUB, subIds, XPOS_BITS, XposTagger } from '../src/syntax/xpos.js';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const quick = process.argv.includes('--quick');
const TAGGER_EPOCHS = arg('--tagger-epochs', quick ? 3 : 10);
const PARSER_EPOCHS = arg('--parser-epochs', quick ? 3 : 15);
const FOLDS = arg('--folds', quick ? 2 : 5);
const JK_EPOCHS = arg('--jk-epochs', quick ? 2 : 5);
// `--tagger-bits`: hashed rows of the taggers (2^20; 2^21 gave EWT dev UPOS +0.04 only, see docs/syntax.md).
const TAG_BITS = arg('--tagger-bits', TAGGER_BITS);
function sarg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : def;
}
const outDir = sarg('--out', defaultModelDir());
const clusterFile = sarg('--clusters', join(defaultModelDir(), '..', 'ner', 'clusters.tsv'));
const tagCache = sarg('--tag-cache', '');
const trace = process.argv.includes('--trace');
const PARSER_FEATURES = arg('--parser-features', 2);
const USE_XPOS = !process.argv.includes('--no-xpos');

const t0 = Date.now();
const log = (msg: string): void => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

interface Item {
  s: ConlluSentence;
  wordHash: Int32Array;
  tags: Int32Array;
  /** jackknifed first-pass tags */
  pred1: Int32Array;
  /** jackknifed second-pass tags (parser training input) */
  pred: Int32Array;
  labels: Int32Array;
  /** jackknifed fine tags (upos * N_SUB + sub) */
  fine: Int32Array;
}

const dir = dataDir();
const splits = gumSplits(dir);
let train = readTreebank(join(dir, 'ud-ewt', 'en_ewt-ud-train.conllu'));
// `--gum-extra`: GUM's dev and test documents other than the news ones (those give the GUM-news
// figures) are trained on too (not measured yet: too slow to run on the shared machine).
const GUM_EXTRA = process.argv.includes('--gum-extra');
const gumNames = [...(splits.train ?? []), ...(GUM_EXTRA ? [...(splits.dev ?? []), ...(splits.test ?? [])].filter((d) => !d.startsWith('GUM_news_')) : [])];
const gumTrain = readGumDocs(gumNames, dir);
train = train.concat(gumTrain);
if (quick) train = train.filter((_, i) => i % 4 === 0);
train = train.filter((s) => s.form.length > 0);
const dev = readTreebank(join(dir, 'ud-ewt', 'en_ewt-ud-dev.conllu'));
log(`train sentences: ${train.length} (GUM train ${gumTrain.length}); dev ${dev.length}`);

// Word clusters: normalised word hash → path | 1 << 12.
const clusters = new Map<number, number>();
if (clusterFile !== 'none') {
  for (const line of readFileSync(clusterFile, 'utf8').split('\n')) {
    const [path, word] = line.split('\t');
    if (!word || !/^[01]{1,12}$/.test(path)) continue;
    const h = normHash(word);
    if (!clusters.has(h)) clusters.set(h, parseInt(path.padEnd(12, '0'), 2) | (1 << 12));
  }
}
const CL = clusters.size > 0 ? clusters : null;
const clustersSha1 = clusterFile === 'none' ? null : createHash('sha1').update(readFileSync(clusterFile)).digest('hex');
log(`word clusters: ${clusters.size}`);

// Labels and lemmas.
const labelSet = new Set<string>();
const lemmas = new LemmaLearner();
for (const s of train) {
  for (let i = 0; i < s.form.length; i++) {
    labelSet.add(s.deprel[i]);
    lemmas.add(s.form[i], s.upos[i], s.lemma[i]);
  }
}
labelSet.add('root');
const labels = [...labelSet].sort();
const labelId = new Map(labels.map((l, i) => [l, i]));
log(`labels: ${labels.length}`);

const items: Item[] = train.map((s) => {
  const wordHash = new Int32Array(s.form.length);
  for (let i = 0; i < s.form.length; i++) wordHash[i] = normHash(s.form[i]);
  const lab = new Int32Array(s.form.length);
  for (let i = 0; i < s.form.length; i++) lab[i] = labelId.get(s.deprel[i])!;
  return { s, wordHash, tags: tagIds(s), pred1: new Int32Array(s.form.length), pred: new Int32Array(s.form.length), labels: lab, fine: new Int32Array(s.form.length) };
});

const lex = new LexBuffer();

function trainTagger(data: Item[], epochs: number, seed: number, second: boolean): { table: TrainTable; dict: Map<number, number> } {
  const dict = buildTagDictionary(data.map((d) => ({ wordHash: d.wordHash, tags: d.tags })));
  const table = new TrainTable(TAG_BITS, N_UPOS);
  const tagger = new Tagger(dict, table, null, second, CL);
  const order = data.slice();
  const rand = rng(seed);
  for (let e = 0; e < epochs; e++) {
    shuffle(order, rand);
    let ok = 0, tot = 0;
    for (const it of order) {
      lex.fill(it.s.form);
      ok += tagger.trainSentence(lex, it.tags, second ? it.pred1 : null);
      tot += it.tags.length;
    }
    if (e === epochs - 1) log(`  tagger${second ? ' (2nd pass)' : ''} epoch ${e + 1}/${epochs}: train acc ${((100 * ok) / tot).toFixed(2)}`);
  }
  return { table, dict };
}

function accuracy(data: Item[], key: 'pred1' | 'pred'): string {
  let ok = 0, tot = 0;
  for (const it of data) {
    for (let i = 0; i < it.tags.length; i++) if (it[key][i] === it.tags[i]) ok++;
    tot += it.tags.length;
  }
  return ((100 * ok) / tot).toFixed(2);
}

// 1. Jackknifed tags (both passes) for training the second pass and the parser.
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
let taggerQ: QuantTable, tagger2Q: QuantTable, tagDict: Map<number, number>;
if (cached) {
  let o = 0;
  for (const it of items) {
    it.pred1.set(cached.pred1.subarray(o, o + it.tags.length));
    it.pred.set(cached.pred.subarray(o, o + it.tags.length));
    o += it.tags.length;
  }
  taggerQ = cached.tagger;
  tagger2Q = cached.tagger2;
  tagDict = cached.dict;
  log(`tags and taggers from ${tagCache}; jackknifed accuracy ${accuracy(items, 'pred1')} / ${accuracy(items, 'pred')}`);
} else {
if (FOLDS > 1) {
  for (const second of [false, true]) {
    for (let f = 0; f < FOLDS; f++) {
      const rest = items.filter((_, i) => i % FOLDS !== f);
      const held = items.filter((_, i) => i % FOLDS === f);
      const { table, dict } = trainTagger(rest, JK_EPOCHS, 100 + f + (second ? 50 : 0), second);
      const q = new Tagger(dict, null, table.finish(), second, CL);
      for (const it of held) {
        lex.fill(it.s.form);
        q.tag(lex, second ? it.pred : it.pred1, second ? it.pred1 : null);
      }
    }
    log(`jackknifed ${second ? 'second' : 'first'}-pass tag accuracy ${accuracy(items, second ? 'pred' : 'pred1')}`);
  }
} else {
  for (const it of items) {
    it.pred1.set(it.tags);
    it.pred.set(it.tags);
  }
}

// 2. Final taggers.
log('final taggers');
const finalTagger = trainTagger(items, TAGGER_EPOCHS, 7, false);
taggerQ = finalTagger.table.finish();
const finalTagger2 = trainTagger(items, TAGGER_EPOCHS, 8, true);
tagger2Q = finalTagger2.table.finish();
tagDict = finalTagger.dict;
if (tagCache) {
  let total = 0;
  for (const it of items) total += it.tags.length;
  const pred1 = new Int32Array(total), pred = new Int32Array(total);
  let o = 0;
  for (const it of items) {
    pred1.set(it.pred1, o);
    pred.set(it.pred, o);
    o += it.tags.length;
  }
  writeFileSync(tagCache, serialize({ key: cacheKey, pred1, pred, dict: tagDict, tagger: taggerQ, tagger2: tagger2Q } satisfies TagCache));
  log(`tag cache written to ${tagCache}`);
}
}

const lemmaData = lemmas.finish();

// 2b. Fine (XPOS) tagger over the jackknifed UPOS: jackknifed fine tags for the parser, then the final one.
const xposLists = buildXposLists(items.map((it) => ({ tags: it.tags, xpos: it.s.xpos })));
let xposQ: QuantTable | null = null;
function trainXpos(data: Item[], epochs: number, seed: number): TrainTable {
  const table = new TrainTable(XPOS_BITS, N_SUB);
  const xt = new XposTagger(xposLists, table, null);
  const order = data.slice();
  const rand = rng(seed);
  const gold = new Int32Array(512);
  for (let e = 0; e < epochs; e++) {
    shuffle(order, rand);
    for (const it of order) {
      lex.fill(it.s.form);
      lex.setAmb(tagDict);
      if (CL) lex.setClusters(CL);
      const g = it.tags.length <= gold.length ? gold : new Int32Array(it.tags.length);
      subIds(xposLists, it.pred, it.s.xpos, g);
      xt.trainSentence(lex, it.pred, g);
    }
  }
  return table;
}
if (USE_XPOS) {
  const xcache = tagCache ? tagCache + '.xpos' : '';
  const xkey = cacheKey + JSON.stringify(xposLists);
  const xc = xcache && existsSync(xcache) ? (deserialize(readFileSync(xcache)) as { key: string; fine: Int32Array; table: QuantTable }) : null;
  if (xc && xc.key === xkey) {
    let o = 0;
    for (const it of items) {
      it.fine.set(xc.fine.subarray(o, o + it.tags.length));
      o += it.tags.length;
    }
    xposQ = xc.table;
    log(`fine tags and fine tagger from ${xcache}`);
  } else {
    for (let f = 0; f < FOLDS; f++) {
      const rest = items.filter((_, i) => i % FOLDS !== f);
      const held = items.filter((_, i) => i % FOLDS === f);
      const q = new XposTagger(xposLists, null, trainXpos(rest, JK_EPOCHS, 300 + f).finish());
      for (const it of held) {
        lex.fill(it.s.form);
        lex.setAmb(tagDict);
        if (CL) lex.setClusters(CL);
        q.tag(lex, it.pred, it.fine);
      }
    }
    xposQ = trainXpos(items, TAGGER_EPOCHS, 9).finish();
    if (xcache) {
      let total = 0;
      for (const it of items) total += it.tags.length;
      const fine = new Int32Array(total);
      let o = 0;
      for (const it of items) {
        fine.set(it.fine, o);
        o += it.tags.length;
      }
      writeFileSync(xcache, serialize({ key: xkey, fine, table: xposQ }));
    }
  }
  let ok = 0, tot = 0;
  for (const it of items) {
    for (let i = 0; i < it.tags.length; i++) {
      tot++;
      if (xposLists[it.fine[i] >> 3]?.[it.fine[i] & 7] === it.s.xpos[i]) ok++;
    }
  }
  log(`jackknifed XPOS accuracy ${((100 * ok) / tot).toFixed(2)}`);
}

// 3. Parser: `PARSER_RUNS` runs over different orders (seeds 42, 43, …) whose averaged weights are averaged.
log('parser');
const PARSER_RUNS = arg('--parser-runs', quick ? 1 : 3);
const EXPLORE = arg('--explore', 0.9);
const EXPLORE_FROM = arg('--explore-from', 1);
// `--parser-seed`: seed of the first parser run's data order (the others: +1, +2, …).
const PARSER_SEED = arg('--parser-seed', 42);
let transSum: Float32Array | null = null;
let labelSum: Float32Array | null = null;
const transBits = arg('--trans-bits', TRANS_BITS);
for (let run = 0; run < PARSER_RUNS; run++) {
  const trans = new TrainTable(transBits, 3);
  const labelTable = new TrainTable(LABEL_BITS, labels.length);
  const parser = new Parser(labels, { trans, label: labelTable }, CL !== null, PARSER_FEATURES, USE_XPOS);
  const order = items.slice();
  const rand = rng(PARSER_SEED + run);
  for (let e = 0; e < PARSER_EPOCHS; e++) {
    shuffle(order, rand);
    let errors = 0, tokens = 0;
    const explore = e < EXPLORE_FROM ? 0 : EXPLORE;
    for (const it of order) {
      lex.fill(it.s.form);
      lex.setAmb(tagDict);
      if (CL) lex.setClusters(CL);
      errors += parser.trainSentence(lex, it.pred, it.s.head, it.labels, explore, rand, USE_XPOS ? it.fine : null);
      tokens += it.tags.length;
    }
    log(`  parser${PARSER_RUNS > 1 ? ` run ${run + 1}` : ''} epoch ${e + 1}/${PARSER_EPOCHS}: wrong transitions per token ${(errors / tokens).toFixed(4)}`);
    if (trace && e >= PARSER_EPOCHS - 6 && e < PARSER_EPOCHS - 1) {
      const sc = scorePipeline(new Pipeline(modelData(trans.finish(), labelTable.finish())), dev);
      log(`    EWT dev after epoch ${e + 1}: UAS ${sc.uas.toFixed(2)} LAS ${sc.las.toFixed(2)}`);
    }
  }
  const ta = trans.averaged();
  const la = labelTable.averaged();
  if (!transSum || !labelSum) {
    transSum = ta;
    labelSum = la;
  } else {
    for (let i = 0; i < ta.length; i++) transSum[i] += ta[i];
    for (let i = 0; i < la.length; i++) labelSum[i] += la[i];
  }
  if (trace && PARSER_RUNS > 1) {
    const sc = scorePipeline(new Pipeline(modelData(quantise(transBits, 3, ta), quantise(LABEL_BITS, labels.length, la))), dev);
    log(`    EWT dev, run ${run + 1} alone: UAS ${sc.uas.toFixed(2)} LAS ${sc.las.toFixed(2)}`);
  }
}
// (Scaling does not matter before quantisation: the sum stands for the mean.)
const transQ = quantise(transBits, 3, transSum!);
const labelQ = quantise(LABEL_BITS, labels.length, labelSum!);

function modelData(transQ: QuantTable, labelQ: QuantTable, prune = { tagger: 0, xpos: 0 }): ModelData {
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
  tagger: sparseFromDense(pruneRows(taggerQ, prune.tagger)),
  tagger2: sparseFromDense(pruneRows(tagger2Q, prune.tagger)),
  trans: pack(transQ),
  label: sparseFromDense(labelQ),
  clusters,
  xpos: xposQ ? sparseFromDense(pruneRows(xposQ, prune.xpos)) : null,
  };
}
// Cutoffs (EWT dev, see docs/syntax.md): rows under 1 % of the largest weight for the taggers, 1.5 % for
// transitions, 3 % for labels and fine tags; single label weights under 2 %.
const PRUNE_TAG = arg('--prune-tagger', 0.01);
const PRUNE_TRANS = arg('--prune-trans', 0.015);
const PRUNE_LABEL = arg('--prune-label', 0.03);
const PRUNE_LABEL_ENTRY = arg('--prune-label-entry', 0.02);
const data = modelData(pruneRows(transQ, PRUNE_TRANS), pruneEntries(pruneRows(labelQ, PRUNE_LABEL), PRUNE_LABEL_ENTRY), { tagger: PRUNE_TAG, xpos: PRUNE_LABEL });
data.meta.info.prune = { tagger: PRUNE_TAG, trans: PRUNE_TRANS, label: PRUNE_LABEL, labelEntry: PRUNE_LABEL_ENTRY, xpos: PRUNE_LABEL };
const bin = encodeModel(data);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, MODEL_FILE), bin);
const cpu = process.cpuUsage();
log(`wrote ${join(outDir, MODEL_FILE)} (${(bin.length / 1e6).toFixed(2)} MB); CPU time so far ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s`);

const p = new Pipeline(data);
const sc = scorePipeline(p, dev);
log(`EWT dev: UPOS ${sc.upos.toFixed(2)} UAS ${sc.uas.toFixed(2)} LAS ${sc.las.toFixed(2)} (universal ${sc.lasUniversal.toFixed(2)}) ${(sc.tokens / sc.seconds).toFixed(0)} tok/s`);
