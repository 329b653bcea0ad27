/**
 * Co-reference: pronouns and definite descriptions that stand for actors named earlier.
 *
 *   "they", "them", "their"           → the latest group of actors (or plural-named actor)
 *   "it", "its"                       → the latest single non-person actor
 *   "he", "him", "his"                → the latest person
 *   "the two (rival) groups", "both groups", "the country's two largest groups", "both"
 *                                      → the latest coordination of that many actors
 *   "these/those (...) groups"        → the latest group, or plural-named actor
 *   "the group", "the movement" ...   → the latest armed group / organisation
 *   "the country", "the nation"       → the latest state
 *
 * Output: the input mentions plus `via: 'coreference'` mentions (sorted by start); a mention
 * standing for several actors has `group` (and `actor: null`).
 */
import type { Stage, WorkingDoc } from '../pipeline/stage.js';
import { lowerOf } from '../pipeline/stages.js';
import { DocumentPass } from './pass.js';
import { mention } from '../pipeline/mention.js';
import type { Actor, Article, Mention, Sentence } from '../types.js';
import { buildView, candidateId, demonymOfGroup, NONSTATE_HEAD, type SentenceView } from '../relations/view.js';
import { resolveGenerics } from './generic.js';
import { resolvePersons } from './persons.js';

export { resolveGenerics, COALITION_AGAINST } from './generic.js';
export { resolvePersons, nameWords, surnameKey } from './persons.js';

export interface CorefStageOptions {
  readonly getActor: (id: string) => Actor | undefined;
  /** How many sentences back an antecedent may be (default 3). */
  readonly window?: number;
  /** Every dictionary actor: lets "the regime" find the government of the article's country. */
  readonly actors?: readonly Actor[];
  /** Resolve generic phrases and first-person pronouns (`generic.ts`) first; default true. */
  readonly generics?: boolean;
  /** Resolve persons' surnames and third-person pronouns (`persons.ts`) first; default true. */
  readonly persons?: boolean;
  /** The organisation that issued an article (from its `source`, e.g. a press office): "we" of the document. */
  readonly issuer?: (article: Article) => string | undefined;
}

interface Entity {
  readonly actors: readonly string[];
  /** Global token index where it starts. */
  readonly tok: number;
  readonly sentence: number;
  readonly plural: boolean;
  readonly text: string;
  readonly types: readonly (Actor['type'] | undefined)[];
  /** Number of actors when it is a coordination ("A and B"): 2 for a pair. */
  readonly count: number;
  /** Stands where a subject stands (clause start). */
  readonly subj: boolean;
  /** Written as a person's name (a leader standing for a state or government). */
  readonly person: boolean;
  /** A place after a preposition ("an organisation in Syria"): where something is, a poor antecedent for "it". */
  readonly place: boolean;
}

/** Every entity in one shape (one hidden class for the code that reads them). */
function entity(actors: readonly string[], tok: number, sentence: number, plural: boolean, text: string, types: readonly (Actor['type'] | undefined)[], count: number, subj: boolean, person: boolean, place: boolean): Entity {
  return { actors, tok, sentence, plural, text, types, count, subj, person, place };
}

const NUMBER: Record<string, number> = { two: 2, three: 3, four: 4, both: 2, 'the two': 2 };
const NUMBERS = new Map(Object.entries(NUMBER));
const PROTO_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));
/**
 * `NUMBER[w]`, exactly (a word such as "constructor" reads the object's prototype).
 * NOTE: a Map lookup; indexing an object with a fresh string interns the string first, which was
 * the costliest line of the pass.
 */
const numberOf = (w: string): number | undefined => NUMBERS.get(w) ?? (PROTO_KEYS.has(w) ? NUMBER[w] : undefined);
const GROUP_NOUNS = /^(groups?|sides?|organi[sz]ations?|factions?|movements?|militias?|rivals?|parties|party|countries|nations|forces|allies|insurgents?|jihadists?|outfits?|networks?|armies|governments|states|powers|enemies|adversaries|brigades?|coalitions?)$/;
const SINGULAR_ORG = /^(group|organi[sz]ation|movement|militia|faction|outfit|network|insurgency|brigade)$/;
const COUNTRY = /^(country|nation|state)$/;
const DET = new Set(['the', 'these', 'those', 'both', 'all']);

