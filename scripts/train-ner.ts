/**
 * Trains the NER model (averaged structured perceptron with passive-aggressive steps; optionally
 * linear-chain CRF runs added to its weights; hashed features, constrained Viterbi) on
 * GUM train+dev (named person/organization/place mentions) and the early UNER English EWT train
 * release (+ mention-replacement and lower-cased copies), with word-cluster features from
 * `models/ner/clusters.tsv` (`npm run train:clusters`); averages the weights of `--runs`
 * independent perceptron runs (optionally adds `--crf-weight` × the averaged weights of
 * `--crf-runs` CRF runs and drops rows below `--prune`: tried in round 4, not the default, see
 * docs/ner.md); reports UNER dev (tunes nothing automatically) and writes
 * `models/ner/ner.bin`. Deterministic: fixed seeds, fixed data order.
 *
 *   npx tsx scripts/train-ner.ts [--epochs 6] [--runs 3] [--augment 3] [--lower 0.3] [--bits 20]
 *     [--dtype int8|int16] [--clusters models/ner/clusters.tsv|none] [--no-gum] [--no-gaz]
 *     [--holdout K:k] [--uner-copies 1] [--pa 1 (passive-aggressive C; 0 = perceptron steps)]
 *     [--crf-runs 0] [--crf-epochs 2] [--crf-weight 0.5] [--lr 0.05] [--l2 0.003] [--prune 0] [--o-bias 0]
 *     [--crf (CRF instead of the perceptron runs)] [--verbose] [--out DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readGum, readIob2, type LabelledSentence } from '../src/ner/data.js';
import { formatTable, prf, scoreSpans } from '../src/ner/eval.js';
import { FeatureExtractor, hashNorm, type ClusterTable, type Gazetteer } from '../src/ner/features.js';
import { readClusters } from '../src/ner/clusters.js';
import { buildGazetteer, dictionaryNames } from '../src/ner/gazetteer.js';
import { QuantTagger, Viterbi, bioConstraints, decodeModel, encodeModel, forwardBackward, labelsToSpans, type LoadedWeights } from '../src/ner/model.js';
import { mulberry32 } from '../src/random.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const data = resolve(root, '../shared/data');

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const EPOCHS = Number(arg('--epochs', '6'));
const BITS = Number(arg('--bits', '20'));
const DTYPE = arg('--dtype', 'int8') as 'int8' | 'int16';
const OUT = resolve(root, arg('--out', 'models/ner'));
const USE_GUM = !process.argv.includes('--no-gum');
const USE_GAZ = !process.argv.includes('--no-gaz');
const AUGMENT = Number(arg('--augment', '3'));
const LOWER = Number(arg('--lower', '0.3'));
const RUNS = Number(arg('--runs', '3'));
/** Passive-aggressive (PA-I) aggressiveness C; 0 = plain perceptron updates. */
const PA_C = Number(arg('--pa', '1'));
/** How many times each UNER (in-domain) training sentence is seen per epoch. */
const UNER_COPIES = Number(arg('--uner-copies', '1'));
const VERBOSE = process.argv.includes('--verbose');
const CLUSTERS = arg('--clusters', 'models/ner/clusters.tsv');
const GUM_WEIGHT_EPOCHS = Number(arg('--gum-epochs', String(EPOCHS)));
/**
 * `--crf`: train a linear-chain CRF instead (conditional log-likelihood, forward–backward over the
 * constrained BIO lattice, AdaGrad steps of size `--lr`, averaged weights as for the perceptron).
 */
const CRF = process.argv.includes('--crf');
/**
 * `--crf-runs k`: after the perceptron runs, k CRF runs (`--crf-epochs` each) whose averaged
 * weights, times `--crf-weight`, are added to the perceptron's: a two-learner ensemble in one
 * weight vector (same size class, same speed).
 */
