import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultPipeline } from '../pipeline/default.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/store.js';
import {
  acceptCandidate, addActor, addAlias, ignoreCandidate, ignoredFile, listPendingCandidates, mergeCandidate, readIgnored, readUserActors, userDictionaryFile,
} from './review.js';

const dir = mkdtempSync(join(tmpdir(), 'fl-review-lib-'));
const db = join(dir, 'lib.db');
let store: Store;

beforeAll(async () => {
  store = await openStore(db);
  await store.init();
  const { pipeline } = loadDefaultPipeline({ noCandidates: true, warn: () => {} });
  await store.saveArticles([
    pipeline.process({ id: 'd1', date: '2017-01-05', text: 'Liwa al-Fajr al-Akhdar attacked the Islamic State near Palmyra. Katibat Suqur al-Wadi clashed with the Islamic State.' }),
    pipeline.process({ id: 'd2', date: '2017-02-05', text: 'Liwa al-Fajr al-Akhdar fought the Islamic State again. The Western Dunes Brigade stayed out of it.' }),
  ]);
});
afterAll(async () => store.close());

describe('review library', () => {
  it('lists pending candidates', async () => {
    const c = await listPendingCandidates({ store, db });
    expect(c.map((x) => x.text)).toEqual(expect.arrayContaining(['Liwa al-Fajr al-Akhdar', 'Katibat Suqur al-Wadi']));
    expect(c.find((x) => x.text === 'Liwa al-Fajr al-Akhdar')).toMatchObject({ count: 2, first: '2017-01-05', last: '2017-02-05' });
  });

  it('accept writes a readable user dictionary and re-resolves stored mentions', async () => {
    expect(existsSync(userDictionaryFile(db))).toBe(false);
    const r = await acceptCandidate({ store, db }, 'liwa al-fajr al-akhdar', 'armed_group', { country: 'SYR' });
    expect(r.actor).toMatchObject({ id: 'liwa_al_fajr_al_akhdar', name: 'Liwa al-Fajr al-Akhdar', type: 'armed_group', country: 'SYR' });
    expect(r.mentions).toBe(2);
    expect(readFileSync(userDictionaryFile(db), 'utf8')).toMatch(/^# .*\n[\s\S]*- id: liwa_al_fajr_al_akhdar\n  name: Liwa al-Fajr al-Akhdar\n  type: armed_group/);
    expect((await store.listMentions({ actor: 'liwa_al_fajr_al_akhdar' })).length).toBe(2);
    expect((await store.getActor('liwa_al_fajr_al_akhdar'))?.name).toBe('Liwa al-Fajr al-Akhdar');
    const rels = await store.listRelations({ actor: 'liwa_al_fajr_al_akhdar' });
    expect(rels.length).toBeGreaterThan(0);
  });

  it('keeps hand-written comments and entries when it edits', async () => {
    const file = userDictionaryFile(db);
    writeFileSync(file, readFileSync(file, 'utf8') + '# my note\n- {id: my_group, name: My Group, type: armed_group, aliases: [MG Group]}\n');
    await mergeCandidate({ store, db }, 'Katibat Suqur al-Wadi', 'my_group');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('# my note');
    expect(readUserActors(db).find((a) => a.id === 'my_group')?.aliases).toEqual(['MG Group', 'Katibat Suqur al-Wadi']);
    expect((await store.listMentions({ actor: 'my_group' })).length).toBe(1);
  });

  it('alias on a built-in actor copies it into the user dictionary', async () => {
    const r = await addAlias({ store, db }, 'Islamic State', ['Tanzim al-Dawla al-Islamiya']);
    expect(r.actor?.id).toBe('islamic_state');
    const copy = readUserActors(db).find((a) => a.id === 'islamic_state');
    expect(copy?.aliases).toContain('Tanzim al-Dawla al-Islamiya');
    expect(copy?.aliases).toContain('ISIL');
  });

  it('refuses a name that belongs to another actor, an existing id, a bad type', async () => {
    await expect(addAlias({ store, db }, 'my_group', ['ISIL'])).rejects.toThrow(/already a name of islamic_state/);
    await expect(addActor({ store, db }, { name: 'Islamic State', type: 'armed_group' })).rejects.toThrow(/already exists/);
    await expect(addActor({ store, db }, { name: 'New One', type: 'gang' })).rejects.toThrow(/type must be one of/);
    await expect(mergeCandidate({ store, db }, 'not there', 'islamic_state')).rejects.toThrow(/no pending candidate/);
  });

  it('ignore lists the name and hides it from the queue', async () => {
    await ignoreCandidate({ store, db }, 'Western Dunes Brigade');
    expect(readIgnored(db).has('western dunes brigade')).toBe(true);
    expect(readFileSync(ignoredFile(db), 'utf8')).toContain('- Western Dunes Brigade');
    const c = await listPendingCandidates({ store, db });
    expect(c.map((x) => x.text)).not.toContain('Western Dunes Brigade');
  });

  it('the edited files are what the next ingest uses', () => {
    const { pipeline } = loadDefaultPipeline({ userDictionaries: [userDictionaryFile(db)], noCandidates: true, warn: () => {} });
    const p = pipeline.process({ id: 'd3', date: '2017-03-01', text: 'Katibat Suqur al-Wadi and the Western Dunes Brigade attacked Liwa al-Fajr al-Akhdar.' });
    const by = Object.fromEntries(p.mentions.map((m) => [m.text, m.actor]));
    expect(by['Katibat Suqur al-Wadi']).toBe('my_group');
    expect(by['Liwa al-Fajr al-Akhdar']).toBe('liwa_al_fajr_al_akhdar');
    expect(p.mentions.some((m) => m.text === 'Western Dunes Brigade')).toBe(false);
  });
});
