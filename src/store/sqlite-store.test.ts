import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite-store.js';
import { runStoreSpec } from './store.spec.js';
import { ERROR_CODES, FaultlineError } from '../errors.js';
import Database from 'better-sqlite3';

runStoreSpec('sqlite', async () => {
  const s = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'fl-store-')), 'test.db'));
  await s.init();
  return s;
});

describe('SqliteStore specifics', () => {
  it('refuses a database from a newer Faultline', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'fl-store-')), 'future.db');
    const s = new SqliteStore(path);
    await s.init();
    await s.close();
    const db = new Database(path);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, ?, ?)').run('future', 'now');
    db.close();
    const again = new SqliteStore(path);
    await expect(again.init()).rejects.toSatisfy((e: unknown) => e instanceof FaultlineError && e.code === ERROR_CODES.STORE);
    await again.close();
  });
});
