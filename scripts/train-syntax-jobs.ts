/**
 * The independent jobs of `scripts/train-syntax.ts` (jackknife folds and final taggers, fine-tag
 * folds and final fine tagger, parser runs) and the runners that execute them in the calling
 * thread or in worker threads (`scripts/train-syntax-worker.ts`).
 *
 * Every thread builds the same training corpus from the same options and files (`loadCorpus`), so
 * a job carries only its parameters and the tags computed by earlier stages (flat Int32Arrays over
 * all training tokens, in corpus order). A job's result depends on the job alone (fixed seeds, one
 * thread per job), so results merged in a fixed order give the same model for any thread count.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../src/threads.js';
import { defaultModelDir } from '../src/syntax/index.js';
import type { ConlluSentence } from '../src/syntax/conllu.js';
import { LexBuffer, normHash } from '../src/syntax/lex.js';
import { LABEL_BITS, Parser, TRANS_BITS } from '../src/syntax/parser.js';
import { rng, shuffle, TrainTable, type QuantTable } from '../src/syntax/perceptron.js';
import { buildTagDictionary, N_UPOS, Tagger, TAGGER_BITS } from '../src/syntax/tagger.js';
import { dataDir, gumSplits, readGumDocs, readTreebank, tagIds } from '../src/syntax/treebank.js';
import { buildXposLists, N_SUB, subIds, XPOS_BITS, XposTagger } from '../src/syntax/xpos.js';
import type { JobRunner } from './job-pool.js';

/** The options the jobs depend on (the same in every thread; plain data, sent to the workers). */
export interface TrainOptions {
  readonly quick: boolean;
  readonly taggerEpochs: number;
  readonly parserEpochs: number;
  /** Jackknife folds (≤ 1: gold tags instead of jackknifed ones). */
  readonly folds: number;
  /** Epochs of each jackknife tagger. */
  readonly jkEpochs: number;
  /** Hashed rows of the taggers (log2). */
  readonly tagBits: number;
  /** Word-cluster file (`path<TAB>word<TAB>count`) or `none`. */
  readonly clusterFile: string;
  readonly parserFeatures: number;
  readonly useXpos: boolean;
  readonly gumExtra: boolean;
  readonly parserRuns: number;
  readonly explore: number;
  readonly exploreFrom: number;
  /** Seed of the first parser run's data order (the others: +1, +2, …). */
  readonly parserSeed: number;
  /** Hashed rows of the transition table (log2). */
  readonly transBits: number;
}

/** The number after `name` on the command line, or `def`. */
export function numArg(argv: readonly string[], name: string, def: number): number {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : def;
}

/** The word after `name` on the command line, or `def`. */
export function strArg(argv: readonly string[], name: string, def: string): string {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
}

/** The job options from the command line (see the header of `scripts/train-syntax.ts`). */
export function parseTrainOptions(argv: readonly string[]): TrainOptions {
  const quick = argv.includes('--quick');
  return {
    quick,
    taggerEpochs: numArg(argv, '--tagger-epochs', quick ? 3 : 10),
    parserEpochs: numArg(argv, '--parser-epochs', quick ? 3 : 15),
    folds: numArg(argv, '--folds', quick ? 2 : 5),
    jkEpochs: numArg(argv, '--jk-epochs', quick ? 2 : 5),
    // 2^20; 2^21 gave EWT dev UPOS +0.04 only, see docs/syntax.md.
    tagBits: numArg(argv, '--tagger-bits', TAGGER_BITS),
    clusterFile: strArg(argv, '--clusters', join(defaultModelDir(), '..', 'ner', 'clusters.tsv')),
    parserFeatures: numArg(argv, '--parser-features', 2),
    useXpos: !argv.includes('--no-xpos'),
    // GUM's dev and test documents other than the news ones (those give the GUM-news figures).
    gumExtra: argv.includes('--gum-extra'),
    parserRuns: numArg(argv, '--parser-runs', quick ? 1 : 3),
    explore: numArg(argv, '--explore', 0.9),
    exploreFrom: numArg(argv, '--explore-from', 1),
    parserSeed: numArg(argv, '--parser-seed', 42),
    transBits: numArg(argv, '--trans-bits', TRANS_BITS),
  };
}

