import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FaultlineError } from '../errors.js';
import { loadLexicon, parseLexiconText } from './lexicon.js';
import { readText, triples } from './testkit.js';

/** Symmetric types are written once; either order is accepted. */
function has(rs: string[], t: string): boolean {
  const [type, a, b] = t.split(' ');
  return rs.includes(t) || (['ALLY', 'TRUCE', 'ENGAGE', 'FIGHT'].includes(type!) && rs.includes(`${type} ${b} ${a}`));
}

interface Case {
  rule: string;
  text: string;
  want: string[];
  not?: string[];
}

const CASES: Case[] = [
  { rule: 'plain verb', text: 'The Hill Army attacked the Northern Front near the river.', want: ['FIGHT hill_army northern_front'] },
  { rule: 'negation', text: 'The Valley Brigade did not attack the Northern Front.', want: [], not: ['FIGHT valley_brigade northern_front'] },
  { rule: 'negation (never)', text: 'Arcadia has never armed the Hill Army.', want: [], not: ['SUPPORT arcadia hill_army'] },
  { rule: 'non-event: threat', text: 'Arcadia backed down from threats to bomb the Northern Front.', want: ['OPPOSE arcadia northern_front'], not: ['FIGHT arcadia northern_front'] },
  { rule: 'non-event: planned', text: 'The Hill Army plans to attack the Valley Brigade.', want: ['OPPOSE hill_army valley_brigade'], not: ['FIGHT hill_army valley_brigade'] },
  { rule: 'stopping hostility', text: 'The Valley Brigade and the Hill Army stopped fighting each other.', want: ['TRUCE valley_brigade hill_army'], not: ['FIGHT valley_brigade hill_army'] },
  { rule: 'neither ... nor', text: 'Neither the Valley Brigade nor the Hill Army joined the Northern Front.', want: [], not: ['MEMBER_OF valley_brigade northern_front', 'MEMBER_OF hill_army northern_front'] },
  { rule: 'reporter', text: 'The Wire Service reported that the Valley Brigade attacked the Northern Front.', want: ['FIGHT valley_brigade northern_front'], not: ['FIGHT wire_service northern_front', 'FIGHT wire_service valley_brigade'] },
  { rule: 'quoted source', text: '"The Valley Brigade attacked the Northern Front," says Jo Tamsin.', want: ['FIGHT valley_brigade northern_front'], not: ['FIGHT jo_tamsin northern_front'] },
  { rule: 'according to', text: 'According to Jo Tamsin, the Hill Army armed the Valley Brigade.', want: ['SUPPORT hill_army valley_brigade'], not: ['SUPPORT jo_tamsin valley_brigade'] },
  { rule: 'coordination', text: 'The Valley Brigade and the Hill Army attacked the Northern Front.', want: ['FIGHT valley_brigade northern_front', 'FIGHT hill_army northern_front'], not: ['FIGHT valley_brigade hill_army'] },
  { rule: 'coordination of objects', text: 'Arcadia funds the Hill Army, the Valley Brigade and the Northern Front.', want: ['SUPPORT arcadia hill_army', 'SUPPORT arcadia valley_brigade', 'SUPPORT arcadia northern_front'] },
  { rule: 'reciprocal', text: 'The Valley Brigade and the Hill Army fought one another for months.', want: ['FIGHT valley_brigade hill_army'] },
  { rule: 'mutual verb', text: 'The Valley Brigade and the Hill Army clashed near the border.', want: ['FIGHT valley_brigade hill_army'] },
  { rule: 'passive', text: 'The Hill Army is backed by Arcadia.', want: ['SUPPORT arcadia hill_army'], not: ['SUPPORT hill_army arcadia'] },
  { rule: 'reduced passive', text: 'Militias such as the Hill Army, which are funded by Arcadia, advanced.', want: ['SUPPORT arcadia hill_army'] },
  { rule: '-backed compound + examples', text: 'Arcadian-backed fighters like the Hill Army and the Valley Brigade raided the Northern Front.', want: ['SUPPORT arcadia hill_army', 'SUPPORT arcadia valley_brigade', 'FIGHT hill_army northern_front'] },
  { rule: 'anti- prefix', text: 'The anti-Arcadia Hill Army grew.', want: ['OPPOSE hill_army arcadia'] },
  { rule: 'appositive', text: 'The Hill Army, a Northern Front affiliate, seized the town.', want: ['AFFILIATE_OF hill_army northern_front'] },
  { rule: 'appositive member (person)', text: 'Jo Tamsin, an analyst at the Policy Lab, spoke on Monday.', want: ['MEMBER_OF jo_tamsin policy_lab'] },
  { rule: 'relative clause', text: 'The Northern Front, which includes the Hill Army and the Valley Brigade, held talks with Arcadia.', want: ['MEMBER_OF hill_army northern_front', 'MEMBER_OF valley_brigade northern_front', 'ENGAGE northern_front arcadia'], not: ['ENGAGE hill_army arcadia'] },
  { rule: 'examples', text: 'The Northern Front shelled groups such as the Hill Army and the Valley Brigade.', want: ['FIGHT northern_front hill_army', 'FIGHT northern_front valley_brigade'] },
  { rule: 'noun between', text: 'The ceasefire between the Hill Army and the Valley Brigade held.', want: ['TRUCE hill_army valley_brigade'] },
  { rule: 'noun with possessor', text: "Arcadia's support for the Hill Army grew.", want: ['SUPPORT arcadia hill_army'] },
  { rule: 'light verb + noun', text: 'The Boreal League conducted strikes against the Northern Front.', want: ['FIGHT boreal_league northern_front'] },
  { rule: 'split', text: 'The Hill Army cut ties with the Northern Front.', want: ['SPLIT hill_army northern_front'] },
  { rule: 'origin', text: 'The Hill Army traces its roots to the Valley Brigade.', want: ['ORIGIN hill_army valley_brigade'] },
  { rule: 'view as', text: 'The Boreal League views the Hill Army as terrorists.', want: ['OPPOSE boreal_league hill_army'] },
  { rule: 'exclusion is a non-event', text: 'The Hill Army and the Valley Brigade are excluded from the ceasefire.', want: [], not: ['TRUCE hill_army valley_brigade'] },
  { rule: 'urged to stop is no truce', text: 'Arcadia urged the Hill Army to stop bombing the Valley Brigade.', want: ['OPPOSE hill_army valley_brigade'], not: ['TRUCE hill_army valley_brigade'] },
  { rule: 'warned against V-ing', text: 'Arcadia warned the Boreal League against arming the Hill Army.', want: [], not: ['SUPPORT boreal_league hill_army'] },
  { rule: 'objected to support', text: 'Arcadia has objected to any support for the Hill Army.', want: [], not: ['SUPPORT arcadia hill_army'] },
  { rule: "speaker's own relative clause", text: 'Arcadia, which backs the Hill Army, said it would not attack.', want: ['SUPPORT arcadia hill_army'] },
  { rule: 'event noun with by-agent', text: 'Attacks by the Hill Army on the Valley Brigade continued.', want: ['FIGHT hill_army valley_brigade'] },
  { rule: 'opening adjunct', text: 'In support of the Valley Brigade, the Hill Army shelled the town.', want: ['SUPPORT hill_army valley_brigade'] },
  { rule: 'nationality adjective + group noun is no state', text: 'The Northern Front refused to merge into the Arcadian branch of the Hill Army.', want: [], not: ['ALLY northern_front arcadia', 'MEMBER_OF arcadia hill_army'] },
  { rule: 'predicate nominal is its subject', text: 'The Northern Front has become one of the most effective rebel forces fighting the Hill Army, and it has cooperated with the Valley Brigade.', want: ['FIGHT northern_front hill_army', 'ALLY northern_front valley_brigade'], not: ['ALLY hill_army valley_brigade'] },
  { rule: 'the two groups: two organisations of the sentence before', text: 'The Hill Army attacked the town. Residents said the attackers moved in with the help of Northern Front fighters. The two groups have fought each other for a year.', want: ['SUPPORT northern_front hill_army', 'FIGHT hill_army northern_front'] },
  { rule: 'people of both groups; plural relational noun', text: 'The Hill Army and the Northern Front were in the town. Local commanders of both groups still work together. The two groups have so far presented themselves as partners.', want: ['ALLY hill_army northern_front'] },
  { rule: 'with the support of', text: 'With the support of Arcadia, the Hill Army advanced.', want: ['SUPPORT arcadia hill_army'], not: ['SUPPORT hill_army arcadia'] },
  { rule: 'adjunct PP takes the clause subject', text: 'The Hill Army will strike Northern Front targets in support of the Valley Brigade.', want: ['SUPPORT hill_army valley_brigade'], not: ['SUPPORT northern_front valley_brigade'] },
  { rule: 'against PP', text: 'The Hill Army maintained defensive positions against the Northern Front.', want: ['OPPOSE hill_army northern_front'] },
  { rule: 'made up of', text: 'The Boreal League, made up of the Hill Army and the Valley Brigade, met.', want: ['MEMBER_OF hill_army boreal_league', 'MEMBER_OF valley_brigade boreal_league'] },
  { rule: 'within', text: 'Arcadia worked with the Hill Army within the Boreal League.', want: ['MEMBER_OF hill_army boreal_league'] },
  { rule: "possessor before an actor: the actor is the argument", text: "Recruits kept joining the Hill Army (most recently, Arcadia's Valley Brigade).", want: [], not: ['MEMBER_OF arcadia hill_army'] },
  { rule: "possessor before an actor as object", text: "The Northern Front attacked Arcadia's Hill Army.", want: ['FIGHT northern_front hill_army'], not: ['FIGHT northern_front arcadia'] },
  { rule: 'helper shares the complement', text: 'The Boreal League is assisting the Hill Army to destroy the Northern Front.', want: ['SUPPORT boreal_league hill_army', 'OPPOSE hill_army northern_front', 'OPPOSE boreal_league northern_front'] },
  { rule: 'opening phrase is no apposition', text: 'In Arcadia, Boreal League forces conducted strikes in support of the Hill Army against the Northern Front.', want: ['SUPPORT boreal_league hill_army'] },
  { rule: 'together with: co-agent', text: 'The Hill Army, together with the Valley Brigade, attacked the Northern Front.', want: ['FIGHT hill_army northern_front', 'FIGHT valley_brigade northern_front'] },
  { rule: 'fronted infinitive', text: 'Jo Tamsin said that to defeat the Northern Front the Hill Army would need more arms.', want: ['OPPOSE hill_army northern_front'] },
  { rule: 'as part of', text: 'The Hill Army fought in the north as part of the Boreal League.', want: ['MEMBER_OF hill_army boreal_league'] },
  { rule: 'event noun: of-patient, by-agent', text: 'It followed the burning of a captured Northern Front lieutenant by the Hill Army.', want: ['FIGHT hill_army northern_front'] },
  { rule: 'generic head with a relative clause', text: 'Boreal League nations which have sent troops include Arcadia.', want: ['MEMBER_OF arcadia boreal_league'] },
  // round 5
  { rule: 'a line break ends a sentence (headline without a stop)', text: 'Arcadia Weekly Update\nIn the campaign to defeat the Valley Brigade, the Hill Army advanced.', want: ['OPPOSE hill_army valley_brigade'], not: ['OPPOSE arcadia valley_brigade'] },
  { rule: '"and" before an event noun joins noun phrases', text: 'The Boreal League conducted raids to enable the isolation of the town and defeat of the Northern Front.', want: ['FIGHT boreal_league northern_front'] },
  { rule: 'the side supported in a hostile act stands against its target', text: 'The Boreal League conducted strikes against the Northern Front in support of the Hill Army.', want: ['SUPPORT boreal_league hill_army', 'FIGHT boreal_league northern_front', 'OPPOSE hill_army northern_front'] },
  { rule: 'support outside an adjunct says nothing of the supported side', text: 'The Boreal League supported the Hill Army and attacked the Valley Brigade.', want: ['SUPPORT boreal_league hill_army'], not: ['OPPOSE hill_army valley_brigade', 'FIGHT hill_army valley_brigade'] },
  { rule: 'composition adverb after an acronym', text: 'Arcadia advised the Boreal League (BL), primarily Hill Army fighters, in the north.', want: ['MEMBER_OF hill_army boreal_league'] },
  { rule: 'composition adverb after a state is no membership', text: 'The war hit Arcadia, mainly the Hill Army, hard.', want: [], not: ['MEMBER_OF hill_army arcadia'] },
  { rule: "an infinitive's object is its own verb's", text: 'The Hill Army is leading efforts to defeat the Northern Front.', want: ['OPPOSE hill_army northern_front'], not: ['MEMBER_OF hill_army northern_front'] },
  { rule: 'a verb of threat keeps its object through the infinitive', text: "Arcadia threatened to cut off the Hill Army's water.", want: ['OPPOSE arcadia hill_army'] },
  { rule: 'recapture from the one who held it', text: 'The Hill Army retook villages previously held by the Northern Front.', want: ['FIGHT hill_army northern_front'] },
  { rule: 'clear X of Y', text: 'The Hill Army cleared the valley of Northern Front fighters.', want: ['FIGHT hill_army northern_front'] },
  { rule: 'a comma closing a long opening adverbial is no apposition', text: 'In the north, with the support of the Boreal League, the Hill Army, which includes the Valley Brigade, retook villages held by the Northern Front.', want: ['FIGHT hill_army northern_front', 'SUPPORT boreal_league hill_army', 'MEMBER_OF valley_brigade hill_army'], not: ['FIGHT boreal_league northern_front'] },
  { rule: '"after X continued" opens a clause; receive fire from', text: 'After the Hill Army continued to receive heavy fire from the Northern Front, it withdrew.', want: ['FIGHT northern_front hill_army'] },
  { rule: 'an adjunct at the end reads past a relative clause of a non-actor', text: 'Boreal League jets struck Northern Front depots, which include fuel stores and bridges, in support of Hill Army operations.', want: ['SUPPORT boreal_league hill_army'], not: ['SUPPORT northern_front hill_army'] },
  { rule: 'a prefix compound is a modifier, not the object', text: 'The Hill Army posed a threat to counter-Arcadia operations.', want: [], not: ['OPPOSE hill_army arcadia'] },
  { rule: 'an event noun opening the clause is the subject (its agent acts)', text: "A series of Boreal League airstrikes against the Northern Front this week near Arcadia's border killed dozens of Valley Brigade fighters.", want: ['FIGHT boreal_league valley_brigade'], not: ['FIGHT arcadia valley_brigade', 'FIGHT northern_front valley_brigade'] },
  { rule: 'light verb with an indirect object', text: 'The Hill Army dealt the Northern Front a heavy blow.', want: ['FIGHT hill_army northern_front'] },
  { rule: 'inflict a defeat on', text: 'The Valley Brigade inflicted a defeat on the Northern Front.', want: ['FIGHT valley_brigade northern_front'] },
  { rule: 'with the aid of: the aid goes to the agent of a passive', text: 'The town was taken by the Hill Army with the aid of Boreal League advisers.', want: ['SUPPORT boreal_league hill_army'] },
  { rule: 'rejecting a proposal opposes its author', text: 'Arcadia rejected a Boreal League proposal for talks.', want: ['OPPOSE arcadia boreal_league'] },
  { rule: 'rejected calls by X to V: the call is X\'s, the act negated', text: 'Arcadia rejected calls by the Hill Army to arm the Valley Brigade.', want: ['OPPOSE arcadia hill_army'], not: ['SUPPORT arcadia valley_brigade', 'OPPOSE arcadia valley_brigade', 'SUPPORT hill_army valley_brigade'] },
  { rule: 'breaking off relations', text: 'Arcadia broke off diplomatic relations with the Boreal League.', want: ['SPLIT arcadia boreal_league'] },
  { rule: 'an actor in the open slot of a phrase is its object; a possessive pronoun is no subject of a later participle', text: 'The Hill Army has proven its strength in battle, pushing the Northern Front back.', want: ['FIGHT hill_army northern_front'] },
  { rule: 'people of an actor as object', text: 'The Hill Army killed citizens from Arcadia.', want: ['FIGHT hill_army arcadia'] },
  { rule: 'a short conjunct naming no actor keeps the coordination', text: 'The Hill Army vowed attacks against the Valley Brigade, civilian targets, and the Northern Front.', want: ['OPPOSE hill_army valley_brigade', 'OPPOSE hill_army northern_front'] },
  { rule: '"who" after a place in a prepositional phrase is the noun phrase before it', text: 'Arcadia backs Boreal League forces operating in the north of Arcadia who are leading efforts to defeat the Hill Army.', want: ['OPPOSE boreal_league hill_army'], not: ['OPPOSE arcadia hill_army'] },
  { rule: 'a sub-group named by its head noun', text: 'The Tamsin clan of the Valley Brigade met.', want: [], not: ['MEMBER_OF valley_brigade jo_tamsin'] },
  { rule: 'the possessor of an event noun subject acts', text: 'The Hill Army said its strikes near the river had killed Valley Brigade fighters.', want: ['FIGHT hill_army valley_brigade'] },
  { rule: 'a reduced relative takes the noun phrase before it as patient', text: 'As rebels fought on, the Hill Army accused by Arcadia of shelling the town withdrew.', want: ['OPPOSE arcadia hill_army'] },
  { rule: '"more" before a participle is no degree adverb', text: 'Ten Valley Brigade fighters were killed and dozens more wounded by raids by the Hill Army.', want: ['FIGHT hill_army valley_brigade'] },
  { rule: 'a lower-case prefix compound is a modifier', text: 'The Boreal League supported the intra-Arcadia talks.', want: [], not: ['SUPPORT boreal_league arcadia'] },
  { rule: 'a verb of avoiding negates its own object only', text: 'The Boreal League tries to avoid civilian deaths in its bombing campaign against the Northern Front.', want: ['OPPOSE boreal_league northern_front'] },
  { rule: 'passive participles coordinated under one copula', text: 'Jo Tamsin was targeted and killed in a raid conducted by the Hill Army.', want: ['FIGHT hill_army jo_tamsin'] },
  { rule: 'an object complement after a verb of naming', text: 'Arcadia appointed Jo Tamsin the new commander of the Hill Army.', want: ['MEMBER_OF jo_tamsin hill_army'] },
  { rule: 'the men and women of X act for X; co-agents are allies', text: 'The men and women of the Hill Army, together with the Valley Brigade, are working to defeat the Northern Front.', want: ['OPPOSE hill_army northern_front', 'OPPOSE valley_brigade northern_front', 'ALLY hill_army valley_brigade'] },
  { rule: '"along with" in a list of victims makes no allies', text: 'Jo Tamsin was killed, along with two Valley Brigade guards, by the Hill Army.', want: [], not: ['ALLY jo_tamsin valley_brigade'] },
  { rule: 'the two partners of a hyphenated partnership act', text: 'A strong Arcadia-Boreal League partnership is critical to finish the Northern Front.', want: ['OPPOSE arcadia northern_front', 'OPPOSE boreal_league northern_front'] },
  { rule: 'an open phrase takes a whole actor; its last mutual verb is read too', text: 'Arcadia pushed the Hill Army and the Valley Brigade to reconcile.', want: ['MEDIATE arcadia hill_army', 'MEDIATE arcadia valley_brigade', 'TRUCE hill_army valley_brigade'] },
  { rule: 'doubled final consonant (expelled, repelled)', text: 'Arcadia expelled Boreal League diplomats, and the Hill Army repelled the Northern Front.', want: ['FIGHT arcadia boreal_league', 'FIGHT hill_army northern_front'] },
  { rule: 'prohibiting aid ends support', text: 'Arcadia prohibited all aid to the Hill Army.', want: ['SPLIT arcadia hill_army'], not: ['SUPPORT arcadia hill_army'] },
  { rule: 'co-agents past a possessive pronoun', text: 'The Hill Army, together with our Boreal League partners, is working to defeat the Northern Front.', want: ['ALLY hill_army boreal_league'] },
  { rule: 'the aid goes to a by-agent with a demonym before it', text: 'Jo Tamsin was captured by Arcadian Valley Brigade fighters with the aid of the Hill Army.', want: ['SUPPORT hill_army valley_brigade'], not: ['SUPPORT hill_army jo_tamsin'] },
  { rule: '"that" opens a clause: both verbs of a coordination have its subject', text: 'Arcadia said that the Hill Army had abducted and killed two Valley Brigade officers, and had abducted two Northern Front guards.', want: ['FIGHT hill_army valley_brigade', 'FIGHT hill_army northern_front'], not: ['FIGHT arcadia northern_front'] },
  { rule: 'seize a named place from Z', text: 'The Hill Army seized the Tamsin bridge from the Northern Front.', want: ['FIGHT hill_army northern_front'], not: ['FIGHT hill_army jo_tamsin'] },
  { rule: 'a place before "where" is no agent', text: 'Jo Tamsin met officials in Arcadia, where they discussed the campaign to liberate the valley from the Northern Front.', want: [], not: ['OPPOSE arcadia northern_front', 'FIGHT arcadia northern_front'] },
  { rule: '"once again" is no subordinator', text: 'Arcadia has once again rejected a Boreal League proposal.', want: ['OPPOSE arcadia boreal_league'] },
  { rule: 'a prepositional object of another preposition is passed over', text: 'The Hill Army clashed in Arcadia with the Northern Front.', want: ['FIGHT hill_army northern_front'], not: ['FIGHT hill_army arcadia'] },
  { rule: 'an amount before the event noun of an indirect object', text: 'The Boreal League gave the Hill Army 5 million dollars of aid.', want: ['SUPPORT boreal_league hill_army'] },
  { rule: 'the by-agent of a participle that is a trigger of its own is no party of the event', text: 'A freeze on fighting brokered by Arcadia and the Boreal League lasted a week.', want: [], not: ['TRUCE arcadia boreal_league', 'FIGHT arcadia boreal_league'] },
  { rule: 'the by-agent of a light verb is the agent of the event', text: 'The raid conducted by the Hill Army on the Northern Front failed.', want: ['FIGHT hill_army northern_front'] },
  { rule: 'the subject of a passive is no party of a later "against"', text: 'Ten Valley Brigade fighters were killed by airstrikes in the campaign against the Northern Front.', want: [], not: ['OPPOSE valley_brigade northern_front'] },
  { rule: 'the patient of a killing in clashes was a party to them', text: 'Ten Valley Brigade fighters were killed in clashes with the Northern Front.', want: ['FIGHT valley_brigade northern_front'] },
  { rule: 'a reduced relative "backed by" leaves the clause subject the party', text: 'The Hill Army backed by Arcadia made advances against the Northern Front.', want: ['OPPOSE hill_army northern_front', 'SUPPORT arcadia hill_army'] },
  { rule: 'lifting sanctions ends the stance', text: 'Arcadia lifted its sanctions on the Hill Army.', want: ['TRUCE arcadia hill_army'], not: ['OPPOSE arcadia hill_army'] },
];

