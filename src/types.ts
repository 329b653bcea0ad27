/**
 * Records shared by the pipeline stages. Every record is plain, JSON-serialisable data.
 * Offsets are JavaScript string indices into the article text (the text after any `date`
 * header), `[start, end)`, end exclusive.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/** One dated news article, as every reader produces it. */
export interface Article {
  /** Stable id: from the record, or derived from the file name. */
  readonly id: string;
  /** Publication date, `YYYY-MM-DD`. */
  readonly date: IsoDate;
  /** Body text; all offsets point into it. */
  readonly text: string;
  readonly title?: string;
  readonly source?: string;
  readonly url?: string;
  /** Other columns or fields of the input record, kept as strings. */
  readonly meta?: Readonly<Record<string, string>>;
  /** Where the record came from: file and 1-based record (line or CSV row) number. */
  readonly origin?: { readonly file: string; readonly record: number };
}

/** A problem with one input record (or one file): data, not an exception. */
export interface ReadIssue {
  readonly kind: 'issue';
  /** Stable code, see `errors.ts`. */
  readonly code: string;
  /** `error` rejects the record; `warning` keeps it (e.g. Latin-1 decoding). */
  readonly severity: 'error' | 'warning';
  readonly file: string;
  /** 1-based record number (JSONL line, CSV data row) when the issue is about one record. */
  readonly record?: number;
  readonly message: string;
}

/** Token spans of one article, packed in typed arrays (no object per token). */
export interface TokenTable {
  /** Number of tokens. */
  readonly length: number;
  /** Start offset of token i. */
  readonly start: Uint32Array;
  /** End offset (exclusive) of token i. */
  readonly end: Uint32Array;
}

/** One sentence: a span of text and a span of tokens. */
export interface Sentence {
  /** 0-based index in the article. */
  readonly index: number;
  readonly start: number;
  readonly end: number;
  /** First token index (into the article's TokenTable). */
  readonly tokenStart: number;
  /** One past the last token index. */
  readonly tokenEnd: number;
}

/** Universal POS tags and dependency relations are plain strings (UD v2 labels). */
export interface SentenceSyntax {
  /** UPOS tag per token of the sentence. */
  readonly upos: readonly string[];
  /** Lower-cased lemma per token. */
  readonly lemma: readonly string[];
  /** Head per token: 0-based index within the sentence, -1 for the root. */
  readonly head: Int32Array;
  /** UD dependency relation per token (e.g. `nsubj`, `obl`, `root`). */
  readonly deprel: readonly string[];
}

export const ACTOR_TYPES = [
  'state',
  'government',
  'armed_group',
  'coalition',
  'organization',
  'person',
  'media',
  'population',
] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** An actor of the dictionary (built-in, imported or the user's). */
export interface Actor {
  /** Canonical id, snake_case ASCII (`islamic_state`). */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  readonly type: ActorType;
  /** Other names the actor is written as (the name itself need not be repeated). */
  readonly aliases: readonly string[];
  /** ISO 3166-1 alpha-3 code of the actor's country, when it has one. */
  readonly country?: string;
  /** Id of the actor this one is part of (member → whole). */
  readonly parent?: string;
  /** When the actor existed or held this identity. */
  readonly active?: { readonly start?: IsoDate; readonly end?: IsoDate };
  /** Previous identity: id of the actor this one was renamed from, and when. */
  readonly renamedFrom?: { readonly id: string; readonly date: IsoDate };
  /** Aliases that are only valid in a date range (e.g. a leader standing for a government). */
  readonly datedAliases?: readonly { readonly alias: string; readonly start?: IsoDate; readonly end?: IsoDate }[];
  /** Aliases that need context to count (common words, ambiguous acronyms): matched only when capitalised as written. */
  readonly caseSensitiveAliases?: readonly string[];
  /** True when the actor is a reporter/source (news agency, think tank): never a party by default. */
  readonly reporter?: boolean;
  readonly note?: string;
}

export const ENTITY_TYPES = ['ORG', 'PER', 'GPE', 'LOC', 'NORP'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** One actor mention in an article ("Mentions out" of formats.md, plus token span). */
export interface Mention {
  /** Sentence index in the article. */
  readonly sentence: number;
  readonly start: number;
  readonly end: number;
  /** The words as written. */
  readonly text: string;
  /** Canonical actor id, or null for an unresolved candidate. */
  readonly actor: string | null;
  /** How it was found. */
  readonly via: 'dictionary' | 'coreference' | 'candidate';
  readonly entity?: EntityType;
  /** First token index (article-wide). */
  readonly tokenStart: number;
  /** One past the last token index. */
  readonly tokenEnd: number;
  /** For co-reference mentions standing for several actors ("both", "the two groups"): all of them. */
  readonly group?: readonly string[];
}

export const RELATION_TYPES = [
  'ALLY',
  'TRUCE',
  'ENGAGE',
  'SUPPORT',
  'MEMBER_OF',
  'AFFILIATE_OF',
  'MEDIATE',
  'OPPOSE',
  'FIGHT',
  'SPLIT',
  'ORIGIN',
] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

/** Polarity of each type (relations.md). */
export const POLARITY: Readonly<Record<RelationType, 1 | -1 | 0>> = {
  ALLY: 1,
  TRUCE: 1,
  ENGAGE: 1,
  SUPPORT: 1,
  MEMBER_OF: 1,
  AFFILIATE_OF: 1,
  MEDIATE: 1,
  OPPOSE: -1,
  FIGHT: -1,
  SPLIT: -1,
  ORIGIN: 0,
};

/** Types whose direction does not matter. FIGHT is symmetric when mutual (kept directed otherwise). */
export const SYMMETRIC_TYPES: ReadonlySet<RelationType> = new Set(['ALLY', 'TRUCE', 'ENGAGE']);

/** Standing relations: they hold until contradicted, rather than happen on a date. */
export const STANDING_TYPES: ReadonlySet<RelationType> = new Set(['MEMBER_OF', 'AFFILIATE_OF', 'ORIGIN']);

/** One end of a relation. */
export interface RelationEnd {
  /** Canonical actor id. */
  readonly actor: string;
  /** Display name of the actor. */
  readonly name: string;
  /** Words in the sentence that stand for the actor (may be a pronoun). */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** A time interval, `start` ≤ `end`, both inclusive dates. */
export interface TimeSpan {
  readonly start: IsoDate;
  readonly end: IsoDate;
  /** The time expression used, or null when the article date was taken. */
  readonly text: string | null;
}

/** One relation read from one sentence ("Relations out" of formats.md). */
export interface Relation {
  readonly doc: string;
  /** Article date. */
  readonly date: IsoDate;
  readonly type: RelationType;
  readonly polarity: 1 | -1 | 0;
  readonly source: RelationEnd;
  readonly target: RelationEnd;
  readonly time: TimeSpan;
  readonly sentence: { readonly index: number; readonly start: number; readonly end: number; readonly text: string };
  /** 0..1. */
  readonly confidence: number;
}

/** Everything the pipeline produced for one article. */
export interface ProcessedArticle {
  readonly article: Article;
  readonly sentences: readonly Sentence[];
  readonly tokens: TokenTable;
  readonly mentions: readonly Mention[];
  readonly relations: readonly Relation[];
}
