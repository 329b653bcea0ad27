/**
 * The analyst's workbench: one library function per API route, over a store and the analytics.
 * HTTP handlers stay thin (validate, call one method, serialise); the CLI or tests may call these
 * methods directly.
 *
 * Every relation of the store is read once and cached (the analytics are pure functions over
 * `Relation[]`), and derived results (networks, balance, blocs, predictions, ...) are memoised in
 * a small LRU per store state. The state is the relation version (count and largest id, a cheap
 * query, checked at most every `versionCheckMs`) plus the user dictionary files' times: writes
 * through this workbench (ingest, review) drop the caches at once, writes by another process
 * within `versionCheckMs`. Counts, date range and activity come from the database
 * (`relationSummary`), so `stats` and actor search never load every relation.
 */
import { statSync } from 'node:fs';
import type { ActorDictionary } from '../actors/dictionary.js';
import { normaliseName } from '../actors/normalise.js';
import {
  ignoredFile,
  userDictionaryFile,
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
  BALANCE_DEFAULTS,
  PREDICT_DEFAULTS,
  actorProfiles,
  balance,
  signedIndex,
  triangles,
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
import type { Candidate, RelationFilter, RelationSummary, Store, StoredRelation, StoreStats } from '../store/store.js';
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
  /** How often (ms) the store's relation version is checked for writes by other processes (default 1000; 0 = every call). */
  readonly versionCheckMs?: number;
  /** Limits on what one call may cost (defaults: `DEFAULT_COST_LIMITS`). */
  readonly limits?: Partial<CostLimits>;
}

/** Limits on the work of one analytics call. */
export interface CostLimits {
  /** Largest `samples` × triangles of a balance null model. */
  readonly maxBalanceWork: number;
  /** Largest number of triangles (signed triads) a balance analysis may take on. */
  readonly maxBalanceTriangles: number;
  /** Balance samples when none are asked for (fewer when the network has many triangles). */
  readonly defaultSamples: number;
  /** Largest number of candidate pairs × common neighbours a prediction may score (wedges of the network). */
  readonly maxPredictWork: number;
}

export const DEFAULT_COST_LIMITS: CostLimits = { maxBalanceWork: 4_000_000, maxBalanceTriangles: 50_000, defaultSamples: 200, maxPredictWork: 1_000_000 };

/**
 * The request is too costly for the limits: 400 when a knob is beyond what is allowed (the
 * field names it), 422 when the network asked for is too big (the message says what to narrow).
 */
export class CostError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly status: 400 | 422 = 400,
  ) {
    super(message);
    this.name = 'CostError';
  }
}

/** A small LRU of promises (a failed one is dropped). */
class Lru<V> {
  private readonly map = new Map<string, Promise<V>>();
  constructor(private readonly size: number) {}
  get(key: string, make: () => Promise<V>): Promise<V> {
    const hit = this.map.get(key);
    if (hit) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const p = make();
    this.map.set(key, p);
    p.catch(() => this.map.get(key) === p && this.map.delete(key));
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
    return p;
  }
  clear(): void {
    this.map.clear();
  }
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
  readonly limits: CostLimits;
  private cache: Promise<{ relations: StoredRelation[]; actors: Actor[]; byId: Map<string, Actor> }> | undefined;
  /** The review dictionary (built-in + user), loaded on first use and dropped by a review. */
  private dictionary: ActorDictionary | undefined;
  private readonly versionCheckMs: number;
  private versionKey: string | undefined;
  private versionCheckedAt = -Infinity;
  private versionCheck: Promise<string> | undefined;
  /** Per store state: summary, actors, pending candidates. */
  private summaryCache: Promise<{ summary: RelationSummary; actors: Actor[]; byId: Map<string, Actor> }> | undefined;
  private candidateCache: Promise<Candidate[]> | undefined;
  /** Networks per (date, types, confidence) and results per (method, arguments). */
  private readonly graphs = new Lru<{ graph: SignedNetwork; relations: StoredRelation[] }>(6);
  private readonly results = new Lru<unknown>(48);

  constructor(options: WorkbenchOptions) {
    this.store = options.store;
    this.dbPath = options.dbPath;
    this.versionCheckMs = options.versionCheckMs ?? 1000;
    this.limits = { ...DEFAULT_COST_LIMITS, ...options.limits };
    this.jobs = new IngestJobs({
      store: this.store,
      dbPath: this.dbPath,
      ...(options.loadPipeline ? { loadPipeline: options.loadPipeline } : {}),
      onStored: () => this.invalidate(),
    });
  }

  /** Drops the cached relations, actors and results (after a write). */
  invalidate(): void {
    this.cache = undefined;
    this.summaryCache = undefined;
    this.candidateCache = undefined;
    this.graphs.clear();
    this.results.clear();
    this.versionKey = undefined;
    this.versionCheckedAt = -Infinity;
  }