const CRF_RUNS = Number(arg('--crf-runs', '0'));
const CRF_EPOCHS = Number(arg('--crf-epochs', '2'));
const CRF_WEIGHT = Number(arg('--crf-weight', '0.5'));
const LR = Number(arg('--lr', '0.05'));
/** L2 strength per sentence step (CRF only; 0 = none). */
const L2 = Number(arg('--l2', '0.003'));

const LABELS = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC'];
const L = LABELS.length;
const labelId = new Map(LABELS.map((l, i) => [l, i]));

const t0 = Date.now();
const unerFile = join(data, 'uner-ewt/en_ewt-ud-train.EARLY_2022_DO_NOT_USE.iob2');
/**
 * Held-out evaluation on the training release (`--holdout K:k`): the UNER train documents of fold k
 * of K (document index in file order, modulo K) are left out of training (and of the augmented
 * copies), and the model is scored on them: with K = 2, two folds of 3,842 and 3,163 gold spans,
 * seven times dev, for decisions that dev alone cannot resolve. Writes no model.
 */
const HOLDOUT = arg('--holdout', '');
let inTraining = (_doc: string): boolean => true;
let heldOut: LabelledSentence[] = [];
if (HOLDOUT) {
  const [K, k] = HOLDOUT.split(':').map(Number);
  const all = readIob2(unerFile);
  const fold = new Map([...new Set(all.map((s) => s.doc ?? ''))].map((d, q) => [d, q % K]));
  inTraining = (doc) => fold.get(doc) !== k;
  heldOut = all.filter((s) => !inTraining(s.doc ?? ''));
  console.log(`holdout fold ${k} of ${K}: ${heldOut.length} UNER train sentences left out`);
}
const uner = readIob2(unerFile).filter((s) => inTraining(s.doc ?? ''));
const gum = USE_GUM ? readGum(join(data, 'gum'), ['train', 'dev']) : [];
const dev = readIob2(join(data, 'uner-ewt/en_ewt-ud-dev.iob2'));
const gazetteer: Gazetteer = USE_GAZ ? buildGazetteer(join(data, 'petrarch')) : new Map();
const clusters: ClusterTable = new Map();
if (CLUSTERS !== 'none') {
  for (const [w, packed] of readClusters(resolve(root, CLUSTERS))) clusters.set(hashNorm(w), packed);
}
console.log(`clusters: ${clusters.size} words from ${CLUSTERS}`);
console.log(`data: UNER train ${uner.length} sentences, GUM ${gum.length}, dev ${dev.length}; gazetteer ${gazetteer.size} entries (${Date.now() - t0} ms)`);

interface Prepared {
  words: string[];
  gold: Int32Array;
}
const prep = (s: LabelledSentence): Prepared => ({ words: s.words, gold: Int32Array.from(s.tags.map((t) => labelId.get(t) ?? 0)) });
const unerP = uner.filter((s) => s.words.length > 0).map(prep);
const gumP = gum.filter((s) => s.words.length > 0).map(prep);

/**
 * Mention replacement: copies of training sentences with each PER/ORG/LOC span replaced by a
 * random name of the same type from the PETRARCH dictionaries (armed groups, IGOs, leaders,
 * countries), hyphenated names sometimes split UD-style ("al - Sham").
 */
