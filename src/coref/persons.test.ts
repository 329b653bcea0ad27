/**
 * Persons across a document (sentences written for these tests): surnames after a full name,
 * third-person pronouns with gender and salience, the organisation a person speaks for, and the
 * issuing organisation's "we". Person names the recogniser would find are given as PER candidates,
 * so the tests do not depend on the NER model.
 */
import { describe, expect, it } from 'vitest';
import { loadDictionary } from '../actors/dictionary.js';
import { ActorMatcher } from '../actors/matcher.js';
import { issuerOf } from '../pipeline/default.js';
import type { WorkingDoc } from '../pipeline/stage.js';
import { mentionStage, segmentStage } from '../pipeline/stages.js';
import type { Article, Mention } from '../types.js';
import { corefStage } from './index.js';
import { nameWords, resolvePersons, surnameKey } from './persons.js';

const dict = loadDictionary();
const matcher = new ActorMatcher(dict.actors);
const getActor = (id: string) => dict.get(id);

/** The document after the mention stage, with `names` added as PER candidates (first occurrence each). */
function docOf(text: string, names: readonly string[] = [], source?: string): WorkingDoc {
  const article: Article = { id: 't', date: '2016-11-01', text, ...(source ? { source } : {}) };
  const doc: WorkingDoc = { article };
  segmentStage().run(doc);
  mentionStage(matcher).run(doc);
  const extra: Mention[] = [];
  for (const raw of names) {
    // "ORG:" marks an organisation the recogniser found
    const org = raw.startsWith('ORG:');
    const n = org ? raw.slice(4) : raw;
    const start = text.indexOf(n);
    const s = doc.sentences!.find((x) => x.start <= start && start < x.end)!;
    const tk = doc.tokens!;
    let ts = s.tokenStart;
    while (tk.start[ts]! < start) ts++;
    let te = ts;
    while (te < s.tokenEnd && tk.end[te]! <= start + n.length) te++;
    extra.push({ sentence: s.index, start, end: start + n.length, text: n, actor: null, via: 'candidate', entity: org ? 'ORG' : 'PER', tokenStart: ts, tokenEnd: te });
  }
  doc.mentions = [...doc.mentions!, ...extra].sort((a, b) => a.start - b.start || b.end - a.end);
  doc.syntax = doc.sentences!.map(() => undefined);
  return doc;
}

/** The actor of the mention at the `nth` occurrence of `phrase` after co-reference (persons only, or the whole stage). */
function actorAt(doc: WorkingDoc, phrase: string, nth = 0): string | null | undefined {
  const text = doc.article.text;
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(phrase, at + 1);
  const m = doc.mentions!.filter((x) => x.start <= at && at < x.end).sort((a, b) => (a.actor ? 0 : 1) - (b.actor ? 0 : 1))[0];
  return m ? m.actor ?? (m.group ? m.group.join('+') : null) : undefined;
}

function persons(text: string, names: readonly string[]): WorkingDoc {
  const doc = docOf(text, names);
  doc.mentions = resolvePersons(doc, { getActor }).mentions;
  return doc;
}

function fullCoref(text: string, names: readonly string[], source?: string): WorkingDoc {
  const doc = docOf(text, names, source);
  corefStage({ getActor, actors: dict.actors, issuer: issuerOf(matcher) }).run(doc);
  return doc;
}

