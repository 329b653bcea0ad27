/**
 * Versioned schema migrations. Each entry is applied once, in order, inside a transaction,
 * and recorded in `schema_migrations`. Never edit a released migration: add a new one.
 * The SQL is written in the common subset of SQLite and PostgreSQL where possible; a
 * dialect-specific body can be given per store kind.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

const TABLES_V1 = (autoId: string, json: string, real: string): string => `
CREATE TABLE articles (
  id TEXT PRIMARY KEY,
  date TEXT NOT NULL,
  title TEXT,
  source TEXT,
  url TEXT,
  meta ${json},
  text TEXT NOT NULL,
  fingerprint TEXT NOT NULL UNIQUE,
  sentence_count INTEGER NOT NULL,
  token_count INTEGER NOT NULL,
  ingested_at TEXT NOT NULL
);
CREATE INDEX articles_date ON articles (date);
CREATE TABLE sentences (
  doc TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  PRIMARY KEY (doc, idx)
);
CREATE TABLE actors (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  data ${json} NOT NULL
);
CREATE TABLE mentions (
  id ${autoId},
  doc TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  sentence INTEGER NOT NULL,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  text TEXT NOT NULL,
  actor TEXT,
  via TEXT NOT NULL,
  entity TEXT,
  token_start INTEGER NOT NULL,
  token_end INTEGER NOT NULL,
  grp TEXT,
  date TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions (doc);
CREATE INDEX mentions_actor ON mentions (actor);
CREATE TABLE relations (
  id ${autoId},
  doc TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  type TEXT NOT NULL,
  polarity INTEGER NOT NULL,
  source_actor TEXT NOT NULL,
  source_name TEXT NOT NULL,
  source_text TEXT NOT NULL,
  source_start INTEGER NOT NULL,
  source_end INTEGER NOT NULL,
  target_actor TEXT NOT NULL,
  target_name TEXT NOT NULL,
  target_text TEXT NOT NULL,
  target_start INTEGER NOT NULL,
  target_end INTEGER NOT NULL,
  time_start TEXT NOT NULL,
  time_end TEXT NOT NULL,
  time_text TEXT,
  sentence_index INTEGER NOT NULL,
  sentence_start INTEGER NOT NULL,
  sentence_end INTEGER NOT NULL,
  sentence_text TEXT NOT NULL,
  confidence ${real} NOT NULL
);
CREATE INDEX relations_source ON relations (source_actor, time_start);
CREATE INDEX relations_target ON relations (target_actor, time_start);
CREATE INDEX relations_time ON relations (time_start);
CREATE INDEX relations_doc ON relations (doc);
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'articles, sentences, actors, mentions, relations',
    sqlite: TABLES_V1('INTEGER PRIMARY KEY AUTOINCREMENT', 'TEXT', 'REAL'),
    postgres: TABLES_V1('BIGSERIAL PRIMARY KEY', 'JSONB', 'DOUBLE PRECISION'),
  },
];

/** The schema version this build of Faultline writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