function augment(src: LabelledSentence[], copies: number, seed: number): Prepared[] {
  if (copies <= 0) return [];
  const names = dictionaryNames(join(data, 'petrarch'));
  const rnd = mulberry32(seed);
  const out: Prepared[] = [];
  for (let k = 0; k < copies; k++) {
    for (const s of src) {
      if (!s.tags.some((t) => t !== 'O')) continue;
      const words: string[] = [];
      const tags: string[] = [];
      let i = 0;
      while (i < s.words.length) {
        const t = s.tags[i];
        if (t === 'O') {
          words.push(s.words[i]);
          tags.push(t);
          i++;
          continue;
        }
        const type = t.slice(2) as 'PER' | 'ORG' | 'LOC';
        let j = i + 1;
        while (j < s.words.length && s.tags[j] === 'I-' + type) j++;
        const pool = type === 'ORG' && rnd() < 0.6 ? names.ARMED : names[type];
        let name = rnd() < 0.5 && pool.length > 0 ? pool[Math.floor(rnd() * pool.length)] : s.words.slice(i, j);
        if (rnd() < 0.5) name = name.flatMap((w) => (w.length > 1 && w.includes('-') ? w.split(/(-)/).filter((x) => x !== '') : [w]));
        name.forEach((w, q) => {
          words.push(w);
          tags.push((q === 0 ? 'B-' : 'I-') + type);
        });
        i = j;
      }
      out.push(prep({ words, tags, source: s.source + '#aug' }));
    }
  }
  return out;
}
const augP = augment([...uner, ...gum], AUGMENT, 99);
/** Case augmentation: a share of the sentences copied fully lower-cased (web text often is). */
function lowerCopies(src: LabelledSentence[], share: number, seed: number): Prepared[] {
  if (share <= 0) return [];
  const rnd = mulberry32(seed);
  const out: Prepared[] = [];
  for (const s of src) {
    if (rnd() >= share) continue;
    out.push(prep({ words: s.words.map((w) => w.toLowerCase()), tags: s.tags, source: s.source + '#lc' }));
  }
  return out;
}
augP.push(...lowerCopies([...uner, ...gum], LOWER, 7));
console.log(`augmented sentences: ${augP.length}`);

const B = 1 << BITS;
const W = new Float32Array(B * L);
const U = new Float64Array(B * L);
const trans = new Float32Array(L * L);
const transU = new Float64Array(L * L);
const start = new Float32Array(L);
const startU = new Float64Array(L);
const end = new Float32Array(L);
const endU = new Float64Array(L);
const fx = new FeatureExtractor(BITS, gazetteer, clusters.size > 0 ? clusters : null);
const { allowed, allowedStart } = bioConstraints(LABELS);
const vit = new Viterbi(L, allowed, allowedStart);
let emit = new Float32Array(256 * L);
let pred = new Int32Array(256);
let c = 1;

function averaged(): LoadedWeights {
  const q = new Float32Array(B * L);
  for (let i = 0; i < q.length; i++) q[i] = W[i] - U[i] / c;
  const av = (w: Float32Array, u: Float64Array): Float32Array => Float32Array.from(w, (x, i) => x - u[i] / c);
  return {
    header: { featureVersion: 0, log2Buckets: BITS, labels: LABELS, dtype: 'int8', scale: 1 },
    trans: av(trans, transU),
    start: av(start, startU),
    end: av(end, endU),
    gazetteer,
    clusters,
    q,
  };
}

function evalDev(w: LoadedWeights, set: LabelledSentence[]): Map<string, { tp: number; fp: number; fn: number }> {
  const tagger = new QuantTagger(w);
  return scoreSpans(set, (words) => labelsToSpans(LABELS, tagger.labelIds(words), words.length));
}

/** Extracts the sentence's features (left in `fx`) and sums its emission scores into `emit`. */
function scoreEmissions(s: Prepared): number {
  const n = s.words.length;
  fx.extract(s.words, n);
  const feats = fx.feats;
  const offs = fx.offsets;
  if (emit.length < n * L) {
    emit = new Float32Array(n * L * 2);
    pred = new Int32Array(n * 2);
  }
  for (let i = 0; i < n; i++) {
    const base = i * L;
    for (let l = 0; l < L; l++) emit[base + l] = 0;
    for (let k = offs[i], e = offs[i + 1]; k < e; k++) {
      const row = feats[k] * L;
      for (let l = 0; l < L; l++) emit[base + l] += W[row + l];
    }
  }
  return n;
}