describe('rules of reading', () => {
  for (const c of CASES) {
    it(`${c.rule}: ${c.text}`, () => {
      const got = triples(readText(c.text));
      for (const w of c.want) expect(has(got, w), `missing ${w} in ${JSON.stringify(got)}`).toBe(true);
      for (const n of c.not ?? []) expect(has(got, n), `unexpected ${n} in ${JSON.stringify(got)}`).toBe(false);
    });
  }
});

describe('co-reference', () => {
  it('"the two groups" stands for a pair named before', () => {
    const rs = readText('The Hill Army and the Valley Brigade met in March. The two groups later clashed with the Northern Front.');
    const got = triples(rs);
    expect(has(got, 'FIGHT hill_army northern_front')).toBe(true);
    expect(has(got, 'FIGHT valley_brigade northern_front')).toBe(true);
    expect(rs.find((r) => r.type === 'FIGHT')!.source.text).toBe('The two groups');
  });
  it('"it" stands for the latest single actor in subject position', () => {
    const rs = readText('The Northern Front lost ground in the north. It then attacked the Hill Army.');
    const r = rs.find((x) => x.type === 'FIGHT')!;
    expect(r.source.actor).toBe('northern_front');
    expect(r.source.text).toBe('It');
  });
  it('"they" stands for a group', () => {
    const got = triples(readText('The Hill Army and the Valley Brigade grew stronger. They attacked the Northern Front.'));
    expect(has(got, 'FIGHT hill_army northern_front') && has(got, 'FIGHT valley_brigade northern_front')).toBe(true);
  });
});