export function corefStage(options: CorefStageOptions): Stage {
  // the options without `issuer` (made once: an object rest per document is costly)
  const { issuer: _issuerOf, ...rest } = options;
  return {
    name: 'coref',
    needs: ['sentences', 'tokens', 'mentions', 'syntax'],
    adds: ['mentions'],
    run(doc: WorkingDoc) {
      let affiliation: ReadonlyMap<string, string> | undefined;
      if (options.persons ?? true) {
        const r = resolvePersons(doc, options);
        doc.mentions = r.mentions;
        affiliation = r.affiliation;
      }
      if (options.generics ?? true) {
        const issuer = options.issuer?.(doc.article);
        // one shape of options whatever is known (absent ones undefined): `resolveGenerics` reads them at one map
        doc.mentions = resolveGenerics(doc, { ...rest, affiliation, issuer: issuer || undefined });
      }
      doc.mentions = resolveCoreference(doc, options);
    },
  };
}

const plainLow = (s: string): string => s.toLowerCase().replace(/[’]/g, "'");

/** A sentence's antecedents as the later sentences see them, made only when one looks back at them. */
interface Earlier {
  readonly sentence: number;
  readonly resolved: boolean;
  readonly get: () => Entity[];
}

const NO_ENTITIES = (): Entity[] => [];

