import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors.js';
import type { Article, ReadIssue } from '../types.js';
import { isReadIssue, readText, type ReadItem } from './index.js';

function split(items: ReadItem[]): { articles: Article[]; codes: string[] } {
  return {
    articles: items.filter((i): i is Article => !isReadIssue(i)),
    codes: items.filter(isReadIssue).map((i: ReadIssue) => `${i.severity}:${i.code}${i.record !== undefined ? `@${i.record}` : ''}`),
  };
}

describe('readText', () => {
  it('reads a pasted dated text without an extension', () => {
    const { articles, codes } = split(readText('pasted', 'date 2014-11-17 The truce held.'));
    expect(codes).toEqual([]);
    expect(articles).toEqual([{ id: 'pasted', date: '2014-11-17', text: 'The truce held.', origin: { file: 'pasted', record: 1 } }]);
  });

  it('reads pasted plain text with options.date', () => {
    const { articles } = split(readText('pasted', 'The truce held.', { date: '2014-11-18' }));
    expect(articles.map((a) => [a.date, a.text])).toEqual([['2014-11-18', 'The truce held.']]);
  });

  it('reports pasted plain text without a date', () => {
    expect(split(readText('pasted', 'The truce held.')).codes).toEqual([`error:${ERROR_CODES.NO_DATE}`]);
  });

  it('recognises pasted JSON Lines', () => {
    const { articles, codes } = split(readText('pasted', '{"id":"a","date":"2014-11-17","text":"x"}\n{bad\n'));
    expect(articles.map((a) => a.id)).toEqual(['a']);
    expect(codes).toEqual([`error:${ERROR_CODES.BAD_JSON}@2`]);
  });

  it('reads an uploaded CSV by its extension, from bytes in Latin-1', () => {
    const bytes = Buffer.concat([Buffer.from('title,body,day\nT,caf'), Buffer.from([0xe9]), Buffer.from(',5/4/17\n')]);
    const { articles, codes } = split(readText('upload.csv', bytes, { csv: { text: 'body', date: 'day' }, dateFormat: 'D/M/YY' }));
    expect(codes).toEqual([`warning:${ERROR_CODES.NOT_UTF8}@1`]);
    expect(articles).toEqual([
      { id: 'upload-1', date: '2017-04-05', text: 'café', title: 'T', origin: { file: 'upload.csv', record: 1 } },
    ]);
  });

  it('keeps CSV rows before a syntax error', () => {
    const { articles, codes } = split(readText('u.csv', 'id,date,text\na,2014-01-01,ok\nb,2014-01-02,"open\n'));
    expect(articles.map((a) => a.id)).toEqual(['a']);
    expect(codes).toEqual([`error:${ERROR_CODES.BAD_CSV}@2`]);
  });

  it('honours a forced format', () => {
    const { articles } = split(readText('x.txt', 'id,date,text\na,2014-01-01,ok\n', { format: 'csv' }));
    expect(articles.map((a) => a.id)).toEqual(['a']);
  });

  it('reports binary and empty uploads', () => {
    expect(split(readText('upload.csv', Buffer.from([1, 0, 2, 0, 0, 3, 0xff, 0]))).codes).toEqual([`error:${ERROR_CODES.BINARY}`]);
    expect(split(readText('upload.bin', Buffer.from([1, 0, 2, 0, 0, 3, 0xff, 0]))).codes).toEqual([`error:${ERROR_CODES.BINARY}`]);
    expect(split(readText('empty.jsonl', '')).codes).toEqual([`error:${ERROR_CODES.NO_TEXT}`]);
    expect(split(readText('empty', '')).codes).toEqual([`error:${ERROR_CODES.NO_TEXT}`]);
  });

  it('throws usage errors for bad options', () => {
    expect(() => readText('a.txt', 'x', { dateFormat: 'M/D' })).toThrow(expect.objectContaining({ code: ERROR_CODES.USAGE }));
    expect(() => readText('a.txt', 'x', { date: 'tomorrow' })).toThrow(expect.objectContaining({ code: ERROR_CODES.USAGE }));
  });
});
