/**
 * The `Store` port: where processed articles, actors, mentions and relations live.
 * Implementations: `sqlite-store.ts` (embedded default) and a PostgreSQL one; both pass
 * the same spec suite (`store.spec.ts`). Every method is async so that both fit.
 */
import type { Actor, Article, IsoDate, Mention, ProcessedArticle, Relation, RelationType } from '../types.js';

/** A relation as stored: the extracted record plus its row id and the article's title. */
export interface StoredRelation extends Relation {
  /** Row id, stable within one store. */
  readonly id: number;
}

/** Filters for `listRelations`; all optional and combined with AND. */
export interface RelationFilter {
  /** Actor id: relations where it is source or target. */
  readonly actor?: string;
  /** Second actor id: with `actor`, only relations between the two (either direction). */
  readonly other?: string;
  readonly type?: RelationType | readonly RelationType[];
  readonly polarity?: 1 | -1 | 0;
  /** Relations whose time interval ends on or after this date. */
  readonly from?: IsoDate;
  /** Relations whose time interval starts on or before this date. */
  readonly to?: IsoDate;
  readonly minConfidence?: number;
  readonly doc?: string;
  /** Page size (default: all) and offset. Ordered by time start, then id. */
  readonly limit?: number;
  readonly offset?: number;
}

export interface MentionFilter {
  readonly doc?: string;
  readonly actor?: string;
  readonly via?: Mention['via'];
  readonly limit?: number;
  readonly offset?: number;
}

/** A stored mention: the record plus the article id. */
export interface StoredMention extends Mention {
  readonly doc: string;
}

/** Counts, as `faultline stats --format json` prints them. */
export interface StoreStats {
  readonly articles: number;
  readonly sentences: number;
  readonly actors: number;
  readonly mentions: number;
  readonly relations: number;
}

/** Cheap marker of the relation table's state: it changes whenever relations are added or removed. */
export interface RelationVersion {
  readonly count: number;
  /** Largest row id (0 when empty). */
  readonly maxId: number;
}

/** Aggregates over every stored relation, computed by the database (no rows are loaded). */
export interface RelationSummary extends RelationVersion {
  /** Earliest and latest `time.start` (null when empty). */
  readonly start: IsoDate | null;
  readonly end: IsoDate | null;
  /** Relations per type. */
  readonly types: Readonly<Partial<Record<RelationType, number>>>;
  /** Relations per actor, as source or target (a relation of an actor with itself counts twice). */
  readonly activity: Readonly<Record<string, number>>;
}

/** What one `saveArticles` call did. */
export interface SaveResult {
  /** Articles newly stored. */
  readonly stored: number;
  /** Articles skipped because the same id or the same normalised text was already stored. */
  readonly duplicates: number;
  /** Relations stored with the new articles. */
  readonly relations: number;
  /** Mentions stored with the new articles. */
  readonly mentions: number;
}

/** An unknown actor-like name seen in the corpus, waiting for review. */
export interface Candidate {
  /** Normalised key of the name. */
  readonly key: string;
  /** The most frequent surface form. */
  readonly text: string;
  readonly entity?: string;
  readonly count: number;
  readonly first: IsoDate;
  readonly last: IsoDate;
  readonly examples: readonly { readonly doc: string; readonly sentence: string }[];
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** Creates or migrates the schema; idempotent. */
  init(): Promise<void>;
  /**
   * Stores a batch of processed articles in ONE transaction: either every new article of the
   * batch is stored with its sentences, mentions and relations, or none is.
   * Articles whose id or normalised text is already stored are counted as duplicates.
   */
  saveArticles(batch: readonly ProcessedArticle[]): Promise<SaveResult>;
  /** True when an article with this id, or with this text fingerprint, is stored. */
  hasArticle(id: string, fingerprint?: string): Promise<boolean>;
  getArticle(id: string): Promise<Article | undefined>;
  /** Inserts or replaces actors (by id). */
  upsertActors(actors: readonly Actor[]): Promise<void>;
  listActors(): Promise<Actor[]>;
  getActor(id: string): Promise<Actor | undefined>;
  listRelations(filter?: RelationFilter): Promise<StoredRelation[]>;
  listMentions(filter?: MentionFilter): Promise<StoredMention[]>;
  /** Points stored mentions of `from` (an actor id, or a candidate key with actor null) at `to`. */
  reassignMentions(from: { actor?: string; text?: string }, to: string | null): Promise<number>;
  listCandidates(limit?: number): Promise<Candidate[]>;
  stats(): Promise<StoreStats>;
  /** Count and largest id of the relations: cheap enough to call before serving from a cache. */
  relationVersion(): Promise<RelationVersion>;
  /** Date range, counts per type and per actor, computed in the database. */
  relationSummary(): Promise<RelationSummary>;
  close(): Promise<void>;
}
