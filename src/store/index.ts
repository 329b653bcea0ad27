/**
 * The store stage: where processed articles go. `openStore` picks the implementation from the
 * location: a `postgres://` URL or a file path (SQLite, the embedded default).
 */
import { PostgresStore, isPostgresUrl } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export type {
  Candidate, MentionFilter, RelationFilter, SaveResult, Store, StoreStats, StoredMention, StoredRelation,
} from './store.js';
export { SqliteStore } from './sqlite-store.js';
export { PostgresStore, isPostgresUrl } from './postgres-store.js';
export { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

/** Opens and migrates a store: a `postgres://` / `postgresql://` URL, or a SQLite file path (or `:memory:`). */
export async function openStore(location: string): Promise<Store> {
  const store: Store = isPostgresUrl(location) ? new PostgresStore(location) : new SqliteStore(location);
  await store.init();
  return store;
}
