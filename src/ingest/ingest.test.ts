/**
 * Ingest in one thread vs with worker threads that process and store: the same rows in the same
 * order (row ids included), the same counts, including duplicates within the input; over-long
 * articles processed in parts with offsets into the whole text.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultPipeline, type LoadedPipeline } from '../pipeline/default.js';
import { projectPath } from '../paths.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Article } from '../types.js';
import { ingest } from './index.js';
import { partStarts, processArticle } from './long-article.js';
import { fingerprint, normalizeForFingerprint } from '../read/fingerprint.js';
import { createHash } from 'node:crypto';
import { WorkerPool } from './worker-pool.js';

const DEMO = projectPath('demo', 'articles');
const dir = mkdtempSync(join(tmpdir(), 'faultline-ingest-'));
let loaded: LoadedPipeline;

/** Demo articles, plus the same id again and the same text (re-spaced, re-cased) under a new id. */
function corpus(): Article[] {
  const files = readdirSync(DEMO).filter((f) => f.endsWith('.txt')).sort().slice(0, 24);
  const arts: Article[] = files.map((f, i) => {
    const [first, ...rest] = readFileSync(join(DEMO, f), 'utf8').split('\n');
    const date = /\d{4}-\d{2}-\d{2}/.exec(first!)?.[0] ?? '2015-01-01';
    return { id: `a${i}`, date, text: rest.join('\n').trim() };
  });
  arts.splice(9, 0, { ...arts[2]!, text: arts[5]!.text }); // same id as a2, other text: a duplicate (a2 comes first)
  arts.push({ ...arts[3]!, id: 'copy-of-a3', text: `  ${arts[3]!.text.toUpperCase()}  ` }); // same normalised text
  return arts;
}

