import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors.js';
import type { Article, ReadIssue } from '../types.js';
import { isReadIssue, readInputs, type ReadItem, type ReadOptions } from './index.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-read-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a fixture file (creating folders) and returns its path. */
function put(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

async function collect(paths: string[], options?: ReadOptions): Promise<{ articles: Article[]; issues: ReadIssue[]; items: ReadItem[] }> {
  const items: ReadItem[] = [];
  for await (const item of readInputs(paths, options)) items.push(item);
  return {
    items,
    articles: items.filter((i): i is Article => !isReadIssue(i)),
    issues: items.filter(isReadIssue),
  };
}

function codes(issues: readonly ReadIssue[]): string[] {
  return issues.map((i) => `${i.severity}:${i.code}${i.record !== undefined ? `@${i.record}` : ''}`);
}

function utf16be(s: string): Buffer {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1];
    be[i + 1] = le[i];
  }
  return be;
}

describe('dated text files', () => {
  it('reads the header, id from the file name, text after the date', async () => {
    const p = put('dated/2014-11-17-truce.txt', 'date 2014-11-17 Last week, a truce.\n');
    const { articles, issues } = await collect([p]);
    expect(issues).toEqual([]);
    expect(articles).toEqual([
      { id: '2014-11-17-truce', date: '2014-11-17', text: 'Last week, a truce.\n', origin: { file: p, record: 1 } },
    ]);
  });

  it('accepts a leading space, a BOM and a line break after the date', async () => {
    const a = put('dated/space.txt', ' date 2015-01-02 Text A.');
    const b = put('dated/bom.txt', '\uFEFFdate 2015-01-03\n\nText B.');
    const { articles, issues } = await collect([a, b]);
    expect(issues).toEqual([]);
    expect(articles.map((x) => [x.id, x.date, x.text])).toEqual([
      ['space', '2015-01-02', 'Text A.'],
      ['bom', '2015-01-03', 'Text B.'],
    ]);
  });

  it('accepts a capitalised header, and leaves text that merely starts with the word alone', async () => {
    const a = put('dated/caps.txt', 'Date 2015-01-04\nText C.');
    const b = put('dated/2015-01-05-word.txt', 'date night in Damascus.');
    const { articles, issues } = await collect([a, b]);
    expect(issues).toEqual([]);
    expect(articles.map((x) => [x.id, x.date, x.text])).toEqual([
      ['caps', '2015-01-04', 'Text C.'],
      ['2015-01-05-word.txt', '2015-01-05', 'date night in Damascus.'],
    ]);
  });

  it('rejects an impossible date and a header without text', async () => {
    const a = put('dated/feb30.txt', 'date 2014-02-30 Text.');
    const b = put('dated/notext.txt', 'date 2014-02-03  \n');
    const { articles, issues } = await collect([a, b]);
    expect(articles).toEqual([]);
    expect(codes(issues)).toEqual([`error:${ERROR_CODES.BAD_DATE}`, `error:${ERROR_CODES.NO_TEXT}`]);
    expect(issues.map((i) => i.file)).toEqual([a, b]);
  });

  it('requires the header when the format is forced to dated-text', async () => {
    const p = put('dated/forced', 'No header here.');
    const { issues } = await collect([p], { format: 'dated-text' });
    expect(codes(issues)).toEqual([`error:${ERROR_CODES.NO_DATE}`]);
  });
});

