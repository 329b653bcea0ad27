/**
 * Blocs: signed community detection by correlation clustering. A partition's disagreement is the
 * weight of positive edges across blocs plus the weight of negative edges inside blocs; we look
 * for the partition with the least disagreement (the number of blocs is not fixed) by Louvain-style
 * local moves and bloc merges, from several starts (singletons in a seeded random order, and the
 * graphology Louvain communities of the positive subgraph), keeping the best.
 */
import graphology from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import type { IsoDate } from '../types.js';
import type { DyadStateName } from './dyad-state.js';
import { signedIndex, type SignedIndex, type SignedNetwork } from './network.js';
import { round, shuffleInPlace, withDefaults, xorshift } from './util.js';

// NOTE: the package is CommonJS with an ESM-style `export default` typing; under NodeNext the default
// import is the module object, whose `default` is the function at type level only.
type LouvainFn = (typeof louvainModule)['default'];
const louvain: LouvainFn =
  typeof louvainModule === 'function' ? (louvainModule as unknown as LouvainFn) : louvainModule.default;

export interface BlocsOptions {
  /** Dyad states left out of the signed graph for this analysis (default: `engaged`, i.e. talks are not ties). */
  readonly ignoreStates: readonly DyadStateName[];
  /** Weigh edges by dyad confidence (else every edge weighs 1). */
  readonly weighted: boolean;
  /** Random restarts (besides the Louvain start). */
  readonly restarts: number;
  readonly seed: number;
  /** Relations listed per bloc and per pair of blocs, at most (all are counted). */
  readonly maxListed: number;
}

export const DEFAULTS: BlocsOptions = { weighted: true, restarts: 20, seed: 42, maxListed: 50, ignoreStates: ['engaged'] };

/** One dyad listed inside or across blocs. */
export interface BlocRelation {
  readonly a: string;
  readonly b: string;
  readonly state: DyadStateName;
  readonly sign: 1 | -1;
  readonly confidence: number;
}

export interface Bloc {
  /** 0-based, blocs sorted by size (largest first), then by first member id. */
  readonly id: number;
  readonly members: readonly { readonly id: string; readonly name: string }[];
  /** Positive and negative dyads inside the bloc (negative ones are disagreements). */
  readonly inside: { readonly positive: number; readonly negative: number; readonly relations: readonly BlocRelation[] };
}

/** Dyads between two blocs (positive ones are disagreements). */
export interface BlocLink {
  readonly a: number;
  readonly b: number;
  readonly positive: number;
  readonly negative: number;
  readonly relations: readonly BlocRelation[];
}

export interface BlocsResult {
  readonly on: IsoDate;
  readonly method: 'correlation-clustering';
  readonly blocs: readonly Bloc[];
  readonly across: readonly BlocLink[];
  /** Actor id → bloc id. */
  readonly membership: Readonly<Record<string, number>>;
  /** Weight of positive edges across plus negative edges inside. */
  readonly disagreement: number;
  /** Total edge weight. */
  readonly totalWeight: number;
  /** 1 − disagreement / total weight. */
  readonly agreement: number;
  readonly positiveAcross: number;
  readonly negativeWithin: number;
}

/** Disagreement of a partition (cluster label per node index). */
export function disagreement(idx: SignedIndex, label: ArrayLike<number>, weighted = true): number {
  let d = 0;
  for (let e = 0; e < idx.sign.length; e++) {
    const w = weighted ? idx.weight[e]! : 1;
    const same = label[idx.eu[e]!] === label[idx.ev[e]!];
    if (same ? idx.sign[e]! < 0 : idx.sign[e]! > 0) d += w;
  }
  return d;
}

