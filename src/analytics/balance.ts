/**
 * Structural balance of a signed network: triads (triangles) and their signs, the share of
 * balanced triads against a null model that shuffles signs over the same edges, and the
 * frustration index (fewest edges whose sign must change for the network to split into two
 * camps with only positive edges inside and negative edges across).
 */
import type { IsoDate } from '../types.js';
import type { DyadStateName } from './dyad-state.js';
import { signedIndex, type SignedIndex, type SignedNetwork } from './network.js';
import { round, shuffleInPlace, withDefaults, xorshift } from './util.js';

export interface BalanceOptions {
  /** Dyad states left out of the signed graph for this analysis (default: `engaged`, i.e. talks are not ties). */
  readonly ignoreStates: readonly DyadStateName[];
  /** Null-model samples (sign shuffles). */
  readonly samples: number;
  /** RNG seed for the null model and the frustration search. */
  readonly seed: number;
  /** At most this many unbalanced triads are listed (all are counted). */
  readonly maxListed: number;
  /** Connected components up to this many nodes get the exact frustration index (2^(n−1) colourings). */
  readonly exactMaxNodes: number;
  /** Random restarts of the local search on larger components. */
  readonly restarts: number;
}

export const DEFAULTS: BalanceOptions = {
  samples: 1000,
  seed: 42,
  maxListed: 100,
  exactMaxNodes: 20,
  restarts: 30,
  ignoreStates: ['engaged'],
};

export type TriadType = '+++' | '++-' | '+--' | '---';

/** One triangle of the network. */
export interface Triad {
  /** The three actors, sorted. */
  readonly actors: readonly [string, string, string];
  /** Signs of the edges a–b, a–c, b–c. */
  readonly signs: readonly [1 | -1, 1 | -1, 1 | -1];
  readonly type: TriadType;
  readonly balanced: boolean;
}

/** Triangles as triples of edge indices (ab, ac, bc) and node indices. */
export interface TriangleList {
  readonly count: number;
  readonly nodes: Int32Array;
  readonly edges: Int32Array;
}

/** Enumerates every triangle once (node order a < b < c). */
export function triangles(idx: SignedIndex): TriangleList {
  const nodes: number[] = [];
  const edges: number[] = [];
  const n = idx.nodes.length;
  for (let a = 0; a < n; a++) {
    const na = idx.adj[a]!;
    for (const [b, eab] of na) {
      if (b <= a) continue;
      const nb = idx.adj[b]!;
      for (const [c, ebc] of nb) {
        if (c <= b) continue;
        const eac = na.get(c);
        if (eac === undefined) continue;
        nodes.push(a, b, c);
        edges.push(eab, eac, ebc);
      }
    }
  }
  return { count: nodes.length / 3, nodes: Int32Array.from(nodes), edges: Int32Array.from(edges) };
}

/** Number of balanced triangles (product of the three signs positive) under a sign array. */
export function countBalanced(tri: TriangleList, sign: Int8Array): number {
  let k = 0;
  const e = tri.edges;
  for (let t = 0; t < tri.count; t++) {
    if (sign[e[3 * t]!]! * sign[e[3 * t + 1]!]! * sign[e[3 * t + 2]!]! > 0) k++;
  }
  return k;
}

/** A copy of the signs shuffled over the same edges (same edge count, same number of each sign). */
export function shuffleSigns(sign: Int8Array, rng: () => number): Int8Array {
  const copy = Int8Array.from(sign);
  shuffleInPlace(copy, rng);
  return copy;
}

export interface FrustrationResult {
  /** Best (lowest) number of frustrated edges found: the frustration index when `exact`, else an upper bound. */
  readonly index: number;
  /** Lower bound: edge-disjoint unbalanced triangles (each needs one frustrated edge); equal to `index` when exact. */
  readonly lowerBound: number;
  readonly exact: boolean;
  /** 1 − index / (edges / 2): 1 = perfectly balanced, 0 = as frustrated as a random colouring. */
  readonly normalized: number;
  /** The two camps of the best colouring (per component, the larger camp is put first). */
  readonly camps: readonly [readonly string[], readonly string[]];
  /** Edges against the camps: negative inside a camp or positive across. */
  readonly frustratedEdges: readonly { readonly a: string; readonly b: string; readonly sign: 1 | -1 }[];
}

