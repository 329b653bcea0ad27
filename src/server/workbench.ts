/**
 * The analyst's workbench: one library function per API route, over a store and the analytics.
 * HTTP handlers stay thin (validate, call one method, serialise); the CLI or tests may call these
 * methods directly.
 *
 * Every relation of the store is read once and cached (the analytics are pure functions over
 * `Relation[]`); writes (ingest, review) drop the cache.
 */
import type { ActorDictionary } from '../actors/dictionary.js';
import { normaliseName } from '../actors/normalise.js';
import {
  acceptCandidate,
  findCandidate,
  ignoreCandidate,
  listPendingCandidates,
  mergeCandidate,
  readUserActors,
  reviewDictionary,
  type ReviewResult,
  type ReviewTarget,
} from '../actors/review.js';
import {
  actorProfiles,
  balance,
  blocs,
  buildNetwork,
  changes,
  dyadState,
  predict,
  type BalanceResult,
  type BlocsResult,
  type DyadChange,
  type DyadEdge,
  type DyadState,
  type PairPrediction,
  type ProfileEntry,
  type SignedNetwork,
} from '../analytics/index.js';
import { ERROR_CODES, FaultlineError, UsageError } from '../errors.js';
import {
  EXPORT_MEDIA,
  networkToGexf,
  networkToGraphml,
  relationsToCsv,
  relationsToJsonl,
  relationsToPlover,
  type ExportFormat,
} from '../export/index.js';
import type { Candidate, RelationFilter, Store, StoredRelation, StoreStats } from '../store/store.js';
import type { Actor, ActorType, Article, IsoDate, ReadIssue, RelationType } from '../types.js';
import { candidateId } from '../relations/view.js';
import { IngestJobs, type IngestJob, type PipelineLoader } from './jobs.js';

/** A review decision as the API takes it (`POST /api/candidates/review`). */
export type ReviewAction =
  | { readonly action: 'accept'; readonly key: string; readonly name?: string; readonly id?: string; readonly type: ActorType; readonly parent?: string; readonly country?: string }
  | { readonly action: 'merge'; readonly key: string; readonly into: string }
  | { readonly action: 'ignore'; readonly key: string };

/** A page of a list: the items, where it starts, and the offset of the next page (null at the end). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly limit: number;
  readonly offset: number;
  /** Total count when it is known cheaply. */
  readonly total?: number;
  readonly next: number | null;
}

export interface PageArgs {
  readonly limit: number;
  readonly offset: number;
}

function page<T>(all: readonly T[], p: PageArgs): Page<T> {
  const items = all.slice(p.offset, p.offset + p.limit);
  return { items, limit: p.limit, offset: p.offset, total: all.length, next: p.offset + p.limit < all.length ? p.offset + p.limit : null };
}

export interface ActorSummary {
  readonly id: string;
  readonly name: string;
  readonly type: ActorType;
  readonly aliases: readonly string[];
  readonly parent?: string;
  /** Readings (relations) the actor takes part in. */
  readonly relations: number;
  /** True when the actor comes from review (the user dictionary). */
  readonly reviewed: boolean;
}

export interface NetworkNode {
  readonly id: string;
  readonly name: string;
  readonly type: ActorType | 'unknown';
  /** Readings involving the actor that started on or before the date. */
  readonly activity: number;
  readonly bloc?: number;
  readonly parent?: string;
  readonly reviewed?: boolean;
}

/** An edge of the network view: the dyad edge of the analytics with its pair. */
export interface NetworkEdge extends DyadEdge {
  /** Sorted pair `a|b`. */
  readonly key: string;
  readonly a: string;
  readonly b: string;
}

export interface NetworkView {
  readonly on: IsoDate;
  readonly nodes: readonly NetworkNode[];
  readonly edges: readonly NetworkEdge[];
  readonly positive: number;
  readonly negative: number;
}