export function resolveCoreference(doc: WorkingDoc, options: CorefStageOptions): Mention[] {
  const sentences = doc.sentences ?? [];
  const input = doc.mentions ?? [];
  const pass = new CorefPass(doc, options, input);
  for (const s of sentences) pass.sentence(s);
  return [...input, ...pass.added].sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * The pass over one document, a sentence at a time.
 * NOTE: one method per kind of phrase (not one function with closures): V8 optimises each on its
 * own, so a phrase seen rarely de-optimises its own small method and not the whole pass (the whole
 * pass was re-compiled about ten times per worker as rare phrases turned up).
 */
class CorefPass extends DocumentPass {
  readonly added: Mention[] = [];
  /**
   * Antecedents offered by the sentences before, oldest first: each sentence's entities, made
   * only when some pronoun or description looks back at them.
   * NOTE: entitiesOf builds a sentence view (the costly part); most sentences are never looked back at.
   */
  readonly earlier: Earlier[] = [];
  readonly bySentence = new Map<number, Mention[]>();
  readonly typeOf: (id: string) => Actor['type'] | undefined;

  // ---- the sentence being read
  s: Sentence = undefined as unknown as Sentence;
  own: Mention[] = [];
  /** Its mentions that can be antecedents. */
  ante: Mention[] = [];
  covered: Uint8Array = new Uint8Array(0);
  low: readonly string[] = [];
  news: Mention[] = [];
  pendingMemo: Entity[] | undefined;
  /** The earlier sentences' antecedents, nearest first (all before any token of this sentence, all in the window). */
  before: Entity[] | undefined;

  constructor(readonly doc: WorkingDoc, readonly options: CorefStageOptions, input: readonly Mention[]) {
    super(doc, options.window);
    for (const m of input) {
      const a = this.bySentence.get(m.sentence);
      if (a) a.push(m);
      else this.bySentence.set(m.sentence, [m]);
    }
    this.typeOf = (id: string): Actor['type'] | undefined => options.getActor(id)?.type;
  }

  isReporter(id: string): boolean {
    return this.options.getActor(id)?.reporter === true;
  }

  /**
   * The organisation candidate (an unknown name the recogniser found) opening sentence `k`, when no
   * named actor opens it before (or with) `e`: "The Syrian Computer Society is ...".
   */
  unknownSubject(k: number, e?: Entity): Mention | undefined {
    const st = this.sentences[k];
    if (!st) return undefined;
    const first = (this.bySentence.get(k) ?? []).find((m) => m.tokenStart - st.tokenStart <= 1);
    if (!first || first.actor !== null || first.via !== 'candidate' || first.entity !== 'ORG') return undefined;
    return !e || e.tok > first.tokenStart ? first : undefined;
  }

  sentence(s: Sentence): void {
    const { earlier, window, options } = this;
    const own = this.bySentence.get(s.index) ?? [];
    // antecedents more than `window` sentences back are never taken
    while (earlier.length && earlier[0]!.sentence < s.index - window) earlier.shift();
    // persons' surnames and pronouns (`persons.ts`) cover their words but are no antecedents here:
    // "it", "they", "both" never take a person, and "he" was read there
    const ante = own.some(personRef) ? own.filter((m) => !personRef(m)) : own;
    const ownResolved = ante.some(isResolved);
    if (!ownResolved && !earlier.some((e) => e.resolved)) {
      // nothing to refer to (entitiesOf gives no entity without a resolved mention): nothing to resolve here
      earlier.push({ sentence: s.index, resolved: false, get: NO_ENTITIES });
      return;
    }
    const covered = new Uint8Array(s.tokenEnd - s.tokenStart);
    for (const m of own) for (let t = m.tokenStart; t < m.tokenEnd; t++) if (t - s.tokenStart >= 0 && t < s.tokenEnd) covered[t - s.tokenStart] = 1;
    const low = this.L.slice(s.tokenStart, s.tokenEnd);
    const demonymAt = new Map<number, Mention>();
    for (const m of own) {
      if (m.via === 'coreference' || !m.actor || m.tokenEnd !== m.tokenStart + 1) continue;
      if (demonymOfGroup(options.getActor(m.actor), m.text, low, m.tokenEnd - s.tokenStart)) demonymAt.set(m.tokenStart, m);
    }
    this.s = s;
    this.own = own;
    this.ante = ante;
    this.covered = covered;
    this.low = low;
    const news: Mention[] = [];
    this.news = news;
    this.pendingMemo = undefined;
    this.before = undefined;
    const n = low.length;
    for (let i = 0; i < n; i++) {
      // ---- "the Iraqi group", "a Palestinian armed group": the organisation of that country named before,
      // or the name the description stands in apposition to
      const dm = covered[i] ? demonymAt.get(s.tokenStart + i) : undefined;
      if (dm) {
        const j = this.demonymDescription(i, dm);
        if (j >= 0) {
          i = j - 1;
          continue;
        }
      }
      if (covered[i]) continue;
      const w = low[i]!;
      // ---- plural descriptions: "the two rival groups", "both groups", "the country's two largest jihadi groups"
      if (DET.has(w) || numberOf(w) !== undefined) {
        const j = this.pluralDescription(i, w);
        if (j >= 0) {
          i = j - 1;
          continue;
        }
      }
      // ---- "both" as a pronoun ("committed to fighting both")
      if (w === 'both' && !/^[a-z]/.test(low[i + 1] ?? '.')) {
        this.bothPronoun(i);
        continue;
      }
      // ---- pronouns
      if (w === 'they' || w === 'them' || w === 'their' || w === 'themselves') {
        this.theyPronoun(i, w);
        continue;
      }
      if (w === 'it' || w === 'its' || w === 'itself') {
        this.itPronoun(i, w);
        continue;
      }
      if (w === 'he' || w === 'him' || w === 'his' || w === 'she' || w === 'her') {
        const e = this.candidatesAt(s.tokenStart + i).find((c) => c.count === 1 && (c.types[0] === 'person' || c.person));
        if (e) this.make(i, i + 1, e);
        continue;
      }
      // ---- singular descriptions: "the group", "the country"
      if (w === 'the' && i + 1 < n && !covered[i + 1]) this.singularDescription(i);
    }
    this.added.push(...news);
    // this sentence's entities (with the new mentions) become antecedents for the next ones
    const doc = this.doc;
    if (news.length) {
      let memo: Entity[] | undefined;
      const mine = [...ante, ...news];
      earlier.push({ sentence: s.index, resolved: true, get: () => (memo ??= entitiesOf(doc, s, mine, options)) });
    } else {
      let memo: Entity[] | undefined = this.pendingMemo;
      earlier.push({ sentence: s.index, resolved: ownResolved, get: () => (memo ??= entitiesOf(doc, s, ante, options)) });
    }
  }

  /** This sentence's own entities (made once, when first asked for). */
  pending(): Entity[] {
    return (this.pendingMemo ??= entitiesOf(this.doc, this.s, this.ante, this.options));
  }

  fits(e: Entity): boolean {
    return e.actors.every((a) => !this.isReporter(a));
  }

  /** Antecedents before token `tok`, nearest first. NOTE: the earlier sentences' part is sorted once per sentence. */
  candidatesAt(tok: number): Entity[] {
    const before = (this.before ??= this.earlier.flatMap((e) => e.get()).filter((e) => this.fits(e)).sort((a, b) => b.tok - a.tok));
    const s = this.s, typeOf = this.typeOf;
    const here = [...this.pending().filter((e) => e.tok < tok), ...this.news.map((m) => entityOfMention(m, s, typeOf))]
      .filter((e) => e.tok < tok && this.fits(e))
      .sort((a, b) => b.tok - a.tok);
    return here.length ? here.concat(before) : before;
  }

  genericAt(tok: number): boolean {
    const m = this.own.find((x) => x.tokenStart <= tok && tok < x.tokenEnd);
    if (!m) return false;
    const last = plainLow(m.text.split(/\s+/).at(-1) ?? '');
    return GROUP_NOUNS.test(last);
  }

  make(i: number, j: number, e: Entity): void {
    const { s, tokens, text } = this;
    const ts = s.tokenStart + i, te = s.tokenStart + j;
    const start = tokens.start[ts]!, end = tokens.end[te - 1]!;
    const group = e.actors.length > 1 ? [...e.actors] : undefined;
    this.news.push(mention(s.index, start, end, text.slice(start, end), group ? null : e.actors[0]!, 'coreference', undefined, ts, te, group));
    for (let k = i; k < j; k++) this.covered[k] = 1;
  }

  /** "the Iraqi group" at the demonym mention `dm` (token i): the token after the phrase, or -1. */
  demonymDescription(i: number, dm: Mention): number {
    const { s, low, own, options, covered } = this;
    const n = low.length;
    const state = options.getActor(dm.actor!);
    let j = i + 1;
    while (j < n && j - i < 4 && !NONSTATE_HEAD.test(low[j]!)) j++;
    if (!(j < n && NONSTATE_HEAD.test(low[j]!))) return -1;
    j++;
    const cands = this.candidatesAt(s.tokenStart + i).filter(orgOk);
    // apposition: "A, a Palestinian armed group linked to B"
    const d = i - 1;
    const anchor = d >= 1 && /^(a|an)$/.test(low[d]!) && low[d - 1] === ',' ? own.find((m) => m.tokenEnd === s.tokenStart + d - 1 && m.actor !== null) : undefined;
    const appos = anchor ? cands.find((c) => c.sentence === s.index && c.tok === anchor.tokenStart) : undefined;
    const e = appos ?? cands.find((c) => state?.country !== undefined && options.getActor(c.actors[0]!)?.country === state.country);
    if (!e) return -1;
    for (let k = i; k < j; k++) covered[k] = 0;
    const news = this.news;
    news.splice(0, news.length, ...news.filter((x) => x.tokenEnd <= s.tokenStart + i || x.tokenStart >= s.tokenStart + j));
    this.make(i, j, e);
    return j;
  }

  /** "the two rival groups", "both groups", "these groups" from token i (word w): the token after it, or -1. */
  pluralDescription(i: number, w: string): number {
    const { s, low, covered } = this;
    const n = low.length;
    let j = i;
    let count: number | undefined;
    let k = i;
    // "the country's": a possessor inside the description
    if (w === 'the' && low[i + 2] === "'s") k = i + 3;
    else k = i + 1;
    if (w === 'both') count = 2;
    for (; k < Math.min(n, i + 7); k++) {
      const x = low[k]!;
      const nx = numberOf(x);
      if (nx !== undefined) {
        count = nx;
        continue;
      }
      if (GROUP_NOUNS.test(x)) {
        j = k + 1;
        while (j < n && GROUP_NOUNS.test(low[j]!)) j++;
        break;
      }
      // a generic dictionary mention may sit inside ("these jihadi groups")
      if (!/^[a-z][a-z-]*$/.test(x)) break;
      if (covered[k] && !this.genericAt(s.tokenStart + k)) break;
    }
    if (j > i && (count !== undefined || w === 'these' || w === 'those')) {
      const cands = this.candidatesAt(s.tokenStart + i);
      const e = count !== undefined ? pairOf(cands, count, s.index - this.window, STATE_NOUNS.test(low[j - 1]!)) : cands.find((c) => c.plural);
      if (e) {
        this.make(i, j, e);
        return j;
      }
    }
    return -1;
  }

  bothPronoun(i: number): void {
    const prevCovered = i > 0 && this.covered[i - 1];
    if (prevCovered) return;
    const e = pairOf(this.candidatesAt(this.s.tokenStart + i), 2, this.s.index - this.window);
    if (e) this.make(i, i + 1, e);
  }

  theyPronoun(i: number, w: string): void {
    const s = this.s;
    const cands = this.candidatesAt(s.tokenStart + i).filter((c) => (!c.types.includes('person') && !c.person) || c.count > 1);
    const here = cands.filter((c) => c.sentence === s.index);
    // a subject "they" may take the subject of a clause before it in its sentence ("as X saw ..., they");
    // an object or possessive pronoun rather looks for a group named earlier
    const e =
      here.find((c) => c.plural) ??
      (w === 'they' ? here.find((c) => c.subj && c.types.every((t) => t !== 'state' && t !== 'population')) : undefined) ??
      cands.find((c) => c.plural && c.sentence >= s.index - 2) ??
      cands.find((c) => c.types.every((t) => t !== 'state'));
    if (e) this.make(i, i + 1, e);
  }

  itPronoun(i: number, w: string): void {
    const { s, low } = this;
    if (w === 'it' && /^(is|was|'s|’s)$/.test(low[i + 1] ?? '') && /^(clear|likely|unclear|possible|important|not|time|true|hard|difficult|easy|said|reported|believed|thought|expected|very|so|too|worth|painful|good|great|vital|essential|necessary|critical|unlikely|impossible|no|now)$/.test(low[i + 2] ?? '')) return;
    // "made it clear", "find it hard", "considered it successful": an expletive or an event, not an actor
    if (w === 'it' && i > 0 && /^(make|made|makes|making|find|found|finds|consider|considered|considers|deem|deemed|call|called)$/.test(low[i - 1]!)) return;
    // "It doesn't get any more real", "it takes time": no actor does these
    if (w === 'it' && /^(does|doesn't|doesn’t|did|didn't|takes|took|seems|seemed|appears|appeared|remains|means|matters)$/.test(low[i + 1] ?? '')) return;
    const cands = this.candidatesAt(s.tokenStart + i).filter((c) => c.count === 1 && !c.plural && c.types[0] !== 'person' && !c.person && c.types[0] !== 'population' && !c.place);
    const nearest = cands[0]?.sentence;
    // a sentence-opening "It" continues the subject of the sentence before it; a country named there in
    // passing ("The hospital is one of the largest in Syria. It was founded ...") is not it
    const e = cands.find((c) => c.sentence === nearest && c.subj) ?? (i === 0 && w === 'it' && nearest !== s.index ? undefined : cands[0]);
    if (e && (e.sentence === s.index || !this.unknownSubject(s.index - 1, e))) this.make(i, i + 1, e);
    else if (i === 0 || !e) {
      // "The Syrian Computer Society is an organization in Syria. It was founded ...": an unknown name
      // opening the sentence before (a candidate) is what a sentence-opening "It" continues
      const c = this.unknownSubject(s.index - 1);
      if (c) this.make(i, i + 1, entity([candidateId(c.text)], c.tokenStart, c.sentence, false, c.text, [undefined], 1, true, false, false));
    }
  }

  /** "the group", "the country" at token i. */
  singularDescription(i: number): void {
    const { s, low, text, tokens } = this;
    const x = low[i + 1]!;
    if (SINGULAR_ORG.test(x) && !/^(of|between)$/.test(low[i + 2] ?? '') && !/^[A-Z]/.test(text[tokens.start[s.tokenStart + i + 1]!]!)) {
      const e = this.candidatesAt(s.tokenStart + i).find((c) => c.count === 1 && !c.types.includes('state') && !c.types.includes('person') && !c.types.includes('population'));
      if (e) this.make(i, i + 2, e);
    } else if (COUNTRY.test(x) && low[i + 2] !== 'of') {
      const e = this.candidatesAt(s.tokenStart + i).find((c) => c.count === 1 && c.types[0] === 'state');
      if (e) this.make(i, i + 2, e);
    }
  }
}

const isResolved = (m: Mention): boolean => m.actor !== null || !!m.group?.length;
const personRef = (m: Mention): boolean => m.via === 'coreference' && m.entity === 'PER';

const STATE_NOUNS = /^(countries|nations|states|governments|powers|capitals)$/;
const PLACE_PREPOSITION = /^(in|at|near|across|throughout|inside|outside|around|from|into|to|within)$/;
const ORG_TYPES = (t: Actor['type'] | undefined): boolean => t !== undefined && t !== 'state' && t !== 'person' && t !== 'population' && t !== 'government';
/** "the Iraqi group": an organisation (not a state, government, person or population). */
const orgOk = (c: Entity): boolean => c.count === 1 && !c.plural && !c.person && ORG_TYPES(c.types[0]);
/**
 * "the two groups", "both groups", "both": the nearest sentence (this one first) that holds a
 * coordination of `count` actors, or exactly `count` distinct organisations named apart
 * ("Its fighters have clashed with ISIL, although the two groups have also cooperated").
 */
function pairOf(cands: readonly Entity[], count: number, oldest: number, states = false): Entity | undefined {
  const bySentence = new Map<number, Entity[]>();
  for (const c of cands) {
    if (c.sentence < oldest) continue;
    const l = bySentence.get(c.sentence);
    if (l) l.push(c);
    else bySentence.set(c.sentence, [c]);
  }
  for (const [, es] of [...bySentence].sort((a, b) => b[0] - a[0])) {
    const coord = es.find((c) => c.count === count);
    if (coord) return coord;
    const orgs = es.filter((c) => c.count === 1 && !c.person && (states ? c.types[0] === 'state' || c.types[0] === 'government' : ORG_TYPES(c.types[0])));
    const ids = [...new Set(orgs.map((c) => c.actors[0]!))];
    if (ids.length === count) {
      const first = orgs.reduce((a, b) => (a.tok < b.tok ? a : b));
      return entity(ids, first.tok, first.sentence, true, orgs.map((c) => c.text).join(' + '), ids.map((id) => orgs.find((c) => c.actors[0] === id)!.types[0]), count, first.subj, false, false);
    }
  }
  return undefined;
}

/** A noun phrase at the start of a clause: sentence start, after a comma, conjunction or subordinator. */
function subjectLike(view: SentenceView, tok: number): boolean {
  let t = tok - 1;
  while (t >= 0 && /^(the|a|an|its|their|his|her|these|those|both|all)$/.test(view.low[t]!)) t--;
  if (t < 0) return true;
  return /^(,|and|but|as|when|while|after|before|because|although|though|that|which|who|since|if|;|:|“|"|meanwhile)$/.test(view.low[t]!);
}

function entityOfMention(m: Mention, _s: Sentence, typeOf: (id: string) => Actor['type'] | undefined): Entity {
  const actors = m.group?.length ? m.group : m.actor ? [m.actor] : [];
  return entity(actors, m.tokenStart, m.sentence, actors.length > 1, m.text, actors.map(typeOf), actors.length, false, false, false);
}

/** Entities a sentence offers: each resolved mention, and each coordination of several. */
function entitiesOf(doc: WorkingDoc, s: Sentence, ms: readonly Mention[], options: CorefStageOptions): Entity[] {
  const resolved = ms.filter((m) => m.actor !== null || m.group?.length);
  if (resolved.length === 0) return [];
  const view = buildView({ text: doc.article.text, sentence: s, tokens: doc.tokens!, mentions: resolved, syntax: doc.syntax?.[s.index], getActor: options.getActor, candidates: false, lower: lowerOf(doc) });
  const out: Entity[] = [];
  const typeOf = (id: string): Actor['type'] | undefined => options.getActor(id)?.type;
  for (const u of view.units) {
    if (u.after.length > 1 || u.before.length > 1) continue; // parts of compounds are modifiers
    if (u.actors.length === 0) continue; // a description standing for no actor ("a Palestinian armed group")
    // prepositional objects of place ("in Syria") are poor antecedents for "it"; keep them, ranked by recency anyway
    const last = u.text.split(/\s+/).at(-1) ?? '';
    const types = u.actors.map(typeOf);
    const pluralName = u.actors.length === 1 && /[^s]s$/.test(last) && types[0] !== 'state' && types[0] !== 'person';
    const person = ms.some((m) => m.entity === 'PER' && m.start === u.start);
    const place = types[0] === 'state' && u.tokStart > 0 && PLACE_PREPOSITION.test(view.low[u.tokStart - 1]!);
    out.push(entity(u.actors, s.tokenStart + u.tokStart, s.index, u.actors.length > 1 || pluralName || u.plural, u.text, types, u.actors.length, subjectLike(view, view.groupOf[u.index]!.tokStart), person, place));
  }
  for (const g of view.groups) {
    if (g.units.length < 2) continue;
    const actors = [...new Set(g.units.flatMap((u) => u.actors))];
    if (actors.length < 2) continue;
    out.push(entity(actors, s.tokenStart + g.tokStart, s.index, true, g.units.map((u) => u.text).join(' + '), actors.map(typeOf), actors.length, subjectLike(view, g.tokStart), false, false));
  }
  // a group outranks its own first member at the same position (sort is by position, stable)
  return out.sort((a, b) => a.tok - b.tok || b.count - a.count);
}
