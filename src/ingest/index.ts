/**
 * Ingest: read → pipeline → store, in batches. Each batch is one store transaction, so an
 * interrupted ingest loses at most the batch in flight, and a rerun completes it (articles
 * already stored are recognised by id or text fingerprint and skipped before processing).
 */
import { newActorsOf, type ActorDictionary } from '../actors/dictionary.js';
import type { Pipeline } from '../pipeline/index.js';
import { fingerprint } from '../read/fingerprint.js';
import { readInputs, type ReadOptions } from '../read/index.js';
import { rememberFingerprint } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import type { Article, ProcessedArticle, ReadIssue } from '../types.js';

export interface IngestOptions {
  readonly store: Store;
  /** Processes articles in this thread... */
  readonly pipeline: Pipeline;
  /** ...or in these worker threads (then `pipeline` is not used for processing). */
  readonly pool?: { readonly size: number; process(articles: readonly Article[]): Promise<ProcessedArticle[]> };
  readonly dictionary: ActorDictionary;
  readonly read?: ReadOptions;
  /** Articles per transaction (default 64). */
  readonly batchSize?: number;
  /** Called after every batch and on every issue. */
  readonly onProgress?: (p: IngestProgress) => void;
  readonly onIssue?: (issue: ReadIssue) => void;
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
  const source = Array.isArray(inputs) ? readInputs(inputs as readonly string[], options.read) : inputs;
  const knownActors = new Set((await store.listActors()).map((a) => a.id));
  const issues: ReadIssue[] = [];
  let read = 0, stored = 0, rejected = 0, warnings = 0, duplicates = 0, sentences = 0, mentions = 0, relations = 0, chars = 0;
  // Articles read but not yet stored, by id and fingerprint (de-duplication across batches in flight).
  const pendingKeys = new Set<string>();
  let raw: Article[] = [];
  let rawKeys: string[] = [];
  const inflight: { work: Promise<ProcessedArticle[]>; keys: string[] }[] = [];
  const maxInflight = options.pool ? options.pool.size * 2 : 1;
  const process = (arts: readonly Article[]): Promise<ProcessedArticle[]> =>
    options.pool ? options.pool.process(arts) : Promise.resolve(arts.map((a) => pipeline.process(a)));

  const save = async (batch: readonly ProcessedArticle[], keys: readonly string[]): Promise<void> => {
    const newActors = newActorsOf(dictionary, batch, knownActors);
    if (newActors.length) {
      await store.upsertActors(newActors);
      for (const a of newActors) knownActors.add(a.id);
    }
    const r = await store.saveArticles(batch);
    stored += r.stored;
    duplicates += r.duplicates;
    relations += r.relations;
    mentions += r.mentions;
    for (const p of batch) sentences += p.sentences.length;
    for (const k of keys) pendingKeys.delete(k);
    options.onProgress?.({ articles: read, sentences, chars });
  };
  const drainOne = async (): Promise<void> => {
    const next = inflight.shift()!;
    await save(await next.work, next.keys);
  };
  const dispatch = async (): Promise<void> => {
    if (raw.length === 0) return;
    inflight.push({ work: process(raw), keys: rawKeys });
    raw = [];
    rawKeys = [];
    while (inflight.length >= maxInflight) await drainOne();
  };

  for await (const item of source as AsyncIterable<Article | ReadIssue>) {
    if ('kind' in item && item.kind === 'issue') {
      issues.push(item);
      if (item.severity === 'error') rejected++;
      else warnings++;
      options.onIssue?.(item);
      continue;
    }
    const article = item as Article;
    read++;
    chars += article.text.length;
    const fp = fingerprint(article.text);
    if (pendingKeys.has(article.id) || pendingKeys.has(fp) || (await store.hasArticle(article.id, fp))) {
      duplicates++;
      continue;
    }
    pendingKeys.add(article.id);
    pendingKeys.add(fp);
    rememberFingerprint(article, fp);
    raw.push(article);
    rawKeys.push(article.id, fp);
    if (raw.length >= batchSize) await dispatch();
  }
  await dispatch();
  while (inflight.length) await drainOne();
  return {
    read, stored, rejected, warnings, duplicates, sentences, mentions, relations,
    seconds: (performance.now() - t0) / 1000,
    issues,
  };
}