  /**
   * The store state: relation count and largest id, and the user dictionary files' times.
   * Checked at most every `versionCheckMs`; when it moved, every cache is dropped.
   */
  async version(): Promise<string> {
    if (this.versionKey !== undefined && performance.now() - this.versionCheckedAt < this.versionCheckMs) return this.versionKey;
    this.versionCheck ??= (async () => {
      try {
        const v = await this.store.relationVersion();
        const mtime = (f: string) => {
          try {
            return statSync(f).mtimeMs;
          } catch {
            return 0;
          }
        };
        const key = `${v.count}:${v.maxId}:${mtime(userDictionaryFile(this.dbPath))}:${mtime(ignoredFile(this.dbPath))}`;
        if (this.versionKey !== undefined && key !== this.versionKey) {
          this.invalidate();
          this.dictionary = undefined;
        }
        this.versionKey = key;
        this.versionCheckedAt = performance.now();
        return key;
      } finally {
        this.versionCheck = undefined;
      }
    })();
    return this.versionCheck;
  }

  /** Memoises `make` per store state under `key`. */
  private async memo<T>(key: string, make: () => Promise<T>): Promise<T> {
    await this.version();
    return this.results.get(key, make) as Promise<T>;
  }

  /** Date range, counts per type and activity per actor (database aggregates), and the actors. */
  private async summary(): Promise<{ summary: RelationSummary; actors: Actor[]; byId: Map<string, Actor> }> {
    await this.version();
    this.summaryCache ??= (async () => {
      const [summary, actors] = [await this.store.relationSummary(), await this.store.listActors()];
      return { summary, actors, byId: new Map(actors.map((a) => [a.id, a])) };
    })();
    this.summaryCache.catch(() => (this.summaryCache = undefined));
    return this.summaryCache;
  }

  private async data(): Promise<{ relations: StoredRelation[]; actors: Actor[]; byId: Map<string, Actor> }> {
    await this.version();
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
    const { byId } = await this.summary();
    const a = byId.get(id);
    if (!a) throw new FaultlineError(ERROR_CODES.UNKNOWN_ACTOR, `no actor "${id}" in the database`);
    return a;
  }

  /** The date range of the readings. */
  async range(): Promise<{ start: IsoDate | null; end: IsoDate | null }> {
    const { summary } = await this.summary();
    return { start: summary.start, end: summary.end };
  }

  /** Counts of the store, the date range, candidates, and readings per type. */
  async stats(): Promise<StatsView> {
    const s = await this.store.stats();
    const { summary, actors } = await this.summary();
    const relationTypes: Partial<Record<RelationType, number>> = { ...summary.types };
    const actorTypes: Record<string, number> = {};
    for (const a of actors) actorTypes[a.type] = (actorTypes[a.type] ?? 0) + 1;
    const candidates = (await this.pendingCandidates()).length;
    return { ...s, range: await this.range(), candidates, relationTypes, actorTypes };
  }

  /** Actors matching a search (name, id or alias; case- and accent-insensitive), most active first. */
  async searchActors(q: { q?: string; type?: ActorType } & PageArgs): Promise<Page<ActorSummary>> {
    const { summary, actors } = await this.summary();
    const counts = new Map(Object.entries(summary.activity));
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
    await this.actorOrThrow(id);
    return this.memo(`actor|${id}|${on ?? ''}`, () => this.actorDetailOf(id, on));
  }

  private async actorDetailOf(id: string, on?: IsoDate): Promise<ActorDetail> {
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
    await this.actorOrThrow(a);
    await this.actorOrThrow(b);
    return this.memo(`dyad|${a}|${b}|${q.on ?? ''}|${q.limit}|${q.offset}`, () => this.dyadOf(a, b, q));
  }

