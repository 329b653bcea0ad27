/**
 * The embedded default Store: one SQLite file (better-sqlite3), WAL mode, one transaction per
 * batch, so an interrupted ingest leaves the database as it was before the interrupted batch.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ERROR_CODES, FaultlineError } from '../errors.js';
import { fingerprint } from '../read/fingerprint.js';
import type { Actor, Article, ProcessedArticle } from '../types.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { candidateExampleQuery, candidateQuery, mentionQuery, qmark, relationQuery } from './queries.js';
import {
  ARTICLE_COLUMNS, MENTION_COLUMNS, RELATION_COLUMNS, articleParams, candidateFromRow, actorFromRow, articleFromRow, mentionFromRow, mentionParams,
  relationFromRow, relationParams,
} from './rows.js';
import type {
  Candidate, MentionFilter, RelationFilter, RelationSummary, RelationVersion, SaveResult, Store, StoreStats, StoredMention, StoredRelation,
} from './store.js';

type Row = Record<string, unknown>;

/** Fingerprints already made for article objects (by `ingest`, to find duplicates): not made twice. */
const fingerprints = new WeakMap<Article, string>();

/** Tells the store the fingerprint of an article's text (computed by the caller anyway). */
export function rememberFingerprint(article: Article, fp: string): void {
  fingerprints.set(article, fp);
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly path: string;
  private db: Database.Database;

  /** Opens (creating if needed) the database file; `:memory:` for a throwaway store. */
  constructor(path: string) {
    this.path = path;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    try {
      this.db = new Database(path);
    } catch (e) {
      throw new FaultlineError(ERROR_CODES.STORE, `cannot open database ${path}: ${(e as Error).message}`, { cause: e });
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
  }

  async init(): Promise<void> {
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as Row;
    const current = row.v == null ? 0 : Number(row.v);
    if (current > SCHEMA_VERSION) {
      throw new FaultlineError(
        ERROR_CODES.STORE,
        `database ${this.path} has schema version ${current}, newer than this Faultline (${SCHEMA_VERSION}): upgrade Faultline`,
      );
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(m.sqlite);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(m.version, m.name, new Date().toISOString());
      })();
    }
  }

  async saveArticles(batch: readonly ProcessedArticle[]): Promise<SaveResult> {
    const db = this.db;
    const exists = db.prepare('SELECT 1 FROM articles WHERE id = ? OR fingerprint = ? LIMIT 1');
    const insArticle = db.prepare(
      `INSERT INTO articles (${ARTICLE_COLUMNS.join(', ')}) VALUES (${ARTICLE_COLUMNS.map(() => '?').join(', ')})`,
    );
    const insSentence = db.prepare('INSERT INTO sentences (doc, idx, start_offset, end_offset) VALUES (?, ?, ?, ?)');
    const insMention = db.prepare(
      `INSERT INTO mentions (${MENTION_COLUMNS.join(', ')}) VALUES (${MENTION_COLUMNS.map(() => '?').join(', ')})`,
    );
    const insRelation = db.prepare(
      `INSERT INTO relations (${RELATION_COLUMNS.join(', ')}) VALUES (${RELATION_COLUMNS.map(() => '?').join(', ')})`,
    );
    const now = new Date().toISOString();
    const run = db.transaction((items: readonly ProcessedArticle[]): SaveResult => {
      let stored = 0, duplicates = 0, relations = 0, mentions = 0;
      for (const p of items) {
        const a = p.article;
        const fp = fingerprints.get(a) ?? fingerprint(a.text);
        if (exists.get(a.id, fp)) {
          duplicates++;
          continue;
        }
        insArticle.run(...articleParams(p, fp, now));
        for (const s of p.sentences) insSentence.run(a.id, s.index, s.start, s.end);
        for (const m of p.mentions) insMention.run(...mentionParams(a.id, a.date, m));
        for (const r of p.relations) insRelation.run(...relationParams(r));
        stored++;
        relations += p.relations.length;
        mentions += p.mentions.length;
      }
      return { stored, duplicates, relations, mentions };
    });
    return run(batch);
  }

  async hasArticle(id: string, fp?: string): Promise<boolean> {
    const row = this.db.prepare('SELECT 1 FROM articles WHERE id = ? OR fingerprint = ? LIMIT 1').get(id, fp ?? '');
    return row !== undefined;
  }

  /** Of these ids and fingerprints, those already stored (one query per 400 of each). */
  async storedKeys(ids: readonly string[], fps: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < Math.max(ids.length, fps.length); i += 400) {
      const a = ids.slice(i, i + 400), b = fps.slice(i, i + 400);
      const rows = this.db.prepare(
        `SELECT id, fingerprint FROM articles WHERE id IN (${a.map(() => '?').join(', ') || 'NULL'}) OR fingerprint IN (${b.map(() => '?').join(', ') || 'NULL'})`,
      ).all(...a, ...b) as Row[];
      for (const r of rows) {
        out.add(String(r.id));
        out.add(String(r.fingerprint));
      }
    }
    return out;
  }

  async getArticle(id: string): Promise<Article | undefined> {
    const row = this.db.prepare('SELECT * FROM articles WHERE id = ?').get(id) as Row | undefined;
    return row ? articleFromRow(row) : undefined;
  }

  async upsertActors(actors: readonly Actor[]): Promise<void> {
    const st = this.db.prepare(
      `INSERT INTO actors (id, name, type, data) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, data = excluded.data`,
    );
    this.db.transaction(() => {
      for (const a of actors) st.run(a.id, a.name, a.type, JSON.stringify(a));
    })();
  }

  async listActors(): Promise<Actor[]> {
    return (this.db.prepare('SELECT data FROM actors ORDER BY name').all() as Row[]).map(actorFromRow);
  }

  async getActor(id: string): Promise<Actor | undefined> {
    const row = this.db.prepare('SELECT data FROM actors WHERE id = ?').get(id) as Row | undefined;
    return row ? actorFromRow(row) : undefined;
  }

  async listRelations(filter: RelationFilter = {}): Promise<StoredRelation[]> {
    const q = relationQuery(filter, qmark);
    return (this.db.prepare(q.sql).all(...q.params) as Row[]).map(relationFromRow);
  }

  async listMentions(filter: MentionFilter = {}): Promise<StoredMention[]> {
    const q = mentionQuery(filter, qmark);
    return (this.db.prepare(q.sql).all(...q.params) as Row[]).map(mentionFromRow);
  }

  async reassignMentions(from: { actor?: string; text?: string }, to: string | null): Promise<number> {
    const via = to === null ? 'candidate' : 'dictionary';
    if (from.actor) {
      return this.db.prepare('UPDATE mentions SET actor = ?, via = ? WHERE actor = ?').run(to, via, from.actor).changes;
    }
    if (from.text) {
      return this.db
        .prepare('UPDATE mentions SET actor = ?, via = ? WHERE actor IS NULL AND lower(text) = lower(?)')
        .run(to, via, from.text).changes;
    }
    return 0;
  }

  async listCandidates(limit = 100): Promise<Candidate[]> {
    const q = candidateQuery(limit, qmark);
    const rows = this.db.prepare(q.sql).all(...q.params) as Row[];
    const ex = this.db.prepare(candidateExampleQuery('', qmark).sql);
    return rows.map((r) => candidateFromRow(r, ex.all(r.key) as Row[]));
  }


  async stats(): Promise<StoreStats> {
    const c = (table: string): number => Number((this.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as Row).n);
    return {
      articles: c('articles'),
      sentences: c('sentences'),
      actors: c('actors'),
      mentions: c('mentions'),
      relations: c('relations'),
    };
  }

  async relationVersion(): Promise<RelationVersion> {
    const row = this.db.prepare('SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS m FROM relations').get() as Row;
    return { count: Number(row.n), maxId: Number(row.m) };
  }

  async relationSummary(): Promise<RelationSummary> {
    const version = await this.relationVersion();
    const range = this.db.prepare('SELECT MIN(time_start) AS s, MAX(time_start) AS e FROM relations').get() as Row;
    const types: Record<string, number> = {};
    for (const r of this.db.prepare('SELECT type, COUNT(*) AS n FROM relations GROUP BY type').all() as Row[]) types[String(r.type)] = Number(r.n);
    const activity: Record<string, number> = {};
    for (const r of this.db.prepare(
      'SELECT actor, COUNT(*) AS n FROM (SELECT source_actor AS actor FROM relations UNION ALL SELECT target_actor FROM relations) GROUP BY actor',
    ).all() as Row[]) activity[String(r.actor)] = Number(r.n);
    return { ...version, start: range.s == null ? null : String(range.s), end: range.e == null ? null : String(range.e), types, activity };
  }

  /**
   * SHA-1 of everything stored, in storage order (row ids included, ingest times not): equal for
   * two databases that hold the same rows in the same order (benchmarks compare runs with it).
   */
  digest(): string {
    const h = createHash('sha1');
    const tables: [string, string][] = [
      ['articles', `SELECT ${ARTICLE_COLUMNS.filter((c) => c !== 'ingested_at').join(', ')} FROM articles ORDER BY rowid`],
      ['sentences', 'SELECT * FROM sentences ORDER BY rowid'],
      ['actors', 'SELECT id, data FROM actors ORDER BY id'],
      ['mentions', 'SELECT * FROM mentions ORDER BY id'],
      ['relations', 'SELECT * FROM relations ORDER BY id'],
    ];
    for (const [name, sql] of tables) {
      h.update(`\n#${name}\n`);
      for (const row of this.db.prepare(sql).raw().iterate() as Iterable<unknown[]>) h.update(row.join('\u0001') + '\n');
    }
    return h.digest('hex');
  }

  /** Tokens of all stored articles (benchmarks). */
  tokenCount(): number {
    return Number((this.db.prepare('SELECT COALESCE(SUM(token_count), 0) AS n FROM articles').get() as Row).n);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
