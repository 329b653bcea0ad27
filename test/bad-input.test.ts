/**
 * The bad-input corpus, end to end through `faultline ingest` (in-process `run()`) and the
 * SQLite store. Every file is generated here, in a temp folder (no big fixtures in the repo):
 * empty and binary files, UTF-16 with and without BOM, Latin-1, a 50 MB article, an article of
 * 10,000 sentences, records without dates or with impossible dates, malformed JSON lines among
 * good ones, CSV with quoted newlines and missing columns, duplicates, a folder of unreadable
 * entries (dangling symlink, symlink loop, FIFO — the tests run as root, so chmod 000 would not
 * block a read). Documented behaviour: a message naming file, record and code for every
 * rejected record, the rest stored, nothing stored twice, exit code 1.
 *
 * FAULTLINE_TEST_BIG=1 adds a 50 MB article of dense news text (minutes; see docs/reliability.md).
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/context.js';
import { run } from '../src/cli/main.js';
import { mulberry32 as rng } from '../src/random.js';

interface Ran {
  code: number;
  out: string;
  err: string;
  seconds: number;
}

async function cli(...argv: string[]): Promise<Ran> {
  let out = '', err = '';
  const io: CliIo = { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false };
  const t0 = performance.now();
  const code = await run(argv, io);
  return { code, out, err, seconds: (performance.now() - t0) / 1000 };
}

const dir = mkdtempSync(join(tmpdir(), 'fl-bad-'));
const corpus = join(dir, 'corpus');
const db = join(dir, 'bad.db');
const p = (...parts: string[]): string => join(corpus, ...parts);


const NEWS = [
  'Turkey launched an offensive against the Islamic State in northern Syria on Sunday.',
  'Russia has armed the Syrian government since 2015.',
  'Jabhat al-Nusra and Ahrar al-Sham agreed a ceasefire after weeks of clashes.',
  'Iran sent advisers to help the Iraqi government fight the Islamic State.',
  'Hezbollah fighters fought alongside the Syrian army near Qusayr.',
  'Saudi Arabia and Qatar backed the rebels with weapons and money.',
];

/** UTF-16 big-endian bytes of a string. */
function utf16be(s: string): Buffer {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) {
    const x = le[i]!;
    le[i] = le[i + 1]!;
    le[i + 1] = x;
  }
  return le;
}

/** Bytes of a Latin-1 string (every char < 256). */
const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');

const BIG_BYTES = 50 * 1024 * 1024;
const BIG_TAIL = 'At the very end of the long report, Turkey attacked Kurdish forces near Kobani on Monday.';

/**
 * The 50 MB article: news paragraphs spread through a body of long hexadecimal "data" tokens
 * (an embedded dump, say), so that reading, decoding, fingerprinting, storing and offsets past
 * 50 million characters are all exercised, in seconds. Dense news text of that size is the
 * opt-in FAULTLINE_TEST_BIG case.
 */
function bigArticle(): string {
  const rand = rng(50);
  const parts: string[] = ['date 2015-04-01\n', NEWS.join(' '), '\n\n'];
  let size = parts.join('').length;
  let k = 0;
  while (size < BIG_BYTES - 2000) {
    let line: string;
    if (k++ % 2000 === 1999) line = NEWS[Math.floor(rand() * NEWS.length)]! + '\n\n';
    else {
      const n = 200 + Math.floor(rand() * 800);
      let hex = '';
      while (hex.length < n) hex += Math.floor(rand() * 0xffffffff).toString(16).padStart(8, '0');
      line = hex.slice(0, n) + (k % 8 === 0 ? '\n' : ' ');
    }
    parts.push(line);
    size += line.length;
  }
  parts.push('\n\n', BIG_TAIL, '\n');
  return parts.join('');
}

/** An article of exactly 10,000 sentences. */
function longArticle(): string {
  const out: string[] = ['date 2015-05-01\n'];
  for (let i = 0; i < 10_000; i++) {
    out.push(i % 50 === 0 ? NEWS[(i / 50) % NEWS.length]! : `Sentence number ${i + 1} of the long report says nothing more.`);
    out.push(i % 20 === 19 ? '\n\n' : ' ');
  }
  return out.join('');
}