function trainSentence(s: Prepared): void {
  const n = scoreEmissions(s);
  const feats = fx.feats;
  const offs = fx.offsets;
  vit.decode(emit, n, trans, start, end, pred);
  const gold = s.gold;
  let wrong = false;
  let loss = 0;
  for (let i = 0; i < n; i++) if (pred[i] !== gold[i]) {
    wrong = true;
    loss++;
  }
  // step: 1 (perceptron) or passive-aggressive PA-I, min(C, (loss − margin) / ‖Δφ‖²)
  let tau = 1;
  if (wrong && PA_C > 0) {
    let margin = start[gold[0]] - start[pred[0]] + end[gold[n - 1]] - end[pred[n - 1]];
    let norm = 0;
    for (let i = 0; i < n; i++) {
      margin += emit[i * L + gold[i]] - emit[i * L + pred[i]];
      if (i > 0) margin += trans[gold[i - 1] * L + gold[i]] - trans[pred[i - 1] * L + pred[i]];
      if (gold[i] !== pred[i]) norm += 2 * (offs[i + 1] - offs[i]);
      if (i > 0 && (gold[i - 1] !== pred[i - 1] || gold[i] !== pred[i])) norm += 2;
    }
    norm += 4;
    tau = Math.min(PA_C, Math.max(0, (loss - margin) / norm));
    if (tau === 0) wrong = false;
  }
  if (wrong) {
    for (let i = 0; i < n; i++) {
      const g = gold[i];
      const p = pred[i];
      if (g !== p) {
        for (let k = offs[i], e = offs[i + 1]; k < e; k++) {
          const row = feats[k] * L;
          W[row + g] += tau;
          U[row + g] += c * tau;
          W[row + p] -= tau;
          U[row + p] -= c * tau;
        }
      }
      if (i > 0) {
        const tg = gold[i - 1] * L + g;
        const tp = pred[i - 1] * L + p;
        if (tg !== tp) {
          trans[tg] += tau;
          transU[tg] += c * tau;
          trans[tp] -= tau;
          transU[tp] -= c * tau;
        }
      }
    }
    if (gold[0] !== pred[0]) {
      start[gold[0]] += tau;
      startU[gold[0]] += c * tau;
      start[pred[0]] -= tau;
      startU[pred[0]] -= c * tau;
    }
    if (gold[n - 1] !== pred[n - 1]) {
      end[gold[n - 1]] += tau;
      endU[gold[n - 1]] += c * tau;
      end[pred[n - 1]] -= tau;
      endU[pred[n - 1]] -= c * tau;
    }
  }
  c++;
}

/** CRF scratch buffers (log-space forward/backward). */
let alpha = new Float64Array(256 * L);
let beta = new Float64Array(256 * L);
let marg = new Float64Array(256 * L);
const G = CRF || CRF_RUNS > 0 ? new Float32Array(B * L) : new Float32Array(0);
const Gt = new Float64Array(L * L);
const Gs = new Float64Array(L);
const Ge = new Float64Array(L);
const dl = new Float64Array(L);