describe('plain text files', () => {
  it('takes the date from --date', async () => {
    const p = put('plain/report.txt', 'Fighting resumed.');
    const { articles, issues } = await collect([p], { date: '2016-03-04' });
    expect(issues).toEqual([]);
    expect(articles).toEqual([{ id: 'report.txt', date: '2016-03-04', text: 'Fighting resumed.', origin: { file: p, record: 1 } }]);
  });

  it('takes the date from the file name', async () => {
    const p = put('plain/news-2016-03-05-aleppo.txt', 'Fighting resumed.');
    const { articles } = await collect([p]);
    expect(articles.map((a) => a.date)).toEqual(['2016-03-05']);
  });

  it('--date wins over the file name', async () => {
    const p = put('plain/2016-03-05.txt', 'Fighting resumed.');
    const { articles } = await collect([p], { date: '2010-01-01' });
    expect(articles.map((a) => a.date)).toEqual(['2010-01-01']);
  });

  it('reports a missing date and an impossible date in the name', async () => {
    const a = put('plain/undated.txt', 'Fighting resumed.');
    const b = put('plain/2016-02-31-x.txt', 'Fighting resumed.');
    const { articles, issues } = await collect([a, b]);
    expect(articles).toEqual([]);
    expect(codes(issues)).toEqual([`error:${ERROR_CODES.NO_DATE}`, `error:${ERROR_CODES.BAD_DATE}`]);
  });

  it('throws a usage error for a bad --date', () => {
    expect(() => readInputs([dir], { date: '2014-02-30' })).toThrow(expect.objectContaining({ code: ERROR_CODES.USAGE }));
  });
});

describe('encodings', () => {
  it('decodes Latin-1 bytes as Windows-1252 with a warning and keeps the article', async () => {
    const p = put('enc/2014-01-01-latin.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    const { articles, issues } = await collect([p]);
    expect(codes(issues)).toEqual([`warning:${ERROR_CODES.NOT_UTF8}`]);
    expect(articles.map((a) => a.text)).toEqual(['café']);
  });

  it.each([
    ['UTF-16 LE with BOM', Buffer.from('\uFEFFdate 2014-01-02 Café talks.', 'utf16le')],
    ['UTF-16 LE without BOM', Buffer.from('date 2014-01-02 Café talks.', 'utf16le')],
    ['UTF-16 BE with BOM', utf16be('\uFEFFdate 2014-01-02 Café talks.')],
    ['UTF-16 BE without BOM', utf16be('date 2014-01-02 Café talks.')],
  ])('reads %s', async (name, bytes) => {
    const p = put(`enc/${name.replace(/ /g, '_')}.txt`, bytes);
    const { articles, issues } = await collect([p]);
    expect(issues).toEqual([]);
    expect(articles.map((a) => [a.date, a.text])).toEqual([['2014-01-02', 'Café talks.']]);
  });

  it('reads UTF-16 JSON Lines and CSV', async () => {
    const j = put('enc/u16.jsonl', Buffer.from('\uFEFF{"id":"a","date":"2014-01-02","text":"Café"}\n', 'utf16le'));
    const c = put('enc/u16.csv', utf16be('id,date,text\nb,2014-01-03,Thé\n'));
    const { articles, issues } = await collect([j, c]);
    expect(issues).toEqual([]);
    expect(articles.map((a) => [a.id, a.text])).toEqual([
      ['a', 'Café'],
      ['b', 'Thé'],
    ]);
  });

  it('reports binary files and empty files', async () => {
    const bin = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 7, 3]);
    const a = put('enc/image.txt', bin);
    const b = put('enc/image.csv', bin);
    const c = put('enc/image.jsonl', bin);
    const d = put('enc/empty.txt', '');
    const e = put('enc/empty.jsonl', '');
    const f = put('enc/empty.csv', '');
    const { articles, issues } = await collect([a, b, c, d, e, f]);
    expect(articles).toEqual([]);
    expect(codes(issues)).toEqual([
      `error:${ERROR_CODES.BINARY}`,
      `error:${ERROR_CODES.BINARY}`,
      `error:${ERROR_CODES.BINARY}`,
      `error:${ERROR_CODES.NO_TEXT}`,
      `error:${ERROR_CODES.NO_TEXT}`,
      `error:${ERROR_CODES.NO_TEXT}`,
    ]);
  });
});

