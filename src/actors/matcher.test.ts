import { describe, expect, it } from 'vitest';
import { segment } from '../segment/index.js';
import type { Actor } from '../types.js';
import { ActorMatcher } from './matcher.js';

const actors: Actor[] = [
  { id: 'islamic_state', name: 'Islamic State', type: 'armed_group', aliases: ['ISIS', 'ISIL', 'Daesh', 'Islamic State of Iraq and the Levant'], caseSensitiveAliases: ['IS'] },
  { id: 'nusra', name: 'Jabhat al-Nusra', type: 'armed_group', aliases: ['Nusra Front', 'al-Nusra', 'Nusra'] },
  { id: 'united_states', name: 'United States', type: 'state', aliases: ['U.S.', 'US', 'Washington'] },
  { id: 'hazm', name: 'Harakat Hazm', type: 'armed_group', aliases: ['Hazm Movement', 'Hazm'] },
  { id: 'obama', name: 'Barack Obama', type: 'person', aliases: [], datedAliases: [{ alias: 'President Obama', start: '2009-01-20', end: '2017-01-20' }] },
];

function find(text: string, date?: string): [string, string | null][] {
  const m = new ActorMatcher(actors);
  const { sentences, tokens } = segment(text);
  return m.match(text, sentences, tokens, date ? { date } : {}).map((x) => [x.text, x.actor]);
}

describe('ActorMatcher', () => {
  it.each([
    ['Fighters of the Islamic State of Iraq and the Levant advanced.', [['Islamic State of Iraq and the Levant', 'islamic_state']]],
    ['Jabhat Al Nusra and al-Nusra and AL-NUSRA are one.', [['Jabhat Al Nusra', 'nusra'], ['al-Nusra', 'nusra'], ['AL-NUSRA', 'nusra']]],
    ['U.S.-backed rebels met US officials.', [['U.S.', 'united_states'], ['US', 'united_states']]],
    ['IS fighters attacked; this is not the group.', [['IS', 'islamic_state']]],
    ['The Hazm Movement showed hazm and resolve.', [['Hazm Movement', 'hazm']]],
  ] as [string, [string, string][]][])('%s', (text, expected) => {
    const got = find(text);
    for (const e of expected) expect(got).toContainEqual(e);
    expect(got.length).toBe(expected.length);
  });

  it('takes the longest match', () => {
    expect(find('The Nusra Front attacked.')).toEqual([['Nusra Front', 'nusra']]);
  });

  it('uses dated aliases only in their range', () => {
    expect(find('President Obama spoke.', '2012-05-01')).toEqual([['President Obama', 'obama']]);
    expect(find('President Obama spoke.', '2019-05-01')).toEqual([]);
  });

  it('gives offsets into the text', () => {
    const text = 'Yesterday ISIS attacked Washington.';
    const m = new ActorMatcher(actors);
    const { sentences, tokens } = segment(text);
    for (const x of m.match(text, sentences, tokens)) expect(text.slice(x.start, x.end)).toBe(x.text);
  });
});
