/**
 * A sentence as the relation reader sees it: its words, the actor mentions turned into argument
 * units, coordinated units grouped ("A, B and C"), and the insertions (appositives, relative
 * clauses, parentheses, dash pairs) that the main clause reads around.
 *
 * Indices here are sentence-local token indices (0 = the sentence's first token).
 */
import { mention } from '../pipeline/mention.js';
import type { Actor, Mention, Sentence, SentenceSyntax, TokenTable } from '../types.js';

export interface Unit {
  readonly index: number;
  /** Sentence-local token span (a mention inside a hyphenated token covers that token). */
  readonly tokStart: number;
  readonly tokEnd: number;
  /** Character span and words of the mention(s). */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The mention's own words (without a generic head joined to it): the name of a candidate. */
  readonly name: string;
  /** Actor ids the unit stands for (several for "both", "the two groups"). */
  readonly actors: readonly string[];
  readonly via: Mention['via'];
  /** Text of its first token before the mention ("anti-" of "anti-Assad"). */
  readonly before: string;
  /** Text of its last token after the mention ("-backed" of "U.S.-backed"). */
  readonly after: string;
  /** An NER candidate not in the dictionary. */
  readonly candidate: boolean;
  /** The dictionary type of the (single) actor, if known. */
  readonly kind: Actor['type'] | undefined;
  /** Plural common-noun phrase that names a group ("the two groups", "they"). */
  readonly plural: boolean;
  /** First token after the unit and any hyphen suffix glued to it ("U.S.-backed"). */
  readonly afterTok: number;
}

export interface Group {
  readonly index: number;
  readonly units: readonly Unit[];
  readonly tokStart: number;
  readonly tokEnd: number;
}

export interface Region {
  readonly kind: 'appos' | 'relcl' | 'paren' | 'dash' | 'quote';
  /** Token span [start, end) of the insertion, punctuation included. */
  readonly start: number;
  readonly end: number;
  /** The group the insertion is attached to (appositive, relative clause), if any. */
  readonly anchor: Group | undefined;
}

export interface SentenceView {
  readonly text: string;
  readonly sentence: Sentence;
  readonly n: number;
  /** Lower-cased words, curly apostrophes straightened. */
  readonly low: readonly string[];
  /** Words as written. */
  readonly raw: readonly string[];
  readonly start: readonly number[];
  readonly end: readonly number[];
  readonly syntax: SentenceSyntax | undefined;
  readonly units: readonly Unit[];
  readonly unitAt: Int32Array;
  readonly groups: readonly Group[];
  readonly groupOf: readonly Group[];
  readonly regions: readonly Region[];
  /** Innermost insertion region holding each token, -1 for none. */
  readonly regionAt: Int32Array;
}

export const DETERMINERS = new Set(['the', 'a', 'an', 'its', 'their', 'his', 'her', 'our', 'some', 'all', 'both', 'these', 'those', 'this', 'that', 'any', 'each', 'other', 'two', 'three', 'several', 'many', 'most']);
export const PREPOSITIONS = new Set([
  'in', 'of', 'at', 'from', 'near', 'across', 'within', 'throughout', 'inside', 'outside', 'on', 'to', 'for', 'by', 'with',
  'against', 'into', 'over', 'under', 'around', 'between', 'among', 'toward', 'towards', 'through', 'about', 'after', 'before',
  'during', 'upon', 'via', 'without', 'onto', 'beyond', 'behind', 'alongside', 'amid', 'like',
]);
export const LOCATIVE = new Set(['in', 'at', 'near', 'across', 'within', 'throughout', 'inside', 'outside', 'from', 'into', 'around', 'over', 'through', 'of', 'to', 'toward', 'towards', 'amid', 'on', 'for', 'under', 'about', 'among', 'during', 'after', 'before', 'since', 'by', 'with', 'against', 'between', 'upon', 'onto', 'like', 'as', 'than', 'beyond', 'behind', 'without', 'via']);
export const PLURAL_PRONOUNS = new Set(['they', 'them', 'their', 'themselves', 'theirs', 'both']);