export interface BalanceResult {
  readonly on: IsoDate;
  readonly nodes: number;
  readonly edges: number;
  readonly positiveEdges: number;
  readonly negativeEdges: number;
  readonly triads: number;
  readonly balancedTriads: number;
  /** Balanced triads / triads (1 when there are no triads). */
  readonly balancedShare: number;
  readonly census: Readonly<Record<TriadType, number>>;
  /** The null model: signs shuffled over the same edges. */
  readonly nullModel: {
    readonly samples: number;
    readonly seed: number;
    /** Mean and standard deviation of the balanced share under shuffles. */
    readonly mean: number;
    readonly sd: number;
    /** (observed − mean) / sd; 0 when sd is 0. */
    readonly z: number;
    /** Share of shuffles at least as balanced as observed (with +1 smoothing). */
    readonly pValue: number;
    /** Expected share if signs were independent with the observed positive share p: p³ + 3p(1−p)². */
    readonly expectedIndependent: number;
  };
  readonly frustration: FrustrationResult;
  /** Unbalanced triads (at most `maxListed`), the ones with the most confident edges first. */
  readonly unbalanced: readonly Triad[];
}

const TYPE_OF_NEG: readonly TriadType[] = ['+++', '++-', '+--', '---'];

/** Structural balance of the network. */
export function balance(graph: SignedNetwork, options?: Partial<BalanceOptions>): BalanceResult {
  const opts = withDefaults(DEFAULTS, options);
  const idx = signedIndex(graph, opts.ignoreStates);
  const tri = triangles(idx);
  const m = idx.sign.length;
  let positiveEdges = 0;
  for (let e = 0; e < m; e++) if (idx.sign[e]! > 0) positiveEdges++;
  const census: Record<TriadType, number> = { '+++': 0, '++-': 0, '+--': 0, '---': 0 };
  const unbalancedAll: { t: number; w: number }[] = [];
  for (let t = 0; t < tri.count; t++) {
    let neg = 0;
    let w = 0;
    for (let k = 0; k < 3; k++) {
      const e = tri.edges[3 * t + k]!;
      if (idx.sign[e]! < 0) neg++;
      w += idx.weight[e]!;
    }
    census[TYPE_OF_NEG[neg]!]++;
    if (neg % 2 === 1) unbalancedAll.push({ t, w });
  }
  const balancedTriads = tri.count - unbalancedAll.length;
  const share = tri.count > 0 ? balancedTriads / tri.count : 1;

  // Null model.
  const rng = xorshift(opts.seed);
  let sum = 0;
  let sumSq = 0;
  let atLeast = 0;
  const samples = tri.count > 0 ? opts.samples : 0;
  const shuffled = Int8Array.from(idx.sign);
  for (let s = 0; s < samples; s++) {
    shuffleInPlace(shuffled, rng);
    const x = countBalanced(tri, shuffled) / tri.count;
    sum += x;
    sumSq += x * x;
    if (x >= share - 1e-12) atLeast++;
  }
  const mean = samples > 0 ? sum / samples : share;
  const sd = samples > 1 ? Math.sqrt(Math.max(0, (sumSq - samples * mean * mean) / (samples - 1))) : 0;
  const p = m > 0 ? positiveEdges / m : 1;

  unbalancedAll.sort((x, y) => y.w - x.w || x.t - y.t);
  const unbalanced = unbalancedAll.slice(0, opts.maxListed).map(({ t }) => triadOf(idx, tri, t));

  return {
    on: graph.getAttribute('on'),
    nodes: idx.nodes.length,
    edges: m,
    positiveEdges,
    negativeEdges: m - positiveEdges,
    triads: tri.count,
    balancedTriads,
    balancedShare: round(share),
    census,
    nullModel: {
      samples,
      seed: opts.seed,
      mean: round(mean),
      sd: round(sd),
      z: sd > 0 ? round((share - mean) / sd, 3) : 0,
      pValue: samples > 0 ? round((atLeast + 1) / (samples + 1)) : 1,
      expectedIndependent: round(p ** 3 + 3 * p * (1 - p) ** 2),
    },
    frustration: frustrationOf(idx, tri, opts),
    unbalanced,
  };
}