const jsonl = (o: unknown): string => JSON.stringify(o);

/** What the first ingest must report: file (relative to the corpus), record, code. */
interface Expected {
  readonly file: string;
  readonly record?: number;
  readonly code: string;
  readonly severity?: 'error' | 'warning';
}

const EXPECTED: Expected[] = [
  { file: 'empty.txt', code: 'E_NO_TEXT' },
  { file: 'empty.jsonl', code: 'E_NO_TEXT' },
  { file: 'empty.csv', code: 'E_NO_TEXT' },
  { file: 'blank-after-header.txt', code: 'E_NO_TEXT' },
  { file: 'binary.txt', code: 'E_BINARY' },
  { file: 'binary.jsonl', code: 'E_BINARY' },
  { file: 'image.csv', code: 'E_BINARY' },
  { file: 'latin1.txt', code: 'W_NOT_UTF8', severity: 'warning' },
  { file: 'latin1.jsonl', record: 2, code: 'W_NOT_UTF8', severity: 'warning' },
  { file: 'no-date.txt', code: 'E_NO_DATE' },
  { file: 'impossible-header.txt', code: 'E_BAD_DATE' },
  { file: 'report-2015-02-30.txt', code: 'E_BAD_DATE' },
  { file: 'records.jsonl', record: 2, code: 'E_NO_DATE' },
  { file: 'records.jsonl', record: 3, code: 'E_BAD_DATE' },
  { file: 'records.jsonl', record: 4, code: 'E_BAD_DATE' },
  { file: 'records.jsonl', record: 5, code: 'E_BAD_JSON' },
  { file: 'records.jsonl', record: 6, code: 'E_BAD_JSON' },
  { file: 'records.jsonl', record: 7, code: 'E_BAD_JSON' },
  { file: 'records.jsonl', record: 10, code: 'E_NO_TEXT' },
  { file: 'records.jsonl', record: 11, code: 'E_NO_ID' },
  { file: 'records.jsonl', record: 12, code: 'E_BAD_DATE' },
  { file: 'records.jsonl', record: 13, code: 'E_BAD_DATE' },
  { file: 'records.jsonl', record: 14, code: 'E_BAD_DATE' },
  { file: 'records.jsonl', record: 18, code: 'E_BAD_JSON' },
  { file: 'rows.csv', record: 2, code: 'E_BAD_CSV' },
  { file: 'rows.csv', record: 3, code: 'E_NO_DATE' },
  { file: 'rows.csv', record: 4, code: 'E_BAD_CSV', severity: 'warning' },
  { file: 'rows.csv', record: 5, code: 'E_BAD_CSV', severity: 'warning' },
  { file: 'rows.csv', record: 5, code: 'E_NO_TEXT' },
  { file: 'rows.csv', record: 6, code: 'E_BAD_DATE' },
  { file: 'no-date-column.csv', code: 'E_BAD_CSV' },
  { file: 'unreadable/dangling.txt', code: 'E_FILE_UNREADABLE' },
  { file: 'unreadable/loop-a.txt', code: 'E_FILE_UNREADABLE' },
  { file: 'unreadable/loop-b.txt', code: 'E_FILE_UNREADABLE' },
  { file: 'unreadable/notes.docx', code: 'E_UNKNOWN_FORMAT', severity: 'warning' },
];

/** Article ids the first ingest must store (and only these). */
const STORED = [
  '2015-01-05-good-copy', // dated text; '2015-01-05-good.txt' has the same text and sorts after it
  '2015-07-01-plain.txt', // plain text, date from the name
  'utf16le-bom', 'utf16be-bom', 'utf16le-nobom', 'utf16be-nobom',
  'u16-1', 'u16-2', // UTF-16 BE JSON Lines without BOM
  'latin1', 'l1', 'l2',
  'big', 'long',
  'j1', 'j2', 'j4', 'j5',
  'c1', 'c4', 'c7', 'c8',
  'quoted-1',
];

/** Records of the corpus that repeat an earlier one (by id or by text). */
const DUPLICATES = 4;

