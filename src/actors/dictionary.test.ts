import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ERROR_CODES, FaultlineError } from '../errors.js';
import { ACTOR_TYPES } from '../types.js';
import { defaultDictionaryDir, dictionaryFiles, loadDictionary, parseDictionaryText, parseYamlSubset } from './dictionary.js';
import { normaliseName } from './normalise.js';

function tmpDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-dict-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof FaultlineError ? e.code : 'not a FaultlineError';
  }
  return undefined;
}

describe('normaliseName', () => {
  it.each([
    ['al-Nusra', 'Al Nusra'],
    ['U.S.', 'US'],
    ["Hay'at Tahrir al-Sham", 'Hayat Tahrir al Sham'],
    ['Hay’at Taḥrīr al-Shām', "hay'at tahrir al-sham"],
    ['  Jabhat   al-Nusra ', 'jabhat al nusra'],
    ['Erdoğan', 'Erdogan'],
    ['Côte d’Ivoire', "Cote d'Ivoire"],
    ['Guinea–Bissau', 'Guinea-Bissau'],
  ])('%s = %s', (a, b) => {
    expect(normaliseName(a)).toBe(normaliseName(b));
  });
  it('keeps real spelling differences apart', () => {
    expect(normaliseName('al-Qaeda')).not.toBe(normaliseName('al-Qaida'));
    expect(normaliseName('Nusra')).not.toBe(normaliseName('Nusrah'));
  });
});

describe('built-in dictionary', () => {
  // The fastest of three loads (the shared test machine is often busy; the first load also pays for JIT warm-up).
  let ms = Infinity;
  let dict = loadDictionary();
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    dict = loadDictionary();
    ms = Math.min(ms, performance.now() - t0);
  }

  it('loads every file fast, with at least 400 actors', () => {
    expect(dict.actors.length).toBeGreaterThanOrEqual(400);
    expect(ms).toBeLessThan(300);
  });

  it('has actors of every type and a rich alias set', () => {
    const types = new Set(dict.actors.map((a) => a.type));
    for (const t of ACTOR_TYPES) expect(types.has(t), t).toBe(true);
    const aliases = dict.actors.reduce((n, a) => n + a.aliases.length + (a.caseSensitiveAliases?.length ?? 0), 0);
    expect(aliases).toBeGreaterThan(3000);
  });

  it('knows the Nusra rename chain', () => {
    const jfs = dict.get('jabhat_fateh_al_sham');
    const hts = dict.get('hayat_tahrir_al_sham');
    expect(jfs?.renamedFrom).toEqual({ id: 'jabhat_al_nusra', date: '2016-07-28' });
    expect(hts?.renamedFrom).toEqual({ id: 'jabhat_fateh_al_sham', date: '2017-01-28' });
    expect(dict.get('jabhat_al_nusra')?.parent).toBe('al_qaeda');
    expect(dict.get('islamic_state')?.renamedFrom?.id).toBe('islamic_state_of_iraq');
    expect(dict.get('islamic_state_of_iraq')?.renamedFrom?.id).toBe('al_qaeda_in_iraq');
  });

  it('knows the hierarchy', () => {
    expect(dict.get('harakat_hazm')?.parent).toBe('free_syrian_army');
    expect(dict.get('khorasan_group')?.parent).toBe('al_qaeda');
    expect(dict.get('qassam_brigades')?.parent).toBe('hamas');
    expect(dict.get('quds_force')?.parent).toBe('irgc');
    expect(dict.get('syrian_revolutionary_front')?.parent).toBe('free_syrian_army');
  });

  it('keeps ambiguous short names case-sensitive', () => {
    expect(dict.get('islamic_state')?.caseSensitiveAliases).toContain('IS');
    expect(dict.get('associated_press')?.caseSensitiveAliases).toContain('AP');
    expect(dict.get('harakat_hazm')?.caseSensitiveAliases).toContain('Hazm');
    expect(dict.get('the_west')?.caseSensitiveAliases).toContain('West');
    expect(dict.get('united_states')?.caseSensitiveAliases).toContain('US');
    for (const a of dict.actors) {
      for (const s of a.aliases) expect(['is', 'us', 'ap', 'west', 'it', 'as', 'an'], `${a.id}: ${s}`).not.toContain(normaliseName(s));
    }
  });

  it('dates leaders standing for their state', () => {
    const obama = dict.get('united_states')?.datedAliases?.find((d) => d.alias === 'Obama');
    expect(obama).toEqual({ alias: 'Obama', start: '2009-01-20', end: '2017-01-20' });
    expect(dict.get('syrian_government')?.datedAliases?.some((d) => d.alias === 'Bashar al-Assad')).toBe(true);
  });

  it('marks media and think tanks as reporters', () => {
    for (const id of ['associated_press', 'reuters', 'afp', 'syrian_observatory_for_human_rights', 'institute_for_the_study_of_war', 'amaq_agency']) {
      expect(dict.get(id)?.reporter, id).toBe(true);
    }
    for (const a of dict.actors) if (a.type === 'media') expect(a.reporter, a.id).toBe(true);
  });

  it('has every UN member state', () => {
    expect(dict.actors.filter((a) => a.type === 'state').length).toBeGreaterThanOrEqual(193);
    for (const id of ['syria', 'iraq', 'united_states', 'russia', 'turkey', 'iran', 'palestine', 'kosovo', 'taiwan']) {
      expect(dict.get(id)?.type, id).toBe('state');
    }
  });

  it('finds its folder from the module', () => {
    expect(defaultDictionaryDir().replace(/\\/g, '/')).toMatch(/data\/actors$/);
  });

  it('reads every built-in file with the fast reader exactly as the YAML parser does', () => {
    for (const f of dictionaryFiles(defaultDictionaryDir())) {
      const text = readFileSync(f, 'utf8');
      const fast = parseYamlSubset(text);
      expect(fast, f).not.toBeUndefined();
      expect(isDeepStrictEqual(fast, parseYaml(text)), f).toBe(true);
    }
  });
});

