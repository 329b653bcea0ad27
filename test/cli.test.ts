/**
 * Every CLI command, run in-process through `run(argv, io)` on a small corpus written here.
 */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/context.js';

interface Ran {
  code: number;
  out: string;
  err: string;
}

async function cli(...argv: string[]): Promise<Ran> {
  let out = '', err = '';
  const io: CliIo = { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false };
  const code = await run(argv, io);
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'fl-cli-'));
const db = join(dir, 'test.db');
const corpus = join(dir, 'corpus');

beforeAll(() => {
  mkdirSync(corpus);
  // Our own short articles (not from the example): a truce, a fight, backing, a split.
  writeFileSync(join(corpus, '2015-03-10-truce.txt'),
    'date 2015-03-10 Jabhat al-Nusra and Ahrar al-Sham agreed a ceasefire on Sunday after weeks of clashes. ' +
    'The Islamic State attacked Kurdish forces near Kobani last week.');
  writeFileSync(join(corpus, '2016-08-30-split.txt'),
    'date 2016-08-30\nTurkey launched an offensive against the Islamic State in northern Syria. ' +
    'Russia has armed the Syrian government since 2015.');
  writeFileSync(join(corpus, 'more.jsonl'),
    JSON.stringify({ id: 'j1', date: '2014-02-03', text: 'Al-Qaeda cut ties with the Islamic State of Iraq and the Levant.' }) + '\n' +
    '{not json\n' +
    JSON.stringify({ id: 'j2', date: '2014-06-12', text: 'Iran sent advisers to help the Iraqi government fight the Islamic State.' }) + '\n');
});