const UTF16_TEXT = 'Turkey attacked the Islamic State near Kobani on Sunday — café, naïve, “quotes”, 😀.';
const LATIN1_TEXT = 'Le président a déclaré que la Turquie attaque l’État islamique. Turkey attacked the Islamic State near Kobani, said the café owner.';

function writeCorpus(): void {
  mkdirSync(corpus, { recursive: true });
  const rand = rng(7);
  writeFileSync(p('2015-01-05-good.txt'), `date 2015-01-05\n${NEWS[0]} ${NEWS[1]}\n`);
  // the same text under another name: a duplicate by fingerprint (this one is read first: '-' < '.')
  writeFileSync(p('2015-01-05-good-copy.txt'), `date 2015-01-05\n${NEWS[0]} ${NEWS[1]}\n`);
  writeFileSync(p('2015-07-01-plain.txt'), `${NEWS[2]}\n`);

  // empty and blank
  writeFileSync(p('empty.txt'), '');
  writeFileSync(p('empty.jsonl'), '');
  writeFileSync(p('empty.csv'), '');
  writeFileSync(p('blank-after-header.txt'), 'date 2015-01-01\n   \n\t\n');

  // binary
  const bin = Buffer.alloc(8192);
  for (let i = 0; i < bin.length; i++) bin[i] = Math.floor(rand() * 256);
  writeFileSync(p('binary.txt'), bin);
  writeFileSync(p('binary.jsonl'), bin);
  writeFileSync(p('image.csv'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), bin]));

  // UTF-16, with and without BOM
  // (each a different text: the same text would be a duplicate)
  const dated = (id: string): string => `date 2015-02-01\n${UTF16_TEXT} ${id}\n`;
  writeFileSync(p('utf16le-bom.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(dated('utf16le-bom'), 'utf16le')]));
  writeFileSync(p('utf16be-bom.txt'), Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(dated('utf16be-bom'))]));
  writeFileSync(p('utf16le-nobom.txt'), Buffer.from(dated('utf16le-nobom'), 'utf16le'));
  writeFileSync(p('utf16be-nobom.txt'), utf16be(dated('utf16be-nobom')));
  writeFileSync(
    p('utf16be-nobom.jsonl'),
    utf16be([
      jsonl({ id: 'u16-1', date: '2015-02-02', text: `${UTF16_TEXT} (1)` }),
      jsonl({ id: 'u16-2', date: '2015-02-03', text: `${NEWS[3]} — ١٢٣ ${'\u{1F1F8}\u{1F1FE}'}` }),
    ].join('\n') + '\n'),
  );

  // Latin-1
  writeFileSync(p('latin1.txt'), latin1(`date 2015-03-01\n${LATIN1_TEXT.replace('’', "'")}\n`));
  writeFileSync(p('latin1.jsonl'), Buffer.concat([
    Buffer.from(jsonl({ id: 'l1', date: '2015-03-02', text: NEWS[4] }) + '\n'),
    latin1(jsonl({ id: 'l2', date: '2015-03-03', text: 'Le président syrien. ' + NEWS[5] }) + '\n'),
  ]));

  // size: 50 MB, 10,000 sentences
  writeFileSync(p('big.txt'), bigArticle());
  writeFileSync(p('long.txt'), longArticle());

  // dates
  writeFileSync(p('no-date.txt'), `${NEWS[1]}\n`);
  writeFileSync(p('impossible-header.txt'), `date 2015-02-30\n${NEWS[1]}\n`);
  writeFileSync(p('report-2015-02-30.txt'), `${NEWS[1]}\n`);

  // JSON Lines: good, missing/impossible dates, malformed lines, duplicates
  writeFileSync(p('records.jsonl'), [
    /* 1 */ jsonl({ id: 'j1', date: '2014-02-03', text: 'Al-Qaeda cut ties with the Islamic State of Iraq and the Levant.' }),
    /* 2 */ jsonl({ id: 'j-nodate', text: NEWS[2] + ' (no date)' }),
    /* 3 */ jsonl({ id: 'j-feb30', date: '2015-02-30', text: NEWS[2] + ' (Feb 30)' }),
    /* 4 */ jsonl({ id: 'j-month13', date: '2015-13-01', text: NEWS[2] + ' (month 13)' }),
    /* 5 */ '{"id": "j-cut", "date": "2015-01-01", "text": "Turkey attacked',
    /* 6 */ '[1, 2, 3]',
    /* 7 */ 'not json at all',
    /* 8 */ '',
    /* 9 */ jsonl({ id: 'j2', date: '2014-06-12', text: 'Iran sent advisers to help the Iraqi government fight the Islamic State.' }),
    /* 10 */ jsonl({ id: 'j-notext', date: '2015-01-01' }),
    /* 11 */ jsonl({ date: '2015-01-01', text: NEWS[3] + ' (no id)' }),
    /* 12 */ jsonl({ id: 'j-feb29', date: '2015-02-29', text: NEWS[3] + ' (not a leap year)' }),
    /* 13 */ jsonl({ id: 'j-number', date: 20150101, text: NEWS[3] + ' (numeric date)' }),
    /* 14 */ jsonl({ id: 'j-words', date: 'yesterday', text: NEWS[3] + ' (words)' }),
    /* 15 */ jsonl({ id: 'j1', date: '2014-02-03', text: 'Another text under the id j1: a duplicate by id.' }),
    /* 16 */ jsonl({ id: 'j3', date: '2014-06-12', text: 'Iran sent advisers to help the Iraqi government fight the Islamic State.' }),
    /* 17 */ jsonl({ id: 'j4', date: '2016-02-29T10:30:00Z', text: NEWS[5] + ' Leap day.' }),
    /* 18 */ '{"id": "j-trailing", "date": "2015-01-01", "text": "x"} trailing',
    /* 19 */ jsonl({ id: 'j5', date: '2016-03-01', text: NEWS[4] + ' Last line without a newline.' }),
  ].join('\n'));

  // CSV: quoted newlines, missing and extra columns, empty and impossible dates, duplicates
  writeFileSync(p('rows.csv'), [
    'id,date,text,title',
    /* 1 */ `c1,2015-08-01,"${NEWS[0]}\nA second line, with a comma and ""quotes"".\n\nA third paragraph.",Title one`,
    /* 2 */ `c2,2015-08-02,${NEWS[1].replace(/,/g, '')},Title,extra,fields`,
    /* 3 */ `c3,,${NEWS[2].replace(/,/g, '')},No date`,
    /* 4 */ `c4,2015-08-04,${NEWS[3].replace(/,/g, '')} Row four has no title column.`,
    /* 5 */ 'c5,2015-08-05',
    /* 6 */ `c6,2015-02-31,${NEWS[4].replace(/,/g, '')},Impossible date`,
    /* 7 */ `c7,2015-08-07,"${NEWS[5]}\r\nWindows line break inside quotes.",Title seven`,
    /* 8 */ `c8,2015-08-08,"Quoted, with an embedded newline\nand Turkey attacked the Islamic State.",`,
    /* 9 */ `c1,2015-08-01,"Another text under the id c1: a duplicate by id.",Dup`,
  ].join('\n') + '\n');
  writeFileSync(p('no-date-column.csv'), `id,text\nx1,${NEWS[0].replace(/,/g, '')}\n`);
  // a CSV without an id column: ids are made from the file name and the row
  writeFileSync(p('quoted.csv'), `date,text\n2015-09-01,"${NEWS[2]}\n\nSecond paragraph."\n`);

  // a folder of unreadable entries
  const un = p('unreadable');
  mkdirSync(un);
  symlinkSync(join(un, 'no-such-target.txt'), join(un, 'dangling.txt'));
  symlinkSync(join(un, 'loop-b.txt'), join(un, 'loop-a.txt'));
  symlinkSync(join(un, 'loop-a.txt'), join(un, 'loop-b.txt'));
  execFileSync('mkfifo', [join(un, 'pipe.txt')]); // nobody writes to it: reading it would hang
  writeFileSync(join(un, 'notes.docx'), 'PK\u0003\u0004 not really a docx');
  writeFileSync(join(un, 'README.md'), '# not an input\n');
}

