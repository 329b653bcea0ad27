/**
 * The loop every consumer of a read stream runs (ingest, the queue's enqueue): issues are counted
 * and reported, articles are counted, and an article taken before in the run (same id or same
 * text fingerprint) or already stored is a duplicate, not passed on.
 */
import type { Article, ReadIssue } from '../types.js';
import { fingerprint } from './fingerprint.js';
import { isReadIssue, type ReadItem } from './index.js';

/** Running counts of a read stream. */
export interface ReadCounts {
  /** Articles read (new ones and duplicates). */
  read: number;
  /** Records rejected with an error issue, and warnings. */
  rejected: number;
  warnings: number;
  /** Articles not passed on: taken before in the run, or stored. */
  duplicates: number;
  /** Characters of article text read. */
  chars: number;
  readonly issues: ReadIssue[];
}

export const emptyReadCounts = (): ReadCounts => ({ read: 0, rejected: 0, warnings: 0, duplicates: 0, chars: 0, issues: [] });

export interface NewArticlesOptions {
  /**
   * Ids and fingerprints of the articles taken so far in the run; the keys of every article passed
   * on are added (a caller may delete them again once the article is stored).
   */
  readonly taken: Set<string>;
  /** True when the store holds the article already (default: not asked). */
  readonly isStored?: (id: string, fingerprint: string) => Promise<boolean>;
  readonly onIssue?: (issue: ReadIssue) => void;
}

/** The new articles of a read stream with their text fingerprints; everything is counted in `counts`. */
export async function* newArticles(
  items: AsyncIterable<ReadItem> | Iterable<ReadItem>,
  counts: ReadCounts,
  options: NewArticlesOptions,
): AsyncGenerator<{ readonly article: Article; readonly fingerprint: string }> {
  const { taken } = options;
  for await (const item of items) {
    if (isReadIssue(item)) {
      counts.issues.push(item);
      if (item.severity === 'error') counts.rejected++;
      else counts.warnings++;
      options.onIssue?.(item);
      continue;
    }
    counts.read++;
    counts.chars += item.text.length;
    const fp = fingerprint(item.text);
    if (taken.has(item.id) || taken.has(fp) || (await options.isStored?.(item.id, fp))) {
      counts.duplicates++;
      continue;
    }
    taken.add(item.id);
    taken.add(fp);
    yield { article: item, fingerprint: fp };
  }
}