describe('YAML subset reader', () => {
  it.each([
    ['- {id: a, n: [x, "y z", \'it\'\'s\']}\n', [{ id: 'a', n: ['x', 'y z', "it's"] }]],
    ['- id: a\n  note: >-\n    one\n    two\n  ok: true\n', [{ id: 'a', note: 'one two', ok: true }]],
    ['- id: a # comment\n  list:\n    - x\n    - y\n', [{ id: 'a', list: ['x', 'y'] }]],
    ['- id: a\n  l: [a,\n    b]\n', [{ id: 'a', l: ['a', 'b'] }]],
  ])('reads %j', (text, value) => {
    expect(parseYamlSubset(text)).toEqual(value);
    expect(parseYaml(text)).toEqual(value);
  });
  it.each(['- id: 12\n', '- {a: b: c}\n', 'a: &x 1\n', '- id: a\n  note: one\n    two\n'])('gives up on %j', (text) => {
    expect(parseYamlSubset(text)).toBeUndefined();
  });
});

describe('bad dictionaries', () => {
  const ok = '- {id: a_one, name: A One, type: armed_group, aliases: [Aone]}\n';

  it('rejects a record with a missing field, naming file, record and field', () => {
    const dir = tmpDir({ 'x.yaml': ok + '- {id: b_two, type: armed_group, aliases: []}\n' });
    let err: unknown;
    try {
      loadDictionary({ dir });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FaultlineError);
    expect((err as FaultlineError).code).toBe(ERROR_CODES.BAD_DICTIONARY);
    expect((err as Error).message).toMatch(/x\.yaml: record 1 \(b_two\): field name/);
  });

  it.each([
    ['a bad type', '- {id: b, name: B, type: rebel, aliases: []}\n'],
    ['a bad id', '- {id: B-2, name: B, type: state, aliases: []}\n'],
    ['a bad date', "- {id: b, name: B, type: state, aliases: [], active: {start: '2014-02-30'}}\n"],
    ['an unknown field', '- {id: b, name: B, type: state, aliases: [], parnet: a_one}\n'],
    ['an unknown parent', '- {id: b, name: B, type: state, aliases: [], parent: nobody}\n'],
    ['an unknown renamedFrom', "- {id: b, name: B, type: state, aliases: [], renamedFrom: {id: nobody, date: '2014-01-01'}}\n"],
    ['a duplicate alias', '- {id: b, name: B, type: state, aliases: [A-one]}\n'],
    ['an alias equal to another name', '- {id: b, name: B, type: state, aliases: [a one]}\n'],
    ['a case-sensitive alias equal to another alias', '- {id: b, name: B, type: state, aliases: [], caseSensitiveAliases: [AONE]}\n'],
    ['a duplicate id', '- {id: a_one, name: B, type: state, aliases: []}\n'],
    ['a parent cycle', '- {id: b, name: B, type: state, aliases: [], parent: c}\n- {id: c, name: C, type: state, aliases: [], parent: b}\n'],
    ['not a list', 'id: b\n'],
    ['broken YAML', '- {id: b, name: [\n'],
  ])('rejects %s', (_what, text) => {
    const dir = tmpDir({ 'a.yaml': ok, 'b.yaml': text });
    expect(codeOf(() => loadDictionary({ dir }))).toBe(ERROR_CODES.BAD_DICTIONARY);
  });

  it('accepts one dated alias on two actors when the ranges do not overlap', () => {
    const text =
      ok +
      "- {id: b, name: B, type: state, aliases: [], datedAliases: [{alias: Leader, end: '2010-01-01'}]}\n" +
      "- {id: c, name: C, type: state, aliases: [], datedAliases: [{alias: Leader, start: '2010-01-01'}]}\n";
    expect(parseDictionaryText(text, 'x.yaml')).toHaveLength(3);
    expect(loadDictionary({ dir: tmpDir({ 'x.yaml': text }) }).actors).toHaveLength(3);
  });

  it('keeps case-sensitive aliases that differ only in case apart', () => {
    const text = ok + '- {id: b, name: B, type: state, aliases: [], caseSensitiveAliases: [JeM]}\n- {id: c, name: C, type: state, aliases: [], caseSensitiveAliases: [JEM]}\n';
    expect(loadDictionary({ dir: tmpDir({ 'x.yaml': text }) }).actors).toHaveLength(3);
  });
});

