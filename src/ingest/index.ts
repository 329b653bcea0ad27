/**
 * Ingest: read → pipeline → store, in batches. Each batch is one store transaction, so an
 * interrupted ingest loses at most the batches in flight, and a rerun completes it (articles
 * already stored are recognised by id or text fingerprint and skipped before processing).
 *
 * In one thread, this thread de-duplicates, processes and stores. With a `WorkerPool`, this
 * thread only reads and hands batches out: the workers de-duplicate, process and store, in
 * input order (see `worker-pool.ts`), so the store ends the same either way.
 */
import { newActorsOf, type ActorDictionary } from '../actors/dictionary.js';
import type { Pipeline } from '../pipeline/index.js';
import { fingerprint } from '../read/fingerprint.js';
import { readInputs, type ReadOptions } from '../read/index.js';
import { rememberFingerprint } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import type { Article, ProcessedArticle, ReadIssue } from '../types.js';
import { DEFAULT_MAX_ARTICLE_MB, maxArticleChars, partStarts, processArticle } from './long-article.js';
import type { BatchSaved } from './worker-pool.js';

export interface IngestOptions {
  readonly store: Store;
  /** Processes articles in this thread and saves them to `store`... */
  readonly pipeline?: Pipeline;
  /**
   * ...or in these worker threads, which save them to the same store themselves, in the order of
   * the calls (then neither `pipeline` nor `store` is used here). See `WorkerPool`.
   */
  readonly pool?: { readonly size: number; store(articles: readonly Article[]): Promise<BatchSaved> };
  /** The pipeline's dictionary (actors of new mentions are stored with them); needed with `pipeline`. */
  readonly dictionary?: ActorDictionary;
  readonly read?: ReadOptions;
  /** Longer article texts are processed in parts of at most this many characters (default 1 MB, see `long-article.ts`). */
  readonly maxArticleChars?: number;
  /** Articles per transaction (default 64). */
  readonly batchSize?: number;
  /** Called after every batch and on every issue. */
  readonly onProgress?: (p: IngestProgress) => void;
  readonly onIssue?: (issue: ReadIssue) => void;
  /** Called for each article longer than `maxArticleChars`, with the number of parts it is processed in. */
  readonly onLongArticle?: (article: Article, parts: number) => void;
}

export interface IngestProgress {
  readonly articles: number;
  readonly sentences: number;
  /** Characters of article text read so far. */
  readonly chars: number;
}

export interface IngestSummary {
  /** Articles read from the inputs (stored + duplicates). */
  readonly read: number;
  readonly stored: number;
  /** Records rejected with an error issue. */
  readonly rejected: number;
  readonly warnings: number;
  readonly duplicates: number;
  readonly sentences: number;
  readonly mentions: number;
  readonly relations: number;
  readonly seconds: number;
  readonly issues: readonly ReadIssue[];
}

/** Ingests articles from files/folders, or from an iterable of already-read items. */
export async function ingest(
  inputs: readonly string[] | AsyncIterable<Article | ReadIssue> | Iterable<Article | ReadIssue>,
  options: IngestOptions,
): Promise<IngestSummary> {
  const t0 = performance.now();
  const { store, pipeline, dictionary } = options;
  const batchSize = options.batchSize ?? 64;
  const maxChars = options.maxArticleChars ?? maxArticleChars(DEFAULT_MAX_ARTICLE_MB);
  const paths = Array.isArray(inputs) && inputs.every((x) => typeof x === 'string');
  const source = paths ? readInputs(inputs as readonly string[], options.read) : inputs;
  const issues: ReadIssue[] = [];
  let read = 0, stored = 0, rejected = 0, warnings = 0, duplicates = 0, sentences = 0, mentions = 0, relations = 0, chars = 0;
  const count = (r: BatchSaved): void => {
    stored += r.stored;
    duplicates += r.duplicates;
    relations += r.relations;
    mentions += r.mentions;
    sentences += r.sentences;
    options.onProgress?.({ articles: read, sentences, chars });
  };
  /** Counts one read item: an issue is reported and gives undefined, an article is returned. */
  const take = (item: Article | ReadIssue): Article | undefined => {
    if ('kind' in item && item.kind === 'issue') {
      issues.push(item);
      if (item.severity === 'error') rejected++;
      else warnings++;
      options.onIssue?.(item);
      return undefined;
    }
    const article = item as Article;
    read++;
    chars += article.text.length;
    if (article.text.length > maxChars) options.onLongArticle?.(article, partStarts(article.text, maxChars).length);
    return article;
  };

  if (options.pool) {
    // This thread reads and hands out batches; the workers de-duplicate, process and store.
    const pool = options.pool;
    const inflight: Promise<BatchSaved>[] = [];
    // Enough batches in flight that no worker waits for work while earlier batches wait for their turn to be saved.
    const maxInflight = pool.size * 4;
    let raw: Article[] = [];
    const dispatch = async (): Promise<void> => {
      if (raw.length) inflight.push(pool.store(raw));
      raw = [];
      while (inflight.length >= maxInflight) count(await inflight.shift()!);
    };
    for await (const item of source as AsyncIterable<Article | ReadIssue>) {
      const article = take(item);
      if (!article) continue;
      raw.push(article);
      if (raw.length >= batchSize) await dispatch();
    }
    await dispatch();
    while (inflight.length) count(await inflight.shift()!);
    return {
      read, stored, rejected, warnings, duplicates, sentences, mentions, relations,
      seconds: (performance.now() - t0) / 1000,
      issues,
    };
  }

  if (!pipeline || !dictionary) throw new Error('ingest: pass a pipeline and its dictionary, or a worker pool');
  const knownActors = new Set((await store.listActors()).map((a) => a.id));
  // Articles read but not yet stored, by id and fingerprint (de-duplication within the batch being filled).
  const pendingKeys = new Set<string>();
  let raw: Article[] = [];

  const save = async (batch: readonly ProcessedArticle[]): Promise<void> => {
    const newActors = newActorsOf(dictionary, batch, knownActors);
    if (newActors.length) {
      await store.upsertActors(newActors);
      for (const a of newActors) knownActors.add(a.id);
    }
    const r = await store.saveArticles(batch);
    let n = 0;
    for (const p of batch) n += p.sentences.length;
    count({ ...r, sentences: n });
  };
  const dispatch = async (): Promise<void> => {
    if (raw.length === 0) return;
    const batch = raw.map((a) => processArticle(pipeline, a, maxChars));
    raw = [];
    await save(batch);
    pendingKeys.clear();
  };

  for await (const item of source as AsyncIterable<Article | ReadIssue>) {
    const article = take(item);
    if (!article) continue;
    const fp = fingerprint(article.text);
    if (pendingKeys.has(article.id) || pendingKeys.has(fp) || (await store.hasArticle(article.id, fp))) {
      duplicates++;
      continue;
    }
    pendingKeys.add(article.id);
    pendingKeys.add(fp);
    rememberFingerprint(article, fp);
    raw.push(article);
    if (raw.length >= batchSize) await dispatch();
  }
  await dispatch();
  return {
    read, stored, rejected, warnings, duplicates, sentences, mentions, relations,
    seconds: (performance.now() - t0) / 1000,
    issues,
  };
}
