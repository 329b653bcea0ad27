/**
 * Pressure and prediction.
 * - Balance pressure: for each unlinked or weakly linked pair with common neighbours, the sign
 *   that structural balance predicts (the friend of my friend is my friend, the enemy of my enemy
 *   is my friend, ...), weighted by the confidences of the two edges, with the reasons.
 * - Sign model: logistic regression on the features of Leskovec, Huttenlocher & Kleinberg (2010,
 *   "Predicting positive and negative links in online social networks"): 7 degree features and
 *   16 triad types, scored by leave-one-out AUC over the edges of the network.
 *
 * Direction: the network's edges are dyad states; supporting / member / affiliated keep their
 * orientation, symmetric states (allied, truce, engaged, hostile, split) count half in each
 * direction. A symmetric edge to predict gets the mean of its two orientations' features.
 */
import type { IsoDate } from '../types.js';
import type { DyadStateName } from './dyad-state.js';
import { approximateLooLogits, fitLogistic, logit, predictProbability, standardiser, type LogisticModel } from './logistic.js';
import { signedIndex, type SignedIndex, type SignedNetwork } from './network.js';
import { round, rocAuc, withDefaults } from './util.js';

export interface PredictOptions {
  /** Dyad states left out of the signed graph for this analysis (default: `engaged`, i.e. talks are not ties). */
  readonly ignoreStates: readonly DyadStateName[];
  /** Edges below this confidence count as weak links whose sign is predicted too. */
  readonly weakConfidence: number;
  /** Pairs need at least this many common neighbours. */
  readonly minCommon: number;
  /** At most this many pair predictions are listed. */
  readonly maxListed: number;
  /** At most this many names per reason. */
  readonly maxReasonNames: number;
  /** L2 penalty of the sign model. */
  readonly l2: number;
  /** Leave-one-out mode: exact refits (each with the held-out edge masked from every feature) or the one-step approximation; `auto` = exact up to `exactLooMaxEdges`. */
  readonly loo: 'exact' | 'approximate' | 'auto';
  readonly exactLooMaxEdges: number;
}

export const DEFAULTS: PredictOptions = {
  weakConfidence: 0.3,
  minCommon: 1,
  maxListed: 50,
  maxReasonNames: 6,
  l2: 1,
  loo: 'auto',
  exactLooMaxEdges: 600,
  ignoreStates: ['engaged'],
};

/** Names of the 23 features, in order. */
export const FEATURE_NAMES: readonly string[] = [
  'in+(v)',
  'in-(v)',
  'out+(u)',
  'out-(u)',
  'common(u,v)',
  'out(u)',
  'in(v)',
  ...(() => {
    const names: string[] = [];
    for (const d1 of ['u>w', 'w>u'])
      for (const s1 of ['+', '-'])
        for (const d2 of ['w>v', 'v>w']) for (const s2 of ['+', '-']) names.push(`${d1}${s1} ${d2}${s2}`);
    return names;
  })(),
];
const D = FEATURE_NAMES.length;

/** Orientation of each edge: +1 eu→ev, −1 ev→eu, 0 symmetric or mutual. */
function orientations(graph: SignedNetwork, idx: SignedIndex): Int8Array {
  const o = new Int8Array(idx.keys.length);
  idx.keys.forEach((key, e) => {
    const dir = graph.getEdgeAttribute(key, 'direction');
    if (!dir || dir.mutual) return;
    o[e] = dir.source === idx.nodes[idx.eu[e]!] ? 1 : -1;
  });
  return o;
}

/** Share of edge e that points from node x (1, 0 or ½ for symmetric). */
function outShare(idx: SignedIndex, orient: Int8Array, e: number, x: number): number {
  const o = orient[e]!;
  if (o === 0) return 0.5;
  const from = o > 0 ? idx.eu[e]! : idx.ev[e]!;
  return from === x ? 1 : 0;
}

