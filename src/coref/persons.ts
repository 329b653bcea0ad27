/**
 * Persons across a document: later mentions of a person by part of the name, third-person pronouns,
 * and the organisation a person speaks for.
 *
 *   "Gen. John Smith ... Smith said", "Ziad al-Karbouly ... Karbouly denied"
 *        → the later surname is the person named in full before (a dictionary actor, or the id the
 *          relation reader gives the unknown name: `candidateId`), when exactly one person of the
 *          document has that surname;
 *   "he", "him", "his", "himself", "she", "her", "herself"
 *        → a person: in the same sentence the first one before the pronoun; else the nearest earlier
 *          sentence (3 back) naming one, its subject first; else the document's main person (named
 *          most often, at least twice, or in its opening sentences), as in a biography;
 *          gender from titles ("Mr.", "Mrs.") and from the pronouns already given to a person;
 *   affiliation: "Col. John Dorrian, the CJTF-OIR spokesperson", "Pentagon Press Secretary Peter
 *        Cook", "Gen. Joseph Votel, commander of U.S. Central Command" → the organisation the person
 *        speaks for (read by `generic.ts` for "we" in that person's quotations).
 *
 * Persons are mentions with `entity: 'PER'` (dictionary leaders, NER names) or actors of type person.
 * Output mentions have `via: 'coreference'` and `entity: 'PER'`. Linear in tokens and mentions.
 */
import type { WorkingDoc } from '../pipeline/stage.js';
import { DocumentPass } from './pass.js';
import { mention } from '../pipeline/mention.js';
import { candidateId } from '../relations/view.js';
import type { Actor, Mention } from '../types.js';

export interface PersonOptions {
  readonly getActor: (id: string) => Actor | undefined;
  /** How many sentences back a pronoun's antecedent may be (default 3); the main person is not bound by it. */
  readonly window?: number;
}

export interface PersonsResult {
  readonly mentions: Mention[];
  /** Person id → the organisation (actor id) the person is presented with. */
  readonly affiliation: ReadonlyMap<string, string>;
}

/** Words of a name that are titles, ranks or roles, not the name. */
const TITLE = /^(mr|mrs|ms|miss|dr|sir|lady|gen|general|lt|lieutenant|col|colonel|maj|major|capt|captain|sgt|sergeant|staff|master|first|command|cpl|corporal|pfc|spc|specialist|pvt|private|adm|admiral|vice|rear|brig|brigadier|cmdr|commander|cdr|petty|officer|chief|senior|junior|class|1st|2nd|3rd|navy|army|air|force|marine|special|warfare|operator|airman|seaman|president|secretary|minister|prime|foreign|defense|defence|deputy|ambassador|envoy|spokesman|spokeswoman|spokesperson|press|pentagon|sheikh|shaikh|emir|king|queen|prince|princess|ayatollah|imam|he|his|excellency|hon|honourable|honorable|senator|sen|rep|representative|governor|gov|mayor|judge|justice|father|pope|cardinal|bishop|rabbi|mullah|mawlawi|maulvi|commandant|chairman|chairwoman|leader|former|late|the|then|acting|interim|u\.?s\.?|un|us|uk)$/;
const SUFFIX = /^(jr|sr|ii|iii|iv|v)$/;
/** Role nouns a person is later called by ("the secretary", "the prime minister", "the commander"). */
const ROLE = /^(secretary|minister|president|general|commander|spokesman|spokeswoman|spokesperson|envoy|ambassador|admiral|commodore|colonel|captain|governor|mayor|chairman|director|premier|chancellor|king|emir|sheikh|representative)$/;
/** Words that may stand between "the" and a role noun ("the prime minister", "the defense secretary"). */
const ROLE_MODIFIER = /^(prime|foreign|defense|defence|deputy|vice|special|high|commanding|former|interior|top|senior|chief|u\.?s\.?|un|british|french|iraqi|syrian|turkish|american)$/;
/**
 * Nouns for a person nobody names ("a rebel", "the groom", "a voice off camera", "a suicide bomber"): a
 * pronoun after one may well be that person, so no named person before it is taken.
 */