  private async dyadOf(a: string, b: string, q: { on?: IsoDate } & PageArgs): Promise<DyadView> {
    const x = await this.actorOrThrow(a), y = await this.actorOrThrow(b);
    const { actors } = await this.summary();
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

  /** The signed network on a date (memoised: callers must not change it; `network` copies it). */
  private async graphOn(on: IsoDate, relationTypes?: readonly RelationType[], minConfidence = 0): Promise<{ graph: SignedNetwork; relations: StoredRelation[] }> {
    await this.version();
    const types = relationTypes?.length ? [...new Set(relationTypes)].sort() : [];
    return this.graphs.get(`${on}|${types.join(',')}|${minConfidence}`, async () => {
      const { relations, actors } = await this.data();
      const rels = types.length ? relations.filter((r) => types.includes(r.type)) : relations;
      return { graph: buildNetwork(rels, actors, on, { minEdgeConfidence: minConfidence }), relations: rels };
    });
  }

  /** The signed network on a date, filtered, with node activity (and blocs on request). */
  async network(q: NetworkQuery): Promise<NetworkView> {
    const key = `network|${q.on}|${[...(q.actorTypes ?? [])].sort()}|${[...(q.relationTypes ?? [])].sort()}|${q.minConfidence ?? 0}|${q.blocs ?? false}|${q.q ?? ''}`;
    return this.memo(key, () => this.networkOf(q));
  }

  private async networkOf(q: NetworkQuery): Promise<NetworkView> {
    const { byId } = await this.data();
    const base = await this.graphOn(q.on, q.relationTypes, q.minConfidence ?? 0);
    const relations = base.relations;
    const graph = base.graph.copy() as SignedNetwork;
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
    return this.memo('overview', () => this.networkOverviewOf());
  }

  private async networkOverviewOf(): Promise<NetworkOverview> {
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
    const r = await this.memo(`changes|${q.from}|${q.to}|${q.minConfidence ?? 0}`, async () => {
      const { relations, actors } = await this.data();
      return changes(relations, q.from, q.to, { actors, minChangeConfidence: q.minConfidence ?? 0 });
    });
    const { byId } = await this.summary();
    const named = r.changes.map((c) => ({ ...c, names: [byId.get(c.a)?.name ?? c.a, byId.get(c.b)?.name ?? c.b] as const }));
    return { ...page(named, q), counts: { ...r.counts }, from: r.from, to: r.to };
  }

  /** Structural balance on a date: triad census, null model, frustration, unbalanced triads. */
  /**
   * Structural balance on a date: triad census, null model, frustration, unbalanced triads.
   * The null model costs `samples` × triangles: above `maxBalanceWork` an explicit `samples` is
   * refused (CostError naming `samples` and the largest allowed), the default is lowered.
   */
  async balance(q: { on: IsoDate; samples?: number; minConfidence?: number }): Promise<BalanceResult & { readonly names: Record<string, string> }> {
    return this.memo(`balance|${q.on}|${q.samples ?? ''}|${q.minConfidence ?? 0}`, async () => {
      const { graph } = await this.graphOn(q.on, undefined, q.minConfidence ?? 0);
      const count = triangles(signedIndex(graph, BALANCE_DEFAULTS.ignoreStates)).count;
      if (count > this.limits.maxBalanceTriangles) {
        throw new CostError('on', `the network on ${q.on}${q.minConfidence ? ` at minConfidence ${q.minConfidence}` : ''} has ${count} triangles, more than a balance analysis takes on (${this.limits.maxBalanceTriangles}): raise minConfidence or pick an earlier date`, 422);
      }
      const affordable = count > 0 ? Math.floor(this.limits.maxBalanceWork / count) : Infinity;
      if (q.samples !== undefined && q.samples > affordable) {
        throw new CostError('samples', `query field "samples" is too large for this network (${count} triangles): at most ${affordable}; or narrow the network (minConfidence, an earlier date)`);
      }
      const r = balance(graph, { samples: Math.min(q.samples ?? this.limits.defaultSamples, affordable) });
      return { ...r, names: this.namesOf(graph) };
    });
  }

  /** Signed blocs on a date (correlation clustering). */
  async blocs(q: { on: IsoDate; minConfidence?: number }): Promise<BlocsResult> {
    return this.memo(`blocs|${q.on}|${q.minConfidence ?? 0}`, async () => blocs((await this.graphOn(q.on, undefined, q.minConfidence ?? 0)).graph));
  }

  /**
   * Balance-pressure predictions for unlinked or weakly linked pairs, with reasons. Refused
   * (CostError) when the network has more wedges (pairs × common neighbours to score) than
   * `maxPredictWork`.
   */
  async predictions(q: { on: IsoDate; minConfidence?: number } & PageArgs): Promise<Page<PairPrediction> & { candidates: number; model: { auc: number | null; accuracy: number | null; edges: number } }> {
    const { graph } = await this.graphOn(q.on, undefined, q.minConfidence ?? 0);
    const idx = signedIndex(graph, PREDICT_DEFAULTS.ignoreStates);
    let wedges = 0;
    for (const adj of idx.adj) wedges += adj.size * adj.size;
    if (wedges > this.limits.maxPredictWork) {
      throw new CostError('on', `the network on ${q.on}${q.minConfidence ? ` at minConfidence ${q.minConfidence}` : ''} is too large to score predictions (${idx.nodes.length} actors, ${idx.keys.length} ties, ${wedges} wedges; at most ${this.limits.maxPredictWork}): raise minConfidence or pick an earlier date`, 422);
    }
    // Listed predictions are memoised by pages of 500, so paging through does not recompute.
    const listed = Math.ceil((q.offset + q.limit) / 500) * 500;
    const r = await this.memo(`predict|${q.on}|${q.minConfidence ?? 0}|${listed}`, async () => predict(graph, { maxListed: listed }));
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

  private async pendingCandidates(): Promise<Candidate[]> {
    await this.version();
    this.candidateCache ??= listPendingCandidates(this.reviewTarget(), 100_000);
    this.candidateCache.catch(() => (this.candidateCache = undefined));
    return this.candidateCache;
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
    return this.memo(`export|${q.format}|${q.on ?? ''}|${q.minConfidence ?? 0}`, () => this.exportOf(q));
  }

  private async exportOf(q: { format: ExportFormat; on?: IsoDate; minConfidence?: number }): Promise<ExportResult> {
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
