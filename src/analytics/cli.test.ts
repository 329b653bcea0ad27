import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from '../cli/commands/analytics.js';
import type { CliContext } from '../cli/context.js';
import { openStore } from '../store/index.js';
import type { Actor, ProcessedArticle } from '../types.js';
import { rel } from './test-helpers.js';

const IS = 'islamic_state';
const JN = 'jabhat_al_nusra';
const dir = mkdtempSync(join(tmpdir(), 'faultline-analytics-'));
const db = join(dir, 'test.db');

async function cli(...argv: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  let code = 0;
  const ctx: CliContext = { io: { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false }, exitWith: (c) => void (code = Math.max(code, c)) };
  const program = new Command('faultline').exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  register(program, ctx);
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    err += String(e);
    code = 2;
  }
  return { out, err, code };
}

beforeAll(async () => {
  const store = await openStore(db);
  const actor = (id: string, name: string, aliases: string[] = []): Actor => ({ id, name, type: 'armed_group', aliases });
  await store.upsertActors([
    actor(IS, 'Islamic State', ['ISIS', 'IS']),
    actor(JN, 'Jabhat al-Nusra', ['Nusra', 'al-Nusra Front']),
    actor('free_syrian_army', 'Free Syrian Army', ['FSA']),
    actor('syrian_government', 'Syrian government', ['Assad regime']),
  ]);
  const relations = [
    rel('TRUCE', IS, JN, '2014-11-17', { doc: 'ex', start: '2014-11-10', end: '2014-11-16', text: 'Last week' }),
    rel('ALLY', IS, JN, '2014-11-17', { doc: 'ex' }),
    rel('FIGHT', JN, IS, '2014-11-17', { doc: 'ex', start: '2013-11-17', end: '2014-11-17', text: 'For much of the past year' }),
    rel('OPPOSE', 'free_syrian_army', IS, '2014-11-17', { doc: 'ex' }),
    rel('OPPOSE', 'free_syrian_army', 'syrian_government', '2014-11-17', { doc: 'ex' }),
    rel('OPPOSE', IS, 'syrian_government', '2014-11-17', { doc: 'ex' }),
    rel('OPPOSE', JN, 'syrian_government', '2014-11-17', { doc: 'ex' }),
    rel('OPPOSE', JN, 'free_syrian_army', '2014-11-17', { doc: 'ex' }),
  ];
  const text = 'The example article.';
  const article: ProcessedArticle = {
    article: { id: 'ex', date: '2014-11-17', text },
    sentences: [{ index: 0, start: 0, end: text.length, tokenStart: 0, tokenEnd: 1 }],
    tokens: { length: 1, start: Uint32Array.of(0), end: Uint32Array.of(3) },
    mentions: [],
    relations,
  };
  await store.saveArticles([article]);
  await store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('analytics CLI', () => {
  it('state: IS–Nusra hostile in June 2014, truce on the article date (names and aliases accepted)', async () => {
    const before = await cli('state', 'ISIS', 'Nusra', '--on', '2014-06-01', '--format', 'json', '--db', db);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.out)).toMatchObject({ state: 'hostile' });
    const after = await cli('state', 'Islamic State', JN, '--on', '2014-11-17', '--format', 'json', '--db', db);
    const s = JSON.parse(after.out);
    expect(s.state).toBe('truce');
    expect(s.confidence).toBeGreaterThan(0);
    expect(s.evidence.length).toBeGreaterThan(0);
    const table = await cli('state', 'IS', 'Nusra', '--on', '2014-11-17', '--db', db);
    expect(table.out).toContain('truce');
  });

  it('changes: the flip is listed first', async () => {
    const r = await cli('changes', '--from', '2014-06-01', '--to', '2014-11-17', '--format', 'json', '--db', db);
    const c = JSON.parse(r.out);
    expect(c.changes[0]).toMatchObject({ kind: 'flip', a: IS, b: JN, before: { state: 'hostile' }, after: { state: 'truce' } });
  });

  it('balance, blocs, network and predict print JSON', async () => {
    const b = JSON.parse((await cli('balance', '--on', '2014-11-17', '--format', 'json', '--samples', '100', '--db', db)).out);
    expect(b.triads).toBeGreaterThan(0);
    const bl = JSON.parse((await cli('blocs', '--on', '2014-11-17', '--format', 'json', '--db', db)).out);
    expect(bl.membership[IS]).toBe(bl.membership[JN]);
    const n = JSON.parse((await cli('network', '--on', '2014-11-17', '--format', 'json', '--db', db)).out);
    expect(n.edges).toBe(6);
    const p = JSON.parse((await cli('predict', '--on', '2014-06-01', '--format', 'json', '--db', db)).out);
    expect(p.model).toBeDefined();
  });

  it('rejects a bad date and an unknown actor with exit code 2', async () => {
    expect((await cli('balance', '--on', '2014-13-45', '--db', db)).code).toBe(2);
    expect((await cli('state', 'nobody', 'IS', '--db', db)).code).toBe(2);
  });
});
