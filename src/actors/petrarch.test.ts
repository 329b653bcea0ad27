import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDictionary, parseDictionaryText } from './dictionary.js';
import { normaliseName } from './normalise.js';
import { cameoCode, makeLoadable, readPetrarchActors, typeFromCameo, writePetrarchActors } from './petrarch.js';
import { stringify } from 'yaml';
import type { Actor } from '../types.js';

const PETRARCH_DIR = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'petrarch');

describe('CAMEO codes', () => {
  it.each([
    ['SYR', 'state'],
    ['SYRGOV', 'government'],
    ['AFGMIL', 'government'],
    ['SYRREB', 'armed_group'],
    ['PSEREBHMS', 'armed_group'],
    ['IMGMUSALQ', 'armed_group'],
    ['IGOUNO', 'organization'],
    ['NGOICG', 'organization'],
    ['USAMED', 'media'],
    ['SYRREF', 'population'],
    ['AFGELI', 'person'],
    ['SYROPP', 'organization'],
  ])('%s → %s', (code, type) => {
    expect(typeFromCameo(code)).toBe(type);
  });
});

describe('readPetrarchActors', () => {
  it('reads a head, synonyms, codes and comments', () => {
    const text = [
      '# a comment',
      'JABHAT_AL_NUSRA_  # ',
      '+NUSRA_FRONT_',
      '+AL-NUSRA_FRONT_ +JN_',
      '\t[SYRREBMUS]',
      '',
      'HAMAS_ [PSEREB] #  kkl 21 Mar 13',
      '+ISLAMIC_RESISTANCE_MOVEMENT',
    ].join('\n');
    const { actors, issues } = readPetrarchActors(text, 't.txt');
    expect(issues).toEqual([]);
    expect(actors).toHaveLength(2);
    const [nusra, hamas] = actors;
    expect(nusra.id).toBe('jabhat_al_nusra');
    expect(nusra.type).toBe('armed_group');
    expect(nusra.country).toBe('SYR');
    expect(nusra.aliases.map(normaliseName)).toEqual(['nusra front', 'al nusra front']);
    expect(nusra.caseSensitiveAliases).toEqual(['JN']);
    expect(hamas.name).toBe('Hamas');
    expect(hamas.aliases).toEqual(['Islamic Resistance Movement']);
  });

  it('turns date-bounded entries into dated aliases of the actor holding the code', () => {
    const text = [
      'SYRIA_ [SYR]',
      'SYRIAN_GOVERNMENT_ [SYRGOV]',
      'BASHAR_AL-ASSAD_',
      '\t[SYRGOV 000717-241208]',
      'HAFEZ_AL-ASSAD_ [SYRGOV 19710314-20000610] [SYRELI <19710314]',
      'FAROUK_AL-SHARAA_',
      '\t[SYRGOV >060221]',
      'SOMEONE_ [SYRELI 800101-900101]',
    ].join('\n');
    const { actors } = readPetrarchActors(text, 't.txt');
    const gov = actors.find((a) => a.id === 'syrian_government');
    expect(gov?.datedAliases).toEqual([
      { alias: 'Bashar Al-Assad', start: '2000-07-17', end: '2024-12-08' },
      { alias: 'Hafez Al-Assad', start: '1971-03-14', end: '2000-06-10' },
      { alias: 'Farouk Al-Sharaa', start: '2006-02-21' },
    ]);
    // An out-of-office elite entry stays an actor of its own.
    expect(actors.find((a) => a.id === 'someone')?.type).toBe('person');
  });

  it.each([
    ['odd spacing and tabs', '  UN_   \t [IGOUNO]  ', 1, 0],
    ['a code line before any head', '[USAGOV]\nX_ [USA]', 1, 1],
    ['a synonym before any head', '+ORPHAN_\nX_ [USA]', 1, 1],
    ['a seven-digit date', 'X_\n\t[USAGOV 2004017-20061201]', 1, 1],
    ['an empty code', 'X_ [] [USA]', 1, 1],
    ['a "no code" code', 'X_ [---] [USA]', 1, 0],
    ['a head without any code', 'U.N._\nY_ [USA]', 2, 1],
    ['a plus inside a synonym line', 'X_ [YEMREB]\n+A_+_B_', 1, 0],
    ['an unbalanced bracket', 'X_ [USA\nY_ [USA]', 2, 2],
    ['a Windows line end', 'X_ [USA]\r\n+Y_\r\n', 1, 0],
    ['an unknown date form', 'X_ [USA ~2001]', 1, 1],
  ])('copes with %s', (_what, text, actors, issues) => {
    const r = readPetrarchActors(text, 't.txt');
    expect(r.actors).toHaveLength(actors);
    expect(r.issues).toHaveLength(issues);
    for (const i of r.issues) expect(i).toMatchObject({ kind: 'issue', severity: 'warning', file: 't.txt' });
  });

  it('gives unique ids to repeated heads', () => {
    const { actors } = readPetrarchActors('X_ [USA]\nX_ [RUS]\n', 't.txt');
    expect(actors.map((a) => a.id)).toEqual(['x', 'x_2']);
  });
});

