/**
 * The shared Store: one PostgreSQL database that many ingest workers write to at once.
 *
 * - Migrations are the `postgres` bodies of `MIGRATIONS`, applied in one transaction under an
 *   advisory lock, so N workers starting together migrate exactly once.
 * - `saveArticles` is one transaction per batch; articles go in with `ON CONFLICT DO NOTHING`
 *   on both unique keys (id and text fingerprint), so when two workers save the same article
 *   concurrently exactly one stores it and the other counts a duplicate, without an error.
 * - Every value travels as a parameter (`$n` placeholders from `queries.ts`); the only names
 *   put into SQL text are fixed table/column names and a schema name checked as an identifier.
 *
 * The location is a URL: `postgres://user:pass@host:5432/db`, optionally `?schema=name` to keep
 * Faultline's tables in their own schema (default `public`). Create the database with the C
 * collation (see docs/scale.md) so text sorts exactly as in SQLite.
 */
import pg from 'pg';
import { ERROR_CODES, FaultlineError } from '../errors.js';
import { fingerprint } from '../read/fingerprint.js';
import type { Actor, Article, ProcessedArticle } from '../types.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { candidateExampleQuery, candidateQuery, dollar, mentionQuery, relationQuery } from './queries.js';
import {
  ARTICLE_COLUMNS, MENTION_COLUMNS, RELATION_COLUMNS, actorFromRow, articleFromRow, articleParams, candidateFromRow,
  mentionFromRow, mentionParams, relationFromRow, relationParams,
} from './rows.js';
import type {
  Candidate, MentionFilter, RelationFilter, RelationSummary, RelationVersion, SaveResult, Store, StoreStats, StoredMention, StoredRelation,
} from './store.js';

type Row = Record<string, unknown>;

/** True for a `postgres://` or `postgresql://` location. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/** Splits a location URL into the connection string (without `schema`) and the schema name. */
export function parsePostgresUrl(location: string): { connectionString: string; schema: string } {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new FaultlineError(ERROR_CODES.STORE, `not a PostgreSQL URL: ${redactUrl(location)}`);
  }
  const schema = url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  if (!IDENT.test(schema)) {
    throw new FaultlineError(ERROR_CODES.STORE, `schema "${schema}" must be a lower-case identifier (letters, digits, _)`);
  }
  return { connectionString: url.toString(), schema };
}