let first: Ran;
let second: Ran;

/** A line of stderr that reports an issue (other lines: model warnings, the summary). */
const ISSUE_LINE = /^(error|warning): .*\[[EW]_[A-Z0-9_]+\]$/;

function q(file: string): string {
  return p(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function sql<T>(query: string, ...params: unknown[]): T[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(query).all(...params) as T[];
  } finally {
    d.close();
  }
}

beforeAll(async () => {
  const t0 = performance.now();
  writeCorpus();
  const written = (performance.now() - t0) / 1000;
  first = await cli('ingest', corpus, '--db', db);
  // eslint-disable-next-line no-console
  console.log(`bad-input corpus: written in ${written.toFixed(1)} s, first ingest ${first.seconds.toFixed(1)} s`);
  second = await cli('ingest', corpus, '--db', db);
}, 180_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('bad-input corpus through faultline ingest', () => {
  it('exits 1 because records were rejected', () => {
    expect(first.code, first.err).toBe(1);
    expect(second.code).toBe(1);
  });

  it('names file, record and code for every rejected record (and every warning)', () => {
    const missing: string[] = [];
    for (const e of EXPECTED) {
      const where = e.record !== undefined ? `${q(e.file)}:${e.record}` : `${q(e.file)}`;
      const re = new RegExp(`^${e.severity ?? 'error'}: ${where}: .*\\[${e.code}\\]$`, 'm');
      if (!re.test(first.err)) missing.push(`${e.severity ?? 'error'} ${e.file}${e.record !== undefined ? ':' + e.record : ''} ${e.code}`);
    }
    expect(missing, first.err).toEqual([]);
  });

  it('reports nothing it was not expected to', () => {
    const lines = first.err.split('\n').filter((l) => ISSUE_LINE.test(l));
    const expected = EXPECTED.length;
    expect(lines.length, lines.join('\n')).toBe(expected);
    // the summary counts the rejected records
    const rejected = EXPECTED.filter((e) => (e.severity ?? 'error') === 'error').length;
    expect(first.err).toMatch(new RegExp(`rejected\\s+${rejected}\\b`));
  });

  it('stores every good record, and only those', () => {
    const ids = sql<{ id: string }>('SELECT id FROM articles ORDER BY id').map((r) => r.id);
    expect(ids).toEqual([...STORED].sort());
    const csvIds = sql<{ id: string }>("SELECT id FROM articles WHERE id LIKE 'quoted-%'").map((r) => r.id);
    expect(csvIds).toEqual(['quoted-1']);
  });

  it('decodes UTF-16 (with and without BOM) and Latin-1 text correctly', () => {
    const text = (id: string): string => sql<{ text: string }>('SELECT text FROM articles WHERE id = ?', id)[0]!.text;
    for (const id of ['utf16le-bom', 'utf16be-bom', 'utf16le-nobom', 'utf16be-nobom']) expect(text(id).trim()).toBe(`${UTF16_TEXT} ${id}`);
    expect(text('u16-1')).toBe(`${UTF16_TEXT} (1)`);
    expect(text('latin1').trim()).toBe(LATIN1_TEXT.replace('’', "'"));
    expect(text('l2')).toContain('Le président syrien.');
    expect(text('c1')).toBe(`${NEWS[0]}\nA second line, with a comma and "quotes".\n\nA third paragraph.`);
    expect(text('c7')).toContain('\r\nWindows line break');
    expect(text('quoted-1')).toBe(`${NEWS[2]}\n\nSecond paragraph.`);
  });

  it('keeps the date of the record (date-times cut to the day)', () => {
    const date = (id: string): string => sql<{ date: string }>('SELECT date FROM articles WHERE id = ?', id)[0]!.date;
    expect(date('j4')).toBe('2016-02-29');
    expect(date('2015-07-01-plain.txt')).toBe('2015-07-01');
    expect(date('big')).toBe('2015-04-01');
  });

  it('stores the 50 MB article whole, with offsets past 50 million', () => {
    const [row] = sql<{ n: number; sentences: number }>("SELECT length(text) AS n, sentence_count AS sentences FROM articles WHERE id = 'big'");
    expect(row!.n).toBeGreaterThan(BIG_BYTES - 4000);
    const [last] = sql<{ start_offset: number; end_offset: number }>("SELECT start_offset, end_offset FROM sentences WHERE doc = 'big' ORDER BY idx DESC LIMIT 1");
    const bigText = readFileSync(p('big.txt'), 'utf8').replace(/^date \S+\n/, '');
    expect(bigText.slice(last!.start_offset, last!.end_offset)).toBe(BIG_TAIL);
    const rels = sql<{ source_start: number; source_end: number; source_text: string; sentence_start: number }>(
      "SELECT * FROM relations WHERE doc = 'big' ORDER BY sentence_start DESC LIMIT 1",
    );
    expect(rels.length).toBe(1);
    expect(rels[0]!.sentence_start).toBeGreaterThan(50_000_000);
    expect(bigText.slice(rels[0]!.source_start, rels[0]!.source_end)).toBe(rels[0]!.source_text);
  });

  it('splits the 10,000-sentence article into 10,000 sentences', () => {
    const [row] = sql<{ sentences: number }>("SELECT sentence_count AS sentences FROM articles WHERE id = 'long'");
    expect(row!.sentences).toBe(10_000);
    expect(sql<{ n: number }>("SELECT COUNT(*) AS n FROM sentences WHERE doc = 'long'")[0]!.n).toBe(10_000);
  });

  it('stores nothing twice: no repeated text, a rerun changes nothing', async () => {
    const [dup] = sql<{ n: number; d: number }>('SELECT COUNT(*) AS n, COUNT(DISTINCT fingerprint) AS d FROM articles');
    expect(dup!.n).toBe(dup!.d);
    // in the corpus: the copy of 2015-01-05-good, j1 again (id), j3 (text of j2), c1 again (id)
    expect(first.err).toMatch(new RegExp(`duplicates\\s+${DUPLICATES}\\b`));
    expect(second.err).toMatch(/stored\s+0\b/);
    expect(second.err).toMatch(new RegExp(`duplicates\\s+${STORED.length + DUPLICATES}\\b`));
  });

  it('stats are the same after the rerun', async () => {
    const a = await cli('stats', '--db', db, '--format', 'json');
    const s = JSON.parse(a.out);
    expect(s.articles).toBe(STORED.length);
    // the rerun reports exactly the same issues
    const issues = (r: Ran): string[] => r.err.split('\n').filter((l) => ISSUE_LINE.test(l));
    expect(issues(second)).toEqual(issues(first));
  });

  it('an explicit path that does not exist or is a FIFO is reported, not hung on', async () => {
    const r = await cli('ingest', join(corpus, 'nope.txt'), join(corpus, 'unreadable', 'pipe.txt'), p('2015-01-05-good.txt'), '--db', db);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^error: ${q('nope.txt')}: .*\\[E_FILE_UNREADABLE\\]$`, 'm'));
    expect(r.err).toMatch(new RegExp(`^error: ${q('unreadable/pipe.txt')}: .*\\[E_FILE_UNREADABLE\\]$`, 'm'));
    expect(r.err).toMatch(/duplicates\s+1\b/);
  });
});

describe.skipIf(!process.env.FAULTLINE_TEST_BIG)('a 50 MB article of dense news text (FAULTLINE_TEST_BIG=1)', () => {
  it('is ingested', async () => {
    const d = join(dir, 'dense');
    mkdirSync(d, { recursive: true });
    const demo = join(import.meta.dirname, '..', 'demo', 'articles');
    const paras = readdirSync(demo).map((f) => readFileSync(join(demo, f), 'utf8').replace(/^date \S+\s*/, ''));
    const parts: string[] = ['date 2015-06-01\n'];
    let n = 0;
    for (let i = 0; n < BIG_BYTES; i++) {
      const s = paras[i % paras.length]! + '\n\n';
      parts.push(s);
      n += s.length;
    }
    writeFileSync(join(d, 'dense.txt'), parts.join(''));
    const r = await cli('ingest', d, '--db', join(dir, 'dense.db'));
    // eslint-disable-next-line no-console
    console.log(`dense 50 MB article: ${r.seconds.toFixed(1)} s\n${r.err}`);
    expect(r.code).toBe(0);
  }, 3_600_000);
});
