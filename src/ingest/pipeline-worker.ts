/**
 * Worker thread body of `WorkerPool`: loads the default pipeline once, opens its own connection
 * to the store, then for each batch it is sent: skips articles already stored, processes the
 * others, and saves them itself when the pool gives the batch its turn (batches are saved in the
 * order they were read, so the store ends exactly as after a one-thread ingest).
 *
 * Messages in: `{ kind: 'batch', seq, articles }`, `{ kind: 'turn', seq }`.
 * Messages out: `{ kind: 'warning', message }` (while loading), `ready`, `{ kind: 'processed', seq }`, `{ kind: 'saved', seq, counts, cpu, timings }`,
 * `{ kind: 'error', seq, error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { newActorsOf } from '../actors/dictionary.js';
import { loadDefaultPipeline } from '../pipeline/default.js';
import { fingerprint } from '../read/fingerprint.js';
import { PostgresStore, isPostgresUrl } from '../store/postgres-store.js';
import { SqliteStore, rememberFingerprint } from '../store/sqlite-store.js';
import type { Article, ProcessedArticle } from '../types.js';
import { DEFAULT_MAX_ARTICLE_MB, maxArticleChars, processArticle } from './long-article.js';
import { threadCpuSeconds } from './thread-cpu.js';
import type { BatchSaved, PoolWorkerData } from './worker-pool.js';

const { store: location, maxArticleChars: maxChars, ...pipelineOptions } = workerData as PoolWorkerData;
const limit = maxChars ?? maxArticleChars(DEFAULT_MAX_ARTICLE_MB);
const { pipeline, dictionary } = loadDefaultPipeline({ ...pipelineOptions, warn: (message) => parentPort!.postMessage({ kind: 'warning', message }) });
// The pool's owner has created and migrated the store; this is a second connection to it.
const store = isPostgresUrl(location) ? new PostgresStore(location, { maxConnections: 1 }) : new SqliteStore(location);
const knownActors = new Set<string>();
/** CPU seconds of this thread once loaded: what processing and storing cost is counted from here. */
let cpu0: number | undefined;
const spent = { precheck: 0, store: 0 };

interface Prepared {
  readonly items: ProcessedArticle[];
  readonly fingerprints: string[];
  /** Articles skipped because they were already stored when the batch was processed. */
  readonly skipped: number;
}

/** Processed batches waiting for their turn, and turns given before their batch was processed. */
const ready = new Map<number, Prepared>();
const turns = new Set<number>();
/** Saves run one after another (they are also ordered across workers by the pool's turns). */
let saving: Promise<void> = Promise.resolve();
/** Batches are processed in the order they arrive. */
let working: Promise<void> = Promise.resolve();

const post = (m: unknown): void => parentPort!.postMessage(m);
const fail = (seq: number, e: unknown): void => post({ kind: 'error', seq, error: (e as Error).stack ?? String(e) });

async function prepare(seq: number, articles: readonly Article[]): Promise<void> {
  const t0 = performance.now();
  const fps = articles.map((a) => fingerprint(a.text));
  const known = await store.storedKeys(articles.map((a) => a.id), fps);
  spent.precheck += performance.now() - t0;
  const items: ProcessedArticle[] = [];
  const fingerprints: string[] = [];
  let skipped = 0;
  for (const [i, a] of articles.entries()) {
    if (known.has(a.id) || known.has(fps[i]!)) {
      skipped++;
      continue;
    }
    rememberFingerprint(a, fps[i]!);
    items.push(processArticle(pipeline, a, limit));
    fingerprints.push(fps[i]!);
    // Between articles, let a waiting turn in: an earlier batch of this worker is then saved at
    // once, not after this whole batch, so the other worker never waits on it for its own turn.
    if (ready.size) await new Promise<void>((r) => setImmediate(r));
  }
  post({ kind: 'processed', seq });
  ready.set(seq, { items, fingerprints, skipped });
  trySave(seq);
}

function trySave(seq: number): void {
  const p = ready.get(seq);
  if (!p || !turns.has(seq)) return;
  ready.delete(seq);
  turns.delete(seq);
  saving = saving.then(() => save(seq, p)).catch((e: unknown) => fail(seq, e));
}

async function save(seq: number, p: Prepared): Promise<void> {
  const t0 = performance.now();
  // Articles stored since the batch was processed (earlier batches in flight), or repeated within
  // the batch, are duplicates: as in a one-thread ingest, the first in input order is kept.
  const known = p.items.length ? await store.storedKeys(p.items.map((x) => x.article.id), p.fingerprints) : new Set<string>();
  const fresh: ProcessedArticle[] = [];
  for (const [i, x] of p.items.entries()) {
    const fp = p.fingerprints[i]!;
    if (known.has(x.article.id) || known.has(fp)) continue;
    known.add(x.article.id);
    known.add(fp);
    fresh.push(x);
  }
  const newActors = newActorsOf(dictionary, fresh, knownActors);
  if (newActors.length) {
    await store.upsertActors(newActors);
    for (const a of newActors) knownActors.add(a.id);
  }
  const r = await store.saveArticles(fresh);
  spent.store += performance.now() - t0;
  let sentences = 0;
  for (const x of fresh) sentences += x.sentences.length;
  const counts: BatchSaved = {
    stored: r.stored,
    duplicates: p.skipped + (p.items.length - fresh.length) + r.duplicates,
    sentences,
    mentions: r.mentions,
    relations: r.relations,
  };
  const cpu = threadCpuSeconds();
  post({
    kind: 'saved', seq, counts,
    timings: { ...pipeline.timings(), precheck: spent.precheck / 1000, store: spent.store / 1000 },
    ...(cpu !== undefined && cpu0 !== undefined ? { cpu: cpu - cpu0 } : {}),
  });
}

async function start(): Promise<void> {
  for (const a of await store.listActors()) knownActors.add(a.id);
  cpu0 = threadCpuSeconds();
  parentPort!.on('message', (m: { kind: 'batch'; seq: number; articles: Article[] } | { kind: 'turn'; seq: number }) => {
    if (m.kind === 'turn') {
      turns.add(m.seq);
      trySave(m.seq);
      return;
    }
    working = working.then(() => prepare(m.seq, m.articles)).catch((e: unknown) => fail(m.seq, e));
  });
  post({ kind: 'ready' });
}

start().catch((e: unknown) => fail(-1, e));