export interface NetworkQuery {
  readonly on: IsoDate;
  readonly actorTypes?: readonly ActorType[];
  readonly relationTypes?: readonly RelationType[];
  readonly minConfidence?: number;
  /** Compute blocs and put each node's bloc id on it. */
  readonly blocs?: boolean;
  /** Substring of actor names: keep matching actors and their neighbours. */
  readonly q?: string;
}

/** Every pair that has readings at any time, for a stable layout across dates. */
export interface NetworkOverview {
  readonly range: { readonly start: IsoDate | null; readonly end: IsoDate | null };
  readonly nodes: readonly NetworkNode[];
  readonly pairs: readonly { readonly a: string; readonly b: string; readonly readings: number; readonly positive: number; readonly negative: number }[];
}

export interface ArticleRef {
  readonly id: string;
  readonly date: IsoDate;
  readonly title?: string;
  readonly source?: string;
  readonly url?: string;
}

/** A reading with its article and the actor words located in the sentence (for highlighting). */
export interface EvidenceReading extends StoredRelation {
  readonly article: ArticleRef | null;
  /** Offsets of the source and target words inside `sentence.text` (null when outside it). */
  readonly highlight: { readonly source: readonly [number, number] | null; readonly target: readonly [number, number] | null };
}

export interface DyadView {
  readonly a: { readonly id: string; readonly name: string };
  readonly b: { readonly id: string; readonly name: string };
  readonly on: IsoDate;
  readonly state: Pick<DyadState, 'state' | 'sign' | 'confidence' | 'direction' | 'since' | 'lastSeen'>;
  /** The state right after each reading started (how the pair moved). */
  readonly history: readonly { readonly date: IsoDate; readonly state: string; readonly sign: 1 | -1 | 0; readonly confidence: number }[];
  readonly readings: Page<EvidenceReading>;
}

export interface ActorDetail {
  readonly actor: Actor;
  readonly on: IsoDate;
  readonly parent: { readonly id: string; readonly name: string } | null;
  readonly members: readonly { readonly id: string; readonly name: string }[];
  readonly allies: readonly ProfileEntry[];
  readonly enemies: readonly ProfileEntry[];
  readonly patrons: readonly ProfileEntry[];
  readonly clients: readonly ProfileEntry[];
  readonly contacts: readonly ProfileEntry[];
  /** Readings per month, by sign. */
  readonly timeline: readonly { readonly month: string; readonly positive: number; readonly negative: number; readonly neutral: number }[];
  readonly relations: number;
  readonly reviewed: boolean;
}

export interface StatsView extends StoreStats {
  readonly range: { readonly start: IsoDate | null; readonly end: IsoDate | null };
  readonly candidates: number;
  readonly relationTypes: Readonly<Partial<Record<RelationType, number>>>;
  readonly actorTypes: Readonly<Partial<Record<string, number>>>;
}

export interface ExportResult {
  readonly format: ExportFormat;
  readonly contentType: string;
  readonly filename: string;
  readonly body: string;
}

export interface WorkbenchOptions {
  readonly store: Store;
  /** Database location: the user dictionary and ignored list live next to it. */
  readonly dbPath: string;
  /** Loads the article pipeline for ingest (default: the built-in one, with the user dictionary). */
  readonly loadPipeline?: PipelineLoader;
}


/** Offsets of [start, end) relative to a sentence starting at `base`, when inside it. */
function within(start: number, end: number, base: number, len: number): readonly [number, number] | null {
  const s = start - base, e = end - base;
  return s >= 0 && e <= len && s < e ? [s, e] : null;
}