/** One training sentence with its gold annotation as ids. */
export interface Item {
  readonly s: ConlluSentence;
  readonly wordHash: Int32Array;
  /** Gold UPOS ids. */
  readonly tags: Int32Array;
  /** Gold relation ids (into `Corpus.labels`). */
  readonly labels: Int32Array;
}

/** The training data as every thread builds it from the options and ../shared/data. */
export interface Corpus {
  readonly options: TrainOptions;
  readonly items: readonly Item[];
  /** Start of item `i`'s tokens in the flat per-token arrays (`offsets[items.length]` = token count). */
  readonly offsets: Int32Array;
  readonly gumTrainSentences: number;
  /** Normalised word hash → `path | 1 << 12` (empty without clusters). */
  readonly clusters: Map<number, number>;
  readonly labels: string[];
  readonly xposLists: string[][];
  /** Tag dictionary over all training items (the final tagger's). */
  readonly tagDict: Map<number, number>;
}

export function loadCorpus(o: TrainOptions): Corpus {
  const dir = dataDir();
  const splits = gumSplits(dir);
  let train = readTreebank(join(dir, 'ud-ewt', 'en_ewt-ud-train.conllu'));
  const extra = o.gumExtra ? [...(splits.dev ?? []), ...(splits.test ?? [])].filter((d) => !d.startsWith('GUM_news_')) : [];
  const gumTrain = readGumDocs([...(splits.train ?? []), ...extra], dir);
  train = train.concat(gumTrain);
  if (o.quick) train = train.filter((_, i) => i % 4 === 0);
  train = train.filter((s) => s.form.length > 0);

  const clusters = new Map<number, number>();
  if (o.clusterFile !== 'none') {
    for (const line of readFileSync(o.clusterFile, 'utf8').split('\n')) {
      const [path, word] = line.split('\t');
      if (!word || !/^[01]{1,12}$/.test(path)) continue;
      const h = normHash(word);
      if (!clusters.has(h)) clusters.set(h, parseInt(path.padEnd(12, '0'), 2) | (1 << 12));
    }
  }

  const labelSet = new Set<string>();
  for (const s of train) for (const d of s.deprel) labelSet.add(d);
  labelSet.add('root');
  const labels = [...labelSet].sort();
  const labelId = new Map(labels.map((l, i) => [l, i]));

  const offsets = new Int32Array(train.length + 1);
  const items: Item[] = train.map((s, k) => {
    const n = s.form.length;
    offsets[k + 1] = offsets[k] + n;
    const wordHash = new Int32Array(n);
    const lab = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      wordHash[i] = normHash(s.form[i]);
      lab[i] = labelId.get(s.deprel[i])!;
    }
    return { s, wordHash, tags: tagIds(s), labels: lab };
  });
  const xposLists = buildXposLists(items.map((it) => ({ tags: it.tags, xpos: it.s.xpos })));
  const tagDict = buildTagDictionary(items.map((d) => ({ wordHash: d.wordHash, tags: d.tags })));
  return { options: o, items, offsets, gumTrainSentences: gumTrain.length, clusters, labels, xposLists, tagDict };
}

/** The indices of the items in jackknife fold `fold` of `folds` (`held`) and of the others (`rest`), ascending. */
export function foldSplit(n: number, folds: number, fold: number): { held: number[]; rest: number[] } {
  const held: number[] = [], rest: number[] = [];
  for (let i = 0; i < n; i++) (i % folds === fold ? held : rest).push(i);
  return { held, rest };
}

/** The tokens of items `idx` (ascending) of the flat array `flat`, concatenated. */
export function gatherTokens(flat: Int32Array, offsets: Int32Array, idx: readonly number[]): Int32Array {
  let total = 0;
  for (const i of idx) total += offsets[i + 1] - offsets[i];
  const out = new Int32Array(total);
  let o = 0;
  for (const i of idx) {
    out.set(flat.subarray(offsets[i], offsets[i + 1]), o);
    o += offsets[i + 1] - offsets[i];
  }
  return out;
}