/** Finds signed blocs in the network. */
export function blocs(graph: SignedNetwork, options?: Partial<BlocsOptions>): BlocsResult {
  const opts = withDefaults(DEFAULTS, options);
  const idx = signedIndex(graph, opts.ignoreStates);
  const n = idx.nodes.length;
  const w = (e: number) => (opts.weighted ? idx.weight[e]! : 1);
  const rng = xorshift(opts.seed);

  const starts: Int32Array[] = [];
  const louvainStart = louvainPositive(idx, opts, rng);
  if (louvainStart) starts.push(louvainStart);
  for (let r = 0; r < Math.max(1, opts.restarts); r++) starts.push(Int32Array.from({ length: n }, (_, i) => i));

  let best: Int32Array | null = null;
  let bestD = Infinity;
  for (const label of starts) {
    improve(idx, label, w, rng);
    const d = disagreement(idx, label, opts.weighted);
    if (d < bestD - 1e-12) {
      bestD = d;
      best = label;
    }
  }
  const label = best ?? new Int32Array(0);

  // Renumber: largest bloc first, then by first member.
  const groups = new Map<number, number[]>();
  for (let v = 0; v < n; v++) {
    const g = groups.get(label[v]!);
    if (g) g.push(v);
    else groups.set(label[v]!, [v]);
  }
  const ordered = [...groups.values()].sort((x, y) => y.length - x.length || x[0]! - y[0]!);
  const blocOf = new Int32Array(n);
  ordered.forEach((g, i) => g.forEach((v) => (blocOf[v] = i)));

  const rel = (e: number): BlocRelation => {
    const key = idx.keys[e]!;
    const attr = graph.getEdgeAttributes(key);
    return { a: idx.nodes[idx.eu[e]!]!, b: idx.nodes[idx.ev[e]!]!, state: attr.state, sign: attr.sign, confidence: attr.confidence };
  };
  const inside = ordered.map(() => ({ positive: 0, negative: 0, relations: [] as BlocRelation[] }));
  const across = new Map<string, { a: number; b: number; positive: number; negative: number; relations: BlocRelation[] }>();
  let total = 0;
  let positiveAcross = 0;
  let negativeWithin = 0;
  for (let e = 0; e < idx.sign.length; e++) {
    total += w(e);
    const bu = blocOf[idx.eu[e]!]!;
    const bv = blocOf[idx.ev[e]!]!;
    const positive = idx.sign[e]! > 0;
    if (bu === bv) {
      const b = inside[bu]!;
      if (positive) b.positive++;
      else {
        b.negative++;
        negativeWithin++;
      }
      if (b.relations.length < opts.maxListed) b.relations.push(rel(e));
    } else {
      const [a, b] = bu < bv ? [bu, bv] : [bv, bu];
      const key = `${a}|${b}`;
      let link = across.get(key);
      if (!link) across.set(key, (link = { a, b, positive: 0, negative: 0, relations: [] }));
      if (positive) {
        link.positive++;
        positiveAcross++;
      } else link.negative++;
      if (link.relations.length < opts.maxListed) link.relations.push(rel(e));
    }
  }
  const membership: Record<string, number> = {};
  for (let v = 0; v < n; v++) membership[idx.nodes[v]!] = blocOf[v]!;
  return {
    on: graph.getAttribute('on'),
    method: 'correlation-clustering',
    blocs: ordered.map((g, i) => ({
      id: i,
      members: g.map((v) => ({ id: idx.nodes[v]!, name: graph.getNodeAttribute(idx.nodes[v]!, 'name') })),
      inside: inside[i]!,
    })),
    across: [...across.values()].sort((x, y) => x.a - y.a || x.b - y.b),
    membership,
    disagreement: round(bestD === Infinity ? 0 : bestD),
    totalWeight: round(total),
    agreement: total > 0 ? round(1 - bestD / total) : 1,
    positiveAcross,
    negativeWithin,
  };
}

/** Louvain communities of the positive subgraph, as a starting partition (null without positive edges). */
function louvainPositive(idx: SignedIndex, opts: BlocsOptions, rng: () => number): Int32Array | null {
  const pos = new graphology.UndirectedGraph<Record<string, never>, { weight: number }>();
  for (const id of idx.nodes) pos.addNode(id);
  let edges = 0;
  for (let e = 0; e < idx.sign.length; e++) {
    if (idx.sign[e]! < 0) continue;
    pos.addUndirectedEdge(idx.nodes[idx.eu[e]!]!, idx.nodes[idx.ev[e]!]!, { weight: opts.weighted ? idx.weight[e]! : 1 });
    edges++;
  }
  if (edges === 0) return null;
  const communities = louvain(pos, { getEdgeWeight: 'weight', rng });
  return Int32Array.from(idx.nodes, (id) => communities[id]!);
}

/**
 * Improves a partition in place: local moves of single nodes to the neighbouring (or a new)
 * bloc that lowers disagreement most, then greedy merges of bloc pairs with more positive than
 * negative weight between them, repeated until nothing changes.
 */
function improve(idx: SignedIndex, label: Int32Array, w: (e: number) => number, rng: () => number): void {
  const n = label.length;
  const order = Array.from({ length: n }, (_, i) => i);
  let nextLabel = n;
  for (let round = 0; round < 100; round++) {
    let changed = false;
    // Local moves.
    let moved = true;
    let passes = 0;
    while (moved && passes++ < 50) {
      moved = false;
      shuffleInPlace(order, rng);
      for (const v of order) {
        const score = new Map<number, number>(); // bloc → pos − neg weight from v
        for (const [u, e] of idx.adj[v]!) {
          const s = idx.sign[e]! > 0 ? w(e) : -w(e);
          score.set(label[u]!, (score.get(label[u]!) ?? 0) + s);
        }
        const own = score.get(label[v]!) ?? 0;
        // Moving to bloc B changes disagreement by own − score(B); a new empty bloc has score 0.
        let bestBloc = -1;
        let bestGain = 1e-12;
        for (const [b, s] of score) {
          if (b === label[v]) continue;
          const gain = s - own;
          if (gain > bestGain || (Math.abs(gain - bestGain) <= 1e-12 && bestBloc >= 0 && b < bestBloc)) {
            bestGain = gain;
            bestBloc = b;
          }
        }
        if (bestBloc < 0 && -own > 1e-12) bestBloc = nextLabel++;
        if (bestBloc >= 0) {
          label[v] = bestBloc;
          moved = true;
          changed = true;
        }
      }
    }
    // Merges.
    const between = new Map<string, number>();
    for (let e = 0; e < idx.sign.length; e++) {
      const a = label[idx.eu[e]!]!;
      const b = label[idx.ev[e]!]!;
      if (a === b) continue;
      const key = a < b ? `${a}|${b}` : `${b}|${a}`;
      between.set(key, (between.get(key) ?? 0) + (idx.sign[e]! > 0 ? w(e) : -w(e)));
    }
    let bestKey = '';
    let bestVal = 1e-12;
    for (const [k, v] of [...between].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      if (v > bestVal) {
        bestVal = v;
        bestKey = k;
      }
    }
    if (bestKey) {
      const [a, b] = bestKey.split('|').map(Number) as [number, number];
      for (let v = 0; v < n; v++) if (label[v] === b) label[v] = a;
      changed = true;
    }
    if (!changed) break;
  }
}