describe('person names', () => {
  it('strips titles, ranks, suffixes and nicknames', () => {
    expect(nameWords('Maj. Gen. Gary J. Volesky')).toEqual(['Gary', 'J.', 'Volesky']);
    expect(nameWords('Navy Special Warfare Operator 1st Class Charles H. Keating IV')).toEqual(['Charles', 'H.', 'Keating']);
    expect(nameWords('Col. John “J.D.” Dorrian')).toEqual(['John', 'Dorrian']);
    expect(surnameKey('al-Karbouly')).toBe('karbouly');
    expect(surnameKey('Al-Ja’afari')).toBe('jaafari');
  });

  it.each([
    // surname after the full name: an unknown person and a dictionary leader
    ['Staff Sgt. Albert Connelly trained the gunners. Connelly said the drill went well.', ['Staff Sgt. Albert Connelly'], 'Connelly', 1, 'staff_sgt_albert_connelly'],
    ['Defense Secretary Ash Carter met the troops. Carter praised them.', [], 'Carter', 1, 'united_states'],
    ['Ziad al-Karbouly was captured in 2006. Karbouly denied the charges.', ['Ziad al-Karbouly'], 'Karbouly', 1, 'ziad_al_karbouly'],
    // not another person with the same surname, not a longer name
    ['Ziad al-Karbouly was captured. His cousin Omar Karbouly fled.', ['Ziad al-Karbouly'], 'Karbouly', 1, undefined],
    ['Peter Cook spoke on Monday. The Cook Islands voted.', ['Peter Cook'], 'Cook', 1, undefined],
    // two persons with one surname: no guess
    ['John Smith and Mary Smith arrived. Smith spoke first.', ['John Smith', 'Mary Smith'], 'Smith', 2, undefined],
  ] as [string, string[], string, number, string | undefined][])('%s', (text, names, phrase, nth, actor) => {
    expect(actorAt(persons(text, names), phrase, nth)).toBe(actor);
  });
});

describe('third-person pronouns', () => {
  it.each([
    // the person of the sentence before; the subject when there are two
    ['Abu Jandal led the attack on Tabqa. He was killed by the SDF in 2016.', ['Abu Jandal'], 'He', 0, 'abu_jandal'],
    ['Omar Khalil met Samir Haddad in Raqqa. He later joined the Islamic State.', ['Omar Khalil', 'Samir Haddad'], 'He', 0, 'omar_khalil'],
    // same sentence: the person before the pronoun
    ['Karim Nasser said he had left the group.', ['Karim Nasser'], 'he', 0, 'karim_nasser'],
    // gender from a title, and from the pronouns already given
    ['Mrs. Layla Aziz met Omar Khalil. She thanked the mayor.', ['Mrs. Layla Aziz', 'Omar Khalil'], 'She', 0, 'mrs_layla_aziz'],
    ['Omar Khalil met Layla Aziz. He thanked her for the visit.', ['Omar Khalil', 'Layla Aziz'], 'her', 0, 'layla_aziz'],
    // a biography: the main person, several sentences later
    ['Ahmad Salem was born in Mosul. The city fell in 2014. The army retook it in 2017. Floods hit the region. He died in 2018.', ['Ahmad Salem'], 'He', 0, 'ahmad_salem'],
    // a ship is "she", not the commodore named before it
    ['Commodore Andrew Burns leads the task force. The frigate FS Forbin joined it, and she will patrol the Gulf.', ['Commodore Andrew Burns'], 'she', 0, undefined],
    // an unnamed person after the named one: the pronoun may be theirs, so no guess
    ['Omar Khalil spoke to reporters. A rebel opened fire before being executed along with his family.', ['Omar Khalil'], 'his', 0, undefined],
    ['Omar Khalil spoke. Later a suicide bomber blew himself up at the gate.', ['Omar Khalil'], 'himself', 0, undefined],
    // ... but an apposition or a predicate describes the named person
    ['Badran al-Mazidi was a Sunni militant active in Mosul. He was killed in 2008.', ['Badran al-Mazidi'], 'He', 0, 'badran_al_mazidi'],
    ['Karim Nasser, a doctor in Idlib, said he had treated forty patients.', ['Karim Nasser'], 'he', 0, 'karim_nasser'],
    // no person at all: nothing
    ['The Islamic State seized the dam. He said nothing.', [], 'He', 0, undefined],
  ] as [string, string[], string, number, string | undefined][])('%s', (text, names, phrase, nth, actor) => {
    expect(actorAt(persons(text, names), phrase, nth)).toBe(actor);
  });
});