function triadOf(idx: SignedIndex, tri: TriangleList, t: number): Triad {
  const s = [0, 1, 2].map((k) => idx.sign[tri.edges[3 * t + k]!]! as 1 | -1) as [1 | -1, 1 | -1, 1 | -1];
  const neg = s.filter((x) => x < 0).length;
  return {
    actors: [idx.nodes[tri.nodes[3 * t]!]!, idx.nodes[tri.nodes[3 * t + 1]!]!, idx.nodes[tri.nodes[3 * t + 2]!]!],
    signs: s,
    type: TYPE_OF_NEG[neg]!,
    balanced: neg % 2 === 0,
  };
}

/** The frustration index of a signed network (exact on small components, bounded on large ones). */
export function frustration(graph: SignedNetwork, options?: Partial<BalanceOptions>): FrustrationResult {
  const opts = withDefaults(DEFAULTS, options);
  const idx = signedIndex(graph, opts.ignoreStates);
  return frustrationOf(idx, triangles(idx), opts);
}

/** Connected components as lists of node indices (ascending). */
function components(idx: SignedIndex): number[][] {
  const n = idx.nodes.length;
  const comp = new Int32Array(n).fill(-1);
  const out: number[][] = [];
  for (let s = 0; s < n; s++) {
    if (comp[s] !== -1) continue;
    const list = [s];
    comp[s] = out.length;
    for (let i = 0; i < list.length; i++) {
      for (const v of idx.adj[list[i]!]!.keys()) {
        if (comp[v] === -1) {
          comp[v] = out.length;
          list.push(v);
        }
      }
    }
    out.push(list.sort((x, y) => x - y));
  }
  return out;
}

function frustrationOf(idx: SignedIndex, tri: TriangleList, opts: BalanceOptions): FrustrationResult {
  const n = idx.nodes.length;
  const m = idx.sign.length;
  const side = new Int8Array(n); // 0 or 1
  let total = 0;
  let allExact = true;
  const rng = xorshift(opts.seed ^ 0x5bd1e995);
  // Pendant trees never need a frustrated edge: solve the 2-core, then colour the trees along their signs.
  const { core, order, parent } = peel(idx);
  for (const comp of components(core)) {
    if (comp.length <= 1) continue;
    if (comp.length <= opts.exactMaxNodes) total += exactComponent(core, comp, side);
    else {
      allExact = false;
      total += heuristicComponent(core, comp, side, opts.restarts, rng);
    }
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const v = order[k]!;
    const p = parent[v]!;
    if (p < 0) side[v] = 0;
    else side[v] = idx.sign[idx.adj[v]!.get(p)!]! > 0 ? side[p]! : ((1 - side[p]!) as 0 | 1);
  }
  for (const comp of components(idx)) {
    // Larger camp first.
    let ones = 0;
    for (const v of comp) ones += side[v]!;
    if (ones * 2 > comp.length) for (const v of comp) side[v] = 1 - side[v]!;
  }
  const lower = allExact ? total : Math.max(trianglePacking(idx, tri), cyclePacking(core));
  const camps: [string[], string[]] = [[], []];
  for (let v = 0; v < n; v++) camps[side[v]!]!.push(idx.nodes[v]!);
  const frustratedEdges: FrustrationResult['frustratedEdges'][number][] = [];
  for (let e = 0; e < m; e++) {
    const same = side[idx.eu[e]!] === side[idx.ev[e]!];
    if (same !== idx.sign[e]! > 0) {
      frustratedEdges.push({ a: idx.nodes[idx.eu[e]!]!, b: idx.nodes[idx.ev[e]!]!, sign: idx.sign[e] as 1 | -1 });
    }
  }
  return {
    index: total,
    lowerBound: lower,
    exact: allExact,
    normalized: m > 0 ? round(1 - total / (m / 2)) : 1,
    camps,
    frustratedEdges,
  };
}