const norm = (s: string): string => s.toLowerCase().replace(/[’‘`]/g, "'");
const HYPHEN = /[-\u2010\u2011\u2012\u2013]/;

export interface ViewInput {
  readonly text: string;
  readonly sentence: Sentence;
  readonly tokens: TokenTable;
  readonly mentions: readonly Mention[];
  readonly syntax: SentenceSyntax | undefined;
  readonly getActor: (id: string) => Actor | undefined;
  /** Turn candidate mentions (no actor id) into argument units. */
  readonly candidates: boolean;
  /** Generic head nouns ("forces", "nations"): an actor written right before one stands for the phrase. */
  readonly generics?: ReadonlySet<string>;
  /**
   * The document's tokens lower-cased with ’ straightened (`WorkingDoc.lower`, indexed like
   * `tokens`), when at hand: saves lower-casing each token again.
   */
  readonly lower?: readonly string[];
}

/** A stable id for an actor-like name that is not in the dictionary. */
export function candidateId(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/['’.]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return slug || 'unknown';
}

export function buildView(input: ViewInput): SentenceView {
  const { text, sentence: s, tokens } = input;
  const n = s.tokenEnd - s.tokenStart;
  const raw: string[] = [], low: string[] = [], start: number[] = [], end: number[] = [];
  const lower = input.lower !== undefined && input.lower.length === tokens.length ? input.lower : undefined;
  for (let i = 0; i < n; i++) {
    const a = tokens.start[s.tokenStart + i]!, b = tokens.end[s.tokenStart + i]!;
    start.push(a);
    end.push(b);
    const w = text.slice(a, b);
    raw.push(w);
    if (lower) {
      // `lower` has ’ straightened already; ‘ and ` are rare
      const l = lower[s.tokenStart + i]!;
      low.push(l.indexOf('‘') < 0 && l.indexOf('`') < 0 ? l : l.replace(/[‘`]/g, "'"));
    } else low.push(norm(w));
  }
  // NOTE: the parts of the view are functions of their own: V8 re-compiles the part a rare sentence
  // de-optimises, not the whole view (which was re-compiled several times per worker).
  const kept = unitMentions(input);
  const units: Unit[] = [];
  const unitAt = new Int32Array(n).fill(-1);
  addUnits(input, kept, low, raw, start, end, units, unitAt);
  const groups: Group[] = [];
  const groupOf: Group[] = [];
  groupUnits(units, low, groups, groupOf);
  const regions = findRegions(low, raw, unitAt, groupOf, units);
  const regionAt = innermostRegions(regions, n);
  return { text, sentence: s, n, low, raw, start, end, syntax: input.syntax, units, unitAt, groups, groupOf, regions, regionAt };
}

/** The mentions of the sentence that become units: coreference mentions that contain others replace them; of overlapping ones the dictionary's, then the longer; candidates spanning several named units split. */
function unitMentions(input: ViewInput): Mention[] {
  const { text, sentence: s, tokens } = input;
  let ms = input.mentions.filter((m) => m.sentence === s.index && (m.actor !== null || m.group?.length || input.candidates));
  const corefs = ms.filter((m) => m.via === 'coreference');
  ms = ms.filter((m) => m.via === 'coreference' || !corefs.some((c) => c.start <= m.start && m.end <= c.end && (c.start < m.start || c.end > m.end)));
  // overlapping non-nested: keep the dictionary one, then the longer
  ms = [...ms].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Mention[] = [];
  for (const m of ms) {
    const clash = kept.findIndex((k) => m.start < k.end && k.start < m.end);
    if (clash < 0) {
      kept.push(m);
      continue;
    }
    const k = kept[clash]!;
    const rank = (x: Mention): number => (x.via === 'coreference' ? 3 : x.via === 'dictionary' ? 2 : 1) * 1000 + (x.end - x.start);
    if (rank(m) > rank(k)) kept[clash] = m;
  }
  kept.sort((a, b) => a.start - b.start);
  // a candidate spanning "2nd Battalion, 5th Special Forces Group": each named unit is its own mention
  for (let k = 0; k < kept.length; k++) {
    const m = kept[k]!;
    if (m.actor !== null || m.group?.length || !m.text.includes(',')) continue;
    const parts: Mention[] = [];
    let ts = m.tokenStart;
    for (let t = m.tokenStart; t <= m.tokenEnd; t++) {
      if (t === m.tokenEnd || text.slice(tokens.start[t]!, tokens.end[t]!) === ',') {
        if (t > ts) {
          const a = tokens.start[ts]!, b = tokens.end[t - 1]!;
          parts.push(mention(m.sentence, a, b, text.slice(a, b), m.actor, m.via, m.entity, ts, t, m.group));
        }
        ts = t + 1;
      }
    }
    if (parts.length > 1 && parts.every((p) => UNIT_HEAD.test(p.text))) kept.splice(k, 1, ...parts);
  }
  return kept;
}

/** One unit per kept mention (sentence of `input`), pushed to `units`; `unitAt` gets each token's unit. */
function addUnits(
  input: ViewInput, kept: readonly Mention[], low: readonly string[], raw: readonly string[], start: readonly number[], end: readonly number[],
  units: Unit[], unitAt: Int32Array,
): void {
  const { text, sentence: s } = input;
  const n = s.tokenEnd - s.tokenStart;
  for (const m of kept) {
    let ts = m.tokenStart - s.tokenStart, te = m.tokenEnd - s.tokenStart;
    if (ts < 0 || te > n || te <= ts) continue;
    let taken = false;
    for (let t = ts; t < te && !taken; t++) taken = unitAt[t]! >= 0;
    if (taken) {
      // two mentions in one hyphenated token ("U.S.-Iraq"): both kept as units of that token
      if (te - ts !== 1) continue;
    }
    // "the Iraqi group", "a Palestinian armed group": a nationality adjective describing a group is not
    // the state (co-reference may have resolved the phrase; else it is no argument)
    // the phrase stays a unit standing for no actor, so that no reading passes over it
    const described = m.via !== 'coreference' && !!m.actor && !text.slice(m.end, end[te - 1]!) && !text.slice(start[ts]!, m.start) && demonymOfGroup(input.getActor(m.actor), m.text, low, te);
    let actors = described ? [] : m.group?.length ? [...new Set(m.group)] : m.actor ? [m.actor] : [candidateId(m.text)];
    // "Coalition nations", "ISIL fighters", "U.S. military forces": the generic head joins the unit;
    // "its partners", "our allies" are others than the possessor: a phrase of its own
    let mEnd = m.end;
    let own = false;
    if (input.generics && !(text.slice(m.end, end[te - 1]!).length > 0)) {
      let k = te;
      while (k < n && k - te < 3 && input.generics.has(low[k]!) && /^\p{Ll}/u.test(raw[k]!) && !kept.some((o) => o !== m && o.tokenStart - s.tokenStart === k)) k++;
      // a verb reading of the head ("X partners with Y", "X forces Y to") keeps the unit as it is
      const next = low[k] ?? '';
      if (k > te && !(next === 'with' || DETERMINERS.has(next) && next !== 'that' || next === 'to')) {
        if (RELATIONAL.test(low[k - 1]!) && (POSSESSIVE.test(low[te - 1]!) || low[te - 1] === "'s")) own = true;
        te = k;
        mEnd = end[k - 1]!;
      }
    }
    if (own) actors = [candidateId(text.slice(m.start, mEnd))];
    // "Nusra has become one of the most effective rebel forces": a predicate nominal is its subject
    let predicateOf: Unit | undefined;
    if (m.via !== 'coreference' && /^\p{Ll}/u.test(m.text)) {
      const subj = copulaSubject(low, ts, units);
      if (subj) {
        actors = [...subj.actors];
        predicateOf = subj;
      }
    }
    const first = ts, last = te - 1;
    // a hyphen suffix or prefix written as separate tokens glued to the mention ("U.S. - backed")
    let after = text.slice(Math.min(end[last]!, mEnd), end[last]!);
    let afterTok = te;
    if (!after && te + 1 < n && HYPHEN.test(raw[te]!) && raw[te]!.length === 1 && start[te] === end[last] && start[te + 1] === end[te]) {
      after = '-' + raw[te + 1]!;
      afterTok = te + 2;
    }
    let before = text.slice(start[first]!, Math.max(start[first]!, m.start));
    if (!before && ts >= 2 && HYPHEN.test(raw[ts - 1]!) && raw[ts - 1]!.length === 1 && end[ts - 1] === start[ts] && end[ts - 2] === start[ts - 1]) {
      before = raw[ts - 2]! + '-';
    }
    const u: Unit = {
      index: units.length,
      tokStart: ts,
      tokEnd: te,
      start: m.start,
      end: mEnd,
      text: text.slice(m.start, mEnd),
      name: own ? text.slice(m.start, mEnd) : m.text,
      actors,
      via: predicateOf ? 'coreference' : m.via,
      before,
      after,
      afterTok,
      candidate: own || (m.actor === null && !m.group?.length),
      kind: m.actor ? input.getActor(m.actor)?.type : m.entity === 'LOC' || m.entity === 'GPE' ? 'state' : undefined,
      // (the plural pronouns are short: longer texts are not lower-cased for the look-up)
      plural: (m.group?.length ?? 0) > 1 || (m.text.length <= 10 && PLURAL_PRONOUNS.has(norm(m.text))),
    };
    units.push(u);
    for (let t = ts; t < te; t++) if (unitAt[t]! < 0) unitAt[t] = u.index;
  }
}

/** Coordination groups ("A, B and C") of the units, and each unit's group. */
function groupUnits(units: readonly Unit[], low: readonly string[], groups: Group[], groupOf: Group[]): void {
  const plain = units.filter((u) => !isCompoundPart(u));
  let i = 0;
  while (i < plain.length) {
    const members = [plain[i]!];
    let j = i;
    let pendingComma: Unit[] = [];
    while (j + 1 < plain.length) {
      const a = plain[j]!, b = plain[j + 1]!;
      const sep = low.slice(a.tokEnd, b.tokStart);
      // ", and it has cooperated ...": a subject pronoun opens a new clause, it is no conjunct
      const kind = NOMINATIVE.test(norm(b.text)) ? 'none' : separatorKind(sep);
      if (kind === 'conj') {
        members.push(...pendingComma, b);
        pendingComma = [];
        j++;
      } else if (kind === 'comma') {
        pendingComma.push(b);
        j++;
      } else break;
    }
    // a comma chain without a closing conjunction is not a coordination
    const taken = members.length;
    const g: Group = { index: groups.length, units: members, tokStart: members[0]!.tokStart, tokEnd: members[taken - 1]!.tokEnd };
    groups.push(g);
    for (const u of members) groupOf[u.index] = g;
    i += taken;
  }
  for (const u of units) {
    if (!groupOf[u.index]) {
      const g: Group = { index: groups.length, units: [u], tokStart: u.tokStart, tokEnd: u.tokEnd };
      groups.push(g);
      groupOf[u.index] = g;
    }
  }
  groups.sort((a, b) => a.tokStart - b.tokStart);
}

/** The innermost insertion region holding each of `n` tokens, -1 for none. */
function innermostRegions(regions: readonly Region[], n: number): Int32Array {
  const regionAt = new Int32Array(n).fill(-1);
  regions.forEach((r, k) => {
    for (let t = r.start; t < r.end; t++) {
      const cur = regionAt[t]!;
      if (cur < 0 || regions[cur]!.end - regions[cur]!.start > r.end - r.start) regionAt[t] = k;
    }
  });
  return regionAt;
}

const NOMINATIVE = /^(it|they|he|she|we)$/;
/** Nouns that name a group, not a state, after a nationality adjective ("Iraqi branch", "Syrian rebel commander"). */
export const NONSTATE_HEAD = /^(groups?|branch(es)?|affiliates?|wings?|factions?|organi[sz]ations?|outfits?|movements?|fronts?|cells?|networks?|offshoots?|franchises?|rebels?|opposition|insurgents?|insurgency|jihadists?|jihadis?|militants?|militias?|militiamen|extremists?|islamists?|guerrillas?)$/;
const GROUP_ADJ = /^(armed|jihadist|jihadi|militant|islamist|extremist|radical|rebel|insurgent|terrorist|sunni|shiite|shia|salafist|salafi|rival|main|largest|biggest|former|new|local|small|smaller|splinter)$/;
/**
 * A nationality adjective of a state written before a group noun ("the Iraqi group", "al-Qaeda's
 * Iraqi branch", "a Palestinian armed group"): `te` is the sentence-local token after the mention.
 */
export function demonymOfGroup(a: Actor | undefined, text: string, low: readonly string[], te: number): boolean {
  if (!a || a.type !== 'state' || /\s/.test(text) || text === a.name || !/^\p{Lu}\p{Ll}+(i|an|ese|ish|ch|ic)$/u.test(text)) return false;
  let k = te;
  while (k < low.length && k - te < 2 && GROUP_ADJ.test(low[k]!) && !NONSTATE_HEAD.test(low[k]!)) k++;
  if (NONSTATE_HEAD.test(low[k] ?? '')) return true;
  // "Syrian rebel commander", "a Syrian jihadist leader": an adjective of group kind alone
  return k > te && /^(rebel|insurgent|jihadist|jihadi|militant|islamist|extremist|armed)$/.test(low[k - 1]!) && /^\p{Ll}/u.test(low[k] ?? '');
}

const COPULA = /^(is|are|was|were|be|been|become|becomes|became|becoming|remain|remains|remained|remaining)$/;
const PRED_SKIP = /^(one|of|most|more|least|best|the|a|an|its|their)$/;
/**
 * The subject unit of a copula whose predicate nominal starts at token `ts` ("X has become one of
 * the most effective rebel forces", "X is a rebel group"), or undefined.
 */
function copulaSubject(low: readonly string[], ts: number, units: readonly Unit[]): Unit | undefined {
  const k = predicateSubjectEnd(low, ts);
  if (k < 0) return undefined;
  const u = units.find((x) => x.tokEnd === k);
  return u && u.actors.length > 0 ? u : undefined;
}

/**
 * For a noun phrase at sentence-local token `ts` that is a predicate nominal ("X has become one of
 * the most effective rebel forces", "X, one of the largest rebel factions,"): the token right after
 * its subject's last word (where the subject mention must end), else -1.
 */
export function predicateSubjectEnd(low: readonly string[], ts: number): number {
  let k = ts - 1, hops = 0, det = false;
  while (k >= 0 && hops < 6 && (PRED_SKIP.test(low[k]!) || (/^\p{Ll}+$/u.test(low[k]!) && !COPULA.test(low[k]!) && !PREPOSITIONS.has(low[k]!) && !/(ed|ing)$/.test(low[k]!) && hops < 3))) {
    if (PRED_SKIP.test(low[k]!)) det = true;
    k--;
    hops++;
  }
  // "X, one of the largest rebel factions, ...": an appositive says it of X
  if (k >= 1 && low[k] === ',' && low[k + 1] === 'one' && low[k + 2] === 'of') return k;
  if (!det || k < 0 || !COPULA.test(low[k]!)) return -1;
  k--;
  while (k >= 0 && /^(has|have|had|also|still|now|long|already|since|quickly|will|would|may|might|could|can|to|not)$/.test(low[k]!)) k--;
  return k + 1;
}

/** A unit that is the left part of "X-backed" or the right part of "anti-X". */
export function isCompoundPart(u: Unit): boolean {
  return (u.after.length > 1 && HYPHEN.test(u.after[0]!)) || (u.before.length > 1 && HYPHEN.test(u.before.at(-1)!));
}

function separatorKind(sep: readonly string[]): 'conj' | 'comma' | 'none' {
  if ((sep.length === 1 && sep[0] === ',') || (sep.length === 2 && sep[0] === ',' && sep[1] === 'the')) return 'comma';
  let k = 0;
  if (sep[k] === ',') k++;
  const rest = sep.slice(k);
  const joined = rest.join(' ');
  // "A, our interests, and B": a short conjunct that names no actor stands between two that do
  if (sep[0] === ',' && sep.length >= 4 && sep.length <= 6 && (sep.at(-1) === 'and' || sep.at(-1) === 'or') && sep.at(-2) === ',' && sep.slice(1, -2).every((w) => /^\p{Ll}+$/u.test(w) && !/(ed|ing)$/.test(w) && !STOP_CONJUNCT.has(w))) return 'conj';
  if (CONJUNCTIONS.has(joined)) return 'conj';
  return 'none';
}

const CONJUNCTIONS = new Set(['and', 'or', '&', 'as well as', 'along with', 'together with', 'and also', 'plus', 'and the', 'or the', 'as well as the', 'along with the', 'together with the', 'and of', 'and against', 'and with', 'and by', 'and to', 'and on', 'and both', 'and its', 'nor', 'nor the', 'and fellow']);

/** Words that end a noun phrase or open a clause: no short conjunct holds them. */
const STOP_CONJUNCT = new Set(['and', 'or', 'but', 'which', 'who', 'that', 'is', 'are', 'was', 'were', 'has', 'have', 'had', 'said', 'says', 'in', 'on', 'at', 'of', 'from', 'to', 'by', 'with', 'for', 'against', 'as']);

/** The name of a military unit ("3rd Battalion", "Abel Battery", "5th Special Forces Group"). */
const UNIT_HEAD = /\b(Team|Squad|Platoon|Detachment|Company|Battery|Troop|Flight|Battalion|Squadron|Regiment|Group|Wing|Brigade|Division|Corps|Command|Fleet)$/;
/** Relational heads: "its partners" are not the possessor. */
const RELATIONAL = /^(partners?|all(y|ies)|counterparts?|enem(y|ies)|rivals?|backers?|adversar(y|ies)|foes?)$/;
const POSSESSIVE = /^(its|their|our|his|her|my|your)$/;

const SUBORDINATORS = new Set(['which', 'who', 'whom', 'whose', 'that', 'where']);

/** Insertions: "(...)", "— ... —", ", which ...,", ", a/an/the N ...,". */
function findRegions(low: readonly string[], raw: readonly string[], unitAt: Int32Array, groupOf: readonly Group[], units: readonly Unit[]): Region[] {
  const n = low.length;
  const out: Region[] = [];
  // parentheses
  for (let i = 0; i < n; i++) {
    if (low[i] === '(') {
      let j = i + 1;
      while (j < n && low[j] !== ')') j++;
      out.push({ kind: 'paren', start: i, end: Math.min(n, j + 1), anchor: undefined });
      i = j;
    }
  }
  // dash pairs (an unpaired dash runs to the end of the sentence)
  const dashes: number[] = [];
  for (let i = 0; i < n; i++) if (low[i] === '—' || low[i] === '–' || low[i] === '--') dashes.push(i);
  for (let k = 0; k + 1 < dashes.length; k += 2) out.push({ kind: 'dash', start: dashes[k]!, end: dashes[k + 1]! + 1, anchor: undefined });
  // appositives and relative clauses attached to a group
  const groupEndingAt = (t: number): Group | undefined => {
    const u = unitAt[t - 1];
    if (u === undefined || u < 0) return undefined;
    const g = groupOf[u]!;
    return g.tokEnd === t ? g : undefined;
  };
  for (let i = 1; i < n; i++) {
    const comma = low[i] === ',';
    const k = comma ? i + 1 : i;
    if (k >= n) break;
    const g = groupEndingAt(i);
    if (!g) continue;
    let kind: Region['kind'] | undefined;
    if (SUBORDINATORS.has(low[k]!) && (comma || low[k] !== 'that')) kind = 'relcl';
    else if (comma && (low[k] === 'a' || low[k] === 'an' || low[k] === 'the' || (unitAt[k]! >= 0 && isRoleNounAhead(low, k)))) kind = 'appos';
    else if (comma && unitAt[k]! < 0 && /^[a-z]/.test(raw[k]!) && isRoleNounAhead(low, k)) kind = 'appos';
    if (!kind) continue;
    if (kind === 'appos' && low[k] === 'the' && !comma) continue;
    // ", together with A," / ", along with A," / ", alongside A," add co-agents, they name no apposition
    if (kind === 'appos' && (low[k] === 'together' || low[k] === 'along' || low[k] === 'alongside')) continue;
    // "In Iraq, Coalition forces conducted ...": the comma closes an opening phrase, no apposition
    if (kind === 'appos' && (openingPhrase(low, unitAt, g.tokStart) || inOpeningAdverbial(low, g.tokStart))) continue;
    // the insertion ends at the next comma not inside a coordination group, or at a dash/end
    let j = k + 1;
    while (j < n) {
      const w = low[j]!;
      if (w === '(' ) {
        while (j < n && low[j] !== ')') j++;
      }
      if (w === '—' || w === '–' || w === ';' || w === ':') break;
      if (w === ',') {
        const u = unitAt[j - 1]!, v = j + 1 < n ? unitAt[j + 1]! : -1;
        if (u >= 0 && v >= 0 && groupOf[u] === groupOf[v]) {
          j++;
          continue;
        }
        break;
      }
      if (w === '.' && j === n - 1) break;
      j++;
    }
    if (!comma && kind === 'relcl' && j >= n - 1) {
      // restrictive relative clause running to the end: still an insertion for the reader
    }
    out.push({ kind, start: i, end: Math.min(n, j + (low[j] === ',' ? 1 : 0)), anchor: g });
    void units;
  }
  return out;
}

/** Tokens [0, t) are a short opening adverbial with a preposition ("Additionally in", "Elsewhere in northern"). */
function openingPhrase(low: readonly string[], unitAt: Int32Array, t: number): boolean {
  if (t === 0 || t > 5) return false;
  let prep = false;
  for (let i = 0; i < t; i++) {
    if (unitAt[i]! >= 0 || !/^\p{L}+$/u.test(low[i]!)) return false;
    if (OPENING_PREPS.has(low[i]!)) prep = true;
  }
  return prep;
}
/**
 * Token t is inside a longer sentence-opening adverbial ("In Syria, with the support of the
 * 60-plus nation Counter-Daesh Coalition, the SDF ..."): the sentence opens with a preposition, no
 * verb stands before t, and t is the object of a preposition. A comma after it closes the
 * adverbial; what follows is the subject, not an apposition.
 */
function inOpeningAdverbial(low: readonly string[], t: number): boolean {
  if (!OPENING_PREPS.has(low[0]!) && low[0] !== 'with' && low[0] !== 'despite' && low[0] !== 'following') return false;
  if (t > 16) return false;
  for (let i = 0; i < t; i++) if (FINITE.test(low[i]!) || (/^\p{Ll}+ed$/u.test(low[i]!) && !DETERMINERS.has(low[i - 1] ?? ''))) return false;
  for (let i = t - 1; i >= Math.max(0, t - 8); i--) {
    if (PREPOSITIONS.has(low[i]!)) return true;
    if (low[i] === ',') return false;
  }
  return false;
}
const FINITE = /^(is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|should|must|do|does|did|said|says)$/;
const OPENING_PREPS = new Set(['in', 'at', 'near', 'across', 'inside', 'outside', 'throughout', 'on', 'from', 'within', 'around', 'after', 'during', 'since', 'over', 'amid']);

function isRoleNounAhead(low: readonly string[], k: number): boolean {
  for (let j = k; j < Math.min(low.length, k + 5); j++) {
    if (low[j] === ',' || low[j] === '.') return false;
    if (ROLE_WORDS.has(low[j]!)) return true;
  }
  return false;
}

const ROLE_WORDS = new Set([
  'affiliate', 'branch', 'member', 'leader', 'commander', 'analyst', 'spokesman', 'spokeswoman', 'spokesperson', 'head', 'chief',
  'faction', 'wing', 'offshoot', 'ally', 'rival', 'official', 'group', 'militia', 'organization', 'organisation', 'movement',
  'coalition', 'umbrella', 'franchise', 'researcher', 'fellow', 'minister', 'president', 'emir', 'founder', 'part', 'unit',
]);