describe('evidence spans', () => {
  it('a sentence read line by line keeps the segmenter\'s sentence as evidence', () => {
    const text = 'Arcadia Weekly Update\nIn the campaign to defeat the Valley Brigade, the Hill Army advanced.';
    const r = readText(text).find((x) => x.source.actor === 'hill_army')!;
    expect(r.sentence.start).toBe(0);
    expect(r.sentence.text).toBe(text.slice(0, r.sentence.end));
  });
  it('a pronoun whose actor is named earlier in the sentence is given as the name', () => {
    const r = readText('The Northern Front wants to grow its capacity to attack Arcadia.').find((x) => x.target.actor === 'arcadia')!;
    expect(r.source.actor).toBe('northern_front');
    expect(r.source.text).toMatch(/Northern Front$/);
  });
});

describe('time', () => {
  it('"last week" resolves against the article date', () => {
    const r = readText('Last week, the Hill Army attacked the Northern Front.', '2015-06-17')[0]!;
    expect(r.time).toEqual({ start: '2015-06-08', end: '2015-06-14', text: 'Last week' });
  });
  it('"in February" takes the past February', () => {
    const r = readText('Arcadia cut ties with the Hill Army in February.', '2015-06-17').find((x) => x.type === 'SPLIT')!;
    expect(r.time.start).toBe('2015-02-01');
    expect(r.time.end).toBe('2015-02-28');
  });
  it('a durative expression gives an interval', () => {
    const r = readText('For much of the past year, the Hill Army fought the Northern Front.', '2015-06-17')[0]!;
    expect(r.time.start < '2014-07-01' && r.time.end === '2015-06-17').toBe(true);
  });
  it('no expression: the article date, text null', () => {
    const r = readText('The Hill Army attacked the Northern Front.', '2015-06-17')[0]!;
    expect(r.time).toEqual({ start: '2015-06-17', end: '2015-06-17', text: null });
  });
});

describe('lexicon is data', () => {
  it('a user entry is used without touching code', () => {
    const text = 'The Hill Army befriended the Valley Brigade.';
    expect(triples(readText(text)).some((t) => t.startsWith('ALLY'))).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'fl-lex-'));
    const file = join(dir, 'mine.yaml');
    writeFileSync(file, '- {phrase: befriend, pos: verb, type: ALLY}\n');
    const lex = loadLexicon({ extraFiles: [file] });
    expect(has(triples(readText(text, '2015-06-17', lex)), 'ALLY hill_army valley_brigade')).toBe(true);
  });
  it('a bad entry is E_BAD_DICTIONARY naming the file and the entry', () => {
    try {
      parseLexiconText('- {phrase: attack, pos: verb, type: FIGHT}\n- {phrase: befriend, type: FRIENDS, pos: verb}\n', 'user.yaml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FaultlineError);
      expect((e as FaultlineError).code).toBe(ERROR_CODES.BAD_DICTIONARY);
      expect((e as Error).message).toMatch(/user\.yaml.*entry 2.*befriend/);
    }
  });
  it('every built-in entry loads', () => {
    expect(loadLexicon().entries.length).toBeGreaterThan(200);
  });
});