/**
 * Peels pendant actors (degree ≤ 1, repeatedly): `core` is the index restricted to the 2-core
 * (same numbering, adjacency of core nodes only); `order` the peeled nodes in peeling order with
 * `parent` the neighbour each hung from (−1 for the last node of a tree).
 */
function peel(idx: SignedIndex): { core: SignedIndex; order: number[]; parent: Int32Array } {
  const n = idx.nodes.length;
  const deg = Int32Array.from(idx.adj, (a) => a.size);
  const removed = new Uint8Array(n);
  const parent = new Int32Array(n).fill(-1);
  const order: number[] = [];
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (deg[v]! <= 1) queue.push(v);
  while (queue.length > 0) {
    const v = queue.pop()!;
    if (removed[v]) continue;
    removed[v] = 1;
    order.push(v);
    for (const u of idx.adj[v]!.keys()) {
      if (removed[u]) continue;
      parent[v] = u;
      deg[u]--;
      if (deg[u]! <= 1) queue.push(u);
    }
  }
  const adj = idx.adj.map((a, v) => {
    const out = new Map<number, number>();
    if (!removed[v]) for (const [u, e] of a) if (!removed[u]) out.set(u, e);
    return out;
  });
  return { core: { ...idx, adj }, order, parent };
}

/** Lower bound: greedy packing of edge-disjoint unbalanced triangles. */
function trianglePacking(idx: SignedIndex, tri: TriangleList): number {
  const used = new Uint8Array(idx.sign.length);
  let k = 0;
  for (let t = 0; t < tri.count; t++) {
    const e0 = tri.edges[3 * t]!;
    const e1 = tri.edges[3 * t + 1]!;
    const e2 = tri.edges[3 * t + 2]!;
    if (idx.sign[e0]! * idx.sign[e1]! * idx.sign[e2]! > 0) continue;
    if (used[e0] || used[e1] || used[e2]) continue;
    used[e0] = used[e1] = used[e2] = 1;
    k++;
  }
  return k;
}

/**
 * Lower bound: greedy packing of edge-disjoint unbalanced cycles. Repeatedly colour a BFS forest
 * along the signs of the remaining edges; an edge against that colouring closes an unbalanced
 * cycle with the tree paths; the shortest such cycle is removed and counted.
 */
function cyclePacking(idx: SignedIndex): number {
  const n = idx.nodes.length;
  const gone = new Uint8Array(idx.sign.length);
  let count = 0;
  for (;;) {
    const side = new Int8Array(n);
    const depth = new Int32Array(n).fill(-1);
    const up = new Int32Array(n).fill(-1); // tree edge to the parent
    const upNode = new Int32Array(n).fill(-1);
    for (let s = 0; s < n; s++) {
      if (depth[s] !== -1 || idx.adj[s]!.size === 0) continue;
      depth[s] = 0;
      const queue = [s];
      for (let i = 0; i < queue.length; i++) {
        const v = queue[i]!;
        for (const [u, e] of idx.adj[v]!) {
          if (gone[e] || depth[u] !== -1) continue;
          depth[u] = depth[v]! + 1;
          side[u] = idx.sign[e]! > 0 ? side[v]! : ((1 - side[v]!) as 0 | 1);
          up[u] = e;
          upNode[u] = v;
          queue.push(u);
        }
      }
    }
    let bestEdge = -1;
    let bestLen = Infinity;
    for (let e = 0; e < idx.sign.length; e++) {
      if (gone[e]) continue;
      const a = idx.eu[e]!;
      const b = idx.ev[e]!;
      if (idx.adj[a]!.get(b) !== e || depth[a] === -1) continue;
      if ((side[a] === side[b]) === idx.sign[e]! > 0) continue;
      // Cycle length: tree paths to the lowest common ancestor, plus the edge.
      let x = a;
      let y = b;
      let len = 1;
      while (x !== y) {
        if (depth[x]! >= depth[y]!) x = upNode[x]!;
        else y = upNode[y]!;
        len++;
      }
      if (len < bestLen) {
        bestLen = len;
        bestEdge = e;
      }
    }
    if (bestEdge < 0) return count;
    let x = idx.eu[bestEdge]!;
    let y = idx.ev[bestEdge]!;
    gone[bestEdge] = 1;
    while (x !== y) {
      if (depth[x]! >= depth[y]!) {
        gone[up[x]!] = 1;
        x = upNode[x]!;
      } else {
        gone[up[y]!] = 1;
        y = upNode[y]!;
      }
    }
    count++;
  }
}