describe('user dictionaries', () => {
  it('replaces a built-in actor with the same id and takes over aliases', () => {
    const dir = tmpDir({
      'user.yaml':
        '- {id: harakat_hazm, name: Hazm, type: armed_group, aliases: [Harakat Hazm], note: mine}\n' +
        '- {id: somali_national_army, name: Somali National Army, type: armed_group, country: SOM, aliases: [], caseSensitiveAliases: [SNA]}\n',
    });
    const dict = loadDictionary({ extraFiles: [join(dir, 'user.yaml')] });
    expect(dict.get('harakat_hazm')?.note).toBe('mine');
    expect(dict.get('somali_national_army')?.caseSensitiveAliases).toEqual(['SNA']);
    expect(dict.get('syrian_national_army')?.caseSensitiveAliases ?? []).not.toContain('SNA');
  });

  it('rejects the same id twice among user files', () => {
    const dir = tmpDir({ 'u1.yaml': '- {id: zz, name: Zz, type: state, aliases: []}\n', 'u2.yaml': '- {id: zz, name: Zy, type: state, aliases: []}\n' });
    expect(codeOf(() => loadDictionary({ extraFiles: [join(dir, 'u1.yaml'), join(dir, 'u2.yaml')] }))).toBe(ERROR_CODES.BAD_DICTIONARY);
  });

  it('reports a missing user file', () => {
    expect(codeOf(() => loadDictionary({ extraFiles: ['/nonexistent/user.yaml'] }))).toBe(ERROR_CODES.FILE_UNREADABLE);
  });
});
