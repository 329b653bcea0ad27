/**
 * The review flow through the CLI: ingest a corpus with an unknown group, list candidates, accept,
 * see the actor in `actors` and its relations under its id; merge, ignore and alias; the next
 * ingest matches the accepted name and never proposes the ignored one.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/context.js';
import { run } from '../src/cli/main.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: CliIo = { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false };
  const code = await run(argv, io);
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'fl-review-'));
const db = join(dir, 'r.db');
const corpus = join(dir, 'corpus');

beforeAll(async () => {
  mkdirSync(corpus);
  writeFileSync(join(corpus, 'a.jsonl'), [
    { id: 'r1', date: '2016-03-01', text: 'Liwa al-Zubayr fighters attacked the Islamic State near Marea on Monday.' },
    { id: 'r2', date: '2016-04-02', text: 'Liwa al-Zubayr clashed with the Islamic State again. The Nusra Front fought Liwa al-Zubayr too.' },
    { id: 'r3', date: '2016-05-02', text: 'The Northern Hawks Brigade attacked the Islamic State near Azaz. Kataib Qamar clashed with the Islamic State.' },
  ].map((r) => JSON.stringify(r)).join('\n') + '\n');
  const r = await cli('ingest', corpus, '--db', db);
  expect(r.code).toBe(0);
});

describe('faultline actors (review)', () => {
  it('lists candidates with counts, dates and examples', async () => {
    const r = await cli('actors', 'candidates', '--db', db, '--format', 'json');
    expect(r.code).toBe(0);
    const cands = JSON.parse(r.out) as { key: string; text: string; count: number; first: string; last: string; examples: { sentence: string }[] }[];
    const liwa = cands.find((c) => c.text === 'Liwa al-Zubayr');
    expect(liwa).toMatchObject({ count: 3, first: '2016-03-01', last: '2016-04-02' });
    expect(liwa!.examples[0]!.sentence).toContain('Liwa al-Zubayr');
    expect(cands.some((c) => c.text === 'Northern Hawks Brigade')).toBe(true);
    expect((await cli('actors', 'candidates', '--db', db)).out).toMatch(/Liwa al-Zubayr\s+ORG\s+3/);
  });

  it('accept: the candidate becomes an actor, its mentions and relations resolve to it without re-reading', async () => {
    const r = await cli('actors', 'accept', 'liwa al-zubayr', '--type', 'armed_group', '--db', db);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('3 stored mention(s) re-resolved');
    const yaml = readFileSync(join(dir, 'r.actors.yaml'), 'utf8');
    expect(yaml).toContain('id: liwa_al_zubayr');
    expect(yaml).toMatch(/^#/);
    const actors = JSON.parse((await cli('actors', '--db', db, '--format', 'json')).out) as { id: string; type: string }[];
    expect(actors.find((a) => a.id === 'liwa_al_zubayr')?.type).toBe('armed_group');
    const table = (await cli('actors', '--db', db)).out;
    expect(table).toMatch(/liwa_al_zubayr\s+Liwa al-Zubayr\s+armed_group\s+3/);
    const rels = JSON.parse((await cli('relations', '--db', db, '--actor', 'Liwa al-Zubayr', '--format', 'json')).out) as { source: { actor: string }; target: { actor: string } }[];
    expect(rels.length).toBeGreaterThan(0);
    for (const x of rels) expect([x.source.actor, x.target.actor]).toContain('liwa_al_zubayr');
    const cands = JSON.parse((await cli('actors', 'candidates', '--db', db, '--format', 'json')).out) as { text: string }[];
    expect(cands.some((c) => c.text === 'Liwa al-Zubayr')).toBe(false);
  });

  it('merge, ignore and alias edit the files next to the database', async () => {
    const m = await cli('actors', 'merge', 'Kataib Qamar', 'liwa_al_zubayr', '--db', db);
    expect(m.code, m.err).toBe(0);
    expect(m.out).toContain('merged');
    const i = await cli('actors', 'ignore', 'Northern Hawks Brigade', '--db', db);
    expect(i.code, i.err).toBe(0);
    expect(readFileSync(join(dir, 'r.ignored.yaml'), 'utf8')).toContain('Northern Hawks Brigade');
    const cands = JSON.parse((await cli('actors', 'candidates', '--db', db, '--format', 'json')).out) as { text: string }[];
    expect(cands.map((c) => c.text)).not.toContain('Northern Hawks Brigade');
    expect(cands.map((c) => c.text)).not.toContain('Kataib Qamar');
    const a = await cli('actors', 'alias', 'liwa_al_zubayr', 'Zubayr Brigade', '--db', db);
    expect(a.code, a.err).toBe(0);
    const add = await cli('actors', 'add', 'Jaysh al-Qamar', '--type', 'armed_group', '--alias', 'Qamar Army', '--db', db);
    expect(add.code, add.err).toBe(0);
    expect((await cli('actors', 'add', 'Nameless', '--db', db)).code).toBe(2);
    expect((await cli('actors', 'merge', 'No Such Name', 'islamic_state', '--db', db)).code).toBe(2);
  });

  it('the next ingest matches accepted and merged names and never proposes ignored ones', async () => {
    writeFileSync(join(corpus, 'b.jsonl'), [
      { id: 'r4', date: '2016-06-01', text: 'The Zubayr Brigade and Kataib Qamar attacked the Islamic State near Dabiq. The Northern Hawks Brigade stayed out.' },
    ].map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect((await cli('ingest', join(corpus, 'b.jsonl'), '--db', db)).code).toBe(0);
    const ms = (await cli('mentions', join(corpus, 'b.jsonl'), '--format', 'json')).out;
    expect(ms).toBeTruthy();
    const rels = JSON.parse((await cli('relations', '--db', db, '--actor', 'liwa_al_zubayr', '--format', 'json')).out) as { doc: string }[];
    expect(rels.some((r) => r.doc === 'r4')).toBe(true);
    const cands = JSON.parse((await cli('actors', 'candidates', '--db', db, '--format', 'json')).out) as { text: string }[];
    expect(cands.map((c) => c.text)).not.toContain('Northern Hawks Brigade');
  });

  it('a broken hand edit is reported, not overwritten', async () => {
    const file = join(dir, 'r.actors.yaml');
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, before + '\n- id: Bad Id\n  name: x\n  type: armed_group\n  aliases: []\n');
    const r = await cli('actors', 'alias', 'liwa_al_zubayr', 'Another Name', '--db', db);
    expect(r.code).toBe(2);
    expect(r.err).toContain('E_BAD_DICTIONARY');
    writeFileSync(file, before);
  });
});