/** One AdaGrad step on the CRF log-likelihood of one sentence. */
function trainSentenceCrf(s: Prepared): void {
  const n = scoreEmissions(s);
  const feats = fx.feats;
  const offs = fx.offsets;
  if (alpha.length < n * L) {
    alpha = new Float64Array(n * L * 2);
    beta = new Float64Array(n * L * 2);
    marg = new Float64Array(n * L * 2);
  }
  const logZ = forwardBackward(emit, n, L, trans, start, end, allowed, allowedStart, alpha, beta);
  for (let i = 0; i < n * L; i++) marg[i] = Math.exp(alpha[i] + beta[i] - logZ);
  const gold = s.gold;
  const upd = (w: Float32Array | Float64Array, u: Float64Array, g2: Float32Array | Float64Array, idx: number, g: number): void => {
    if (L2 > 0) g -= L2 * w[idx];
    if (g === 0) return;
    g2[idx] += g * g;
    const step = (LR * g) / Math.sqrt(g2[idx] + 1e-8);
    w[idx] += step;
    u[idx] += c * step;
  };
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < L; l++) dl[l] = (gold[i] === l ? 1 : 0) - marg[i * L + l];
    for (let k = offs[i], e = offs[i + 1]; k < e; k++) {
      const row = feats[k] * L;
      for (let l = 0; l < L; l++) {
        const g = dl[l];
        if (g > -1e-6 && g < 1e-6) continue;
        upd(W, U, G, row + l, g);
      }
    }
  }
  // transitions: observed − expected pair counts
  const tg = new Float64Array(L * L);
  for (let i = 1; i < n; i++) {
    tg[gold[i - 1] * L + gold[i]] += 1;
    for (let p = 0; p < L; p++) {
      const ap = alpha[(i - 1) * L + p];
      if (ap === -Infinity) continue;
      for (let c2 = 0; c2 < L; c2++) {
        if (!allowed[p * L + c2]) continue;
        tg[p * L + c2] -= Math.exp(ap + trans[p * L + c2] + emit[i * L + c2] + beta[i * L + c2] - logZ);
      }
    }
  }
  for (let t = 0; t < L * L; t++) if (tg[t] !== 0) upd(trans, transU, Gt, t, tg[t]);
  for (let l = 0; l < L; l++) {
    upd(start, startU, Gs, l, (gold[0] === l ? 1 : 0) - marg[l]);
    upd(end, endU, Ge, l, (gold[n - 1] === l ? 1 : 0) - marg[(n - 1) * L + l]);
  }
  c++;
}

/** Zeroes the perceptron state before another run. */
function reset(): void {
  for (const a of [W, trans, start, end]) a.fill(0);
  for (const a of [U, transU, startU, endU, Gt, Gs, Ge]) a.fill(0);
  G.fill(0);
  c = 1;
}

/**
 * RUNS independent runs (different shuffling seeds) whose averaged weights are averaged again:
 * the same model size and speed, less variance than one perceptron run.
 */
const sum = { q: new Float32Array(B * L), trans: new Float32Array(L * L), start: new Float32Array(L), end: new Float32Array(L) };
const plan: { crf: boolean; seed: number; epochs: number; mul: number; div: number }[] = [];
for (let run = 0; run < RUNS; run++) plan.push({ crf: CRF, seed: 20240517 + run * 7919, epochs: EPOCHS, mul: 1, div: RUNS });
for (let run = 0; run < CRF_RUNS; run++) plan.push({ crf: true, seed: 31337 + run * 7919, epochs: CRF_EPOCHS, mul: CRF_WEIGHT, div: CRF_RUNS });
for (let run = 0; run < plan.length; run++) {
  const { crf, seed, epochs, mul, div } = plan[run];
  reset();
  const rand = mulberry32(seed);
  let best = { f: -1, epoch: 0 };
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const te = Date.now();
    const unerRep: Prepared[] = [];
    for (let r = 0; r < UNER_COPIES; r++) unerRep.push(...unerP);
    const order = epoch <= GUM_WEIGHT_EPOCHS ? [...unerRep, ...gumP, ...augP] : [...unerRep, ...augP];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    for (const s of order) (crf ? trainSentenceCrf : trainSentence)(s);
    if (epoch < epochs && !VERBOSE) continue;
    const counts = evalDev(averaged(), dev);
    const all = prf(counts.get('ALL')!);
    const per = (t: string): string => prf(counts.get(t)!).f.toFixed(3);
    console.log(`run ${run + 1}${crf ? ' (CRF)' : ''} epoch ${epoch}: dev F1 ${all.f.toFixed(4)} (P ${all.p.toFixed(3)} R ${all.r.toFixed(3)}; PER ${per('PER')} ORG ${per('ORG')} LOC ${per('LOC')}) ${Date.now() - te} ms`);
    if (all.f > best.f) best = { f: all.f, epoch };
  }
  const a = averaged();
  for (let i = 0; i < a.q.length; i++) sum.q[i] += (a.q[i] * mul) / div;
  for (const k of ['trans', 'start', 'end'] as const) for (let i = 0; i < sum[k].length; i++) sum[k][i] += (a[k][i] * mul) / div;
  if (run === RUNS - 1 && CRF_RUNS > 0) {
    // the perceptron part alone, for comparison
    const part: LoadedWeights = { ...averaged(), q: sum.q, trans: sum.trans, start: sum.start, end: sum.end };
    const d = prf(evalDev(part, dev).get('ALL')!);
    const h = HOLDOUT ? ` held-out F1 ${prf(evalDev(part, heldOut).get('ALL')!).f.toFixed(4)},` : '';
    console.log(`${RUNS} perceptron runs averaged (before the CRF):${h} dev F1 ${d.f.toFixed(4)}`);
  }
}
const final: LoadedWeights = { ...averaged(), q: sum.q, trans: sum.trans, start: sum.start, end: sum.end };
if (plan.length > 1) {
  const all = prf(evalDev(final, dev).get('ALL')!);
  console.log(`${RUNS} runs averaged${CRF_RUNS > 0 ? ` + ${CRF_WEIGHT} × ${CRF_RUNS} CRF run(s)` : ''}: dev F1 ${all.f.toFixed(4)} (P ${all.p.toFixed(3)} R ${all.r.toFixed(3)})`);
}