/** Feature row of the ordered pair u→v; edges `skipA` and `skipB` (−1 for none) are treated as absent. */
function directedFeatures(
  idx: SignedIndex,
  orient: Int8Array,
  u: number,
  v: number,
  skipA: number,
  skipB: number,
  row: Float64Array,
  f: number,
): void {
  for (const [, e] of idx.adj[u]!) {
    if (e === skipA || e === skipB) continue;
    const out = outShare(idx, orient, e, u);
    if (idx.sign[e]! > 0) row[2] += out * f;
    else row[3] += out * f;
    row[5] += out * f;
  }
  for (const [, e] of idx.adj[v]!) {
    if (e === skipA || e === skipB) continue;
    const inn = 1 - outShare(idx, orient, e, v);
    if (idx.sign[e]! > 0) row[0] += inn * f;
    else row[1] += inn * f;
    row[6] += inn * f;
  }
  const nu = idx.adj[u]!;
  const nv = idx.adj[v]!;
  const [small, large, smallIsU] = nu.size <= nv.size ? [nu, nv, true] : [nv, nu, false];
  for (const [w, e1s] of small) {
    const e2s = large.get(w);
    if (e2s === undefined) continue;
    const euw = smallIsU ? e1s : e2s;
    const ewv = smallIsU ? e2s : e1s;
    if (euw === skipA || euw === skipB || ewv === skipA || ewv === skipB) continue;
    row[4] += f;
    const uOut = outShare(idx, orient, euw, u); // u→w share
    const wOut = outShare(idx, orient, ewv, w); // w→v share
    const s1 = idx.sign[euw]! > 0 ? 0 : 1;
    const s2 = idx.sign[ewv]! > 0 ? 0 : 1;
    for (let d1 = 0; d1 < 2; d1++) {
      const p1 = d1 === 0 ? uOut : 1 - uOut;
      if (p1 === 0) continue;
      for (let d2 = 0; d2 < 2; d2++) {
        const p2 = d2 === 0 ? wOut : 1 - wOut;
        if (p2 === 0) continue;
        row[7 + d1 * 8 + s1 * 4 + d2 * 2 + s2] += p1 * p2 * f;
      }
    }
  }
}

/** Feature row of the pair (u, v) given the orientation of the pair (0 = symmetric: mean of both). */
function pairFeatures(
  idx: SignedIndex,
  orient: Int8Array,
  u: number,
  v: number,
  orientation: number,
  skipA: number,
  skipB: number,
): Float64Array {
  const row = new Float64Array(D);
  if (orientation > 0) directedFeatures(idx, orient, u, v, skipA, skipB, row, 1);
  else if (orientation < 0) directedFeatures(idx, orient, v, u, skipA, skipB, row, 1);
  else {
    directedFeatures(idx, orient, u, v, skipA, skipB, row, 0.5);
    directedFeatures(idx, orient, v, u, skipA, skipB, row, 0.5);
  }
  return row;
}

/** Feature rows of every edge of the network (the edge itself excluded from its own features). */
export function edgeFeatures(
  graph: SignedNetwork,
  options?: Partial<PredictOptions>,
): { rows: Float64Array[]; labels: Uint8Array; keys: readonly string[] } {
  const opts = withDefaults(DEFAULTS, options);
  const idx = signedIndex(graph, opts.ignoreStates);
  const orient = orientations(graph, idx);
  const rows = idx.keys.map((_, e) => pairFeatures(idx, orient, idx.eu[e]!, idx.ev[e]!, orient[e]!, e, -1));
  const labels = Uint8Array.from(idx.sign, (s) => (s > 0 ? 1 : 0));
  return { rows, labels, keys: idx.keys };
}

