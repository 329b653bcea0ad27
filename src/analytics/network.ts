/**
 * The signed network on a date: a graphology `UndirectedGraph` whose nodes are actors and whose
 * edges are the dyad states that are not `none` (sign +1 or −1, weight = confidence).
 * Directed states (supporting, member, affiliated) keep their orientation in the edge attributes.
 */
import graphology from 'graphology';
import type { UndirectedGraph } from 'graphology';
import type { Actor, ActorType, IsoDate, Relation } from '../types.js';
import { DEFAULTS as STATE_DEFAULTS, dyadStates, type DyadState, type DyadStateName, type DyadStateOptions } from './dyad-state.js';
import { pairKey, round, withDefaults } from './util.js';

/** Attributes of an actor node. */
export interface ActorNode {
  readonly id: string;
  readonly name: string;
  readonly type: ActorType | 'unknown';
}

/** Attributes of a dyad edge. */
export interface DyadEdge {
  readonly state: Exclude<DyadStateName, 'none'>;
  readonly sign: 1 | -1;
  /** Dyad confidence, 0..1; also the edge weight. */
  readonly confidence: number;
  /** Orientation of directed states; null for symmetric ones. */
  readonly direction: { readonly source: string; readonly target: string; readonly mutual: boolean } | null;
  readonly since: IsoDate | null;
  /** Number of supporting readings and of distinct documents among them. */
  readonly readings: number;
  readonly docs: number;
  /** Number of contradicting readings listed. */
  readonly contradictions: number;
}

export interface SignedNetworkAttributes {
  readonly on: IsoDate;
}

/** The signed network: undirected, one edge per dyad, keyed by the sorted pair (`a|b`). */
export type SignedNetwork = UndirectedGraph<ActorNode, DyadEdge, SignedNetworkAttributes>;

export interface NetworkOptions extends DyadStateOptions {
  /** Dyads below this confidence are left out of the graph. */
  readonly minEdgeConfidence: number;
  /** Also add actors without any edge. */
  readonly includeIsolated: boolean;
}

export const DEFAULTS: NetworkOptions = {
  ...STATE_DEFAULTS,
  minEdgeConfidence: 0,
  includeIsolated: false,
};

/** Builds the signed network of dyad states on `on`. Actor names and types come from `actors` when known. */
export function buildNetwork(
  relations: readonly Relation[],
  actors: readonly Actor[],
  on: IsoDate,
  options?: Partial<NetworkOptions>,
): SignedNetwork {
  const opts = withDefaults(DEFAULTS, options);
  const states = dyadStates(relations, on, { ...opts, actors: opts.actors ?? actors });
  return networkFromStates(states, actors, on, opts);
}

/** Builds the signed network from already computed dyad states. */
export function networkFromStates(
  states: readonly DyadState[],
  actors: readonly Actor[],
  on: IsoDate,
  options?: Partial<Pick<NetworkOptions, 'minEdgeConfidence' | 'includeIsolated'>>,
): SignedNetwork {
  const minConf = options?.minEdgeConfidence ?? 0;
  const byId = new Map(actors.map((a) => [a.id, a]));
  const graph: SignedNetwork = new graphology.UndirectedGraph<ActorNode, DyadEdge, SignedNetworkAttributes>();
  graph.replaceAttributes({ on });
  const addNode = (id: string) => {
    if (graph.hasNode(id)) return;
    const a = byId.get(id);
    graph.addNode(id, { id, name: a?.name ?? id, type: a?.type ?? 'unknown' });
  };
  if (options?.includeIsolated) for (const a of actors) addNode(a.id);
  for (const s of states) {
    if (s.state === 'none' || s.sign === 0 || s.confidence < minConf) continue;
    addNode(s.a);
    addNode(s.b);
    graph.addUndirectedEdgeWithKey(pairKey(s.a, s.b), s.a, s.b, {
      state: s.state,
      sign: s.sign,
      confidence: s.confidence,
      direction: s.direction,
      since: s.since,
      readings: s.evidence.length,
      docs: new Set(s.evidence.map((e) => e.doc)).size,
      contradictions: s.contradictions.length,
    });
  }
  return graph;
}

/** A compact, integer-indexed view of a signed network for the algorithms. */
export interface SignedIndex {
  /** Node ids, sorted; node i is `nodes[i]`. */
  readonly nodes: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** Edge endpoints (u < v as node indices), sign and weight, one entry per edge. */
  readonly eu: Int32Array;
  readonly ev: Int32Array;
  readonly sign: Int8Array;
  readonly weight: Float64Array;
  /** Edge keys, parallel to the arrays above. */
  readonly keys: readonly string[];
  /** Per node: neighbour index → edge index. */
  readonly adj: readonly Map<number, number>[];
}

/**
 * Indexes a signed network (nodes sorted by id, edges sorted by key) for deterministic algorithms.
 * Edges whose state is in `ignoreStates` are left out (their actors stay as nodes).
 */