beforeAll(() => {
  loaded = loadDefaultPipeline({ warn: () => {} });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ingest with worker threads that store', () => {
  it('stores the same rows in the same order, with the same counts, as a one-thread ingest', async () => {
    const one = new SqliteStore(join(dir, 'one.db'));
    await one.init();
    const s1 = await ingest(corpus(), { store: one, pipeline: loaded.pipeline, dictionary: loaded.dictionary, batchSize: 4 });
    const path = join(dir, 'two.db');
    const two = new SqliteStore(path);
    await two.init();
    const pool = new WorkerPool(2, { store: path });
    let s2;
    try {
      s2 = await ingest(corpus(), { store: two, pool, batchSize: 4 });
    } finally {
      await pool.close();
    }
    expect(s1.stored).toBe(24);
    expect(s1.duplicates).toBe(2);
    for (const k of ['read', 'stored', 'duplicates', 'sentences', 'mentions', 'relations'] as const) expect(s2[k], k).toBe(s1[k]);
    expect(s1.relations).toBeGreaterThan(0);
    expect(two.digest()).toBe(one.digest());
    // each worker's CPU curve: one point per batch it saved, sentences counted up to the total stored
    if (process.platform === 'linux') {
      const curves = pool.cpuCurves();
      expect(curves).toHaveLength(2);
      const points = curves.flat();
      expect(points.length).toBe(Math.ceil(26 / 4));
      expect(curves.reduce((n, c) => n + (c.at(-1)?.[0] ?? 0), 0)).toBe(s1.sentences);
      for (const c of curves) for (let k = 1; k < c.length; k++) expect(c[k]![0]).toBeGreaterThanOrEqual(c[k - 1]![0]);
    }
    // a rerun stores nothing: every article is found stored before it is processed
    const pool2 = new WorkerPool(1, { store: path });
    try {
      const again = await ingest(corpus(), { store: two, pool: pool2, batchSize: 4 });
      expect(again.stored).toBe(0);
      expect(again.duplicates).toBe(26);
      expect(again.sentences).toBe(0);
    } finally {
      await pool2.close();
    }
    expect(two.digest()).toBe(one.digest());
    await one.close();
    await two.close();
  }, 120_000);

  it('fails with the store error when the workers cannot use the store', async () => {
    const path = join(dir, 'unmigrated.db');
    new SqliteStore(path); // exists, but has no tables
    const pool = new WorkerPool(1, { store: path });
    try {
      await expect(pool.ready()).rejects.toThrow(/no such table/);
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe('over-long articles', () => {
  const bodies = readdirSync(DEMO).filter((f) => f.endsWith('.txt')).sort().slice(0, 10)
    .map((f) => readFileSync(join(DEMO, f), 'utf8').split('\n').slice(1).join('\n').trim());
  const text = bodies.join('\n\n');

  it('cuts at paragraph breaks, else sentence ends, else spaces, never past the limit', () => {
    const starts = partStarts(text, 3000);
    expect(starts[0]).toBe(0);
    for (let i = 1; i < starts.length; i++) {
      expect(starts[i]! - starts[i - 1]!).toBeLessThanOrEqual(3000);
      expect(text.slice(starts[i]! - 2, starts[i])).toBe('\n\n');
    }
    expect(text.length - starts[starts.length - 1]!).toBeLessThanOrEqual(3000);
    const prose = 'One sentence here. Another one follows! '.repeat(20);
    for (const s of partStarts(prose, 100).slice(1)) expect(prose.slice(s - 2, s)).toMatch(/[.!] $/);
    const words = 'word '.repeat(100);
    for (const s of partStarts(words, 64).slice(1)) expect(words[s - 1]).toBe(' ');
    const solid = 'x'.repeat(250);
    expect(partStarts(solid, 100)).toEqual([0, 100, 200]);
  });

  it('processes the parts as one article: the same sentences and tokens, offsets into the whole text', () => {
    const article = { id: 'long', date: '2015-03-01', text };
    const whole = loaded.pipeline.process(article);
    const parts = processArticle(loaded.pipeline, article, 3000);
    expect(partStarts(text, 3000).length).toBeGreaterThan(3);
    expect(parts.sentences).toEqual(whole.sentences);
    expect(Array.from(parts.tokens.start)).toEqual(Array.from(whole.tokens.start.subarray(0, whole.tokens.length)));
    expect(Array.from(parts.tokens.end)).toEqual(Array.from(whole.tokens.end.subarray(0, whole.tokens.length)));
    for (const m of parts.mentions) {
      if (m.via !== 'coreference') expect(text.slice(m.start, m.end)).toBe(m.text);
      expect(parts.sentences[m.sentence]!.tokenStart).toBeLessThanOrEqual(m.tokenStart);
    }
    for (const r of parts.relations) expect(text.slice(r.sentence.start, r.sentence.end)).toBe(r.sentence.text);
    // only what crosses a part's edge (co-reference, names found by repetition) may differ
    const key = (m: { start: number; end: number; actor: string | null }): string => `${m.start}:${m.end}:${m.actor}`;
    const same = new Set(whole.mentions.map(key));
    expect(parts.mentions.filter((m) => same.has(key(m))).length).toBeGreaterThan(0.95 * whole.mentions.length);
    expect(parts.relations.length).toBeGreaterThan(0.9 * whole.relations.length);
  });

  it('fingerprints a long text a piece at a time with the hash of the whole text normalised at once', () => {
    const whole = (t: string): string => createHash('sha1').update(normalizeForFingerprint(t), 'utf8').digest('hex');
    // pieces are cut near every 2^20 characters after white space: runs of white space, final
    // sigmas, compatibility characters and combining marks fall on every side of the cuts
    const bits = ['ΟΔΟΣ ', 'Σ ', 'ﬁre  ', 'e\u0301 ', '\r\n', '  \t ', 'Word ', 'x', '\u00a0', 'İstanbul ', '😀 '];
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let t = '   ';
    while (t.length < 3.3 * (1 << 20)) t += bits[Math.floor(rnd() * bits.length)];
    for (const text of [t, `${t}   `, t.replace(/\s/g, 'a'), `Σ${t}ΣΣ \n`]) expect(fingerprint(text)).toBe(whole(text));
    expect(fingerprint(text)).toBe(whole(text));
  });

  it('ingest reports over-long articles and stores them whole', async () => {
    const store = new SqliteStore(':memory:');
    await store.init();
    const seen: [string, number][] = [];
    const s = await ingest([{ id: 'long', date: '2015-03-01', text }, { id: 'short', date: '2015-03-01', text: bodies[0]! }], {
      store, pipeline: loaded.pipeline, dictionary: loaded.dictionary, maxArticleChars: 3000,
      onLongArticle: (a, parts) => seen.push([a.id, parts]),
    });
    expect(seen).toEqual([['long', partStarts(text, 3000).length]]);
    expect(s.stored).toBe(2);
    expect((await store.getArticle('long'))?.text).toBe(text);
    await store.close();
  });
});