/** Leave-one-out evaluation of the sign model. */
export interface SignModelEvaluation {
  readonly edges: number;
  readonly positive: number;
  readonly negative: number;
  /** How the held-out predictions were made. */
  readonly loo: 'exact' | 'approximate';
  /** Leave-one-out AUC of the logistic model (NaN → null when one class is missing). */
  readonly auc: number | null;
  /** The same on edges with at least one common neighbour (triad features not all zero). */
  readonly aucEmbedded: number | null;
  readonly embeddedEdges: number;
  /** AUC of the untrained balance score Σ s(u,w)·s(w,v) (no fitting, nothing to leak). */
  readonly aucBalance: number | null;
  /** Leave-one-out accuracy at probability 0.5. */
  readonly accuracy: number | null;
  /** Accuracy of always predicting the majority sign. */
  readonly baselineAccuracy: number | null;
  /** Weights of the model fitted on all edges, per feature (standardised units), and the bias. */
  readonly weights: Readonly<Record<string, number>>;
  readonly bias: number;
}

const nullable = (x: number) => (Number.isFinite(x) ? round(x) : null);

/** Fits the triad-feature sign model on all edges and evaluates it by leave-one-out AUC. */
export function evaluateSignModel(graph: SignedNetwork, options?: Partial<PredictOptions>): SignModelEvaluation {
  const opts = withDefaults(DEFAULTS, options);
  const idx = signedIndex(graph, opts.ignoreStates);
  const orient = orientations(graph, idx);
  const m = idx.keys.length;
  const rows = idx.keys.map((_, e) => pairFeatures(idx, orient, idx.eu[e]!, idx.ev[e]!, orient[e]!, e, -1));
  const labels = Uint8Array.from(idx.sign, (s) => (s > 0 ? 1 : 0));
  const positive = labels.reduce((a, b) => a + b, 0);
  const mode: 'exact' | 'approximate' = opts.loo === 'auto' ? (m <= opts.exactLooMaxEdges ? 'exact' : 'approximate') : opts.loo;
  const weights: Record<string, number> = {};
  let bias = 0;
  const scores = new Float64Array(m);
  const bothClasses = positive > 0 && positive < m;
  if (bothClasses && m >= 3) {
    const full = fitLogistic(rows, labels, { l2: opts.l2 });
    FEATURE_NAMES.forEach((n, j) => (weights[n] = round(full.weights[j]!)));
    bias = round(full.bias);
    if (mode === 'approximate') scores.set(approximateLooLogits(rows, labels, { l2: opts.l2 }));
    else {
      const scale = standardiser(rows, D);
      for (let i = 0; i < m; i++) {
        const u = idx.eu[i]!;
        const v = idx.ev[i]!;
        // Training rows without edge i: every edge at u or v has features that involve edge i.
        const trainRows: Float64Array[] = [];
        const trainLabels: number[] = [];
        for (let e = 0; e < m; e++) {
          if (e === i) continue;
          const touches = idx.eu[e] === u || idx.ev[e] === u || idx.eu[e] === v || idx.ev[e] === v;
          trainRows.push(touches ? pairFeatures(idx, orient, idx.eu[e]!, idx.ev[e]!, orient[e]!, e, i) : rows[e]!);
          trainLabels.push(labels[e]!);
        }
        const model = fitLogistic(trainRows, trainLabels, { l2: opts.l2 }, scale, full);
        scores[i] = logit(model, rows[i]!);
      }
    }
  }
  const balanceScores = new Float64Array(m);
  let embedded = 0;
  const embeddedIdx: number[] = [];
  for (let e = 0; e < m; e++) {
    const u = idx.eu[e]!;
    const v = idx.ev[e]!;
    let s = 0;
    let c = 0;
    for (const [w, e1] of idx.adj[u]!) {
      const e2 = idx.adj[v]!.get(w);
      if (e2 === undefined || w === v) continue;
      s += idx.sign[e1]! * idx.sign[e2]!;
      c++;
    }
    balanceScores[e] = s;
    if (c > 0) {
      embedded++;
      embeddedIdx.push(e);
    }
  }
  let correct = 0;
  for (let e = 0; e < m; e++) if ((scores[e]! > 0 ? 1 : 0) === labels[e]) correct++;
  const sub = (arr: ArrayLike<number>) => Float64Array.from(embeddedIdx, (e) => arr[e]!);
  return {
    edges: m,
    positive,
    negative: m - positive,
    loo: mode,
    auc: bothClasses ? nullable(rocAuc(scores, labels)) : null,
    aucEmbedded: bothClasses ? nullable(rocAuc(sub(scores), sub(labels))) : null,
    embeddedEdges: embedded,
    aucBalance: nullable(rocAuc(balanceScores, labels)),
    accuracy: bothClasses ? round(correct / m) : null,
    baselineAccuracy: m > 0 ? round(Math.max(positive, m - positive) / m) : null,
    weights,
    bias,
  };
}

