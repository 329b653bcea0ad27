/**
 * Co-reference coverage: generic actor phrases and first-person pronouns resolved through the
 * default pipeline (sentences written for these tests).
 */
import { describe, expect, it } from 'vitest';
import { loadDefaultPipeline } from '../pipeline/default.js';

const { pipeline } = loadDefaultPipeline({ noCandidates: true, warn: () => {} });

function actorOf(text: string, phrase: string, date = '2016-05-01', nth = 0): string | null | undefined {
  const p = pipeline.process({ id: 't', date, text });
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(phrase, at + 1);
  const m = p.mentions.filter((x) => x.start <= at && at < x.end).sort((a, b) => (a.actor ? 0 : 1) - (b.actor ? 0 : 1))[0];
  return m ? m.actor ?? (m.group ? m.group.join('+') : null) : undefined;
}

describe('generic phrases', () => {
  it.each([
    ['Syrian government forces shelled Aleppo overnight. The regime denied it.', 'regime', 'syrian_government'],
    ['Bashar al-Assad met his generals in Damascus. Activists said regime forces shelled Douma.', 'regime forces', 'syrian_government'],
    ['The Islamic State seized Ramadi. Coalition aircraft struck the militants on Monday.', 'Coalition', 'global_coalition_against_daesh'],
    ['The Islamic State seized Ramadi. Coalition aircraft struck the militants on Monday.', 'militants', 'islamic_state'],
    ['Houthi fighters fired missiles at Saudi Arabia. The coalition responded with airstrikes on Sanaa.', 'coalition', 'saudi_led_coalition'],
    ['Iraqi forces advanced on Mosul against the Islamic State. The enemy used car bombs.', 'enemy', 'islamic_state'],
    ['Al-Shabaab attacked a base in Somalia. Insurgents later withdrew.', 'Insurgents', 'al_shabaab'],
    ['Al-Shabaab attacked a base in Somalia, and the insurgents later withdrew.', 'insurgents', 'al_shabaab'],
    ['US troops arrived in Erbil on Monday; the soldiers will train Peshmerga units.', 'soldiers', 'united_states'],
    ['The talks in Geneva failed. A coalition of opposition parties walked out.', 'coalition', undefined],
  ] as [string, string, string | undefined][])('%s → %s', (text, phrase, actor) => {
    expect(actorOf(text, phrase)).toBe(actor);
  });
});

describe('first-person pronouns in quotations', () => {
  it.each([
    ['Coalition aircraft struck Islamic State targets near Mosul. "We will keep up the pressure," said a spokesman for the US-led coalition.', 'We', 'global_coalition_against_daesh'],
    ['Gen. John Smith, commander of U.S. Central Command, said: "Our forces are ready to support Iraqi troops."', 'Our', 'united_states'],
    ['"We will never negotiate with terrorists," a Turkish government spokesman told reporters.', 'We', 'turkey'],
    ['"We are ready," a man in the crowd said.', 'We', undefined],
  ] as [string, string, string | undefined][])('%s → %s', (text, phrase, actor) => {
    expect(actorOf(text, phrase)).toBe(actor);
  });

  it('a quotation with no attribution of its own takes the speaker of the quotation before it', () => {
    const text = '"We hit the targets hard," a Pentagon spokesman said. "We will strike again."';
    expect(actorOf(text, 'We', '2016-05-01', 1)).toBe('united_states');
  });
});

describe('persons standing for governments', () => {
  it('a leader is a he/his antecedent, and is a PER span', () => {
    const text = 'President Bashar al-Assad spoke on Sunday. He said his army would retake Aleppo.';
    const p = pipeline.process({ id: 't', date: '2016-05-01', text });
    expect(p.mentions.find((m) => m.text === 'President Bashar al-Assad')?.entity).toBe('PER');
    expect(actorOf(text, 'He')).toBe('syrian_government');
  });
});

describe('"it" and places', () => {
  it.each([
    ['The Islamic State seized Ramadi in May. It then attacked Palmyra.', 'It', 'islamic_state'],
    // a country named in passing after a preposition is where the subject is, not what "it" is
    ['The Noor hospital is one of the largest teaching hospitals in Syria. It was founded in 1988.', 'It', undefined],
    ['The dam lies on the Tigris in Iraq. It was completed in 1956.', 'It', undefined],
  ] as [string, string, string | undefined][])('%s → %s', (text, phrase, actor) => {
    expect(actorOf(text, phrase)).toBe(actor);
  });
});

describe('a group the text calls a coalition', () => {
  it.each([
    ['The Islamic Front is a coalition of seven Islamist rebel groups. In January 2014, the coalition attacked ISIS positions in Aleppo.', 'the coalition', 'islamic_front_syria'],
    ['ISIS seized Ramadi. The SDF, an alliance of Kurdish and Arab groups, advanced on Raqqa as the coalition struck ISIS.', 'the coalition', 'global_coalition_against_daesh'],
  ] as [string, string, string | undefined][])('%s → %s', (text, phrase, actor) => {
    expect(actorOf(text, phrase)).toBe(actor);
  });
});

describe('expletive "it"', () => {
  it.each([
    ['The Islamic State lost Ramadi. Iraqi officials made it clear that the offensive would go on.', 'it clear'],
    ['The Islamic State lost Ramadi. It is very hard to hold a city without support.', 'It is'],
    ['The coalition trained the troops. It doesn’t get any more real than this.', 'It doesn'],
  ] as [string, string][])('%s', (text, phrase) => {
    expect(actorOf(text, phrase)).toBeUndefined();
  });
});
