/**
 * Row ⇄ record mapping shared by every Store implementation (same column names everywhere).
 */
import type { Actor, Article, Mention, ProcessedArticle, Relation, RelationType } from '../types.js';
import type { Candidate, StoredMention, StoredRelation } from './store.js';

export const ARTICLE_COLUMNS = [
  'id', 'date', 'title', 'source', 'url', 'meta', 'text', 'fingerprint', 'sentence_count', 'token_count', 'ingested_at',
] as const;

/** Values of `ARTICLE_COLUMNS` for a processed article with its text fingerprint, stored at `now`. */
export function articleParams(p: ProcessedArticle, fp: string, now: string): unknown[] {
  const a = p.article;
  return [
    a.id, a.date, a.title ?? null, a.source ?? null, a.url ?? null, a.meta ? JSON.stringify(a.meta) : null,
    a.text, fp, p.sentences.length, p.tokens.length, now,
  ];
}

export const RELATION_COLUMNS = [
  'doc', 'date', 'type', 'polarity',
  'source_actor', 'source_name', 'source_text', 'source_start', 'source_end',
  'target_actor', 'target_name', 'target_text', 'target_start', 'target_end',
  'time_start', 'time_end', 'time_text',
  'sentence_index', 'sentence_start', 'sentence_end', 'sentence_text', 'confidence',
] as const;

export function relationParams(r: Relation): unknown[] {
  return [
    r.doc, r.date, r.type, r.polarity,
    r.source.actor, r.source.name, r.source.text, r.source.start, r.source.end,
    r.target.actor, r.target.name, r.target.text, r.target.start, r.target.end,
    r.time.start, r.time.end, r.time.text,
    r.sentence.index, r.sentence.start, r.sentence.end, r.sentence.text, r.confidence,
  ];
}

export const MENTION_COLUMNS = [
  'doc', 'sentence', 'start_offset', 'end_offset', 'text', 'actor', 'via', 'entity',
  'token_start', 'token_end', 'grp', 'date',
] as const;

export function mentionParams(doc: string, date: string, m: Mention): unknown[] {
  return [
    doc, m.sentence, m.start, m.end, m.text, m.actor, m.via, m.entity ?? null,
    m.tokenStart, m.tokenEnd, m.group ? JSON.stringify(m.group) : null, date,
  ];
}

type Row = Record<string, unknown>;

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));

export function relationFromRow(row: Row): StoredRelation {
  return {
    id: num(row.id),
    doc: String(row.doc),
    date: String(row.date),
    type: row.type as RelationType,
    polarity: num(row.polarity) as 1 | -1 | 0,
    source: {
      actor: String(row.source_actor), name: String(row.source_name), text: String(row.source_text),
      start: num(row.source_start), end: num(row.source_end),
    },
    target: {
      actor: String(row.target_actor), name: String(row.target_name), text: String(row.target_text),
      start: num(row.target_start), end: num(row.target_end),
    },
    time: { start: String(row.time_start), end: String(row.time_end), text: row.time_text == null ? null : String(row.time_text) },
    sentence: {
      index: num(row.sentence_index), start: num(row.sentence_start), end: num(row.sentence_end),
      text: String(row.sentence_text),
    },
    confidence: num(row.confidence),
  };
}

export function mentionFromRow(row: Row): StoredMention {
  const m: StoredMention = {
    doc: String(row.doc),
    sentence: num(row.sentence),
    start: num(row.start_offset),
    end: num(row.end_offset),
    text: String(row.text),
    actor: row.actor == null ? null : String(row.actor),
    via: row.via as Mention['via'],
    tokenStart: num(row.token_start),
    tokenEnd: num(row.token_end),
    ...(row.entity != null ? { entity: row.entity as Mention['entity'] } : {}),
    ...(row.grp != null ? { group: JSON.parse(String(row.grp)) as string[] } : {}),
  };
  return m;
}

export function actorFromRow(row: Row): Actor {
  const data = typeof row.data === 'string' ? JSON.parse(row.data) : row.data;
  return data as Actor;
}

export function articleFromRow(row: Row): Article {
  const meta = row.meta == null ? undefined : typeof row.meta === 'string' ? JSON.parse(row.meta) : row.meta;
  return {
    id: String(row.id),
    date: String(row.date),
    text: String(row.text),
    ...(row.title != null ? { title: String(row.title) } : {}),
    ...(row.source != null ? { source: String(row.source) } : {}),
    ...(row.url != null ? { url: String(row.url) } : {}),
    ...(meta ? { meta } : {}),
  };
}

/** A candidate from a `candidateQuery` row and the rows of its `candidateExampleQuery`. */
export function candidateFromRow(row: Row, examples: readonly Row[]): Candidate {
  return {
    key: String(row.key),
    text: String(row.text),
    ...(row.entity != null ? { entity: String(row.entity) } : {}),
    count: num(row.count),
    first: String(row.first),
    last: String(row.last),
    examples: examples.map((e) => ({ doc: String(e.doc), sentence: String(e.text).slice(num(e.s), num(e.e)) })),
  };
}
