import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors.js';
import type { Article, ReadIssue } from '../types.js';
import { isReadIssue, readInputs } from './index.js';

/** The FA-KES data set (Latin-1, M/D/YY dates, no id column), read in place from the shared checkout. */
const FA_KES = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/news/fa-kes.csv');

describe.skipIf(!existsSync(FA_KES))('fa-kes.csv with flags alone', () => {
  it('reads all 804 articles; the non-UTF-8 rows only warn', async () => {
    const articles: Article[] = [];
    const issues: ReadIssue[] = [];
    const options = { csv: { text: 'article_content', title: 'article_title', date: 'date' }, dateFormat: 'M/D/YY' };
    for await (const item of readInputs([FA_KES], options)) {
      if (isReadIssue(item)) issues.push(item);
      else articles.push(item);
    }
    expect(articles.length).toBe(804);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(new Set(issues.map((i) => i.code))).toEqual(new Set([ERROR_CODES.NOT_UTF8]));
    expect(articles[0]).toMatchObject({
      id: 'fa-kes-1',
      date: '2017-04-05',
      title: 'Syria attack symptoms consistent with nerve agent use WHO',
      origin: { record: 1 },
    });
    expect(articles[0].meta?.unit_id).toBe('1914947530');
    expect(new Set(articles.map((a) => a.id)).size).toBe(804);
    const years = articles.map((a) => Number(a.date.slice(0, 4)));
    expect(Math.min(...years)).toBeGreaterThanOrEqual(2011);
    expect(Math.max(...years)).toBeLessThanOrEqual(2018);
    // 0x95 is a bullet in Windows-1252
    expect(articles.some((a) => a.text.includes('\u2022'))).toBe(true);
  });
});