/** The URL with its password replaced, for messages. */
export function redactUrl(location: string): string {
  return location.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

/** Multi-row `VALUES` placeholders: `($1, $2), ($3, $4)` for rows × cols, numbered from `from`. */
function valuesList(rows: number, cols: number, from = 1): string {
  const out: string[] = [];
  let n = from;
  for (let r = 0; r < rows; r++) {
    const ph: string[] = [];
    for (let c = 0; c < cols; c++) ph.push(dollar(n++));
    out.push(`(${ph.join(', ')})`);
  }
  return out.join(', ');
}

/** PostgreSQL takes at most 65535 parameters per statement; stay well below. */
const MAX_PARAMS = 30_000;

/** Runs `INSERT INTO table (cols) VALUES ...` for many rows, in chunks. */
async function insertMany(
  client: pg.PoolClient, table: string, columns: readonly string[], rows: readonly unknown[][], suffix = '',
): Promise<Row[]> {
  const out: Row[] = [];
  const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${valuesList(chunk.length, columns.length)}${suffix}`;
    const r = await client.query(sql, chunk.flat());
    out.push(...(r.rows as Row[]));
  }
  return out;
}

export interface PostgresStoreOptions {
  /** Largest number of pooled connections (default 4). */
  readonly maxConnections?: number;
  /**
   * Commit without waiting for the WAL flush (`synchronous_commit = off` for these sessions).
   * A database crash may then lose the last fraction of a second of commits; workers use it
   * because their job completions are committed after the articles, so a lost article always
   * comes with a lost completion and the job is simply done again.
   */
  readonly asyncCommit?: boolean;
}

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  /** The location as given, password redacted (for messages). */
  readonly location: string;
  readonly schema: string;
  private readonly pool: pg.Pool;
  private closed = false;

  constructor(location: string, options: PostgresStoreOptions = {}) {
    const { connectionString, schema } = parsePostgresUrl(location);
    this.location = redactUrl(location);
    this.schema = schema;
    this.pool = new pg.Pool({
      connectionString,
      max: options.maxConnections ?? 4,
      // Every connection of the pool works in our schema (a checked identifier, see parsePostgresUrl).
      options: `-c search_path=${schema}${options.asyncCommit ? ' -c synchronous_commit=off' : ''}`,
      application_name: 'faultline',
    });
    // An idle client losing its connection must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  /** Runs `fn` in one transaction on one connection. */
  private async tx<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (e) {
      throw new FaultlineError(ERROR_CODES.STORE, `cannot connect to ${this.location}: ${(e as Error).message}`, { cause: e });
    }
  }

  private async query(sql: string, params: unknown[] = []): Promise<Row[]> {
    try {
      return (await this.pool.query(sql, params)).rows as Row[];
    } catch (e) {
      if ((e as { code?: string }).code === 'ECONNREFUSED') {
        throw new FaultlineError(ERROR_CODES.STORE, `cannot connect to ${this.location}: ${(e as Error).message}`, { cause: e });
      }
      throw e;
    }
  }

  async init(): Promise<void> {
    await this.tx(async (c) => {
      // One migrator at a time per schema; the others wait here, then find nothing to do.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`faultline:migrate:${this.schema}`]);
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await c.query(
        `CREATE TABLE IF NOT EXISTS ${this.schema}.schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
      );
      const row = (await c.query(`SELECT MAX(version) AS v FROM ${this.schema}.schema_migrations`)).rows[0] as Row;
      const current = row.v == null ? 0 : Number(row.v);
      if (current > SCHEMA_VERSION) {
        throw new FaultlineError(
          ERROR_CODES.STORE,
          `database ${this.location} has schema version ${current}, newer than this Faultline (${SCHEMA_VERSION}): upgrade Faultline`,
        );
      }
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        await c.query(m.postgres);
        await c.query(`INSERT INTO ${this.schema}.schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, [
          m.version, m.name, new Date().toISOString(),
        ]);
      }
    });
  }

  async saveArticles(batch: readonly ProcessedArticle[]): Promise<SaveResult> {
    if (batch.length === 0) return { stored: 0, duplicates: 0, relations: 0, mentions: 0 };
    const now = new Date().toISOString();
    // Two workers inserting overlapping batches in different orders can deadlock; PostgreSQL
    // aborts one of them, which is then simply run again (nothing of it was kept).
    return this.retryOnConflict(() => this.tx(async (c) => {
      // One multi-row insert; rows whose id or fingerprint exists (stored before, stored by a
      // concurrent worker that committed first, or earlier in this batch) are skipped.
      const inserted = await insertMany(
        c, 'articles', ARTICLE_COLUMNS,
        batch.map((p) => articleParams(p, fingerprint(p.article.text), now)),
        ' ON CONFLICT DO NOTHING RETURNING id',
      );
      const ids = new Set(inserted.map((r) => String(r.id)));
      const fresh = batch.filter((p) => ids.delete(p.article.id));
      const sentences: unknown[][] = [];
      const mentions: unknown[][] = [];
      const relations: unknown[][] = [];
      for (const p of fresh) {
        const a = p.article;
        for (const s of p.sentences) sentences.push([a.id, s.index, s.start, s.end]);
        for (const m of p.mentions) mentions.push(mentionParams(a.id, a.date, m));
        for (const r of p.relations) relations.push(relationParams(r));
      }
      await insertMany(c, 'sentences', ['doc', 'idx', 'start_offset', 'end_offset'], sentences);
      await insertMany(c, 'mentions', MENTION_COLUMNS, mentions);
      await insertMany(c, 'relations', RELATION_COLUMNS, relations);
      return { stored: fresh.length, duplicates: batch.length - fresh.length, relations: relations.length, mentions: mentions.length };
    }));
  }

  /** Runs `fn` again (up to 5 times) when PostgreSQL aborted it for a deadlock or serialization failure. */
  private async retryOnConflict<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (attempt >= 5 || (code !== '40P01' && code !== '40001')) throw e;
        await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
      }
    }
  }

  async hasArticle(id: string, fp?: string): Promise<boolean> {
    const rows = await this.query('SELECT 1 FROM articles WHERE id = $1 OR fingerprint = $2 LIMIT 1', [id, fp ?? '']);
    return rows.length > 0;
  }

  /** Of these ids and fingerprints, those already stored (one query for a whole batch). */
  async storedKeys(ids: readonly string[], fingerprints: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0 && fingerprints.length === 0) return new Set();
    const rows = await this.query(
      'SELECT id, fingerprint FROM articles WHERE id = ANY($1::text[]) OR fingerprint = ANY($2::text[])',
      [ids, fingerprints],
    );
    const out = new Set<string>();
    for (const r of rows) {
      out.add(String(r.id));
      out.add(String(r.fingerprint));
    }
    return out;
  }

  async getArticle(id: string): Promise<Article | undefined> {
    const row = (await this.query('SELECT * FROM articles WHERE id = $1', [id]))[0];
    return row ? articleFromRow(row) : undefined;
  }

  async upsertActors(actors: readonly Actor[]): Promise<void> {
    if (actors.length === 0) return;
    // Last one wins per id (as sequential upserts would), and ids in a fixed order so that two
    // workers upserting overlapping sets lock rows in the same order (no deadlock).
    const byId = new Map<string, Actor>();
    for (const a of actors) byId.set(a.id, a);
    const rows = [...byId.values()]
      .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
      .map((a) => [a.id, a.name, a.type, JSON.stringify(a)]);
    await this.retryOnConflict(() => this.tx(async (c) => {
      await insertMany(
        c, 'actors', ['id', 'name', 'type', 'data'], rows,
        ' ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, data = excluded.data',
      );
    }));
  }

  async listActors(): Promise<Actor[]> {
    return (await this.query('SELECT data FROM actors ORDER BY name COLLATE "C", id COLLATE "C"')).map(actorFromRow);
  }

  async getActor(id: string): Promise<Actor | undefined> {
    const row = (await this.query('SELECT data FROM actors WHERE id = $1', [id]))[0];
    return row ? actorFromRow(row) : undefined;
  }

  async listRelations(filter: RelationFilter = {}): Promise<StoredRelation[]> {
    const q = relationQuery(filter, dollar);
    return (await this.query(q.sql, q.params)).map(relationFromRow);
  }

  async listMentions(filter: MentionFilter = {}): Promise<StoredMention[]> {
    const q = mentionQuery(filter, dollar);
    return (await this.query(q.sql, q.params)).map(mentionFromRow);
  }

  async reassignMentions(from: { actor?: string; text?: string }, to: string | null): Promise<number> {
    const via = to === null ? 'candidate' : 'dictionary';
    if (from.actor) {
      return (await this.pool.query('UPDATE mentions SET actor = $1, via = $2 WHERE actor = $3', [to, via, from.actor])).rowCount ?? 0;
    }
    if (from.text) {
      return (
        await this.pool.query('UPDATE mentions SET actor = $1, via = $2 WHERE actor IS NULL AND lower(text) = lower($3)', [to, via, from.text])
      ).rowCount ?? 0;
    }
    return 0;
  }

  async listCandidates(limit = 100): Promise<Candidate[]> {
    const q = candidateQuery(limit, dollar);
    const rows = await this.query(q.sql, q.params);
    const out: Candidate[] = [];
    for (const r of rows) {
      const ex = candidateExampleQuery(String(r.key), dollar);
      out.push(candidateFromRow(r, await this.query(ex.sql, ex.params)));
    }
    return out;
  }

  async stats(): Promise<StoreStats> {
    const row = (
      await this.query(`SELECT
        (SELECT COUNT(*) FROM articles) AS articles,
        (SELECT COUNT(*) FROM sentences) AS sentences,
        (SELECT COUNT(*) FROM actors) AS actors,
        (SELECT COUNT(*) FROM mentions) AS mentions,
        (SELECT COUNT(*) FROM relations) AS relations`)
    )[0]!;
    return {
      articles: Number(row.articles),
      sentences: Number(row.sentences),
      actors: Number(row.actors),
      mentions: Number(row.mentions),
      relations: Number(row.relations),
    };
  }

  async relationVersion(): Promise<RelationVersion> {
    const row = (await this.query('SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS m FROM relations'))[0]!;
    return { count: Number(row.n), maxId: Number(row.m) };
  }

  async relationSummary(): Promise<RelationSummary> {
    const version = await this.relationVersion();
    const range = (await this.query('SELECT MIN(time_start) AS s, MAX(time_start) AS e FROM relations'))[0]!;
    const types: Record<string, number> = {};
    for (const r of await this.query('SELECT type, COUNT(*) AS n FROM relations GROUP BY type')) types[String(r.type)] = Number(r.n);
    const activity: Record<string, number> = {};
    for (const r of await this.query(
      'SELECT actor, COUNT(*) AS n FROM (SELECT source_actor AS actor FROM relations UNION ALL SELECT target_actor FROM relations) u GROUP BY actor',
    )) activity[String(r.actor)] = Number(r.n);
    return { ...version, start: range.s == null ? null : String(range.s), end: range.e == null ? null : String(range.e), types, activity };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