const PERSON_NOUN = new Set([
  'man', 'woman', 'boy', 'girl', 'child', 'baby', 'father', 'mother', 'son', 'daughter', 'brother', 'sister', 'wife', 'husband', 'groom', 'bride',
  'uncle', 'cousin', 'nephew', 'bomber', 'gunman', 'attacker', 'sniper', 'resident', 'witness', 'activist', 'doctor', 'nurse', 'medic', 'source',
  'relative', 'voice', 'neighbour', 'neighbor', 'driver', 'farmer', 'shopkeeper', 'teacher', 'student', 'worker', 'volunteer', 'survivor',
  'victim', 'journalist', 'reporter', 'photographer', 'correspondent', 'cameraman', 'official', 'spokesman', 'spokeswoman', 'spokesperson',
  'commander', 'officer', 'soldier', 'rebel', 'fighter', 'militant', 'jihadist', 'defector', 'prisoner', 'hostage', 'refugee', 'civilian', 'pilot',
  'monitor', 'analyst', 'expert', 'diplomat', 'lawmaker', 'cleric', 'leader', 'member', 'citizen', 'guard', 'policeman', 'insider', 'aide',
  'adviser', 'advisor', 'engineer', 'lawyer', 'judge', 'smuggler', 'trader', 'owner', 'villager', 'mourner', 'passenger', 'person', 'someone',
]);
const DETERMINER = /^(a|an|the|one|another|this|that|his|her|their|our|its)$/;
const COPULA = /^(is|was|were|are|be|been|being|became|becomes|become|remains|remained|as)$/;
/** Words that name a ship, which English calls "she". */
const SHIP = /^(fs|hms|uss|usns|ins|hmas|hmcs|hnlms|ship|ships|frigate|destroyer|carrier|cruiser|vessel|submarine|corvette|warship|tanker)$/;
const MALE = /^(mr|sir|king|prince|he|his|him|himself)$/;
const FEMALE = /^(mrs|ms|miss|lady|queen|princess|she|her|hers|herself)$/;
const PRONOUNS = new Set(['he', 'him', 'his', 'himself', 'she', 'her', 'herself']);
/** Words after which a capitalised name is not a person's surname reference ("Smith Barney", "Carter Center"). */
const NOT_PERSON_NEXT = /^(university|hospital|airport|street|road|square|center|centre|foundation|institute|school|bridge|family|administration|doctrine|plan)$/;