describe.runIf(existsSync(PETRARCH_DIR))('the Phoenix dictionaries', () => {
  it.each([
    ['Phoenix.Countries.actors.txt', 3000],
    ['Phoenix.International.actors.txt', 5000],
    ['Phoenix.MilNonState.actors.txt', 800],
  ])('reads %s', (file, atLeast) => {
    const path = join(PETRARCH_DIR, file);
    const { actors, issues } = readPetrarchActors(readFileSync(path, 'latin1'), path);
    expect(actors.length).toBeGreaterThan(atLeast);
    expect(issues.every((i) => i.severity === 'warning')).toBe(true);
    expect(issues.length).toBeLessThan(actors.length / 20);
    const ids = new Set(actors.map((a) => a.id));
    expect(ids.size).toBe(actors.length);
  });

  it('makes a loadable user dictionary from MilNonState', () => {
    const path = join(PETRARCH_DIR, 'Phoenix.MilNonState.actors.txt');
    const { actors } = readPetrarchActors(readFileSync(path, 'latin1'), path);
    const builtIn = loadDictionary().actors;
    const { actors: loadable, alreadyKnown } = makeLoadable(actors, builtIn);
    expect(alreadyKnown).toBeGreaterThan(0);
    const back = parseDictionaryText(stringify(loadable), 'imported.yaml');
    expect(back.length).toBe(loadable.length);
  });
});

describe('writePetrarchActors', () => {
  const key = (a: Actor) =>
    [a.name, ...a.aliases, ...(a.caseSensitiveAliases ?? [])]
      .filter((s) => !/[#+[\]]/.test(s))
      .map(normaliseName)
      .sort();
  const datedKey = (a: Actor) => (a.datedAliases ?? []).filter((d) => d.start || d.end).map((d) => `${normaliseName(d.alias)}|${d.start ?? ''}|${d.end ?? ''}`).sort();

  it('writes codes from type and country', () => {
    expect(cameoCode({ id: 'x', name: 'X', type: 'government', country: 'SYR', aliases: [] })).toBe('SYRGOV');
    expect(cameoCode({ id: 'x', name: 'X', type: 'state', country: 'SYR', aliases: [] })).toBe('SYR');
  });

  it('round-trips the built-in dictionary: ids, types, names, aliases and dated aliases', () => {
    const dict = loadDictionary();
    const text = writePetrarchActors(dict.actors);
    const { actors, issues } = readPetrarchActors(text, 'export.txt');
    expect(issues).toEqual([]);
    expect(actors.length).toBe(dict.actors.length);
    const back = new Map(actors.map((a) => [a.id, a]));
    for (const a of dict.actors) {
      const b = back.get(a.id);
      expect(b, a.id).toBeDefined();
      if (!b) continue;
      expect(b.type, a.id).toBe(a.type);
      expect(new Set(key(b)), a.id).toEqual(new Set(key(a)));
      expect(new Set(datedKey(b)), a.id).toEqual(new Set(datedKey(a)));
    }
  });
});