/** One reason for a predicted sign: a common neighbour and the two edges. */
export interface PressureReason {
  readonly via: string;
  readonly name: string;
  /** Signs of a–via and via–b. */
  readonly signs: readonly [1 | -1, 1 | -1];
  readonly states: readonly [DyadStateName, DyadStateName];
  /** Product of the two edge confidences. */
  readonly weight: number;
}

/** The predicted sign of one unlinked or weakly linked pair. */
export interface PairPrediction {
  readonly a: string;
  readonly b: string;
  readonly names: readonly [string, string];
  /** Current state when the pair is weakly linked, else `none`. */
  readonly current: { readonly state: DyadStateName; readonly confidence: number };
  /** Sign balance predicts: +1 cooperative, −1 hostile, 0 undecided. */
  readonly predicted: 1 | -1 | 0;
  /** Σ weight·(sign product) over common neighbours. */
  readonly pressure: number;
  /** |pressure| / Σ weight: 1 when every common neighbour agrees. */
  readonly agreement: number;
  /** Probability of a positive tie from the sign model fitted on all edges (null without a model). */
  readonly probability: number | null;
  readonly sharedAllies: readonly string[];
  readonly sharedEnemies: readonly string[];
  /** Neighbours that are an ally of one and an enemy of the other. */
  readonly mixed: readonly string[];
  /** A sentence: "IS and Nusra share enemies: FSA, the Syrian government". */
  readonly explanation: string;
  readonly reasons: readonly PressureReason[];
}

export interface PredictResult {
  readonly on: IsoDate;
  readonly model: SignModelEvaluation;
  readonly predictions: readonly PairPrediction[];
  /** Pairs with common neighbours that were considered (all are counted, `maxListed` listed). */
  readonly candidates: number;
}