/** The comparison key of a surname: lower case, diacritics, apostrophes and an "al-"/"el-" particle removed. */
export function surnameKey(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’ʼʻ`.]/g, '')
    .toLowerCase()
    .replace(/^(al|el|ad|as|ash|at|an|ar|az)[-\u2010\u2011]/, '');
}

/** `surnameKey`, memoised (capitalised words repeat across documents). */
const surnameMemo = new Map<string, string>();
function cachedSurnameKey(word: string): string {
  let k = surnameMemo.get(word);
  if (k === undefined) {
    k = surnameKey(word);
    if (surnameMemo.size > 100_000) surnameMemo.clear();
    surnameMemo.set(word, k);
  }
  return k;
}

/** The words of a person's name without titles, ranks, suffixes and quoted nicknames. */
export function nameWords(text: string): string[] {
  const ws = text.replace(/[“"«][^”"»]*[”"»]/g, ' ').split(/\s+/).filter(Boolean);
  let i = 0;
  while (i < ws.length && (TITLE.test(ws[i]!.replace(/\.$/, '').toLowerCase()) || !/^\p{Lu}/u.test(ws[i]!))) i++;
  let j = ws.length;
  while (j > i && (SUFFIX.test(ws[j - 1]!.replace(/[.,]$/, '').toLowerCase()) || !/\p{L}/u.test(ws[j - 1]!))) j--;
  return ws.slice(i, j).map((w) => w.replace(/['’]s$/, ''));
}

interface Sighting {
  readonly id: string;
  readonly sentence: number;
  readonly tok: number;
  readonly subj: boolean;
}

export function resolvePersons(doc: WorkingDoc, options: PersonOptions): PersonsResult {
  const input = doc.mentions ?? [];
  const getActor = options.getActor;
  // no person named: no surname and no pronoun can be resolved
  if (!input.some((m) => isPersonMention(m, getActor))) return { mentions: [...input], affiliation: new Map() };
  const pass = new PersonPass(doc, options, input);
  pass.run();
  const { added, replaced, affiliation } = pass;
  if (!added.length) return { mentions: [...input], affiliation };
  const out = input.filter((_, i) => !replaced.has(i)).concat(added);
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  return { mentions: out, affiliation };
}

function isPersonMention(m: Mention, getActor: (id: string) => Actor | undefined): boolean {
  return m.via !== 'coreference' && (m.entity === 'PER' || (m.actor ? getActor(m.actor)?.type : undefined) === 'person');
}

/**
 * The pass over one document's tokens.
 * NOTE: methods (not one function with closures): V8 optimises each on its own, so a rare input
 * de-optimises one small method and not the whole pass.
 */
class PersonPass extends DocumentPass {
  readonly getActor: (id: string) => Actor | undefined;
  readonly coveredBy: Int32Array;
  readonly sentenceOf: Int32Array;
  /** Tokens of the mentions made here. */
  readonly made: Uint8Array;
  /** Surname key → person id (null: two persons share it). */
  readonly bySurname = new Map<string, string | null>();
  readonly gender = new Map<string, 'm' | 'f'>();
  readonly count = new Map<string, number>();
  readonly firstSentence = new Map<string, number>();
  readonly sightings: Sighting[] = [];
  readonly affiliation = new Map<string, string>();
  /** Person id → the role nouns of its titles ("Defense Secretary Ash Carter" → secretary). */
  readonly roles = new Map<string, Set<string>>();
  /** Role noun → the person (id) last named with it. */
  readonly lastWithRole = new Map<string, string>();
  readonly replaced = new Set<number>();
  readonly added: Mention[] = [];
  /** Next input mention to pass. */
  next = 0;

  constructor(doc: WorkingDoc, options: PersonOptions, readonly input: readonly Mention[]) {
    super(doc, options.window);
    this.getActor = options.getActor;
    const n = this.tokens.length;
    this.coveredBy = new Int32Array(n).fill(-1);
    input.forEach((m, i) => this.coveredBy.fill(i, m.tokenStart, m.tokenEnd));
    this.sentenceOf = new Int32Array(n);
    this.made = new Uint8Array(n);
    for (const s of this.sentences) this.sentenceOf.fill(s.index, s.tokenStart, s.tokenEnd);
  }

  typeOf(id: string | null): Actor['type'] | undefined {
    return id ? this.getActor(id)?.type : undefined;
  }

  isPerson(m: Mention): boolean {
    return m.via !== 'coreference' && (m.entity === 'PER' || this.typeOf(m.actor) === 'person');
  }

  orgLike(m: Mention): boolean {
    if (m.entity === 'PER' || !m.actor) return false;
    const t = this.typeOf(m.actor);
    return t !== undefined && t !== 'person' && t !== 'population';
  }

  capital(t: number): boolean {
    const { text, tokens } = this;
    const c = text.charCodeAt(tokens.start[t]!);
    if (c < 128) return c >= 65 && c <= 90;
    return /^\p{Lu}/u.test(text.slice(tokens.start[t]!, tokens.start[t]! + 2));
  }

  addRole(id: string, w: string): void {
    const r = w.replace(/\.$/, '').toLowerCase();
    if (!ROLE.test(r)) return;
    let set = this.roles.get(id);
    if (!set) this.roles.set(id, (set = new Set()));
    set.add(r);
  }

  /** A mention standing where a subject stands: only capitalised words (titles, names) before it in its sentence. */
  subjectAt(tok: number, sentence: number): boolean {
    const s = this.sentences[sentence];
    if (!s) return false;
    const L = this.L;
    for (let t = s.tokenStart; t < tok; t++) {
      const w = L[t]!;
      if (!this.capital(t) && !/^[,.'’"“”()–-]$/.test(w) && w !== 'the' && w !== "'s" && w !== '’s') return false;
    }
    return true;
  }

  see(id: string, sentence: number, tok: number): void {
    const rs = this.roles.get(id);
    if (rs) for (const r of rs) this.lastWithRole.set(r, id);
    this.sightings.push({ id, sentence, tok, subj: this.subjectAt(tok, sentence) });
    this.count.set(id, (this.count.get(id) ?? 0) + 1);
    if (!this.firstSentence.has(id)) this.firstSentence.set(id, sentence);
  }

  register(m: Mention, index: number): void {
    const { gender, bySurname, L } = this;
    const words = nameWords(m.text);
    const id = m.actor ?? candidateId(m.text);
    const first = m.text.split(/\s+/)[0]!.replace(/\.$/, '').toLowerCase();
    if (MALE.test(first)) gender.set(id, 'm');
    else if (FEMALE.test(first)) gender.set(id, 'f');
    if (words.length >= 2) {
      const key = surnameKey(words.at(-1)!);
      if (key.length >= 3) {
        const had = bySurname.get(key);
        if (had === undefined) bySurname.set(key, id);
        else if (had !== null && had !== id) bySurname.set(key, null);
      }
    }
    // titles: inside the mention before the name, capitalised title words just before it, an apposition after it
    for (const w of m.text.split(/\s+/)) {
      if (words.includes(w.replace(/['’]s$/, ''))) break;
      this.addRole(id, w);
    }
    const st = this.sentences[m.sentence]!;
    for (let k = m.tokenStart - 1; k >= st.tokenStart && k >= m.tokenStart - 4 && this.capital(k) && TITLE.test(L[k]!.replace(/\.$/, '')); k--) this.addRole(id, L[k]!);
    if (L[m.tokenEnd] === ',') {
      for (let k = m.tokenEnd + 1; k < st.tokenEnd && k <= m.tokenEnd + 6 && !STOP.test(L[k]!); k++) this.addRole(id, L[k]!);
    }
    this.see(id, m.sentence, m.tokenStart);
    if (!this.affiliation.has(id)) {
      const org = this.affiliationOf(m, index);
      if (org) this.affiliation.set(id, org);
    }
  }

  /** The organisation in a person's apposition or title ("X, commander of Y"; "Y spokesman X"). */
  affiliationOf(m: Mention, index: number): string | undefined {
    const { input, L } = this;
    const s = this.sentences[m.sentence]!;
    // before: "Pentagon Press Secretary Peter Cook" (capitalised title words between)
    for (let k = index - 1; k >= 0 && input[k]!.sentence === m.sentence; k--) {
      const o = input[k]!;
      if (o.tokenEnd > m.tokenStart) continue;
      let ok = m.tokenStart - o.tokenEnd <= 4;
      for (let t = o.tokenEnd; ok && t < m.tokenStart; t++) ok = this.capital(t) || L[t] === "'s" || L[t] === '’s';
      if (ok && this.orgLike(o)) return o.actor!;
      break;
    }
    // after: "X, commander of Y", "X, the Y spokesperson"
    if (L[m.tokenEnd] !== ',') return undefined;
    const limit = Math.min(s.tokenEnd, m.tokenEnd + 12);
    for (let k = index + 1; k < input.length && input[k]!.tokenStart < limit; k++) {
      const o = input[k]!;
      if (o.tokenStart < m.tokenEnd) continue;
      for (let t = m.tokenEnd + 1; t < o.tokenStart; t++) if (STOP.test(L[t]!)) return undefined;
      if (this.orgLike(o)) return o.actor!;
      if (this.isPerson(o)) return undefined;
    }
    return undefined;
  }

  /** The person a pronoun at `tok` stands for. */
  antecedent(tok: number, sentence: number, g: 'm' | 'f'): string | undefined {
    const { sightings, gender, count, firstSentence } = this;
    // an unnamed person after the last named one ("... a rebel opened fire before being executed with his family")
    if (!sightings.length || this.unnamedBetween(sightings[sightings.length - 1]!.tok, tok)) return undefined;
    const fits = (x: Sighting): boolean => (gender.get(x.id) ?? g) === g;
    // same sentence: the first person before the pronoun
    let k = sightings.length - 1;
    let firstHere: Sighting | undefined;
    for (; k >= 0 && sightings[k]!.sentence === sentence; k--) if (sightings[k]!.tok < tok && fits(sightings[k]!)) firstHere = sightings[k];
    if (firstHere) return firstHere.id;
    // the nearest sentence before naming a person: its subject, else the main person if named there, else the latest
    let main: string | undefined;
    let best = 0;
    for (const [id, n] of count) {
      const score = n + (firstSentence.get(id)! <= 1 ? 1.5 : 0);
      if (score > best && n >= 1 && (n >= 2 || firstSentence.get(id)! <= 1) && (gender.get(id) ?? g) === g) {
        best = score;
        main = id;
      }
    }
    for (; k >= 0; k--) {
      const x = sightings[k]!;
      if (x.sentence < sentence - this.window) break;
      if (!fits(x)) continue;
      const same: Sighting[] = [];
      for (let j = k; j >= 0 && sightings[j]!.sentence === x.sentence; j--) if (fits(sightings[j]!)) same.push(sightings[j]!);
      const subj = same.filter((y) => y.subj).at(-1);
      if (subj) return subj.id;
      if (main && same.some((y) => y.id === main)) return main;
      return x.id;
    }
    return main;
  }

  /**
   * An unnamed person ("a rebel", "a suicide bomber", "a 10-year-old girl") between tokens `from` and `to`,
   * not in apposition to a name (", a doctor") nor a predicate ("was a Sunni militant").
   * NOTE: read back from a pronoun only (pronouns are rare), at most 150 tokens.
   */
  unnamedBetween(from: number, to: number): boolean {
    const { L, coveredBy, made } = this;
    for (let t = to - 1; t > from && t > to - 150; t--) {
      if (coveredBy[t]! >= 0 || made[t] || !PERSON_NOUN.has(L[t]!)) continue;
      const d = DETERMINER.test(L[t - 1]!) ? 1 : t > 1 && DETERMINER.test(L[t - 2]!) && /^[a-z0-9]/.test(L[t - 1]!) ? 2 : 0;
      if (d && L[t - d - 1] !== ',' && !this.predicative(t, this.sentenceOf[t]!)) return true;
    }
    return false;
  }

  /** A copula shortly before token `tok` in its sentence ("he was a former officer and the son of ..."). */
  predicative(tok: number, sentence: number): boolean {
    const L = this.L;
    const from = Math.max(this.sentences[sentence]!.tokenStart, tok - 7);
    for (let k = tok - 1; k >= from; k--) if (COPULA.test(L[k]!)) return true;
    return false;
  }

  /** "FS Forbin ... the contribution she will make": a ship named shortly before a "she" (60 words back, nearer than any person). */
  shipBefore(tok: number): boolean {
    const { sightings, L } = this;
    const last = sightings.length ? sightings[sightings.length - 1]!.tok : -1;
    for (let k = tok - 1; k >= 0 && k > tok - 60 && k > last; k--) if (SHIP.test(L[k]!)) return true;
    return false;
  }

  emit(sentence: number, a: number, b: number, id: string): void {
    const { tokens } = this;
    const start = tokens.start[a]!, end = tokens.end[b - 1]!;
    this.added.push(mention(sentence, start, end, this.text.slice(start, end), id, 'coreference', 'PER', a, b));
    this.made.fill(1, a, b);
  }

  /** Passes the input mentions up to index `ci`: registers persons; a lone surname of a person named before joins that person. */
  passMentions(ci: number): void {
    const input = this.input;
    while (this.next <= ci) {
      const m = input[this.next]!;
      if (this.isPerson(m)) {
        const words = nameWords(m.text);
        const key = words.length === 1 ? surnameKey(words[0]!) : '';
        const id = key ? this.bySurname.get(key) : undefined;
        if (id && id !== (m.actor ?? candidateId(m.text)) && m.actor === null) {
          this.replaced.add(this.next);
          this.emit(m.sentence, m.tokenStart, m.tokenEnd, id);
          this.see(id, m.sentence, m.tokenStart);
        } else this.register(m, this.next);
      }
      this.next++;
    }
  }

  /** "the secretary", "the prime minister" at token t: the person last named with that title; the last token read, or -1. */
  roleAt(t: number, sentence: number): number {
    const { L, tokens, coveredBy, sentenceOf } = this;
    let k = t + 1;
    while (k < t + 3 && k < tokens.length && coveredBy[k]! < 0 && ROLE_MODIFIER.test(L[k]!)) k++;
    const role = k < tokens.length && coveredBy[k]! < 0 ? L[k]! : '';
    const id = ROLE.test(role) ? this.lastWithRole.get(role) : undefined;
    const after = L[k + 1] ?? '';
    // "the Sheikh Maqsood district": a name goes on, the role word is part of it
    const nameGoesOn = k + 1 < tokens.length && this.capital(k + 1) && sentenceOf[k + 1] === sentence;
    if (id && !nameGoesOn && after !== 'of' && after !== "'s" && after !== '’s' && !(role === 'general' && /^[a-z]/.test(after) && !SAY_AFTER.test(after))) {
      this.emit(sentence, t, k + 1, id);
      this.see(id, sentence, t);
      return k;
    }
    return -1;
  }

  pronounAt(t: number, w: string, sentence: number): void {
    const g = MALE.test(w) ? 'm' : 'f';
    let id = g === 'f' && this.shipBefore(t) ? undefined : this.antecedent(t, sentence, g);
    // a reflexive ("blew himself up") has its antecedent in its own sentence
    if (id && (w === 'himself' || w === 'herself') && !this.sightings.some((x) => x.sentence === sentence && x.id === id)) id = undefined;
    if (id) {
      this.emit(sentence, t, t + 1, id);
      this.gender.set(id, g);
      this.see(id, sentence, t);
    }
  }

  surnameAt(t: number, sentence: number): void {
    const { L, coveredBy, text, tokens } = this;
    const id = this.bySurname.get(cachedSurnameKey(text.slice(tokens.start[t]!, tokens.end[t]!)));
    if (!id) return;
    // "Jane Smith" (another first name before), "Smith Barney", "Carter Center" (a longer name)
    const s = this.sentences[sentence]!;
    if (t > s.tokenStart && coveredBy[t - 1]! < 0 && this.capital(t - 1) && !TITLE.test(L[t - 1]!.replace(/\.$/, ''))) return;
    if (t + 1 < s.tokenEnd && coveredBy[t + 1]! < 0 && this.capital(t + 1) && !/^['’]/.test(L[t + 1]!)) return;
    if (t + 1 < s.tokenEnd && NOT_PERSON_NEXT.test(L[t + 1]!)) return;
    this.emit(sentence, t, t + 1, id);
    this.see(id, sentence, t);
  }

  run(): void {
    const { L, coveredBy, sentenceOf, input, tokens } = this;
    for (let t = 0; t < tokens.length; t++) {
      const ci = coveredBy[t]!;
      if (ci >= 0) {
        this.passMentions(ci);
        t = input[ci]!.tokenEnd - 1;
        continue;
      }
      const w = L[t]!;
      const sentence = sentenceOf[t]!;
      if (w === 'the' && this.lastWithRole.size) {
        const k = this.roleAt(t, sentence);
        if (k >= 0) {
          t = k;
          continue;
        }
      }
      const c0 = w.charCodeAt(0);
      // NOTE: every pronoun of the set starts with "h" or "s": one comparison skips most words
      if ((c0 === 104 || c0 === 115) && w.length <= 7 && PRONOUNS.has(w)) {
        this.pronounAt(t, w, sentence);
        continue;
      }
      if (!this.bySurname.size || !this.capital(t)) continue;
      this.surnameAt(t, sentence);
    }
  }
}

/** Verbs and words that may follow "the general" as a person ("the general said", "the general, who"). */
const SAY_AFTER = /^(said|says|added|told|noted|stressed|warned|explained|announced|was|is|has|had|will|would|who)$/;

/** Words that end an apposition: a verb or clause has begun. */
const STOP = /^(said|says|told|was|is|were|are|has|had|have|will|would|did|does|added|announced|who|which|that|and|but|;|:|\(|\))$/;