export function signedIndex(graph: SignedNetwork, ignoreStates: readonly DyadStateName[] = []): SignedIndex {
  const nodes = [...graph.nodes()].sort();
  const index = new Map(nodes.map((n, i) => [n, i]));
  const ignore = new Set(ignoreStates);
  const edges = [...graph.edges()].filter((k) => !ignore.has(graph.getEdgeAttribute(k, 'state'))).sort();
  const m = edges.length;
  const eu = new Int32Array(m);
  const ev = new Int32Array(m);
  const sign = new Int8Array(m);
  const weight = new Float64Array(m);
  const adj: Map<number, number>[] = nodes.map(() => new Map());
  edges.forEach((key, e) => {
    const [x, y] = graph.extremities(key);
    let u = index.get(x)!;
    let v = index.get(y)!;
    if (u > v) [u, v] = [v, u];
    const attr = graph.getEdgeAttributes(key);
    eu[e] = u;
    ev[e] = v;
    sign[e] = attr.sign;
    weight[e] = attr.confidence;
    adj[u]!.set(v, e);
    adj[v]!.set(u, e);
  });
  return { nodes, index, eu, ev, sign, weight, keys: edges, adj };
}

/** One neighbour in an actor profile. */
export interface ProfileEntry {
  readonly id: string;
  readonly name: string;
  readonly state: DyadStateName;
  readonly confidence: number;
}

/** Per actor: who it stands with and against. */
export interface ActorProfile {
  readonly id: string;
  readonly name: string;
  /** Allied or in truce. */
  readonly allies: readonly ProfileEntry[];
  /** Hostile or split. */
  readonly enemies: readonly ProfileEntry[];
  /** Actors that support it, or that it is an affiliate of. */
  readonly patrons: readonly ProfileEntry[];
  /** Actors it supports, or that are its affiliates. */
  readonly clients: readonly ProfileEntry[];
  /** Actors that are members of it. */
  readonly members: readonly ProfileEntry[];
  /** Actors it is a member of. */
  readonly memberOf: readonly ProfileEntry[];
  /** Positive contact only (talks, mediation). */
  readonly contacts: readonly ProfileEntry[];
}

/** Profiles of every actor of the network, sorted by id; each list sorted by confidence. */
export function actorProfiles(graph: SignedNetwork): ActorProfile[] {
  const out: ActorProfile[] = [];
  for (const id of [...graph.nodes()].sort()) {
    const lists = {
      allies: [] as ProfileEntry[],
      enemies: [] as ProfileEntry[],
      patrons: [] as ProfileEntry[],
      clients: [] as ProfileEntry[],
      members: [] as ProfileEntry[],
      memberOf: [] as ProfileEntry[],
      contacts: [] as ProfileEntry[],
    };
    graph.forEachEdge(id, (_key, attr, s, t) => {
      const other = s === id ? t : s;
      const entry: ProfileEntry = {
        id: other,
        name: graph.getNodeAttribute(other, 'name'),
        state: attr.state,
        confidence: attr.confidence,
      };
      const outgoing = attr.direction !== null && attr.direction.source === id;
      const mutual = attr.direction?.mutual ?? false;
      switch (attr.state) {
        case 'allied':
        case 'truce':
          lists.allies.push(entry);
          break;
        case 'hostile':
        case 'split':
          lists.enemies.push(entry);
          break;
        case 'engaged':
          lists.contacts.push(entry);
          break;
        case 'supporting':
          if (outgoing || mutual) lists.clients.push(entry);
          if (!outgoing || mutual) lists.patrons.push(entry);
          break;
        case 'affiliated':
          if (outgoing || mutual) lists.patrons.push(entry);
          if (!outgoing || mutual) lists.clients.push(entry);
          break;
        case 'member':
          if (outgoing || mutual) lists.memberOf.push(entry);
          if (!outgoing || mutual) lists.members.push(entry);
          break;
      }
    });
    const byConf = (x: ProfileEntry, y: ProfileEntry) => y.confidence - x.confidence || (x.id < y.id ? -1 : 1);
    for (const l of Object.values(lists)) l.sort(byConf);
    out.push({ id, name: graph.getNodeAttribute(id, 'name'), ...lists });
  }
  return out;
}

/** A JSON summary of a network: counts, edges and profiles. */
export interface NetworkSummary {
  readonly on: IsoDate;
  readonly nodes: number;
  readonly edges: number;
  readonly positive: number;
  readonly negative: number;
  /** Share of positive edges. */
  readonly positiveShare: number;
  readonly dyads: readonly {
    readonly a: string;
    readonly b: string;
    readonly state: DyadStateName;
    readonly sign: 1 | -1;
    readonly confidence: number;
    readonly direction: DyadEdge['direction'];
  }[];
  readonly actors: readonly ActorProfile[];
}

/** Summarises a signed network as plain JSON. */
export function networkSummary(graph: SignedNetwork): NetworkSummary {
  let positive = 0;
  let negative = 0;
  const dyads: NetworkSummary['dyads'][number][] = [];
  for (const key of [...graph.edges()].sort()) {
    const attr = graph.getEdgeAttributes(key);
    const [x, y] = graph.extremities(key);
    const [a, b] = x < y ? [x, y] : [y, x];
    if (attr.sign > 0) positive++;
    else negative++;
    dyads.push({ a, b, state: attr.state, sign: attr.sign, confidence: attr.confidence, direction: attr.direction });
  }
  return {
    on: graph.getAttribute('on'),
    nodes: graph.order,
    edges: graph.size,
    positive,
    negative,
    positiveShare: graph.size > 0 ? round(positive / graph.size) : 0,
    dyads,
    actors: actorProfiles(graph),
  };
}