/** Balance pressure on unlinked and weakly linked pairs, and the sign model with its leave-one-out AUC. */
export function predict(graph: SignedNetwork, options?: Partial<PredictOptions>): PredictResult {
  const opts = withDefaults(DEFAULTS, options);
  const idx = signedIndex(graph, opts.ignoreStates);
  const orient = orientations(graph, idx);
  const model = evaluateSignModel(graph, opts);
  let fitted: LogisticModel | null = null;
  const labels = Uint8Array.from(idx.sign, (s) => (s > 0 ? 1 : 0));
  const pos = labels.reduce((a, b) => a + b, 0);
  if (pos > 0 && pos < labels.length && labels.length >= 3) {
    const rows = idx.keys.map((_, e) => pairFeatures(idx, orient, idx.eu[e]!, idx.ev[e]!, orient[e]!, e, -1));
    fitted = fitLogistic(rows, labels, { l2: opts.l2 });
  }
  const name = (i: number) => graph.getNodeAttribute(idx.nodes[i]!, 'name');
  const state = (e: number) => graph.getEdgeAttribute(idx.keys[e]!, 'state');

  const preds: PairPrediction[] = [];
  const n = idx.nodes.length;
  for (let a = 0; a < n; a++) {
    // Candidate partners: neighbours of neighbours.
    const partners = new Set<number>();
    for (const w of idx.adj[a]!.keys()) for (const b of idx.adj[w]!.keys()) if (b > a) partners.add(b);
    for (const b of [...partners].sort((x, y) => x - y)) {
      const direct = idx.adj[a]!.get(b);
      if (direct !== undefined && idx.weight[direct]! >= opts.weakConfidence) continue;
      const reasons: PressureReason[] = [];
      let pressure = 0;
      let total = 0;
      for (const [w, e1] of idx.adj[a]!) {
        if (w === b) continue;
        const e2 = idx.adj[b]!.get(w);
        if (e2 === undefined) continue;
        const s1 = idx.sign[e1]! as 1 | -1;
        const s2 = idx.sign[e2]! as 1 | -1;
        const weight = idx.weight[e1]! * idx.weight[e2]!;
        pressure += s1 * s2 * weight;
        total += weight;
        reasons.push({ via: idx.nodes[w]!, name: name(w), signs: [s1, s2], states: [state(e1), state(e2)], weight: round(weight) });
      }
      if (reasons.length < opts.minCommon) continue;
      reasons.sort((x, y) => y.weight - x.weight || (x.via < y.via ? -1 : 1));
      const sharedAllies = reasons.filter((r) => r.signs[0] > 0 && r.signs[1] > 0).map((r) => r.name);
      const sharedEnemies = reasons.filter((r) => r.signs[0] < 0 && r.signs[1] < 0).map((r) => r.name);
      const mixed = reasons.filter((r) => r.signs[0] !== r.signs[1]).map((r) => r.name);
      const predicted: 1 | -1 | 0 = pressure > 1e-9 ? 1 : pressure < -1e-9 ? -1 : 0;
      let probability: number | null = null;
      if (fitted) {
        const row = pairFeatures(idx, orient, a, b, 0, direct ?? -1, -1);
        probability = round(predictProbability(fitted, row));
      }
      preds.push({
        a: idx.nodes[a]!,
        b: idx.nodes[b]!,
        names: [name(a), name(b)],
        current:
          direct !== undefined
            ? { state: state(direct), confidence: idx.weight[direct]! }
            : { state: 'none', confidence: 0 },
        predicted,
        pressure: round(pressure),
        agreement: total > 0 ? round(Math.abs(pressure) / total) : 0,
        probability,
        sharedAllies,
        sharedEnemies,
        mixed,
        explanation: explain(name(a), name(b), sharedAllies, sharedEnemies, mixed, predicted, opts.maxReasonNames),
        reasons,
      });
    }
  }
  preds.sort(
    (x, y) =>
      Math.abs(y.pressure) - Math.abs(x.pressure) ||
      y.agreement - x.agreement ||
      (x.a + '|' + x.b < y.a + '|' + y.b ? -1 : 1),
  );
  return { on: graph.getAttribute('on'), model, predictions: preds.slice(0, opts.maxListed), candidates: preds.length };
}

function list(names: readonly string[], max: number): string {
  const shown = names.slice(0, max);
  return names.length > max ? `${shown.join(', ')} and ${names.length - max} more` : shown.join(', ');
}

function explain(
  a: string,
  b: string,
  allies: readonly string[],
  enemies: readonly string[],
  mixed: readonly string[],
  predicted: 1 | -1 | 0,
  max: number,
): string {
  const parts: string[] = [];
  if (enemies.length > 0) parts.push(`share enemies: ${list(enemies, max)}`);
  if (allies.length > 0) parts.push(`share allies: ${list(allies, max)}`);
  if (mixed.length > 0) parts.push(`stand on opposite sides of ${list(mixed, max)}`);
  const verdict = predicted > 0 ? 'balance predicts a positive tie' : predicted < 0 ? 'balance predicts a negative tie' : 'balance is undecided';
  return `${a} and ${b} ${parts.join('; ')} — ${verdict}.`;
}
