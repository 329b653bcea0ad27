/**
 * The Store spec against a real PostgreSQL: `FAULTLINE_TEST_PG` is a URL (`.ci/pg-setup.sh`
 * exports one). Each test gets a fresh schema, dropped at the end. Without the variable the
 * suite is skipped, saying why.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, FaultlineError } from '../errors.js';
import type { ProcessedArticle } from '../types.js';
import { openStore } from './index.js';
import { PostgresStore, parsePostgresUrl, redactUrl } from './postgres-store.js';
import { runStoreSpec } from './store.spec.js';

const PG = process.env.FAULTLINE_TEST_PG;
const schemas: string[] = [];

function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}

function freshLocation(): string {
  const schema = `fl_test_${randomBytes(6).toString('hex')}`;
  schemas.push(schema);
  return withSchema(PG!, schema);
}

function article(id: string, text: string): ProcessedArticle {
  return {
    article: { id, date: '2014-01-05', text },
    sentences: [{ index: 0, start: 0, end: text.length, tokenStart: 0, tokenEnd: 1 }],
    tokens: { length: 1, start: Uint32Array.of(0), end: Uint32Array.of(text.length) },
    mentions: [],
    relations: [],
  };
}

if (!PG) {
  describe('Store spec: postgres', () => {
    it.skip('skipped: FAULTLINE_TEST_PG is not set (source .ci/pg-setup.sh to run against a real PostgreSQL)', () => undefined);
  });
} else {
  afterAll(async () => {
    const client = new pg.Client({ connectionString: parsePostgresUrl(PG).connectionString });
    await client.connect();
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await client.end();
  });

  runStoreSpec('postgres', async () => {
    const s = new PostgresStore(freshLocation());
    await s.init();
    return s;
  });

  describe('PostgresStore specifics', () => {
    it('openStore opens a postgres:// URL as a PostgresStore', async () => {
      const s = await openStore(freshLocation());
      expect(s.kind).toBe('postgres');
      await s.close();
    });

    it('N stores migrating the same schema at once migrate it exactly once', async () => {
      const loc = freshLocation();
      const stores = Array.from({ length: 5 }, () => new PostgresStore(loc));
      await Promise.all(stores.map((s) => s.init()));
      const client = new pg.Client({ connectionString: parsePostgresUrl(PG).connectionString });
      await client.connect();
      const schema = parsePostgresUrl(loc).schema;
      const r = await client.query(`SELECT COUNT(*) AS n FROM ${schema}.schema_migrations`);
      await client.end();
      expect(Number(r.rows[0].n)).toBe(1);
      await Promise.all(stores.map((s) => s.close()));
    });

    it('concurrent saves of the same articles: each stored once, the others count duplicates, no error', async () => {
      const loc = freshLocation();
      const stores = Array.from({ length: 4 }, () => new PostgresStore(loc));
      await stores[0]!.init();
      const batch = Array.from({ length: 20 }, (_, i) => article(`d${i}`, `text number ${i}`));
      // Same ids, and (for the last store) other ids with the same normalised text.
      const results = await Promise.all(stores.map((s, k) => s.saveArticles(
        k === 3 ? batch.map((p) => ({ ...p, article: { ...p.article, id: `x-${p.article.id}`, text: p.article.text.toUpperCase() } })) : batch,
      )));
      expect(results.reduce((n, r) => n + r.stored, 0)).toBe(20);
      expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(60);
      expect((await stores[0]!.stats()).articles).toBe(20);
      expect((await stores[0]!.stats()).sentences).toBe(20);
      await Promise.all(stores.map((s) => s.close()));
    });

    it('concurrent saves of overlapping batches in opposite orders (deadlock-prone) all succeed', async () => {
      const loc = freshLocation();
      const stores = Array.from({ length: 4 }, () => new PostgresStore(loc));
      await stores[0]!.init();
      for (let round = 0; round < 5; round++) {
        const batch = Array.from({ length: 30 }, (_, i) => article(`r${round}-${i}`, `round ${round} text ${i}`));
        const results = await Promise.all(stores.map((s, k) => s.saveArticles(k % 2 ? [...batch].reverse() : batch)));
        expect(results.reduce((n, r) => n + r.stored, 0)).toBe(30);
        expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(90);
      }
      expect((await stores[0]!.stats()).articles).toBe(150);
      await Promise.all(stores.map((s) => s.close()));
    });

    it('refuses a database from a newer Faultline', async () => {
      const loc = freshLocation();
      const s = new PostgresStore(loc);
      await s.init();
      await s.close();
      const client = new pg.Client({ connectionString: parsePostgresUrl(PG).connectionString });
      await client.connect();
      await client.query(`INSERT INTO ${parsePostgresUrl(loc).schema}.schema_migrations (version, name, applied_at) VALUES (999, 'future', 'now')`);
      await client.end();
      const again = new PostgresStore(loc);
      await expect(again.init()).rejects.toSatisfy((e: unknown) => e instanceof FaultlineError && e.code === ERROR_CODES.STORE);
      await again.close();
    });
  });
}

describe('PostgreSQL URLs', () => {
  it('takes the schema from ?schema= and checks it is an identifier', () => {
    expect(parsePostgresUrl('postgres://u:p@h:5432/db?schema=abc_1')).toEqual({ connectionString: 'postgres://u:p@h:5432/db', schema: 'abc_1' });
    expect(parsePostgresUrl('postgresql://h/db').schema).toBe('public');
    expect(() => parsePostgresUrl('postgres://h/db?schema=a;drop')).toThrow(FaultlineError);
  });

  it('redacts passwords in messages', () => {
    expect(redactUrl('postgres://u:secret@h/db')).toBe('postgres://u:***@h/db');
  });

  it('a server that does not answer is a store error', async () => {
    const s = new PostgresStore('postgres://u:p@127.0.0.1:1/db');
    await expect(s.init()).rejects.toSatisfy((e: unknown) => e instanceof FaultlineError && e.code === ERROR_CODES.STORE);
    await s.close();
  });
});