describe('persons called by their role', () => {
  it.each([
    ['Defense Secretary Ash Carter met Iraqi Prime Minister Haider al-Abadi. Carter praised the prime minister.', [], 'the prime minister', 0, 'iraqi_government'],
    ['Defense Secretary Ash Carter visited Baghdad. The secretary met the troops.', [], 'The secretary', 0, 'united_states'],
    ['Maj. Gen. Gary Volesky, commander of the task force, spoke. The commander said the drill went well.', ['Maj. Gen. Gary Volesky'], 'The commander', 0, 'maj_gen_gary_volesky'],
    // "the general public" is no person; a role nobody was named with stays unresolved
    ['Gen. John Smith arrived. The general public was not told.', ['Gen. John Smith'], 'general public', 0, undefined],
    ['Peter Cook spoke. The minister disagreed.', ['Peter Cook'], 'The minister', 0, undefined],
    // a role word that goes on into a name is part of it
    ['Sheikh Ahmad Hassoun visited Aleppo. The army took the Sheikh Maqsood district.', ['Sheikh Ahmad Hassoun'], 'Sheikh Maqsood', 0, undefined],
    // a person called by role is named: a pronoun after it still finds them
    ['Maj. Gen. Gary Volesky, commander of the task force, spoke. The commander said he was confident.', ['Maj. Gen. Gary Volesky'], 'he was', 0, 'maj_gen_gary_volesky'],
  ] as [string, string[], string, number, string | undefined][])('%s', (text, names, phrase, nth, actor) => {
    expect(actorAt(persons(text, names), phrase, nth)).toBe(actor);
  });

  it('"I" is the person of the attribution, also when it names an organisation first', () => {
    const text = 'Gen. Joseph Votel, U.S. Central Command commander, released the following statement: "We mourn the loss. I extend my condolences."';
    const doc = fullCoref(text, ['Gen. Joseph Votel']);
    expect(actorAt(doc, 'We')).toBe('united_states');
    expect(actorAt(doc, 'I extend')).toBe('gen_joseph_votel');
  });
});

describe('the voice of "we"', () => {
  it('a person speaks for the organisation of the apposition', () => {
    const text = '"We have trained the ISF," said Maj. Gen. Gary Volesky, commander of Combined Joint Task Force – Operation Inherent Resolve. "We are confident," Volesky said.';
    const doc = fullCoref(text, ['Maj. Gen. Gary Volesky']);
    expect(actorAt(doc, 'We', 0)).toBe('global_coalition_against_daesh');
    expect(actorAt(doc, 'We', 1)).toBe('global_coalition_against_daesh');
    expect(actorAt(doc, 'Volesky', 1)).toBe('maj_gen_gary_volesky');
  });

  it('a title before the name names the organisation', () => {
    const text = 'Pentagon Press Secretary Peter Cook spoke on Monday. "We will not allow al-Qaida to grow," Cook said.';
    expect(actorAt(fullCoref(text, ['Peter Cook']), 'We')).toBe('united_states');
  });

  it("a press release's own voice is its issuer, or the coalition it speaks of", () => {
    const release = 'Coalition aircraft struck ISIL near Mosul. The Coalition takes all feasible precautions. We will continue to strike ISIL targets.';
    expect(actorAt(fullCoref(release, [], 'CENTCOM'), 'We')).toBe('global_coalition_against_daesh');
    const statement = 'The Defense Department announced new strikes in Syria on Monday. We will continue to support our partners.';
    expect(actorAt(fullCoref(statement, [], 'CENTCOM'), 'We')).toBe('united_states');
    // a news agency is no issuer; without a source nothing is guessed
    expect(actorAt(fullCoref(statement, [], 'Reuters'), 'We')).toBeUndefined();
    expect(actorAt(fullCoref(statement, []), 'We')).toBeUndefined();
  });

  it('"according to a ... news release" names the issuer', () => {
    const text = 'The strike killed a senior leader, according to a Combined Joint Task Force – Operation Inherent Resolve news release. We will continue to hunt them.';
    expect(actorAt(fullCoref(text, []), 'We')).toBe('global_coalition_against_daesh');
  });
});

describe('"It" after an unknown organisation', () => {
  it('continues the unknown name opening the sentence before', () => {
    const text = 'The Nour Computer Society is an organization in Syria. It was founded in 1989. It runs the domain registry.';
    const doc = fullCoref(text, ['ORG:Nour Computer Society']);
    expect(actorAt(doc, 'It was')).toBe('nour_computer_society');
    expect(actorAt(doc, 'It runs')).toBe('nour_computer_society');
  });

  it('a named subject comes first', () => {
    const text = 'The Islamic State seized Ramadi, said the Syrian Observatory Network. It then attacked Palmyra.';
    expect(actorAt(fullCoref(text, ['ORG:Syrian Observatory Network']), 'It')).toBe('islamic_state');
  });
});