/** The inverse of `gatherTokens`: writes `part` back into the tokens of items `idx` of `flat`. */
export function scatterTokens(part: Int32Array, flat: Int32Array, offsets: Int32Array, idx: readonly number[]): void {
  let o = 0;
  for (const i of idx) {
    const n = offsets[i + 1] - offsets[i];
    flat.set(part.subarray(o, o + n), offsets[i]);
    o += n;
  }
  if (o !== part.length) throw new Error(`scatterTokens: ${part.length} tags for ${o} tokens`);
}

/** Per-item views of a flat per-token array. */
function views(c: Corpus, flat: Int32Array): Int32Array[] {
  return c.items.map((_, i) => flat.subarray(c.offsets[i], c.offsets[i + 1]));
}

/** A unit of training work; the tag arrays are flat over all training tokens. */
export type Job =
  /** One jackknife fold of a tagger pass: trains on the other folds, tags this one. */
  | { readonly kind: 'tagger-fold'; readonly second: boolean; readonly fold: number; readonly pred1: Int32Array | null }
  /** A final tagger pass over all items (`pred1`: the jackknifed first-pass tags, second pass only). */
  | { readonly kind: 'tagger'; readonly second: boolean; readonly seed: number; readonly pred1: Int32Array | null }
  /** One jackknife fold of the fine (XPOS) tagger over the jackknifed UPOS `pred`. */
  | { readonly kind: 'xpos-fold'; readonly fold: number; readonly pred: Int32Array }
  /** The final fine tagger. */
  | { readonly kind: 'xpos'; readonly pred: Int32Array }
  /** Parser run `run` (seed `parserSeed + run`); `trace`: report the tables after the late epochs. */
  | { readonly kind: 'parser'; readonly run: number; readonly pred: Int32Array; readonly fine: Int32Array | null; readonly trace: boolean };

export type JobResult =
  /** Tags of the held-out fold's tokens, in item order (`gatherTokens` layout). */
  | { readonly kind: 'tags'; readonly tags: Int32Array }
  | { readonly kind: 'table'; readonly table: QuantTable }
  /** The run's averaged (not quantised) transition and label weights. */
  | { readonly kind: 'parser'; readonly trans: Float32Array; readonly label: Float32Array };

/** A short name of a job for the log. */
export function jobName(j: Job): string {
  switch (j.kind) {
    case 'tagger-fold':
      return `${j.second ? '2nd' : '1st'}-pass tagger fold ${j.fold + 1}`;
    case 'tagger':
      return `final ${j.second ? '2nd' : '1st'}-pass tagger`;
    case 'xpos-fold':
      return `fine tagger fold ${j.fold + 1}`;
    case 'xpos':
      return 'final fine tagger';
    case 'parser':
      return `parser run ${j.run + 1}`;
  }
}

/** What a job reports while it runs. */
export interface JobHooks {
  log(msg: string): void;
  /** Parser jobs with `trace`: the run's tables after epoch `epoch` (1-based). */
  trace(epoch: number, trans: QuantTable, label: QuantTable): void;
}

const lex = new LexBuffer();

/** Runs one job in the calling thread. */
export function runJob(c: Corpus, job: Job, hooks: JobHooks): JobResult {
  const o = c.options;
  const n = c.items.length;
  switch (job.kind) {
    case 'tagger-fold': {
      const { held, rest } = foldSplit(n, o.folds, job.fold);
      const first = job.pred1 ? views(c, job.pred1) : null;
      const { table, dict } = trainTagger(c, rest, o.jkEpochs, 100 + job.fold + (job.second ? 50 : 0), job.second, first, hooks);
      const q = new Tagger(dict, null, table.finish(), job.second, clusterTable(c));
      const out = new Int32Array(c.offsets[n]);
      const outs = views(c, out);
      for (const i of held) {
        lex.fill(c.items[i].s.form);
        q.tag(lex, outs[i], job.second ? first![i] : null);
      }
      return { kind: 'tags', tags: gatherTokens(out, c.offsets, held) };
    }
    case 'tagger': {
      const first = job.pred1 ? views(c, job.pred1) : null;
      const { table } = trainTagger(c, allItems(n), o.taggerEpochs, job.seed, job.second, first, hooks);
      return { kind: 'table', table: table.finish() };
    }
    case 'xpos-fold': {
      const { held, rest } = foldSplit(n, o.folds, job.fold);
      const pred = views(c, job.pred);
      const q = new XposTagger(c.xposLists, null, trainXpos(c, rest, pred, o.jkEpochs, 300 + job.fold).finish());
      const out = new Int32Array(c.offsets[n]);
      const outs = views(c, out);
      for (const i of held) {
        fillLex(c, c.items[i]);
        q.tag(lex, pred[i], outs[i]);
      }
      return { kind: 'tags', tags: gatherTokens(out, c.offsets, held) };
    }
    case 'xpos':
      return { kind: 'table', table: trainXpos(c, allItems(n), views(c, job.pred), o.taggerEpochs, 9).finish() };
    case 'parser':
      return trainParser(c, job.run, views(c, job.pred), job.fine ? views(c, job.fine) : null, job.trace, hooks);
  }
}

