/**
 * Trains the POS tagger, lemmatiser and dependency parser and writes models/syntax/syntax.bin.
 *
 *   npx tsx scripts/train-syntax.ts [--tagger-epochs N] [--parser-epochs N] [--folds K] [--quick]
 *
 * Data: UD English EWT train + GUM train documents (never GUM dev/test, never GENTLE).
 * Deterministic: fixed seeds, no parallelism.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultModelDir, Pipeline } from '../src/syntax/index.js';
import { encodeModel, MODEL_FILE, MODEL_VERSION, type ModelData } from '../src/syntax/io.js';
import { LemmaLearner } from '../src/syntax/lemma.js';
import { LexBuffer, normHash } from '../src/syntax/lex.js';
import { LABEL_BITS, Parser, TRANS_BITS } from '../src/syntax/parser.js';
import { rng, shuffle, TrainTable } from '../src/syntax/perceptron.js';
import { buildTagDictionary, N_UPOS, Tagger, TAGGER_BITS } from '../src/syntax/tagger.js';
import { dataDir, gumSplits, readGumDocs, readTreebank, scorePipeline, tagIds } from '../src/syntax/treebank.js';
import type { ConlluSentence } from '../src/syntax/conllu.js';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}
const quick = process.argv.includes('--quick');
const TAGGER_EPOCHS = arg('--tagger-epochs', quick ? 3 : 10);
const PARSER_EPOCHS = arg('--parser-epochs', quick ? 3 : 15);
const FOLDS = arg('--folds', quick ? 2 : 5);
const JK_EPOCHS = arg('--jk-epochs', quick ? 2 : 5);
const outDir = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : defaultModelDir();

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
}

const dir = dataDir();
const splits = gumSplits(dir);
let train = readTreebank(join(dir, 'ud-ewt', 'en_ewt-ud-train.conllu'));
const gumTrain = readGumDocs(splits.train ?? [], dir);
train = train.concat(gumTrain);
if (quick) train = train.filter((_, i) => i % 4 === 0);
train = train.filter((s) => s.form.length > 0);
const dev = readTreebank(join(dir, 'ud-ewt', 'en_ewt-ud-dev.conllu'));
log(`train sentences: ${train.length} (GUM train ${gumTrain.length}); dev ${dev.length}`);

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
  return { s, wordHash, tags: tagIds(s), pred1: new Int32Array(s.form.length), pred: new Int32Array(s.form.length), labels: lab };
});

const lex = new LexBuffer();

function trainTagger(data: Item[], epochs: number, seed: number, second: boolean): { table: TrainTable; dict: Map<number, number> } {
  const dict = buildTagDictionary(data.map((d) => ({ wordHash: d.wordHash, tags: d.tags })));
  const table = new TrainTable(TAGGER_BITS, N_UPOS);
  const tagger = new Tagger(dict, table, null, second);
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
if (FOLDS > 1) {
  for (const second of [false, true]) {
    for (let f = 0; f < FOLDS; f++) {
      const rest = items.filter((_, i) => i % FOLDS !== f);
      const held = items.filter((_, i) => i % FOLDS === f);
      const { table, dict } = trainTagger(rest, JK_EPOCHS, 100 + f + (second ? 50 : 0), second);
      const q = new Tagger(dict, null, table.finish(), second);
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
const taggerQ = finalTagger.table.finish();
const finalTagger2 = trainTagger(items, TAGGER_EPOCHS, 8, true);
const tagger2Q = finalTagger2.table.finish();

// 3. Parser.
log('parser');
const trans = new TrainTable(TRANS_BITS, 3);
const labelTable = new TrainTable(LABEL_BITS, labels.length);
const parser = new Parser(labels, { trans, label: labelTable });
{
  const order = items.slice();
  const rand = rng(42);
  for (let e = 0; e < PARSER_EPOCHS; e++) {
    shuffle(order, rand);
    let errors = 0, tokens = 0;
    const explore = e === 0 ? 0 : 0.9;
    for (const it of order) {
      lex.fill(it.s.form);
      lex.setAmb(finalTagger.dict);
      errors += parser.trainSentence(lex, it.pred, it.s.head, it.labels, explore, rand);
      tokens += it.tags.length;
    }
    log(`  parser epoch ${e + 1}/${PARSER_EPOCHS}: wrong transitions per token ${(errors / tokens).toFixed(4)}`);
  }
}

const data: ModelData = {
  meta: {
    labels,
    lemma: lemmas.finish(),
    info: {
      version: MODEL_VERSION,
      trainedOn: 'UD English EWT train + GUM train',
      sentences: items.length,
      taggerEpochs: TAGGER_EPOCHS,
      parserEpochs: PARSER_EPOCHS,
      folds: FOLDS,
    },
  },
  dict: finalTagger.dict,
  tagger: taggerQ,
  tagger2: tagger2Q,
  trans: trans.finish(),
  label: labelTable.finish(),
};
const bin = encodeModel(data);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, MODEL_FILE), bin);
log(`wrote ${join(outDir, MODEL_FILE)} (${(bin.length / 1e6).toFixed(2)} MB)`);

const p = new Pipeline(data);
const sc = scorePipeline(p, dev);
log(`EWT dev: UPOS ${sc.upos.toFixed(2)} UAS ${sc.uas.toFixed(2)} LAS ${sc.las.toFixed(2)} (universal ${sc.lasUniversal.toFixed(2)}) ${(sc.tokens / sc.seconds).toFixed(0)} tok/s`);
