/**
 * Parameterised query builders shared by the Store implementations. Values always travel as
 * parameters; only fixed column names and placeholders are assembled into SQL text.
 */
import type { MentionFilter, RelationFilter } from './store.js';

export type Placeholder = (index: number) => string;
export const qmark: Placeholder = () => '?';
export const dollar: Placeholder = (i) => `$${i}`;

export interface Query {
  readonly sql: string;
  readonly params: unknown[];
}

/** Hard ceiling on one page, whatever the caller asks. */
export const MAX_PAGE = 100_000;

function page(limit: number | undefined, offset: number | undefined, params: unknown[], ph: Placeholder): string {
  let sql = '';
  const lim = Math.min(limit ?? MAX_PAGE, MAX_PAGE);
  params.push(lim);
  sql += ` LIMIT ${ph(params.length)}`;
  if (offset) {
    params.push(offset);
    sql += ` OFFSET ${ph(params.length)}`;
  }
  return sql;
}

/** The parameters of a query being built, and `p(value)`: adds a value, gives its placeholder. */
function bind(ph: Placeholder): { params: unknown[]; p: (v: unknown) => string } {
  const params: unknown[] = [];
  return {
    params,
    p: (v) => {
      params.push(v);
      return ph(params.length);
    },
  };
}

/** `SELECT * FROM table [WHERE ...] ORDER BY ... LIMIT ...` with the conditions and parameters built so far. */
function selectPage(
  table: string, where: readonly string[], orderBy: string, f: { limit?: number; offset?: number }, params: unknown[], ph: Placeholder,
): Query {
  let sql = `SELECT * FROM ${table}`;
  if (where.length) sql += ' WHERE ' + where.join(' AND ');
  sql += ` ORDER BY ${orderBy}`;
  sql += page(f.limit, f.offset, params, ph);
  return { sql, params };
}

export function relationQuery(f: RelationFilter, ph: Placeholder): Query {
  const where: string[] = [];
  const { params, p } = bind(ph);
  if (f.actor && f.other) {
    // NOTE: parameters are pushed in the order they appear in the SQL ('?' placeholders are positional).
    const a = p(f.actor), b = p(f.other), b2 = p(f.other), a2 = p(f.actor);
    where.push(`((source_actor = ${a} AND target_actor = ${b}) OR (source_actor = ${b2} AND target_actor = ${a2}))`);
  } else if (f.actor) {
    const a = p(f.actor), a2 = p(f.actor);
    where.push(`(source_actor = ${a} OR target_actor = ${a2})`);
  }
  if (f.type !== undefined) {
    const types = typeof f.type === 'string' ? [f.type] : [...f.type];
    if (types.length === 0) where.push('1 = 0');
    else where.push(`type IN (${types.map((t) => p(t)).join(', ')})`);
  }
  if (f.polarity !== undefined) where.push(`polarity = ${p(f.polarity)}`);
  if (f.from) where.push(`time_end >= ${p(f.from)}`);
  if (f.to) where.push(`time_start <= ${p(f.to)}`);
  if (f.minConfidence !== undefined) where.push(`confidence >= ${p(f.minConfidence)}`);
  if (f.doc) where.push(`doc = ${p(f.doc)}`);
  return selectPage('relations', where, 'time_start, id', f, params, ph);
}

export function mentionQuery(f: MentionFilter, ph: Placeholder): Query {
  const where: string[] = [];
  const { params, p } = bind(ph);
  if (f.doc) where.push(`doc = ${p(f.doc)}`);
  if (f.actor) where.push(`actor = ${p(f.actor)}`);
  if (f.via) where.push(`via = ${p(f.via)}`);
  return selectPage('mentions', where, 'doc, start_offset, id', f, params, ph);
}

/** Candidates: unresolved mention texts grouped by normalised key (lower-cased text). */
export function candidateQuery(limit: number, ph: Placeholder): Query {
  return {
    sql: `SELECT lower(text) AS key, MIN(text) AS text, MIN(entity) AS entity, COUNT(*) AS count,
            MIN(date) AS first, MAX(date) AS last
          FROM mentions WHERE actor IS NULL AND via = 'candidate'
          GROUP BY lower(text) ORDER BY COUNT(*) DESC, lower(text) LIMIT ${ph(1)}`,
    params: [limit],
  };
}

/** Up to three example sentences of a candidate (by its `candidateQuery` key). */
export function candidateExampleQuery(key: string, ph: Placeholder): Query {
  return {
    sql: `SELECT m.doc AS doc, a.text AS text, s.start_offset AS s, s.end_offset AS e
          FROM mentions m JOIN articles a ON a.id = m.doc JOIN sentences s ON s.doc = m.doc AND s.idx = m.sentence
          WHERE m.actor IS NULL AND m.via = 'candidate' AND lower(m.text) = ${ph(1)} LIMIT 3`,
    params: [key],
  };
}