describe('faultline CLI', () => {
  it('--help lists the commands and exits 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const c of ['ingest', 'extract', 'mentions', 'actors', 'relations', 'dyad', 'stats', 'export', 'eval']) expect(r.out).toContain(c);
  });

  it('unknown command or bad option is a usage error (2)', async () => {
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('relations', '--db', db, '--type', 'HUG')).code).toBe(2);
  });

  it('read commands refuse a missing database (2)', async () => {
    expect((await cli('stats', '--db', join(dir, 'missing.db'))).code).toBe(2);
  });

  it('ingest stores articles, reports the bad record, exits 1', async () => {
    const r = await cli('ingest', corpus, '--db', db);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/more\.jsonl:2/);
    expect(r.err).toContain('E_BAD_JSON');
    const s = JSON.parse((await cli('stats', '--db', db, '--format', 'json')).out);
    expect(Object.keys(s).sort()).toEqual(['actors', 'articles', 'mentions', 'relations', 'sentences']);
    expect(s.articles).toBe(4);
    expect(s.relations).toBeGreaterThan(0);
  });

  it('re-ingesting stores nothing twice', async () => {
    const before = (await cli('stats', '--db', db, '--format', 'json')).out;
    const r = await cli('ingest', corpus, '--db', db);
    expect(r.err).toMatch(/duplicates\s+4/);
    expect((await cli('stats', '--db', db, '--format', 'json')).out).toBe(before);
  });

  it('ingest --workers 2 stores the same relations as the in-thread ingest', async () => {
    const db2 = join(dir, 'workers.db');
    const r = await cli('ingest', corpus, '--db', db2, '--workers', '2');
    expect(r.code).toBe(1);
    const key = (out: string): string[] =>
      out.trim().split('\n').map((l) => JSON.parse(l)).map((x) => `${x.doc}|${x.type}|${x.source.actor}|${x.target.actor}|${x.time.start}`).sort();
    expect(key((await cli('export', '--db', db2, '--format', 'jsonl')).out)).toEqual(key((await cli('export', '--db', db, '--format', 'jsonl')).out));
    expect((await cli('ingest', corpus, '--db', db2, '--workers', 'x')).code).toBe(2);
  });

  it('actors lists actors; accepts json and csv', async () => {
    const t = await cli('actors', '--db', db);
    expect(t.code).toBe(0);
    expect(t.out).toContain('islamic_state');
    const j = JSON.parse((await cli('actors', '--db', db, '--format', 'json')).out);
    expect(j.some((a: { id: string }) => a.id === 'islamic_state')).toBe(true);
    expect((await cli('actors', '--db', db, '--format', 'csv')).out.split('\n')[0]).toBe('id,name,type,mentions,aliases');
  });

  it('relations filters by actor given as an alias, case-insensitively', async () => {
    const r = await cli('relations', '--db', db, '--actor', 'isis', '--format', 'jsonl');
    expect(r.code).toBe(0);
    const rows = r.out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(rows.length).toBeGreaterThan(0);
    for (const x of rows) expect([x.source.actor, x.target.actor]).toContain('islamic_state');
    const none = await cli('relations', '--db', db, '--actor', 'no such group');
    expect(none.code).toBe(2);
    expect(none.err).toContain('E_UNKNOWN_ACTOR');
  });

  it('relations by type and date window', async () => {
    const r = await cli('relations', '--db', db, '--from', '2016-01-01', '--format', 'jsonl');
    for (const l of r.out.trim().split('\n').filter(Boolean)) expect(JSON.parse(l).time.end >= '2016-01-01').toBe(true);
    expect((await cli('relations', '--db', db, '--from', '2016-13-01')).code).toBe(2);
  });

  it('dyad prints the timeline with evidence', async () => {
    const r = await cli('dyad', 'Jabhat al-Nusra', 'Ahrar al-Sham', '--db', db, '--format', 'json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0].sentence.text).toContain('ceasefire');
  });

  it('export writes jsonl and csv', async () => {
    const j = await cli('export', '--db', db, '--format', 'jsonl');
    const first = JSON.parse(j.out.split('\n')[0]!);
    expect(first).toHaveProperty('source.actor');
    expect(first).not.toHaveProperty('id');
    const c = await cli('export', '--db', db, '--format', 'csv');
    expect(c.out.split('\n')[0]).toContain('source,source_text,target');
  });

  it('extract prints "Relations out" records without storing', async () => {
    const r = await cli('extract', join(corpus, '2015-03-10-truce.txt'), '--format', 'jsonl');
    expect(r.code).toBe(0);
    const recs = r.out.trim().split('\n').map((l) => JSON.parse(l));
    const truce = recs.find((x) => x.type === 'TRUCE');
    expect(truce).toBeDefined();
    for (const k of ['doc', 'date', 'type', 'polarity', 'source', 'target', 'time', 'sentence', 'confidence']) expect(truce).toHaveProperty(k);
    expect(truce.doc).toBe('2015-03-10-truce');
  });

  it('mentions prints "Mentions out" records with offsets into the text', async () => {
    const r = await cli('mentions', join(corpus, '2016-08-30-split.txt'));
    const recs = r.out.trim().split('\n').map((l) => JSON.parse(l));
    const text = 'Turkey launched an offensive against the Islamic State in northern Syria. Russia has armed the Syrian government since 2015.';
    expect(recs.length).toBeGreaterThan(2);
    for (const m of recs) {
      expect(text.slice(m.start, m.end)).toBe(m.text);
      expect(['dictionary', 'coreference', 'candidate']).toContain(m.via);
    }
  });

  it('demo ingests the built-in corpus into a fresh database and prints the overview', async () => {
    const demoDb = join(dir, 'demo.db');
    const r = await cli('demo', '--db', demoDb, '--no-serve');
    expect(r.code).toBe(0);
    for (const h of ['Most connected actors', 'Strongest alliances', 'Strongest rivalries', 'Latest changes']) expect(r.out).toContain(h);
    const s = JSON.parse((await cli('stats', '--db', demoDb, '--format', 'json')).out);
    expect(s.articles).toBeGreaterThanOrEqual(25);
    // a rerun starts from a fresh database: same counts
    await cli('demo', '--db', demoDb, '--no-serve');
    expect(JSON.parse((await cli('stats', '--db', demoDb, '--format', 'json')).out)).toEqual(s);
  });

  it('bench prints the throughput figures as JSON', async () => {
    const r = await cli('bench', '--corpus', corpus, '--mb', '0.01', '--workers', '0', '--format', 'json');
    expect(r.code).toBe(0);
    const b = JSON.parse(r.out);
    for (const k of ['sentences_per_s', 'tokens_per_s', 'articles_per_s', 'peak_rss_mb', 'stage_seconds']) expect(b).toHaveProperty(k);
    expect(b.sentences).toBeGreaterThan(0);
  });

  it('eval scores a gold file', async () => {
    const gdir = join(dir, 'gold');
    mkdirSync(join(gdir, 'docs'), { recursive: true });
    writeFileSync(join(gdir, 'docs', 'g1.txt'), 'date 2015-03-10 Jabhat al-Nusra and Ahrar al-Sham agreed a ceasefire on Sunday.');
    writeFileSync(join(gdir, 'g1.gold.json'), JSON.stringify({
      document: 'docs/g1.txt', date: '2015-03-10',
      actors: [
        { id: 'n', aliases: ['Jabhat al-Nusra', 'Nusra Front'] },
        { id: 'a', aliases: ['Ahrar al-Sham'] },
      ],
      relations: [{ tier: 'core', source: 'n', target: 'a', type: 'TRUCE', when: '2015-03' }],
      forbidden: [{ source: 'n', target: 'a', type: 'FIGHT' }],
    }));
    const r = await cli('eval', gdir, '--format', 'json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.recall_core).toBe(1);
    expect(s.traps).toBe(0);
    expect(s.time).toBe(1);
  });
});