/** Number of frustrated edges incident to v under `side`, and not frustrated. */
function incident(idx: SignedIndex, v: number, side: Int8Array): { bad: number; good: number } {
  let bad = 0;
  let good = 0;
  for (const [u, e] of idx.adj[v]!) {
    const same = side[u] === side[v];
    if (same !== idx.sign[e]! > 0) bad++;
    else good++;
  }
  return { bad, good };
}

function countFrustrated(idx: SignedIndex, comp: readonly number[], side: Int8Array): number {
  let f = 0;
  for (const v of comp) {
    for (const [u, e] of idx.adj[v]!) {
      if (u <= v) continue;
      if ((side[u] === side[v]) !== idx.sign[e]! > 0) f++;
    }
  }
  return f;
}

/** Exact minimum over all 2-colourings (the first node fixed), by Gray-code enumeration. */
function exactComponent(idx: SignedIndex, comp: readonly number[], side: Int8Array): number {
  for (const v of comp) side[v] = 0;
  let f = countFrustrated(idx, comp, side);
  let best = f;
  let bestMask = 0;
  let mask = 0;
  const k = comp.length - 1;
  const steps = 2 ** k;
  for (let i = 1; i < steps; i++) {
    // Flip the node at the lowest set bit of i (Gray code), skipping comp[0].
    let bit = 0;
    while (((i >> bit) & 1) === 0) bit++;
    const v = comp[bit + 1]!;
    const { bad, good } = incident(idx, v, side);
    side[v] = 1 - side[v]!;
    f += good - bad;
    mask ^= 1 << bit;
    if (f < best) {
      best = f;
      bestMask = mask;
    }
  }
  side[comp[0]!] = 0;
  for (let bit = 0; bit < k; bit++) side[comp[bit + 1]!] = ((bestMask >> bit) & 1) as 0 | 1;
  return best;
}

/** Best of several local searches (single-node flips until no flip helps) from random BFS colourings. */
function heuristicComponent(
  idx: SignedIndex,
  comp: readonly number[],
  side: Int8Array,
  restarts: number,
  rng: () => number,
): number {
  let best = Infinity;
  const bestSide = new Int8Array(comp.length);
  const order = [...comp];
  for (let r = 0; r < Math.max(1, restarts); r++) {
    // BFS colouring that follows edge signs from a random root.
    shuffleInPlace(order, rng);
    const seen = new Set<number>([order[0]!]);
    side[order[0]!] = 0;
    const queue = [order[0]!];
    for (let i = 0; i < queue.length; i++) {
      const v = queue[i]!;
      const nbrs = [...idx.adj[v]!];
      shuffleInPlace(nbrs, rng);
      for (const [u, e] of nbrs) {
        if (seen.has(u)) continue;
        seen.add(u);
        side[u] = idx.sign[e]! > 0 ? side[v]! : ((1 - side[v]!) as 0 | 1);
        queue.push(u);
      }
    }
    // Local search.
    let improved = true;
    while (improved) {
      improved = false;
      for (const v of order) {
        const { bad, good } = incident(idx, v, side);
        if (bad > good) {
          side[v] = 1 - side[v]!;
          improved = true;
        }
      }
    }
    const f = countFrustrated(idx, comp, side);
    if (f < best) {
      best = f;
      comp.forEach((v, i) => (bestSide[i] = side[v]!));
    }
  }
  comp.forEach((v, i) => (side[v] = bestSide[i]!));
  return best;
}