/** `--prune t`: rows whose largest absolute weight is below t are dropped (smaller file). */
const PRUNE = Number(arg('--prune', '0'));
if (PRUNE > 0) {
  let kept = 0;
  for (let r = 0; r < B; r++) {
    let m = 0;
    for (let l = 0; l < L; l++) m = Math.max(m, Math.abs(final.q[r * L + l]));
    if (m < PRUNE) for (let l = 0; l < L; l++) final.q[r * L + l] = 0;
    else if (m > 0) kept++;
  }
  console.log(`pruned below ${PRUNE}: ${kept} rows kept`);
}
/**
 * `--o-bias d`: every token labelled O pays d (baked into the transitions into O and the start
 * score of O): the CRF part makes the model precision-heavy, this gives some recall back.
 */
const O_BIAS = Number(arg('--o-bias', '0'));
function withOBias(w: LoadedWeights, d: number): LoadedWeights {
  const trans2 = Float32Array.from(w.trans);
  const start2 = Float32Array.from(w.start);
  for (let p = 0; p < L; p++) trans2[p * L] -= d;
  start2[0] -= d;
  return { ...w, trans: trans2, start: start2 };
}
if (HOLDOUT) {
  for (const d of [0, 0.05, 0.1, 0.15, 0.2]) {
    const h = prf(evalDev(withOBias(final, d), heldOut).get('ALL')!);
    console.log(`O bias ${d}: held-out F1 ${h.f.toFixed(4)} (P ${h.p.toFixed(3)} R ${h.r.toFixed(3)})`);
  }
}
Object.assign(final, withOBias(final, O_BIAS));
if (HOLDOUT) {
  console.log(formatTable(`held-out UNER train fold ${HOLDOUT} (${heldOut.length} sentences)`, evalDev(final, heldOut)));
  if (!process.argv.includes('--out')) process.exit(0);
}
const buf = encodeModel(
  { log2Buckets: BITS, labels: LABELS, dtype: DTYPE, note: `averaged perceptron, ${RUNS} runs × ${EPOCHS} epochs, UNER-EWT train (early) + ${USE_GUM ? 'GUM train+dev' : 'no GUM'}, clusters ${clusters.size}` },
  final.q,
  final.trans,
  final.start,
  final.end,
  gazetteer,
  clusters,
);
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'ner.bin'), buf);
const reloaded = decodeModel(buf);
const qc = evalDev(reloaded, dev);
console.log(formatTable(`UNER dev, quantised ${DTYPE} model (${(buf.length / 1048576).toFixed(2)} MB)`, qc));
console.log(`wrote ${join(OUT, 'ner.bin')} in ${((Date.now() - t0) / 1000).toFixed(1)} s total`);