/** Readings per actor (as source or target); with `on`, only those started by then. */
function activityOf(relations: readonly StoredRelation[], on?: IsoDate): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of relations) {
    if (on !== undefined && r.time.start > on) continue;
    for (const id of [r.source.actor, r.target.actor]) out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

function todayOr(end: IsoDate | null): IsoDate {
  return end ?? new Date().toISOString().slice(0, 10);
}

export class Workbench {
  readonly store: Store;
  readonly dbPath: string;
  readonly jobs: IngestJobs;
  private cache: Promise<{ relations: StoredRelation[]; actors: Actor[]; byId: Map<string, Actor> }> | undefined;
  /** The review dictionary (built-in + user), loaded on first use and dropped by a review. */
  private dictionary: ActorDictionary | undefined;

  constructor(options: WorkbenchOptions) {
    this.store = options.store;
    this.dbPath = options.dbPath;
    this.jobs = new IngestJobs({
      store: this.store,
      dbPath: this.dbPath,
      ...(options.loadPipeline ? { loadPipeline: options.loadPipeline } : {}),
      onStored: () => this.invalidate(),
    });
  }

  /** Drops the cached relations and actors (after a write). */
  invalidate(): void {
    this.cache = undefined;
  }

  private data(): Promise<{ relations: StoredRelation[]; actors: Actor[]; byId: Map<string, Actor> }> {
    this.cache ??= (async () => {
      const relations: StoredRelation[] = [];
      const size = 5000;
      for (let offset = 0; ; offset += size) {
        const batch = await this.store.listRelations({ limit: size, offset });
        relations.push(...batch);
        if (batch.length < size) break;
      }
      const actors = await this.store.listActors();
      return { relations, actors, byId: new Map(actors.map((a) => [a.id, a])) };
    })();
    this.cache.catch(() => (this.cache = undefined));
    return this.cache;
  }

  private async actorOrThrow(id: string): Promise<Actor> {
    const { byId } = await this.data();
    const a = byId.get(id);
    if (!a) throw new FaultlineError(ERROR_CODES.UNKNOWN_ACTOR, `no actor "${id}" in the database`);
    return a;
  }

  /** The date range of the readings. */
  async range(): Promise<{ start: IsoDate | null; end: IsoDate | null }> {
    const { relations } = await this.data();
    let start: string | null = null, end: string | null = null;
    for (const r of relations) {
      if (start === null || r.time.start < start) start = r.time.start;
      if (end === null || r.time.start > end) end = r.time.start;
    }
    return { start, end };
  }

  /** Counts of the store, the date range, candidates, and readings per type. */
  async stats(): Promise<StatsView> {
    const s = await this.store.stats();
    const { relations, actors } = await this.data();
    const relationTypes: Partial<Record<RelationType, number>> = {};
    for (const r of relations) relationTypes[r.type] = (relationTypes[r.type] ?? 0) + 1;
    const actorTypes: Record<string, number> = {};
    for (const a of actors) actorTypes[a.type] = (actorTypes[a.type] ?? 0) + 1;
    const candidates = (await this.pendingCandidates()).length;
    return { ...s, range: await this.range(), candidates, relationTypes, actorTypes };
  }

  /** Actors matching a search (name, id or alias; case- and accent-insensitive), most active first. */
  async searchActors(q: { q?: string; type?: ActorType } & PageArgs): Promise<Page<ActorSummary>> {
    const { relations, actors } = await this.data();
    const counts = activityOf(relations);
    const user = new Set(readUserActors(this.dbPath).map((a) => a.id));
    const key = q.q ? normaliseName(q.q) : '';
    const hits = actors.filter((a) => {
      if (q.type && a.type !== q.type) return false;
      if (!key) return true;
      return a.id.includes(key.replace(/\s+/g, '_')) || [a.name, ...a.aliases].some((n) => normaliseName(n).includes(key));
    });
    const rows = hits
      .map((a): ActorSummary => ({
        id: a.id, name: a.name, type: a.type, aliases: a.aliases,
        ...(a.parent ? { parent: a.parent } : {}),
        relations: counts.get(a.id) ?? 0,
        reviewed: user.has(a.id),
      }))
      .sort((x, y) => {
        // Exact name hits first, then activity.
        const ex = key ? Number(normaliseName(y.name) === key) - Number(normaliseName(x.name) === key) : 0;
        return ex || y.relations - x.relations || x.name.localeCompare(y.name);
      });
    return page(rows, q);
  }

  /** One actor: aliases, type, parent and members, allies and enemies on a date, a monthly timeline. */
  async actorDetail(id: string, on?: IsoDate): Promise<ActorDetail> {
    const actor = await this.actorOrThrow(id);
    const { relations, actors, byId } = await this.data();
    const date = on ?? todayOr((await this.range()).end);
    const mine = relations.filter((r) => r.source.actor === id || r.target.actor === id);
    const graph = buildNetwork(mine, actors, date);
    const profile = graph.hasNode(id) ? actorProfiles(graph).find((p) => p.id === id) : undefined;
    const months = new Map<string, { positive: number; negative: number; neutral: number }>();
    for (const r of mine) {
      const m = r.time.start.slice(0, 7);
      const row = months.get(m) ?? { positive: 0, negative: 0, neutral: 0 };
      if (r.polarity > 0) row.positive++;
      else if (r.polarity < 0) row.negative++;
      else row.neutral++;
      months.set(m, row);
    }
    const parent = actor.parent ? { id: actor.parent, name: byId.get(actor.parent)?.name ?? actor.parent } : null;
    const members = new Map<string, { id: string; name: string }>();
    for (const a of actors) if (a.parent === id) members.set(a.id, { id: a.id, name: a.name });
    for (const m of profile?.members ?? []) members.set(m.id, { id: m.id, name: m.name });
    return {
      actor,
      on: date,
      parent,
      members: [...members.values()].sort((x, y) => x.name.localeCompare(y.name)),
      allies: profile?.allies ?? [],
      enemies: profile?.enemies ?? [],
      patrons: profile?.patrons ?? [],
      clients: profile?.clients ?? [],
      contacts: profile?.contacts ?? [],
      timeline: [...months].sort((x, y) => x[0].localeCompare(y[0])).map(([month, c]) => ({ month, ...c })),
      relations: mine.length,
      reviewed: readUserActors(this.dbPath).some((a) => a.id === id),
    };
  }

  /** Stored relations, filtered and paged (the store does the filtering). */
  async relations(filter: Omit<RelationFilter, 'limit' | 'offset'> & PageArgs): Promise<Page<StoredRelation>> {
    const rows = await this.store.listRelations({ ...filter, limit: filter.limit + 1 });
    const items = rows.slice(0, filter.limit);
    return { items, limit: filter.limit, offset: filter.offset ?? 0, next: rows.length > filter.limit ? filter.offset + filter.limit : null };
  }

  private articleCache = new Map<string, ArticleRef | null>();

  private async articleRef(id: string): Promise<ArticleRef | null> {
    if (this.articleCache.has(id)) return this.articleCache.get(id)!;
    const a: Article | undefined = await this.store.getArticle(id);
    const ref = a
      ? { id: a.id, date: a.date, ...(a.title ? { title: a.title } : {}), ...(a.source ? { source: a.source } : {}), ...(a.url ? { url: a.url } : {}) }
      : null;
    if (this.articleCache.size > 10_000) this.articleCache.clear();
    this.articleCache.set(id, ref);
    return ref;
  }

  /** The timeline of readings between two actors with their evidence, and the pair's state on a date. */
  async dyad(a: string, b: string, q: { on?: IsoDate } & PageArgs): Promise<DyadView> {
    const x = await this.actorOrThrow(a), y = await this.actorOrThrow(b);
    const { actors } = await this.data();
    const rels = await this.store.listRelations({ actor: a, other: b });
    const on = q.on ?? todayOr((await this.range()).end);
    const s = dyadState(rels, a, b, on, { actors });
    const history: DyadView['history'][number][] = [];
    for (const d of [...new Set(rels.map((r) => r.time.start))].sort()) {
      const h = dyadState(rels, a, b, d, { actors });
      const prev = history[history.length - 1];
      if (!prev || prev.state !== h.state) history.push({ date: d, state: h.state, sign: h.sign, confidence: h.confidence });
    }
    const readings = page(rels, q);
    const items: EvidenceReading[] = [];
    for (const r of readings.items) {
      const len = r.sentence.text.length;
      items.push({
        ...r,
        article: await this.articleRef(r.doc),
        highlight: {
          source: within(r.source.start, r.source.end, r.sentence.start, len),
          target: within(r.target.start, r.target.end, r.sentence.start, len),
        },
      });
    }
    return {
      a: { id: x.id, name: x.name },
      b: { id: y.id, name: y.name },
      on,
      state: { state: s.state, sign: s.sign, confidence: s.confidence, direction: s.direction, since: s.since, lastSeen: s.lastSeen },
      history,
      readings: { ...readings, items },
    };
  }

  private async graphOn(on: IsoDate, relationTypes?: readonly RelationType[], minConfidence = 0): Promise<{ graph: SignedNetwork; relations: StoredRelation[] }> {
    const { relations, actors } = await this.data();
    const rels = relationTypes?.length ? relations.filter((r) => relationTypes.includes(r.type)) : relations;
    return { graph: buildNetwork(rels, actors, on, { minEdgeConfidence: minConfidence }), relations: rels };
  }

  /** The signed network on a date, filtered, with node activity (and blocs on request). */
  async network(q: NetworkQuery): Promise<NetworkView> {
    const { byId } = await this.data();
    const { graph, relations } = await this.graphOn(q.on, q.relationTypes, q.minConfidence ?? 0);
    const user = readUserActors(this.dbPath);
    // Reviewed actors are always shown, even before relations are read for them.
    for (const a of user) {
      if (!graph.hasNode(a.id) && byId.has(a.id)) graph.addNode(a.id, { id: a.id, name: a.name, type: a.type });
    }
    if (q.actorTypes?.length) {
      for (const n of [...graph.nodes()]) if (!q.actorTypes.includes(graph.getNodeAttribute(n, 'type') as ActorType)) graph.dropNode(n);
    }
    if (q.q) {
      const key = normaliseName(q.q);
      const hits = graph.filterNodes((_n, attr) => normaliseName(attr.name).includes(key) || (byId.get(attr.id)?.aliases ?? []).some((s) => normaliseName(s).includes(key)));
      const keep = new Set(hits);
      for (const h of hits) for (const nb of graph.neighbors(h)) keep.add(nb);
      for (const n of [...graph.nodes()]) if (!keep.has(n)) graph.dropNode(n);
    }
    const activity = activityOf(relations, q.on);
    const membership = q.blocs && graph.size > 0 ? blocs(graph).membership : undefined;
    const userIds = new Set(user.map((a) => a.id));
    const nodes: NetworkNode[] = graph.mapNodes((id, attr) => {
      const a = byId.get(id);
      return {
        id, name: attr.name, type: attr.type, activity: activity.get(id) ?? 0,
        ...(membership && membership[id] !== undefined ? { bloc: membership[id] } : {}),
        ...(a?.parent ? { parent: a.parent } : {}),
        ...(userIds.has(id) ? { reviewed: true } : {}),
      };
    });
    let positive = 0, negative = 0;
    const edges: NetworkEdge[] = graph.mapEdges((key, e, s, t) => {
      if (e.sign > 0) positive++;
      else negative++;
      const [a, b] = s < t ? [s, t] : [t, s];
      return { key, a, b, state: e.state, sign: e.sign, confidence: e.confidence, direction: e.direction, since: e.since, readings: e.readings, docs: e.docs, contradictions: e.contradictions };
    });
    return { on: q.on, nodes, edges, positive, negative };
  }

  /** Every actor pair with readings at any time (for a layout that stays put while the date moves). */
  async networkOverview(): Promise<NetworkOverview> {
    const { relations, byId } = await this.data();
    const pairs = new Map<string, { a: string; b: string; readings: number; positive: number; negative: number }>();
    const activity = new Map<string, number>();
    for (const r of relations) {
      if (r.source.actor === r.target.actor) continue;
      const [a, b] = r.source.actor < r.target.actor ? [r.source.actor, r.target.actor] : [r.target.actor, r.source.actor];
      const k = `${a}|${b}`;
      const p = pairs.get(k) ?? { a, b, readings: 0, positive: 0, negative: 0 };
      p.readings++;
      if (r.polarity > 0) p.positive++;
      else if (r.polarity < 0) p.negative++;
      pairs.set(k, p);
      for (const id of [a, b]) activity.set(id, (activity.get(id) ?? 0) + 1);
    }
    for (const a of readUserActors(this.dbPath)) if (byId.has(a.id) && !activity.has(a.id)) activity.set(a.id, 0);
    const nodes: NetworkNode[] = [...activity].map(([id, n]) => {
      const a = byId.get(id);
      return { id, name: a?.name ?? id, type: a?.type ?? 'unknown', activity: n, ...(a?.parent ? { parent: a.parent } : {}) };
    });
    nodes.sort((x, y) => x.id.localeCompare(y.id));
    return { range: await this.range(), nodes, pairs: [...pairs.values()] };
  }

  /** What changed between two dates: sign flips first, with the readings that caused them. */
  async changes(q: { from: IsoDate; to: IsoDate; minConfidence?: number } & PageArgs): Promise<Page<DyadChange & { readonly names: readonly [string, string] }> & { counts: Record<string, number>; from: IsoDate; to: IsoDate }> {
    const { relations, actors, byId } = await this.data();
    const r = changes(relations, q.from, q.to, { actors, minChangeConfidence: q.minConfidence ?? 0 });
    const named = r.changes.map((c) => ({ ...c, names: [byId.get(c.a)?.name ?? c.a, byId.get(c.b)?.name ?? c.b] as const }));
    return { ...page(named, q), counts: { ...r.counts }, from: r.from, to: r.to };
  }

  /** Structural balance on a date: triad census, null model, frustration, unbalanced triads. */
  async balance(q: { on: IsoDate; samples?: number }): Promise<BalanceResult & { readonly names: Record<string, string> }> {
    const { graph } = await this.graphOn(q.on);
    const r = balance(graph, { samples: q.samples ?? 200 });
    return { ...r, names: this.namesOf(graph) };
  }

  /** Signed blocs on a date (correlation clustering). */
  async blocs(q: { on: IsoDate }): Promise<BlocsResult> {
    const { graph } = await this.graphOn(q.on);
    return blocs(graph);
  }

  /** Balance-pressure predictions for unlinked or weakly linked pairs, with reasons. */
  async predictions(q: { on: IsoDate } & PageArgs): Promise<Page<PairPrediction> & { candidates: number; model: { auc: number | null; accuracy: number | null; edges: number } }> {
    const { graph } = await this.graphOn(q.on);
    const r = predict(graph, { maxListed: q.offset + q.limit });
    const m = r.model as unknown as Record<string, unknown>;
    const num = (k: string): number | null => (typeof m[k] === 'number' ? (m[k] as number) : null);
    return {
      ...page(r.predictions, q),
      total: r.candidates,
      candidates: r.candidates,
      model: { auc: num('auc'), accuracy: num('accuracy'), edges: num('edges') ?? graph.size },
    };
  }

  private namesOf(graph: SignedNetwork): Record<string, string> {
    const out: Record<string, string> = {};
    graph.forEachNode((id, attr) => (out[id] = attr.name));
    return out;
  }

  /** Where review reads and writes (src/actors/review.ts), with the dictionary kept between reads. */
  private reviewTarget(): ReviewTarget {
    const target: ReviewTarget = { store: this.store, db: this.dbPath };
    this.dictionary ??= reviewDictionary(target);
    return { ...target, dictionary: this.dictionary };
  }

  private pendingCandidates(): Promise<Candidate[]> {
    return listPendingCandidates(this.reviewTarget(), 100_000);
  }

  /** Candidate actors waiting for review (ignored ones left out), most frequent first. */
  async candidates(q: PageArgs): Promise<Page<Candidate>> {
    return page(await this.pendingCandidates(), q);
  }

  /**
   * Accepts, merges or ignores a candidate with the review library (writes the user dictionary
   * next to the database). The API's own rules on top: the key must be a pending candidate (404,
   * ignore included), an accepted actor's id defaults to one made from the name given, and an
   * unknown `into` is a bad field (400).
   */
  async review(action: ReviewAction): Promise<ReviewResult> {
    const target: ReviewTarget = { store: this.store, db: this.dbPath };
    const cand = await findCandidate(target, action.key);
    let r: ReviewResult;
    try {
      if (action.action === 'accept') {
        const id = action.id ?? (action.name ? candidateId(action.name) : undefined);
        r = await acceptCandidate(target, cand, action.type, {
          ...(action.name ? { name: action.name } : {}), ...(id ? { id } : {}),
          ...(action.parent ? { parent: action.parent } : {}), ...(action.country ? { country: action.country } : {}),
        });
      } else if (action.action === 'merge') {
        r = await mergeCandidate(target, cand, action.into).catch((e: unknown) => {
          if (e instanceof FaultlineError && e.code === ERROR_CODES.UNKNOWN_ACTOR) throw new UsageError(`into: ${e.message}`);
          throw e;
        });
      } else {
        r = { ...(await ignoreCandidate(target, cand)), key: cand.key };
      }
    } finally {
      this.dictionary = undefined;
      this.invalidate();
      this.jobs.dictionaryChanged();
    }
    return r;
  }

  /** Queues an ingest of already-read articles (and read issues); returns the job to poll. */
  ingest(items: readonly (Article | ReadIssue)[], label: string): IngestJob {
    return this.jobs.start(items, label);
  }

  /** One export: relations (csv, jsonl, plover) or the network on a date (gexf, graphml). */
  async export(q: { format: ExportFormat; on?: IsoDate; minConfidence?: number }): Promise<ExportResult> {
    const { relations, actors } = await this.data();
    const media = EXPORT_MEDIA[q.format];
    let body: string;
    let stem = 'faultline-relations';
    if (q.format === 'gexf' || q.format === 'graphml') {
      const on = q.on ?? todayOr((await this.range()).end);
      const { graph } = await this.graphOn(on, undefined, q.minConfidence ?? 0);
      const membership = graph.size > 0 ? blocs(graph).membership : {};
      const activity = Object.fromEntries(activityOf(relations, on));
      const opts = { actors, blocs: membership, activity };
      body = q.format === 'gexf' ? networkToGexf(graph, opts) : networkToGraphml(graph, opts);
      stem = `faultline-network-${on}`;
    } else {
      const rels = q.minConfidence ? relations.filter((r) => r.confidence >= q.minConfidence!) : relations;
      body = q.format === 'csv' ? relationsToCsv(rels) : q.format === 'jsonl' ? relationsToJsonl(rels) : relationsToPlover(rels, actors);
      if (q.format === 'plover') stem = 'faultline-events';
    }
    return { format: q.format, contentType: media.type, filename: `${stem}.${media.ext}`, body };
  }

  /** Checks a date pair (`from` ≤ `to`). */
  static checkRange(from: IsoDate, to: IsoDate): void {
    if (to < from) throw new UsageError(`to: ${to} is before from ${from}`);
  }
}