describe('JSON Lines', () => {
  it('reads good lines around bad ones, with line numbers', async () => {
    const p = put(
      'jsonl/mixed.jsonl',
      [
        '{"id":"a","date":"2014-11-17","text":"One.","title":"T","source":"AP","url":"http://x","lang":"en","n":3,"tags":["x"]}',
        '{"id":"b","date":"2014-11-18T23:30:00-05:00","text":"Two."}',
        '{"id":"c","date":"2014-11-19","text":"Three."', // malformed
        '',
        '{"id":"d","text":"No date."}',
        '{"id":"e","date":"2014-02-30","text":"Bad date."}',
        '{"date":"2014-11-20","text":"No id."}',
        '{"id":"g","date":"2014-11-20","text":"   "}',
        '[1,2]',
        '{"id":7,"date":"2014-11-21","text":"Numeric id."}\r',
        '{"id":"h","date":"2014-11-22","text":"Last line, no newline."}',
      ].join('\n'),
    );
    const { articles, issues } = await collect([p]);
    expect(articles.map((a) => [a.id, a.date, a.origin?.record])).toEqual([
      ['a', '2014-11-17', 1],
      ['b', '2014-11-18', 2],
      ['7', '2014-11-21', 10],
      ['h', '2014-11-22', 11],
    ]);
    expect(articles[0]).toMatchObject({ title: 'T', source: 'AP', url: 'http://x', meta: { lang: 'en', n: '3', tags: '["x"]' } });
    expect(codes(issues)).toEqual([
      `error:${ERROR_CODES.BAD_JSON}@3`,
      `error:${ERROR_CODES.NO_DATE}@5`,
      `error:${ERROR_CODES.BAD_DATE}@6`,
      `error:${ERROR_CODES.NO_ID}@7`,
      `error:${ERROR_CODES.NO_TEXT}@8`,
      `error:${ERROR_CODES.BAD_JSON}@9`,
    ]);
    expect(issues.every((i) => i.file === p)).toBe(true);
  });

  it('streams JSON Lines larger than one read chunk, with lines spanning chunks', async () => {
    const lines: string[] = [];
    const long = 'é'.repeat(700_000); // 1.4 MB of UTF-8: one line spans two read chunks
    lines.push(JSON.stringify({ id: 'long', date: '2014-01-01', text: long }));
    for (let i = 0; i < 3000; i++) lines.push(JSON.stringify({ id: `n${i}`, date: '2014-01-02', text: `Article ${i} ${'x'.repeat(400)}` }));
    const p = put('jsonl/big.jsonl', lines.join('\n') + '\n');
    const { articles, issues } = await collect([p]);
    expect(issues).toEqual([]);
    expect(articles.length).toBe(3001);
    expect(articles[0].text).toBe(long);
    expect(articles[3000].origin).toEqual({ file: p, record: 3001 });
  });

  it('uses --date-format for JSON Lines dates and decodes a Latin-1 line with a warning', async () => {
    const p = put(
      'jsonl/latin.ndjson',
      Buffer.concat([Buffer.from('{"id":"a","date":"4/5/17","text":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]),
    );
    const { articles, issues } = await collect([p], { dateFormat: 'M/D/YY' });
    expect(codes(issues)).toEqual([`warning:${ERROR_CODES.NOT_UTF8}@1`]);
    expect(articles.map((a) => [a.date, a.text])).toEqual([['2017-04-05', 'café']]);
  });
});

describe('CSV', () => {
  it('reads default columns, keeps others in meta, quoted newlines and commas', async () => {
    const p = put(
      'csv/plain.csv',
      'id,date,text,title,source,extra\r\n' +
        'a,2014-11-17,"Line one,\r\nline two ""quoted"".",Title A,AP,x1\r\n' +
        'b,2014-11-18,Plain.,,,x2\r\n',
    );
    const { articles, issues } = await collect([p]);
    expect(issues).toEqual([]);
    expect(articles).toEqual([
      {
        id: 'a',
        date: '2014-11-17',
        text: 'Line one,\r\nline two "quoted".',
        title: 'Title A',
        source: 'AP',
        meta: { extra: 'x1' },
        origin: { file: p, record: 1 },
      },
      { id: 'b', date: '2014-11-18', text: 'Plain.', meta: { extra: 'x2' }, origin: { file: p, record: 2 } },
    ]);
  });

  it('maps columns, makes ids when there is no id column, reads M/D/YY', async () => {
    const p = put('csv/mapped.csv', 'headline,body,when\nH1,Body one.,4/5/17\nH2,Body two.,12/31/99\n');
    const { articles, issues } = await collect([p], {
      csv: { text: 'body', title: 'headline', date: 'when' },
      dateFormat: 'M/D/YY',
    });
    expect(issues).toEqual([]);
    expect(articles.map((a) => [a.id, a.date, a.title, a.text])).toEqual([
      ['mapped-1', '2017-04-05', 'H1', 'Body one.'],
      ['mapped-2', '1999-12-31', 'H2', 'Body two.'],
    ]);
  });

  it('reports missing columns once for the file', async () => {
    const p = put('csv/missing.csv', 'id,when,body\na,2014-01-01,x\nb,2014-01-02,y\n');
    const { articles, issues } = await collect([p]);
    expect(articles).toEqual([]);
    expect(codes(issues)).toEqual([`error:${ERROR_CODES.BAD_CSV}`]);
    expect(issues[0].record).toBeUndefined();
  });

  it('reports a mapped id or title column that does not exist', async () => {
    const p = put('csv/missing-id.csv', 'date,text\n2014-01-01,x\n');
    const { issues } = await collect([p], { csv: { id: 'uid' } });
    expect(codes(issues)).toEqual([`error:${ERROR_CODES.BAD_CSV}`]);
  });

  it('rejects bad rows and keeps the others', async () => {
    const p = put(
      'csv/rows.csv',
      'id,date,text\n' +
        'a,2014-01-01,Good.\n' +
        'b,2014-02-30,Impossible date.\n' +
        'c,,No date.\n' +
        'd,2014-01-04,\n' +
        ',2014-01-05,No id.\n' +
        'f,2014-01-06,Too,many\n' +
        'g,2014-01-07,Good too.\n',
    );
    const { articles, issues } = await collect([p]);
    expect(articles.map((a) => [a.id, a.origin?.record])).toEqual([
      ['a', 1],
      ['g', 7],
    ]);
    expect(codes(issues)).toEqual([
      `error:${ERROR_CODES.BAD_DATE}@2`,
      `error:${ERROR_CODES.NO_DATE}@3`,
      `error:${ERROR_CODES.NO_TEXT}@4`,
      `error:${ERROR_CODES.NO_ID}@5`,
      `error:${ERROR_CODES.BAD_CSV}@6`,
    ]);
  });

  it('decodes a Latin-1 row with a warning', async () => {
    const p = put(
      'csv/latin.csv',
      Buffer.concat([Buffer.from('id,date,text\na,2014-01-01,caf'), Buffer.from([0xe9]), Buffer.from('\nb,2014-01-02,tea\n')]),
    );
    const { articles, issues } = await collect([p]);
    expect(codes(issues)).toEqual([`warning:${ERROR_CODES.NOT_UTF8}@1`]);
    expect(articles.map((a) => a.text)).toEqual(['café', 'tea']);
  });

  it('reports an unclosed quote and keeps the rows before it', async () => {
    const p = put('csv/unclosed.csv', 'id,date,text\na,2014-01-01,Good.\nb,2014-01-02,"never closed\n');
    const { articles, issues } = await collect([p]);
    expect(articles.map((a) => a.id)).toEqual(['a']);
    expect(codes(issues)).toEqual([`error:${ERROR_CODES.BAD_CSV}@2`]);
  });

  it('warns about a header without rows', async () => {
    const p = put('csv/header-only.csv', 'id,date,text\n');
    const { issues } = await collect([p]);
    expect(codes(issues)).toEqual([`warning:${ERROR_CODES.NO_TEXT}`]);
  });

  it('streams a CSV larger than one read chunk', async () => {
    const rows = ['id,date,text'];
    const body = 'x'.repeat(5000);
    for (let i = 0; i < 600; i++) rows.push(`r${i},2014-01-01,"${body} ${i}"`);
    const p = put('csv/big.csv', rows.join('\n'));
    const { articles, issues } = await collect([p]);
    expect(issues).toEqual([]);
    expect(articles.length).toBe(600);
    expect(articles[599].text.endsWith(' 599')).toBe(true);
  });
});

describe('folders', () => {
  it('walks recursively in sorted order, skipping hidden, Markdown and README files, warning about others', async () => {
    put('tree/b/2014-01-02-x.txt', 'Second.');
    put('tree/a/2014-01-01-y.txt', 'First.');
    put('tree/a/deeper/items.jsonl', '{"id":"j","date":"2014-01-03","text":"Third."}\n');
    put('tree/c.csv', 'id,date,text\nk,2014-01-04,Fourth.\n');
    put('tree/.hidden.txt', 'Hidden.');
    put('tree/.git/config.txt', 'Hidden folder.');
    put('tree/README', 'Read me.');
    put('tree/README.txt', 'Read me.');
    put('tree/notes.md', '# Notes');
    const pdf = put('tree/paper.pdf', '%PDF-1.4');
    const { articles, issues } = await collect([join(dir, 'tree')]);
    expect(articles.map((a) => a.text)).toEqual(['First.', 'Third.', 'Second.', 'Fourth.']);
    expect(codes(issues)).toEqual([`warning:${ERROR_CODES.UNKNOWN_FORMAT}`]);
    expect(issues[0].file).toBe(pdf);
  });

  it('reports missing paths and goes on', async () => {
    const good = put('more/2014-01-01-z.txt', 'Kept.');
    const { articles, issues } = await collect([join(dir, 'nope'), good]);
    expect(codes(issues)).toEqual([`error:${ERROR_CODES.FILE_UNREADABLE}`]);
    expect(articles.map((a) => a.text)).toEqual(['Kept.']);
  });

  it('reports a broken symbolic link in a folder and a path through a file, and goes on', async () => {
    put('broken/2014-01-01-a.txt', 'Kept.');
    symlinkSync(join(dir, 'broken', 'missing-target.txt'), join(dir, 'broken', 'dangling.txt'));
    const through = join(put('broken-file.txt', 'x'), 'child.txt');
    const { articles, issues } = await collect([join(dir, 'broken'), through]);
    expect(articles.map((a) => a.text)).toEqual(['Kept.']);
    expect(codes(issues)).toEqual([`error:${ERROR_CODES.FILE_UNREADABLE}`, `error:${ERROR_CODES.FILE_UNREADABLE}`]);
  });

  it('can be stopped early without leaving the file open', async () => {
    const p = put('early/items.csv', 'id,date,text\na,2014-01-01,x\nb,2014-01-02,y\n');
    const q = put('early/items.jsonl', '{"id":"a","date":"2014-01-01","text":"x"}\n{"id":"b","date":"2014-01-01","text":"y"}\n');
    for (const path of [p, q]) {
      const seen: string[] = [];
      for await (const item of readInputs([path])) {
        if (!isReadIssue(item)) seen.push(item.id);
        break;
      }
      expect(seen).toEqual(['a']);
    }
  });

  it('reports an unknown extension on a file named explicitly', async () => {
    const p = put('more/data.xml', '<a/>');
    const { issues } = await collect([p]);
    expect(codes(issues)).toEqual([`error:${ERROR_CODES.UNKNOWN_FORMAT}`]);
  });

  it('does not loop on a symbolic link to a parent folder', async () => {
    put('loop/2014-01-01-a.txt', 'Once.');
    symlinkSync(join(dir, 'loop'), join(dir, 'loop', 'back'));
    const { articles } = await collect([join(dir, 'loop')]);
    expect(articles.map((a) => a.text)).toEqual(['Once.']);
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable folder and file', async () => {
    const locked = join(dir, 'locked');
    put('locked/2014-01-01-a.txt', 'Secret.');
    const file = put('locked-file/2014-01-01-b.txt', 'Secret.');
    chmodSync(file, 0o000);
    chmodSync(locked, 0o000);
    try {
      const { articles, issues } = await collect([locked, file]);
      expect(articles).toEqual([]);
      expect(codes(issues)).toEqual([`error:${ERROR_CODES.FILE_UNREADABLE}`, `error:${ERROR_CODES.FILE_UNREADABLE}`]);
    } finally {
      chmodSync(locked, 0o755);
      chmodSync(file, 0o644);
    }
  });
});