function allItems(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function clusterTable(c: Corpus): Map<number, number> | null {
  return c.clusters.size > 0 ? c.clusters : null;
}

function fillLex(c: Corpus, it: Item): void {
  lex.fill(it.s.form);
  lex.setAmb(c.tagDict);
  if (c.clusters.size > 0) lex.setClusters(c.clusters);
}

/** Trains one tagger pass on items `idx` (ascending); `first`: per-item first-pass tags (second pass). */
function trainTagger(c: Corpus, idx: readonly number[], epochs: number, seed: number, second: boolean, first: Int32Array[] | null, hooks: JobHooks): { table: TrainTable; dict: Map<number, number> } {
  const dict = buildTagDictionary(idx.map((i) => ({ wordHash: c.items[i].wordHash, tags: c.items[i].tags })));
  const table = new TrainTable(c.options.tagBits, N_UPOS);
  const tagger = new Tagger(dict, table, null, second, clusterTable(c));
  const order = idx.slice();
  const rand = rng(seed);
  for (let e = 0; e < epochs; e++) {
    shuffle(order, rand);
    let ok = 0, tot = 0;
    for (const i of order) {
      const it = c.items[i];
      lex.fill(it.s.form);
      ok += tagger.trainSentence(lex, it.tags, second ? first![i] : null);
      tot += it.tags.length;
    }
    if (e === epochs - 1) hooks.log(`tagger${second ? ' (2nd pass)' : ''} epoch ${e + 1}/${epochs}: train acc ${((100 * ok) / tot).toFixed(2)}`);
  }
  return { table, dict };
}

/** Trains the fine tagger on items `idx` over the per-item UPOS `pred`. */
function trainXpos(c: Corpus, idx: readonly number[], pred: Int32Array[], epochs: number, seed: number): TrainTable {
  const table = new TrainTable(XPOS_BITS, N_SUB);
  const xt = new XposTagger(c.xposLists, table, null);
  const order = idx.slice();
  const rand = rng(seed);
  const gold = new Int32Array(512);
  for (let e = 0; e < epochs; e++) {
    shuffle(order, rand);
    for (const i of order) {
      const it = c.items[i];
      fillLex(c, it);
      const g = it.tags.length <= gold.length ? gold : new Int32Array(it.tags.length);
      subIds(c.xposLists, pred[i], it.s.xpos, g);
      xt.trainSentence(lex, pred[i], g);
    }
  }
  return table;
}

/** One parser run over all items in the order of seed `parserSeed + run`; returns its averaged tables. */
function trainParser(c: Corpus, run: number, pred: Int32Array[], fine: Int32Array[] | null, trace: boolean, hooks: JobHooks): JobResult {
  const o = c.options;
  const trans = new TrainTable(o.transBits, 3);
  const labelTable = new TrainTable(LABEL_BITS, c.labels.length);
  const parser = new Parser(c.labels, { trans, label: labelTable }, c.clusters.size > 0, o.parserFeatures, o.useXpos);
  const order = allItems(c.items.length);
  const rand = rng(o.parserSeed + run);
  for (let e = 0; e < o.parserEpochs; e++) {
    shuffle(order, rand);
    let errors = 0, tokens = 0;
    const explore = e < o.exploreFrom ? 0 : o.explore;
    for (const i of order) {
      const it = c.items[i];
      fillLex(c, it);
      errors += parser.trainSentence(lex, pred[i], it.s.head, it.labels, explore, rand, o.useXpos ? fine![i] : null);
      tokens += it.tags.length;
    }
    hooks.log(`parser${o.parserRuns > 1 ? ` run ${run + 1}` : ''} epoch ${e + 1}/${o.parserEpochs}: wrong transitions per token ${(errors / tokens).toFixed(4)}`);
    if (trace && e >= o.parserEpochs - 6 && e < o.parserEpochs - 1) hooks.trace(e + 1, trans.finish(), labelTable.finish());
  }
  return { kind: 'parser', trans: trans.averaged(), label: labelTable.averaged() };
}

/** The buffers of a result, to transfer instead of copy. */
export function resultBuffers(r: JobResult): ArrayBuffer[] {
  switch (r.kind) {
    case 'tags':
      return [r.tags.buffer as ArrayBuffer];
    case 'table':
      return [r.table.w.buffer as ArrayBuffer];
    case 'parser':
      return [r.trans.buffer as ArrayBuffer, r.label.buffer as ArrayBuffer];
  }
}

/** CPU seconds (user + system) used so far by the calling thread (Linux; elsewhere the whole process's). */
export function threadCpuSeconds(): number {
  try {
    // Fields 14 and 15 of /proc/thread-self/stat (after the parenthesised command name): utime, stime in clock ticks (100 per second).
    const f = readFileSync('/proc/thread-self/stat', 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / 100;
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  }
}

/** A job and the callbacks for what it reports. */
export interface Task {
  readonly job: Job;
  readonly hooks: JobHooks;
}

/** What a job's run produced, with the CPU time its thread spent on it. */
export interface Done {
  readonly result: JobResult;
  /** CPU seconds of the job's thread during the job. */
  readonly cpu: number;
  /** CPU seconds of the job's thread so far (a worker's: since it started, loading included). */
  readonly threadCpu: number;
}

/** Messages from a worker (`scripts/train-syntax-worker.ts`) to the main thread. */
export type WorkerMessage =
  | { readonly kind: 'log'; readonly msg: string }
  | { readonly kind: 'trace'; readonly epoch: number; readonly trans: QuantTable; readonly label: QuantTable }
  | { readonly kind: 'done'; readonly result: JobResult; readonly cpu: number; readonly threadCpu: number }
  | { readonly kind: 'error'; readonly error: string };

/** Runs jobs in the calling thread over its own corpus. */
export class InlineRunner implements JobRunner<Task, Done> {
  constructor(private readonly corpus: Corpus) {}

  async run(t: Task): Promise<Done> {
    const c0 = threadCpuSeconds();
    const result = runJob(this.corpus, t.job, t.hooks);
    const threadCpu = threadCpuSeconds();
    return { result, cpu: threadCpu - c0, threadCpu };
  }

  async close(): Promise<void> {}
}

/** Runs jobs in a worker thread that loads its own corpus from `options`. */
export class WorkerRunner implements JobRunner<Task, Done> {
  private readonly worker: Worker;
  private current: { task: Task; resolve: (d: Done) => void; reject: (e: unknown) => void } | null = null;
  private failed: Error | null = null;
  /** CPU seconds of the worker's thread as last reported. */
  threadCpu = 0;

  constructor(options: TrainOptions) {
    this.worker = startWorker(new URL('./train-syntax-worker.ts', import.meta.url), options);
    this.worker.on('message', (m: WorkerMessage) => this.onMessage(m));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => {
      if (this.current || code !== 0) this.fail(new Error(`training worker exited with code ${code}`));
    });
  }

  run(task: Task): Promise<Done> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<Done>((resolve, reject) => {
      this.current = { task, resolve, reject };
      this.worker.postMessage(task.job);
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private onMessage(m: WorkerMessage): void {
    const cur = this.current;
    if (!cur) return;
    if (m.kind === 'log') cur.task.hooks.log(m.msg);
    else if (m.kind === 'trace') cur.task.hooks.trace(m.epoch, m.trans, m.label);
    else {
      this.current = null;
      if (m.kind === 'done') {
        this.threadCpu = m.threadCpu;
        cur.resolve({ result: m.result, cpu: m.cpu, threadCpu: m.threadCpu });
      } else cur.reject(new Error(`training worker: ${m.error}`));
    }
  }

  private fail(e: Error): void {
    this.failed ??= e;
    const cur = this.current;
    this.current = null;
    cur?.reject(e);
  }
}
