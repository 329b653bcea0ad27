/**
 * The reader: finds relation triggers of the lexicon in one sentence and their arguments.
 * Arguments come from the dependency tree when the sentence was parsed (see `deps.ts`) and from
 * the surface (word order, coordination, insertions) otherwise or when the tree gives none.
 *
 * Output: `Reading`s — trigger, source and target units, and the modality found around the
 * trigger. `index.ts` turns them into relations.
 */
import type { CueEntry, Lexicon, TriggerEntry } from './lexicon.js';
import { nounForms } from './lexicon.js';
import { depArguments, modifierUnits, treeNegated, treeObjects, treePassive, treeSubject } from './deps.js';
import { candidateId, DETERMINERS, isCompoundPart, LOCATIVE, PREPOSITIONS, type Group, type SentenceView, type Unit } from './view.js';

export type Modality = 'realis' | 'irrealis' | 'negated' | 'ceased';

/** How a reading was made: the class its confidence is calibrated for. */
export type RuleClass =
  | 'verb'
  | 'verb-passive'
  | 'verb-relcl'
  | 'verb-mutual'
  | 'verb-complement'
  | 'noun-between'
  | 'noun-event'
  | 'noun-subject'
  | 'predicate-appos'
  | 'predicate-copula'
  | 'predicate-title'
  | 'compound'
  | 'prefix'
  | 'adjective'
  | 'member-pp'
  | 'unit-appos'
  | 'against-pp'
  | 'supported-side'
  | 'co-agent';

export interface Reading {
  readonly entry: TriggerEntry;
  /** The trigger's tokens (sentence-local). */
  readonly tokStart: number;
  readonly tokEnd: number;
  readonly sources: readonly Unit[];
  readonly targets: readonly Unit[];
  /** Relations within this list, pairwise (reciprocals, "between A and B", mutual subjects). */
  readonly within: readonly Unit[];
  readonly modality: Modality;
  readonly rule: RuleClass;
  /** The arguments were read from the dependency tree. */
  readonly fromTree: boolean;
}

interface Match {
  readonly entry: TriggerEntry;
  readonly start: number;
  readonly end: number;
}

const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', "'s", "'re", 'am', 'get', 'got', 'gets', 'getting']);
const CLAUSE_BREAK = new Set([';', ':', 'whereas', 'although', 'though', 'because', 'but', 'while', 'unless', 'whether', 'so', 'yet']);
const SUBORD = new Set(['that', 'which', 'who', 'whom', 'if', 'when', 'after', 'before', 'as', 'since', 'until', 'once', 'where']);
const ADVERB_OK = /ly$|^(also|still|already|now|then|reportedly|allegedly|repeatedly|recently|just|even|further|again|not|never|jointly|together|both|all|each|meanwhile|later|soon|first|often|once|yet|ever|largely|mostly|heavily)$/;
const VERBISH = /(ed|ing)$/;
const AUX = new Set(['has', 'have', 'had', 'will', 'would', 'could', 'can', 'may', 'might', 'should', 'shall', 'must', 'do', 'does', 'did', 'to', ...BE]);
const REALIS_CONTROL = /^(continu(e|es|ed|ing)|beg(a|i|u)n|begins|start(s|ed)?|manag(e|es|ed)|used|went|go(es)?|came|come|helped|help|agreed|agree|moved|tried|attempted|sought|was|were|is|are|been|has|have|had)$/;
const FLOATING = new Set(['that', 'both', 'all', 'each', 'two', 'three']);
const QUOTES = new Set(['"', '“', '”', "''", '``']);

export interface ReadOptions {
  readonly lexicon: Lexicon;
}

/** Every reading of one sentence. */
export function readSentence(v: SentenceView, opts: ReadOptions): Reading[] {
  const { lexicon } = opts;
  lexFor = lexicon;
  if (v.units.length === 0) return [];
  const out: Reading[] = [];
  const speakers = findSpeakers(v, lexicon);
  const matches = findTriggers(v, lexicon);
  for (const m of matches) {
    const r = readTrigger(v, m, lexicon, speakers);
    for (const x of r) out.push(x);
  }
  for (const r of readCompounds(v, lexicon)) out.push(r);
  for (const r of readStructural(v, lexicon, matches)) out.push(r);
  for (const r of supportedSides(v, out)) out.push(r);
  // speakers are never parties
  // speakers are never parties to what they report; what their own relative clause or
  // appositive says of them ("X, which backs Y, said ...") is not reported speech
  const own = (r: Reading, u: Unit): boolean => {
    const k = v.regionAt[r.tokStart]!;
    const reg = k >= 0 ? v.regions[k] : undefined;
    return !!reg?.anchor && reg.anchor.units.includes(u);
  };
  const party = (r: Reading, u: Unit): boolean => !speakers.has(u.index) || r.rule.startsWith('predicate') || own(r, u);
  // a possessive pronoun whose actor is named earlier in the sentence stands for that name ("X to grow
  // its capacity to attack Y": X); a subject pronoun is a mention of its own ("to defeat Z we would need")
  const named = (u: Unit): Unit => {
    if (u.via !== 'coreference' || u.actors.length !== 1 || !POSSESSIVE_PRONOUN.test(v.low[u.tokStart]!) || u.tokEnd - u.tokStart !== 1) return u;
    const a = v.units.find((x) => x.tokStart < u.tokStart && x.via === 'dictionary' && x.actors.length === 1 && x.actors[0] === u.actors[0] && !isCompoundPart(x));
    return a && !speakers.has(a.index) ? a : u;
  };
  return out
    .map((r) => ({
      ...r,
      sources: r.sources.filter((u) => party(r, u)).map(named),
      targets: r.targets.filter((u) => party(r, u)).map(named),
      within: r.within.filter((u) => party(r, u)),
    }))
    .filter((r) => (r.sources.length > 0 && r.targets.length > 0) || withinActors(r) > 1);
}

/** How many actors a reading's `within` list stands for ("the two groups" is one unit, two actors). */
function withinActors(r: Pick<Reading, 'within'>): number {
  return r.within.reduce((k, u) => k + u.actors.length, 0);
}

// ---------------------------------------------------------------------------------------------
// Trigger matching

function isLemmaMatch(tok: string, word: string): boolean {
  return tok === word || nounForms(word).includes(tok);
}

/** Matches a phrase at token i: returns the end token (exclusive) or -1. */
export function matchPhrase(v: SentenceView, i: number, words: readonly string[], firstOk: (tok: string) => boolean): number {
  if (!firstOk(v.low[i]!)) return -1;
  let t = i + 1;
  for (let k = 1; k < words.length; k++) {
    const w = words[k]!;
    if (w === '*') {
      // an actor ("pushing the Northern Front back") fills the slot whole
      const d = t < v.n && DETERMINERS.has(v.low[t]!) ? t + 1 : t;
      const u = d < v.n ? v.unitAt[d]! : -1;
      const g = u >= 0 ? v.groupOf[u]! : undefined;
      if (g && g.tokStart === v.units[u]!.tokStart && g.tokEnd - d > 1) {
        t = g.tokEnd;
        continue;
      }
      // one optional word (not punctuation), possibly with a determiner before it
      if (t < v.n && /^[\p{L}\p{N}]/u.test(v.low[t]!) && !isLemmaMatch(v.low[t]!, words[k + 1] ?? '')) {
        t++;
        if (t < v.n && DETERMINERS.has(v.low[t - 1]!) && !isLemmaMatch(v.low[t]!, words[k + 1] ?? '') && /^[\p{L}]/u.test(v.low[t]!)) t++;
      }
      continue;
    }
    // determiners and possessives may stand between the words of a phrase ("cut all ties")
    let skipped = 0;
    while (t < v.n && skipped < 2 && DETERMINERS.has(v.low[t]!) && !isLemmaMatch(v.low[t]!, w)) {
      t++;
      skipped++;
    }
    if (t < v.n && isLemmaMatch(v.low[t]!, w)) t++;
    else return -1;
  }
  return t;
}

function findTriggers(v: SentenceView, lex: Lexicon): Match[] {
  const out: Match[] = [];
  for (let i = 0; i < v.n; i++) {
    if (v.unitAt[i]! >= 0 && !isCompoundPart(v.units[v.unitAt[i]!]!)) continue;
    const w = v.low[i]!;
    const lemma = USE_TAGS ? v.syntax?.lemma[i] : undefined;
    // most tokens have no trigger entry at all: nothing to read there
    const byForm = lex.triggersByForm.get(w);
    const byLemma = lemma ? lex.triggersByForm.get(lemma) : undefined;
    if (!byForm?.length && !byLemma?.length) continue;
    if (multiCueAt(v, i, lex)) continue;
    // the second half of a hyphenated word ("western-backed") is a modifier, not a verb
    if (i >= 1 && /^[-\u2010\u2011]$/.test(v.raw[i - 1]!) && v.start[i] === v.end[i - 1]) continue;
    const cands = new Set<TriggerEntry>(byForm ?? []);
    if (byLemma) for (const e of byLemma) cands.add(e);
    let best: Match | undefined;
    // "attack", "support": a form with both a noun and a verb entry is decided by its tag
    const up = USES.has('pos') ? v.syntax?.upos[i] : undefined;
    const ambiguous = up !== undefined && [...cands].some((e) => e.pos === 'noun') && [...cands].some((e) => e.pos === 'verb');
    for (const e of cands) {
      if (ambiguous && e.pos === 'noun' && up !== 'NOUN' && up !== 'PROPN') continue;
      if (ambiguous && e.pos === 'verb' && up !== 'VERB' && up !== 'AUX' && !(up === 'ADJ' && /ed$/.test(w))) continue;
      if (!ambiguous && !posAgrees(v, i, e)) continue;
      const end = matchPhrase(v, i, e.words, () => true);
      if (end < 0) continue;
      if (!best || end - i > best.end - best.start) best = { entry: e, start: i, end };
      else if (end - i === best.end - best.start && preferEntry(v, i, e, best.entry)) best = { entry: e, start: i, end };
    }
    if (best) {
      out.push(best);
      // the words of a phrase ("pledged allegiance", "cut ties") are not triggers of their own, but
      // for the last word of an open phrase that is a mutual verb ("urged the rival
      // militias to reconcile": they reconcile too)
      const last = v.low[best.end - 1]!;
      const reread = best.entry.words.includes('*') && best.end - best.start > 1 && (lex.triggersByForm.get(last) ?? []).some((e) => e.pos === 'verb' && e.mutual && e.words.length === 1);
      i = reread ? best.end - 2 : best.end - 1;
    }
  }
  return out;
}

/** A cue of several words starts here ("back down", "according to"): not a trigger. */
function multiCueAt(v: SentenceView, i: number, lex: Lexicon): boolean {
  for (const c of lex.cuesByForm.get(v.low[i]!) ?? []) {
    if (c.words.length > 1 && c.cue !== 'light' && c.cue !== 'copula' && c.cue !== 'example' && matchPhrase(v, i, c.words, () => true) > 0) return true;
  }
  return false;
}

/**
 * The uses of the tagger/parser that are on (docs/relations.md has the measurement of each):
 *   tags     — UPOS and lemmas decide every trigger reading
 *   pos      — UPOS decides noun/verb only for forms with both a noun and a verb entry ("attack")
 *   tree     — verb arguments from the tree where the surface finds none
 *   subject  — the tree's subject replaces a different surface subject
 *   passive  — the tree decides whether a verb trigger is passive
 *   negation — a negator attached to the trigger (or a verb it complements) drops the reading
 *   objects  — coordinated objects the surface does not reach
 * FAULTLINE_RELATION_SYNTAX=use,use overrides the default set (for re-measuring).
 */
const DEFAULT_SYNTAX_USES = '';
/** Words between a surface subject and its verb beyond which the tree's subject is preferred. */
const SUBJECT_REACH = Number(process.env.FAULTLINE_SUBJECT_REACH ?? 8);
const USES = new Set((process.env.FAULTLINE_RELATION_SYNTAX ?? DEFAULT_SYNTAX_USES).split(',').map((x) => x.trim()).filter(Boolean));
const USE_TAGS = USES.has('tags');
const USE_TREE = USES.has('tree');
/** True when the reader looks at tags or trees at all (else the pipeline need not parse for it). */
export const READS_SYNTAX: boolean = USES.size > 0;

/** Whether token i can be the entry's part of speech. */
function posAgrees(v: SentenceView, i: number, e: TriggerEntry): boolean {
  const up = USE_TAGS ? v.syntax?.upos[i] : undefined;
  const prev = i > 0 ? v.low[i - 1]! : '';
  const w = v.low[i]!;
  if (up) {
    if (e.pos === 'verb') return up === 'VERB' || (up === 'ADJ' && /ed$/.test(w));
    if (e.pos === 'noun') return up === 'NOUN' || up === 'PROPN';
    if (e.pos === 'adjective') return up === 'ADJ' || up === 'VERB';
    return true;
  }
  // surface guesses
  if (e.pos === 'noun') {
    if (/ed$/.test(w) && !/eed$/.test(w)) return false;
    if (prev === 'to' && !DETERMINERS.has(v.low[i + 1] ?? '')) return isNounContext(v, i);
    if (['will', 'would', 'could', 'can', 'may', 'might', 'should', 'must', "n't", 'not', 'did', 'does', 'do'].includes(prev)) return false;
    return true;
  }
  if (e.pos === 'verb') {
    if (DETERMINERS.has(prev) && !FLOATING.has(prev) && !/ing$/.test(w)) return false;
    // "very clear", "was clear": a degree adverb or a copula before the bare lemma makes it an adjective
    if (w === e.words[0] && (DEGREE.has(prev) || (BE.has(prev) && prev !== "'s"))) return false;
    if (prev === "'s" || prev === 'of') return /ing$/.test(w);
    if (v.unitAt[i - 1] !== undefined && v.unitAt[i - 1]! >= 0 && (w.endsWith('s') && !w.endsWith('ss')) && e.words.length === 1 && isNounContext(v, i)) return false;
    return true;
  }
  if (e.pos === 'adjective') return /ed$/.test(w) || !VERBISH.test(w) || true;
  return true;
}

const DEGREE = new Set(['very', 'so', 'too', 'quite', 'rather', 'fairly', 'extremely', 'increasingly']);

function isNounContext(v: SentenceView, i: number): boolean {
  const next = v.low[i + 1] ?? '';
  return ['against', 'on', 'of', 'with', 'between', 'for', 'to', 'by', ',', '.', 'in'].includes(next);
}

function preferEntry(v: SentenceView, i: number, a: TriggerEntry, b: TriggerEntry): boolean {
  // a noun reading after a determiner, a verb reading otherwise
  const prev = i > 0 ? v.low[i - 1]! : '';
  const next = v.low[i + 1] ?? '';
  let noun: boolean;
  if (DETERMINERS.has(prev) || prev === "'s") noun = true;
  else if (prev === 'to' || AUX.has(prev) || /n't$/.test(prev)) noun = false;
  else if (DETERMINERS.has(next) || (v.unitAt[i + 1] ?? -1) >= 0) noun = false;
  else noun = true;
  return noun ? a.pos === 'noun' && b.pos !== 'noun' : a.pos === 'verb' && b.pos !== 'verb';
}

// ---------------------------------------------------------------------------------------------
// Cues

function cueAt(v: SentenceView, i: number, lex: Lexicon, cue: CueEntry['cue']): number {
  if (v.unitAt[i]! >= 0 && cue !== 'reciprocal') return -1;
  const cs = lex.cuesByForm.get(v.low[i]!);
  const lemma = USE_TAGS ? v.syntax?.lemma[i] : undefined;
  const more = lemma ? lex.cuesByForm.get(lemma) : undefined;
  if (cs === undefined && more === undefined) return -1;
  let best = -1;
  for (const list of [cs, more]) {
    if (list === undefined) continue;
    for (const c of list) {
      if (c.cue !== cue) continue;
      const end = matchPhrase(v, i, c.words, () => true);
      if (end > best) best = end;
    }
  }
  return best;
}

function hasCue(v: SentenceView, i: number, lex: Lexicon, cue: CueEntry['cue']): boolean {
  return cueAt(v, i, lex, cue) > 0;
}

/** Units that speak: subjects of "said/reported", agents of "according to", "says X". */
function findSpeakers(v: SentenceView, lex: Lexicon): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < v.n; i++) {
    const end = cueAt(v, i, lex, 'report');
    if (end < 0) continue;
    const phrase = v.low.slice(i, end).join(' ');
    if (phrase === 'according to') {
      const g = groupAfter(v, end, 3);
      if (g) g.units.forEach((u) => out.add(u.index));
      continue;
    }
    // "X said" / "X, an analyst at Y, said": the group right before, across its insertions
    const before = speakerBefore(v, i);
    if (before && !isPrepObject(v, before)) {
      before.units.forEach((u) => out.add(u.index));
      // the whole apposition chain of a speaker is the speaker ("X, a spokesman for Y, said")
    }
    // "..., says X" / "said X": the group right after
    const g = groupAfter(v, end, 2);
    // ("Residents said the attackers moved in": a clause after "said" has its own subject, no speaker)
    const closes = g !== undefined && /^(|\.|,|;|:|"|“|”|''|on|in|at|last|this|who|according|when)$/.test(v.low[g.tokEnd] ?? '');
    if (g && (i === 0 || v.low[i - 1] === ',' || QUOTES.has(v.low[i - 1]!) || (before === undefined && closes))) g.units.forEach((u) => out.add(u.index));
    // "told X": the addressee is no party either
    if (phrase.startsWith('told') || phrase.startsWith('tell')) {
      const h = groupAfter(v, end, 1);
      if (h) h.units.forEach((u) => out.add(u.index));
    }
  }
  return out;
}

/** The group ending right before a reporting verb (adverbs, auxiliaries and insertions allowed between). */
function speakerBefore(v: SentenceView, i: number): Group | undefined {
  let t = i - 1;
  for (let hops = 0; t >= 0 && hops < 4; hops++) {
    const r = v.regionAt[t]!;
    if (r >= 0 && v.regions[r]!.end === t + 1 && v.regions[r]!.anchor) return v.regions[r]!.anchor;
    const u = v.unitAt[t]!;
    if (u >= 0) return v.groupOf[u];
    if (!AUX.has(v.low[t]!) && !ADVERB_OK.test(v.low[t]!)) return undefined;
    t--;
  }
  return undefined;
}

/** A mention written right before another ("Syrian President X", "Syrian Arab Coalition"): the latter is the head. */
function headGroup(v: SentenceView, g: Group): Group {
  let cur = g;
  for (let k = 0; k < 3 && cur.units.length === 1; k++) {
    const u = cur.units[0]!;
    // "Egypt's Ansar Beit al-Maqdis": a possessor names the place or patron of the actor after it
    const at = u.tokEnd < v.n && (v.low[u.tokEnd] === "'s" || v.low[u.tokEnd] === "'") ? u.tokEnd + 1 : u.tokEnd;
    const next = at < v.n ? v.unitAt[at]! : -1;
    if (next < 0 || next === u.index || isCompoundPart(v.units[next]!)) break;
    // "to defeat Daesh we would need": a pronoun heads no noun phrase of the mention before it
    if (PRONOUN.test(v.low[v.units[next]!.tokStart]!)) break;
    cur = v.groupOf[next]!;
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------
// Argument finding on the surface

function regionOf(v: SentenceView, t: number): number {
  return t >= 0 && t < v.n ? v.regionAt[t]! : -1;
}

/** The group right after token `from` (skipping determiners, adjectives), within `window` words. */
export function groupAfter(v: SentenceView, from: number, window: number): Group | undefined {
  let skipped = 0;
  for (let t = from; t < v.n; t++) {
    const u = v.unitAt[t]!;
    if (u >= 0) {
      const unit = v.units[u]!;
      if (isCompoundPart(unit) && (unit.after || /^\p{Ll}+-$/u.test(unit.before))) {
        // "U.S.-backed rebels", "counter-ISIL operations", "intra-Syrian talks": the compound modifies
        // what follows (a pair of names, "Kurdish-Arab alliance", stays an argument)
        skipped++;
        if (skipped > window) return undefined;
        continue;
      }
      // "Syrian President X": the mention right after an adjectival one is the head
      return headGroup(v, v.groupOf[u]!);
    }
    const w = v.low[t]!;
    if (w === ',' || w === '.' || w === ';' || w === ':' || w === '(' || w === '—' || QUOTES.has(w)) return undefined;
    if (!DETERMINERS.has(w) && w !== "'s") skipped++;
    if (skipped > window) return undefined;
  }
  return undefined;
}

/** Whether the group follows "like", "such as", "including". */
function exampleBefore(v: SentenceView, g: Group): boolean {
  let t = g.tokStart - 1;
  while (t >= 0 && DETERMINERS.has(v.low[t]!)) t--;
  if (t < 0) return false;
  const w = v.low[t]!;
  return w === 'like' || w === 'including' || (w === 'as' && v.low[t - 1] === 'such');
}

/** Whether the group is the object of a preposition ("in Syria", "of Iraq"). */
function isPrepObject(v: SentenceView, g: Group): boolean {
  let t = g.tokStart - 1;
  while (t >= 0 && DETERMINERS.has(v.low[t]!)) t--;
  if (t < 0 || !LOCATIVE.has(v.low[t]!)) return false;
  // "after Iraqi forces continued to ...": a conjunction opening a clause, the group its subject
  if (CONJ_PREP.has(v.low[t]!)) {
    const next = v.low[g.tokEnd] ?? '';
    if (AUX.has(next) && next !== 'to' || /^\p{Ll}+ed$/u.test(next) && !/^\p{Ll}+ed$/u.test(v.low[g.tokEnd + 1] ?? '') && v.low[g.tokEnd + 1] !== 'by') return false;
  }
  return true;
}
const CONJ_PREP = new Set(['after', 'before', 'since', 'until', 'as']);

/** "(local) commanders / fighters / members of G" opening a clause: G acts through its people. */
function peopleOf(v: SentenceView, g: Group, lex: Lexicon): boolean {
  let t = g.tokStart - 1;
  while (t >= 0 && DETERMINERS.has(v.low[t]!)) t--;
  if (t < 1 || v.low[t] !== 'of' || !hasCue(v, t - 1, lex, 'member') || !/(s|men|people|personnel)$/.test(v.low[t - 1]!)) return false;
  let k = t - 2;
  for (let hops = 0; k >= 0 && hops < 2 && /^\p{Ll}+$/u.test(v.low[k]!) && !PREPOSITIONS.has(v.low[k]!) && !AUX.has(v.low[k]!) && !SUBORD.has(v.low[k]!) && !CLAUSE_BREAK.has(v.low[k]!) && v.low[k] !== 'and'; hops++) k--;
  return k < 0 || v.low[k] === ',' || v.low[k] === 'and' || SUBORD.has(v.low[k]!) || CLAUSE_BREAK.has(v.low[k]!) || QUOTES.has(v.low[k]!) || v.low[k] === 'because';
}

/** Whether the group is followed by "'s" and a noun: a possessor, not an argument itself. */
function isPossessor(v: SentenceView, g: Group): boolean {
  const t = g.tokEnd;
  return v.low[t] === "'s" || v.low[t] === "'" ;
}

interface SubjOpts {
  readonly stopAtVerb?: boolean;
  readonly maxBack?: number;
  readonly vpConj?: boolean;
  /** The predicate is an event noun: "and" right before it joins noun phrases ("the isolation of A and defeat of B"), not verb phrases. */
  readonly noun?: boolean;
  /**
   * The predicate heads an adjunct ("in support of Y") at the end of the sentence: a relative clause
   * of a noun that is no actor before it ("Z targets, which include ...") is passed over, the adjunct
   * being read with the main clause.
   */
  readonly adjunct?: boolean;
}

/**
 * The subject group of a predicate at token t: the nearest group to the left in the same clause,
 * reading around insertions; a relative pronoun hands over to its antecedent; a locative
 * prepositional object is passed over.
 */
export function subjectGroup(v: SentenceView, t: number, lex: Lexicon, opts: SubjOpts = {}): Group | undefined {
  const myRegion = regionOf(v, t);
  let vpConj = false;
  let sawNonAux = false;
  let back = 0;
  for (let i = t - 1; i >= 0; i--) {
    back++;
    if (opts.maxBack && back > opts.maxBack) return undefined;
    const w = v.low[i]!;
    const r = regionOf(v, i);
    if (r >= 0 && r !== myRegion) {
      const reg = v.regions[r]!;
      // leaving our own region? (regions nest: only skip regions that do not contain t)
      if (!(reg.start <= t && t < reg.end)) {
        i = reg.start;
        continue;
      }
    }
    if (myRegion >= 0) {
      const reg = v.regions[myRegion]!;
      if (i < reg.start + 1 || (reg.kind === 'relcl' && i <= reg.start + 1)) {
        // at the opening of our insertion: a relative clause reads its antecedent
        if (reg.anchor && reg.kind === 'relcl' && v.low[reg.start] === 'who') return whoAntecedent(v, reg.anchor);
        // "in Baghdad, where the two leaders discussed ...": the place is no agent of its clause
        if (reg.kind === 'relcl' && (v.low[reg.start] === 'where' || v.low[reg.start + 1] === 'where')) return undefined;
        if (reg.anchor && (reg.kind === 'relcl' || reg.kind === 'appos')) return reg.anchor;
        if (reg.kind === 'relcl' && reg.anchor) return reg.anchor;
        return undefined;
      }
    }
    const u = v.unitAt[i]!;
    if (u >= 0) {
      const unit = v.units[u]!;
      if (isCompoundPart(unit)) {
        // "a strong U.S.-Iraq partnership is critical to finish Z": the two partners act
        const pair = hyphenPair(v, unit);
        // (not when a passive follows: "an Arab-Kurdish alliance supported by Z" is the alliance's)
        const passiveNext = /ed$/.test(v.low[unit.tokEnd + 1] ?? '') && v.low[unit.tokEnd + 2] === 'by';
        const noun = !passiveNext && (lexFor?.triggersByForm.get(v.low[unit.tokEnd] ?? '') ?? []).some((e) => e.pos === 'noun' && e.between && e.type === 'ALLY');
        if (pair && noun && !opts.noun) return { index: -1, units: pair, tokStart: pair[0]!.tokStart, tokEnd: unit.tokEnd };
        continue;
      }
      const g = v.groupOf[u]!;
      i = g.tokStart;
      // examples stand for the generic noun phrase they follow ("fighters like A and B attacked")
      if (exampleBefore(v, g)) return g;
      // a possessor controls the event noun it owns ("X's plan to arm Y"), even inside a PP
      if (isPossessor(v, g) && g.tokEnd + 1 < t) return g;
      if (isPrepObject(v, g)) {
        // "X, together with Y, attacked": Y (and X) act too
        const co = coAgents(v, g);
        if (co) return co;
        // "(local) commanders of both groups work together": people of a group act for it
        if (peopleOf(v, g, lex)) return g;
        continue;
      }
      if (vpConj && !isSubjectLike(v, g)) continue;
      // "X have proven their ability in battle, pushing Y back": a possessive pronoun before a noun
      // is no subject of a later predicate (but "their plan to arm Y" is theirs)
      // ("its strikes had killed civilians": the possessor of an event noun acts)
      if (POSSESSIVE_PRONOUN.test(v.low[i]!) && g.units.length === 1 && g.tokEnd - g.tokStart === 1 && /^\p{Ll}/u.test(v.raw[g.tokEnd] ?? '') && !PREPOSITIONS.has(v.low[g.tokEnd]!) && g.tokEnd + 1 < t && v.low[t - 1] !== 'to' && !opts.noun && !(lex.triggersByForm.get(v.low[g.tokEnd]!) ?? []).some((x) => x.pos === 'noun')) continue;
      if (isPossessor(v, g) && !unit.plural && i + 2 < t && v.unitAt[g.tokEnd + 1]! >= 0) continue;
      return g;
    }
    if (CLAUSE_BREAK.has(w) && !(w === 'but' && !sawNonAux) && !(w === 'so' && /^(far|much)$/.test(v.low[i + 1] ?? ''))) return undefined;
    if (w === 'and' || w === 'or' || w === 'but') {
      if (!sawNonAux && !(opts.noun && w !== 'but')) vpConj = true;
      continue;
    }
    // "as well as", "such as" coordinate or give examples; they open no clause
    if (w === 'as' && (v.low[i + 1] === 'well' || v.low[i - 1] === 'well' || v.low[i - 1] === 'such')) continue;
    // "once again", "once more" are adverbs
    if (SUBORD.has(w) && !(w === 'once' && /^(again|more)$/.test(v.low[i + 1] ?? ''))) {
      // relative clause: "X, which/who ...", "groups that ..."
      if (w === 'which' || w === 'who' || w === 'that') {
        let k = i - 1;
        const comma = v.low[k] === ',';
        if (comma) k--;
        const uu = k >= 0 ? v.unitAt[k]! : -1;
        if (uu >= 0) {
          const g = v.groupOf[uu]!;
          // a restrictive clause ("the groups that ...") belongs to the last noun phrase only
          if (!comma && g.units.length > 1) return { ...g, units: [v.units[uu]!], tokStart: v.units[uu]!.tokStart };
          return g;
        }
        if (opts.adjunct && comma && w !== 'who') continue;
      }
      return undefined;
    }
    if (opts.stopAtVerb && (cueAt(v, i, lex, 'report') > 0)) return undefined;
    if (!AUX.has(w) && !ADVERB_OK.test(w)) sawNonAux = true;
  }
  return undefined;
}

/**
 * The antecedent of "who": a place named in a prepositional phrase right before it ("Arab forces
 * operating in the north of the country who are leading ...") is not who acts; the noun phrase
 * before that phrase is.
 */
function whoAntecedent(v: SentenceView, anchor: Group): Group {
  if (!anchor.units.every((u) => u.kind === 'state') || !isPrepObject(v, anchor)) return anchor;
  for (let i = anchor.tokStart - 1, hops = 0; i >= 0 && hops < 10; i--, hops++) {
    const u = v.unitAt[i]!;
    if (u >= 0) {
      const g = v.groupOf[u]!;
      if (isPrepObject(v, g)) {
        i = g.tokStart;
        continue;
      }
      return g;
    }
    if (v.low[i] === ',' || CLAUSE_BREAK.has(v.low[i]!) || SUBORD.has(v.low[i]!)) break;
  }
  return anchor;
}

/** The two names of a hyphenated pair ending in `u` ("U.S.-Iraq", "Arcadia-Boreal League"), or undefined. */
function hyphenPair(v: SentenceView, u: Unit): Unit[] | undefined {
  const same = v.units.filter((x) => x.tokStart === u.tokStart && x.tokEnd === u.tokEnd);
  if (same.length === 2) return same;
  if (!u.before.endsWith('-')) return undefined;
  const a = u.tokStart >= 2 ? v.unitAt[u.tokStart - 2]! : -1;
  return a >= 0 && a !== u.index ? [v.units[a]!, u] : undefined;
}

/** "X, together with Y," / "along with Y" / "alongside Y" before a verb: Y, with X when X is an actor. */
function coAgents(v: SentenceView, g: Group): Group | undefined {
  let t = g.tokStart - 1;
  while (t >= 0 && DETERMINERS.has(v.low[t]!)) t--;
  const w = v.low[t];
  let k: number;
  if (w === 'with' && (v.low[t - 1] === 'together' || v.low[t - 1] === 'along')) k = t - 2;
  else if (w === 'alongside') k = t - 1;
  else return undefined;
  // only as an insertion before the verb: ", together with Y," or a sentence-opening "Along with Y,"
  if (v.low[g.tokEnd] !== ',') return undefined;
  if (v.low[k] === ',') k--;
  const u = k >= 0 ? v.unitAt[k]! : -1;
  if (u < 0) return g;
  const x = v.groupOf[u]!;
  return { index: -1, units: [...x.units, ...g.units], tokStart: x.tokStart, tokEnd: g.tokEnd };
}

/** A group at the start of a clause: after the sentence start, a comma, a conjunction or subordinator. */
function isSubjectLike(v: SentenceView, g: Group): boolean {
  let t = g.tokStart - 1;
  // ("admitted that X had abducted ... and killed ...": "that" opens the clause, it is no determiner here)
  while (t >= 0 && v.low[t] !== 'that' && (DETERMINERS.has(v.low[t]!) || /^[A-Z]/.test(v.raw[t]!) && v.unitAt[t]! < 0 && t === g.tokStart - 1)) t--;
  if (t < 0) return true;
  const w = v.low[t]!;
  if (w === ',' || SUBORD.has(w) || CLAUSE_BREAK.has(w) || w === 'and' || QUOTES.has(w) || w === 'both') return true;
  // "officials said the attackers were able to ...": the subject of a reported clause
  const next = v.low[g.tokEnd] ?? '';
  return REPORTING.test(w) && (AUX.has(next) || /^\p{Ll}+ed$/u.test(next) || ADVERB_OK.test(next));
}
const REPORTING = /^(said|says|say|reported|added|argued|argues|argue|believe|believes|believed|think|thinks|thought|claimed|claims|warned|stated|noted|announced|insisted|acknowledged|confirmed|suggested|suggests|showed|shows)$/;

/** The object group after the trigger: direct object or the object of one of the entry's prepositions. */
let lexFor: Lexicon | undefined;
function isVerbForm(w: string, lex: Lexicon | undefined): boolean {
  if (!lex) return false;
  const es = lex.triggersByForm.get(w);
  if (es?.some((e) => e.pos === 'verb' && e.words[0] === w)) return true;
  return (lex.cuesByForm.get(w) ?? []).some((c) => c.words[0] === w && c.cue !== 'generic' && c.cue !== 'example' && c.cue !== 'reciprocal');
}

function objectGroup(v: SentenceView, from: number, e: TriggerEntry, allowDirect: boolean, window = 6): { g: Group; prep: string | undefined } | undefined {
  let skipped = 0;
  // a participle + "by" ("retook territory held by Z") ends a longer phrase: it is looked for further
  const reach = e.preps.some((p) => p.length > 1 && p.at(-1) === 'by') ? window + 5 : window;
  const takesFrom = e.type === 'FIGHT' && e.preps.some((p) => p.length === 1 && p[0] === 'from');
  for (let t = from; t < v.n; t++) {
    const w = v.low[t]!;
    const r = regionOf(v, t);
    if (r >= 0 && !(v.regions[r]!.start <= from - 1 && from - 1 < v.regions[r]!.end) && v.regions[r]!.start === t && v.regions[r]!.kind !== 'relcl') {
      t = v.regions[r]!.end - 1;
      continue;
    }
    // prepositions of the entry
    for (const p of e.preps) {
      if (v.low.slice(t, t + p.length).join(' ') === p.join(' ') && !(p.join(' ') === 'to' && isVerbForm(v.low[t + 1] ?? '', lexFor))) {
        const g = groupAfter(v, t + p.length, 4) ?? exampleGroup(v, t + p.length);
        if (g) return { g, prep: p.join(' ') };
      }
    }
    const u = v.unitAt[t]!;
    if (u >= 0 && !isCompoundPart(v.units[u]!)) {
      // "seize the Al Salem hospital from Z": what is taken may be named; the one it is taken from follows
      // "complained to the UN over Z", "clashed in Aleppo with Z": the object of another preposition is passed over
      const otherPrep = PREPOSITIONS.has(t > from ? v.low[t - 1]! : '') || (() => {
        let k = t - 1;
        while (k >= from && DETERMINERS.has(v.low[k]!)) k--;
        return k >= from && PREPOSITIONS.has(v.low[k]!);
      })();
      if (!allowDirect && (takesFrom || otherPrep) && skipped <= window) {
        t = v.groupOf[u]!.tokEnd - 1;
        skipped++;
        continue;
      }
      if (!allowDirect || skipped > window) return undefined;
      const prev = t > from ? v.low[t - 1]! : '';
      const prevNonDet = (() => {
        let k = t - 1;
        while (k >= from && DETERMINERS.has(v.low[k]!)) k--;
        return k >= from ? v.low[k]! : '';
      })();
      // "killed dozens of X", "attacked some of X": a quantity's of-phrase is the object
      // "killed citizens from X", "members of X": people of an actor stand for it as an object
      const ofAt = prev === 'of' || prev === 'from' ? t - 1 : (prevNonDet === 'of' || prevNonDet === 'from') ? t - 2 : -1;
      const quantity = ofAt > from && (v.low[ofAt] === 'of' && QUANTITY.test(v.low[ofAt - 1]!) || PEOPLE_OF.test(v.low[ofAt - 1]!));
      if ((PREPOSITIONS.has(prevNonDet) || PREPOSITIONS.has(prev)) && !quantity) return undefined;
      return { g: headGroup(v, v.groupOf[u]!), prep: undefined };
    }
    if (w === ',' || w === '.' || w === ';' || w === ':' || w === '—' || w === '(' || CLAUSE_BREAK.has(w) || (SUBORD.has(w) && w !== 'as')) {
      // a generic noun phrase before the break may introduce examples: "groups like A, B"
      return undefined;
    }
    if (allowDirect && (w === 'each' || w === 'one') && (v.low[t + 1] === 'other' || v.low[t + 1] === 'another')) return undefined;
    // "leading efforts to defeat Z": an infinitive's object is its own verb's, not this trigger's
    // (not for verbs of threat or intent: "threatened to bomb Z" threatens Z)
    if (w === 'to' && t > from && infinitiveAt(v, t + 1) && !(lexFor?.cuesByForm.get(e.words[0]!) ?? []).some((c) => c.cue === 'irrealis')) return undefined;
    if (PREPOSITIONS.has(w) && !e.preps.some((p) => p[0] === w)) {
      // a generic object with examples: "attacked groups like A and B" handled by exampleGroup
      if (w === 'like') {
        const g = exampleGroup(v, t);
        if (g && allowDirect) return { g, prep: undefined };
      }
      if (!allowDirect || t > from) {
        // a PP of another kind: keep looking only within the window
      }
    }
    const ex = exampleStart(v, t);
    if (ex > 0 && allowDirect) {
      const g = groupAfter(v, ex, 2);
      if (g) return { g, prep: undefined };
    }
    if (!DETERMINERS.has(w)) skipped++;
    if (skipped > reach) return undefined;
  }
  return undefined;
}

/** Token t is the verb of a to-infinitive: a verb form followed by an actor, a determiner or a preposition. */
function infinitiveAt(v: SentenceView, t: number): boolean {
  if (t >= v.n || v.unitAt[t]! >= 0 || !/^\p{Ll}+$/u.test(v.raw[t]!) || !isVerbForm(v.low[t]!, lexFor)) return false;
  const next = v.low[t + 1] ?? '';
  return (v.unitAt[t + 1] ?? -1) >= 0 || DETERMINERS.has(next) || PREPOSITIONS.has(next);
}

/** "like", "such as", "including": the token after the cue, or -1. */
function exampleStart(v: SentenceView, t: number): number {
  const w = v.low[t]!;
  if (w === 'like' || w === 'including' || w === 'especially' || w === 'notably' || w === 'particularly' || w === 'namely' || COMPOSITION.test(w)) return t + 1;
  if (w === 'such' && v.low[t + 1] === 'as') return t + 2;
  if (w === 'in' && v.low[t + 1] === 'particular') return t + 2;
  return -1;
}

const ARTICLE = /^(the|a|an)$/;
/** Verbs of naming someone to a role ("appointed X the commander of A"). */
const NAMING = /^(appoint|appoints|appointed|name|names|named|elect|elects|elected|make|makes|made|designate|designates|designated|promote|promotes|promoted|nominate|nominates|nominated|install|installs|installed|choose|chooses|chose|chosen)$/;

/** Quantities whose of-phrase is what is counted ("dozens of X"). */
const QUANTITY = /^(dozens|scores|hundreds|thousands|tens|some|many|several|most|all|members|number|mix|combination|variety|\d[\d,]*)$/;

/** People nouns whose of/from phrase names the actor they belong to ("citizens from X"). */
const PEOPLE_OF = /^(citizens|nationals|residents|civilians|people|soldiers|troops|members|fighters|militants|officials|personnel|diplomats|workers|supporters|officers|commanders|leaders|forces)$/;

/** Adverbs of composition: "the SDF, primarily Arab forces" names what the SDF is made of. */
const COMPOSITION = /^(primarily|mainly|mostly|largely|chiefly|predominantly)$/;
const POSSESSIVE_PRONOUN = /^(its|their|his|her|our)$/;
const PRONOUN = /^(it|its|they|them|their|he|him|his|she|her|we|us|our|both|itself|themselves)$/;

/** A generic noun phrase followed by examples: "groups like A, B and C" → that group. */
function exampleGroup(v: SentenceView, from: number): Group | undefined {
  for (let t = from; t < Math.min(v.n, from + 5); t++) {
    const w = v.low[t]!;
    if (v.unitAt[t]! >= 0 && !isCompoundPart(v.units[v.unitAt[t]!]!)) return undefined;
    if (w === '.' || w === ';') return undefined;
    const ex = exampleStart(v, t);
    if (ex > 0) return groupAfter(v, ex + (v.low[ex] === ',' ? 1 : 0), 2);
  }
  return undefined;
}

/** Reciprocal right after the trigger ("fought each other", "with one another"). */
function reciprocalAfter(v: SentenceView, from: number, lex: Lexicon): boolean {
  for (let t = from; t < Math.min(v.n, from + 3); t++) {
    if (hasCue(v, t, lex, 'reciprocal')) return true;
    if (v.low[t] === ',' || v.low[t] === '.') return false;
  }
  return false;
}

/** The modality of a trigger: negators in its clause, governing verbs of refusal, intent, stopping. */
function modalityOf(v: SentenceView, t: number, lex: Lexicon): Modality {
  let mod: Modality = 'realis';
  const myRegion = regionOf(v, t);
  // a to-infinitive is a purpose or an intention unless a verb of going on governs it
  {
    let k = t - 1;
    while (k >= 0 && ADVERB_OK.test(v.low[k]!) && v.low[k] !== 'not' && v.low[k] !== 'never') k--;
    if (k >= 1 && v.low[k] === 'to' && !REALIS_CONTROL.test(v.low[k - 1]!)) mod = 'irrealis';
  }
  // "warned X against arming Y", "instead of attacking": a gerund after "against" is not done
  {
    let k = t - 1;
    while (k >= 0 && ADVERB_OK.test(v.low[k]!)) k--;
    if (k >= 0 && v.low[k] === 'against' && /ing$/.test(v.low[t]!)) return 'negated';
  }
  for (let i = t - 1, seen = 0; i >= 0 && seen < 10; i--, seen++) {
    const w = v.low[i]!;
    if (CLAUSE_BREAK.has(w) || w === ',' && seen > 2 || (SUBORD.has(w) && w !== 'to') || w === 'and' || w === 'or') break;
    if (regionOf(v, i) !== myRegion && regionOf(v, i) >= 0) break;
    if (v.unitAt[i]! >= 0 && seen > 0) {
      // the subject: look only at its determiner ("neither group", "no faction"); a prepositional
      // object ("rejected calls by X to arm Y") is no subject: the governing verb is further left
      const g = v.groupOf[v.unitAt[i]!]!;
      if (v.low[t - 1] === 'to' && isPrepObject(v, g) && !CONJ_PREP.has(v.low[g.tokStart - 1] ?? '')) {
        i = g.tokStart;
        continue;
      }
      let k = g.tokStart - 1;
      while (k > 0 && (v.low[k] === 'the' || v.low[k] === 'a')) k--;
      const d = v.low[k];
      if (d === 'neither' || d === 'no' || (d === 'nor')) return 'negated';
      if (v.low[g.tokStart] === 'neither') return 'negated';
      break;
    }
    if ((hasCue(v, i, lex, 'negator') || /n't$/.test(w) || w === 'cannot') && !/^(only|simply|just|merely|solely|least)$/.test(v.low[i + 1] ?? '')) return 'negated';
    if (hasCue(v, i, lex, 'negate')) return 'negated';
    if (hasCue(v, i, lex, 'cease')) {
      if (mod === 'realis') mod = 'ceased';
      // "urged X to stop": a stopping that is only asked for
      if (v.low[i - 1] === 'to' && !REALIS_CONTROL.test(v.low[i - 2] ?? '')) mod = 'irrealis';
      continue;
    }
    // "urged X to stop bombing Y": the stopping is only wished for, the hostility goes on
    if (hasCue(v, i, lex, 'irrealis') && (mod === 'realis' || mod === 'ceased')) mod = 'irrealis';
    // "X, neither of which", "none of"
    if (w === 'none') return 'negated';
  }
  // "neither group is willing": the negator may open the clause
  return mod;
}

// ---------------------------------------------------------------------------------------------
// Readings per trigger

function readTrigger(v: SentenceView, m: Match, lex: Lexicon, speakers: Set<number>): Reading[] {
  const e = m.entry;
  let modality = modalityOf(v, m.start, lex);
  // a negator the parser attaches to the trigger, however far from it
  if (USES.has('negation') && e.pos === 'verb' && treeNegated(v, m.start)) modality = 'negated';
  const base = { entry: e, tokStart: m.start, tokEnd: m.end, modality, fromTree: false };
  if (e.pos === 'verb') return readVerb(v, m, lex, base, speakers);
  if (e.pos === 'noun') return readNoun(v, m, lex, base);
  if (e.pos === 'adjective') return readAdjective(v, m, lex, base);
  return [];
}

type Base = Pick<Reading, 'entry' | 'tokStart' | 'tokEnd' | 'modality' | 'fromTree'>;

function isPassive(v: SentenceView, m: Match): boolean {
  const w = v.low[m.start]!;
  if (!/(ed|en|wn|ht|ght|cut|led|held|struck|split)$/.test(w) && !/^(fought|led|held|struck|cut|split|sent|met)$/.test(w)) return false;
  let t = m.start - 1;
  while (t >= 0 && ADVERB_OK.test(v.low[t]!) && !BE.has(v.low[t]!)) t--;
  // "was targeted and killed": the copula governs both participles
  if (t >= 2 && (v.low[t] === 'and' || v.low[t] === 'or') && /(ed|en|wn)$/.test(v.low[t - 1]!)) {
    t -= 2;
    while (t >= 0 && ADVERB_OK.test(v.low[t]!) && !BE.has(v.low[t]!)) t--;
  }
  if (t >= 0 && BE.has(v.low[t]!)) return true;
  // reduced relative: "groups backed by Y"
  return v.low[m.end] === 'by';
}

function readVerb(v: SentenceView, m: Match, lex: Lexicon, base: Base, speakers: Set<number>): Reading[] {
  const e = m.entry;
  const out: Reading[] = [];
  // measured (docs/relations.md): the surface reading is the more precise one with today's parser,
  // so the tree only supplies arguments where the surface finds none
  const surface = readVerbSurface(v, m, lex, base);
  if (surface.some((r) => (r.sources.length && r.targets.length) || withinActors(r) > 1)) return surface;
  const tree = v.syntax && USE_TREE ? depArguments(v, m.start, m.end, e) : undefined;
  if (tree && ((tree.subject.length && tree.object.length) || tree.reciprocal || e.mutual && tree.subject.length > 1)) {
    const within = tree.reciprocal || (e.mutual && !tree.object.length && tree.subject.length > 1) ? tree.subject : [];
    const src = e.reverse ? tree.object : tree.subject;
    const tgt = e.reverse ? tree.subject : tree.object;
    out.push({ ...base, sources: within.length ? [] : src, targets: within.length ? [] : tgt, within, rule: tree.passive ? 'verb-passive' : tree.relcl ? 'verb-relcl' : within.length ? 'verb-mutual' : 'verb', fromTree: true });
  }
  void speakers;
  return out;
}

function readVerbSurface(v: SentenceView, m: Match, lex: Lexicon, base: Base): Reading[] {
  const e = m.entry;
  const out: Reading[] = [];
  const passive = (USES.has('passive') ? treePassive(v, m.start) : undefined) ?? isPassive(v, m);
  let subj: Group | undefined;
  let obj: Group | undefined;
  if (passive) {
    // "Y was attacked by X", "groups backed by X" (a reduced relative: the noun phrase right before)
    const reduced = m.start > 0 && v.unitAt[m.start - 1]! >= 0 && v.low[m.end] === 'by';
    const patient = (reduced ? nounBefore(v, m.start) : undefined) ?? subjectGroup(v, m.start, lex) ?? nounBefore(v, m.start);
    // "Y was attacked by X"; "Y was killed in a raid (conducted) by X"
    const agent = v.low[m.end] === 'by' ? groupAfter(v, m.end + 1, 3) ?? exampleGroup(v, m.end + 1) : v.low[m.end] === 'in' ? agentAfter(v, m.end) : undefined;
    if (patient && agent) {
      const src = e.reverse ? patient : agent;
      const tgt = e.reverse ? agent : patient;
      out.push({ ...base, sources: src.units, targets: tgt.units, within: [], rule: 'verb-passive' });
    }
    // "X was assigned to Y": a passive phrase entry whose preposition names the other end
    else if (patient && e.preps.length && e.words[0] === 'be') {
      const o = objectGroup(v, m.end, e, false);
      if (o) out.push({ ...base, sources: patient.units, targets: o.g.units, within: [], rule: 'verb' });
    }
    return out;
  }
  subj = subjectGroup(v, m.start, lex) ?? frontedSubject(v, m.start);
  // "saw recruits pledging allegiance to Y (most recently, Z)": a participle after a common noun
  // is said of that noun, not of the clause's subject; examples in parentheses name it
  const prevW = m.start > 0 ? v.low[m.start - 1]! : '';
  if (/ing$/.test(v.low[m.start]!) && /^\p{Ll}[\p{Ll}-]*$/u.test(v.raw[m.start - 1] ?? '') && v.unitAt[m.start - 1]! < 0 && !AUX.has(prevW) && !ADVERB_OK.test(prevW) && !PREPOSITIONS.has(prevW) && !DETERMINERS.has(prevW) && !CLAUSE_BREAK.has(prevW) && !SUBORD.has(prevW) && prevW !== 'and' && prevW !== 'or' && !isVerbForm(prevW, lex) && /[^s]s$/.test(prevW) && !(lex.cuesByForm.get(prevW) ?? []).some((c) => c.cue !== 'member' && c.cue !== 'generic')) {
    subj = parenExamples(v, m.end);
  }
  if (USES.has('subject')) {
    // the parser's subject where it differs from the nearest group on the left
    const ts = treeSubject(v, m.start);
    let units = ts?.units ?? [];
    // an event noun as subject stands for its agent ("U.S. airstrikes ... killed 20 militants")
    if (ts && !units.length && (lex.triggersByForm.get(v.low[ts.token]!) ?? []).some((x) => x.pos === 'noun' && x.role !== 'predicate')) units = modifierUnits(v, ts.token);
    // only where the surface has no subject or reached far for it (long sentences, insertions)
    const far = !subj || m.start - subj.tokEnd > SUBJECT_REACH;
    if (far && units.length && !(subj && units.some((u) => subj!.units.includes(u)))) subj = groupOfUnits(v, units);
  }
  // "A series of U.S. airstrikes against X this week in Y's province killed 20 militants": an event
  // noun opening the clause is the subject; its agent acts
  if (e.type === 'FIGHT') {
    const ev = eventNounSubject(v, m.start, lex);
    if (ev && (!subj || subj.tokStart > ev.noun)) subj = ev.g;
  }
  const recip = reciprocalAfter(v, m.end, lex);
  if (recip) {
    if (subj && subj.units.length + subj.units.reduce((a, u) => a + u.actors.length - 1, 0) > 1) {
      out.push({ ...base, sources: [], targets: [], within: subj.units, rule: 'verb-mutual' });
    }
    return out;
  }
  if (e.complement.length) {
    // "X views A and B as terrorists"
    const o = objectGroup(v, m.end, e, true, 3);
    if (!o || !subj) return out;
    let t = o.g.tokEnd;
    if (v.low[t] !== 'as') return out;
    const rest = v.low.slice(t + 1, t + 6).join(' ');
    if (!e.complement.some((c) => (' ' + rest + ' ').includes(' ' + c + ' ') || rest.includes(c))) return out;
    out.push({ ...base, sources: subj.units, targets: o.g.units, within: [], rule: 'verb-complement' });
    return out;
  }
  // "pushing ISIL back": an actor standing in the open slot of the phrase ("push * back") is its object
  const inner = e.object && e.words.includes('*') ? innerUnit(v, m) : undefined;
  const o = inner ? { g: headGroup(v, v.groupOf[inner.index]!), prep: undefined } : objectGroup(v, m.end, e, e.object);
  obj = o?.g;
  if (!subj && obj) subj = infinitiveSubject(v, m.start, obj);
  // "X is assisting Y to destroy Z", "X helped Y retake Z": X takes part too
  const helper = subj && obj ? helperOf(v, m.start, subj, lex) : undefined;
  if (helper && obj && helper !== obj) {
    out.push({ ...base, sources: (e.reverse ? obj : helper).units, targets: (e.reverse ? helper : obj).units, within: [], rule: 'verb' });
  }
  if (obj && USES.has('objects')) {
    const more = treeObjects(v, m.start, e).filter((u) => !obj!.units.includes(u) && !subj?.units.includes(u));
    if (more.length) obj = groupOfUnits(v, [...obj.units, ...more]);
  }
  if (subj && obj) {
    const src = e.reverse ? obj : subj;
    const tgt = e.reverse ? subj : obj;
    out.push({ ...base, sources: src.units, targets: tgt.units, within: [], rule: 'verb' });
    // "X, with Y, attacked Z" is not handled; "A and B clashed with C": each with C
    return out;
  }
  if (subj && !obj && e.mutual && subj.units.length > 1) {
    // "A and B clashed"
    out.push({ ...base, sources: [], targets: [], within: subj.units, rule: 'verb-mutual' });
    return out;
  }
  if (subj && !obj && e.mutual && subj.units.length === 1 && subj.units[0]!.actors.length > 1) {
    out.push({ ...base, sources: [], targets: [], within: subj.units, rule: 'verb-mutual' });
  }
  return out;
}

/** The first actor unit inside a matched phrase (after its first word). */
function innerUnit(v: SentenceView, m: Match): Unit | undefined {
  for (let t = m.start + 1; t < m.end - 1; t++) if (v.unitAt[t]! >= 0 && !isCompoundPart(v.units[v.unitAt[t]!]!)) return v.units[v.unitAt[t]!];
  return undefined;
}

/**
 * The agent of an event noun heading the subject of the verb at t: the clause (the sentence, or what
 * follows a sentence-opening adverbial) opens with a noun phrase whose head is a hostile event noun
 * ("A series of precision U.S. airstrikes", "Coalition strikes") with an actor before it, and no verb
 * stands between that noun and t.
 */
function eventNounSubject(v: SentenceView, t: number, lex: Lexicon): { g: Group; noun: number } | undefined {
  const fe = frontedEnd(v);
  let i = fe >= 0 && fe < t ? fe + 1 : 0;
  while (i < t && QUOTES.has(v.low[i]!)) i++;
  let agent: Group | undefined;
  for (; i < t; i++) {
    const u = v.unitAt[i]!;
    if (u >= 0) {
      agent = v.groupOf[u];
      i = agent!.tokEnd - 1;
      continue;
    }
    const w = v.low[i]!;
    if ((lex.triggersByForm.get(w) ?? []).some((e) => e.pos === 'noun' && e.type === 'FIGHT' && e.role === 'event')) break;
    if (!(DETERMINERS.has(w) || w === 'of' || w === "'s" || /^\p{N}/u.test(w) || /^\p{Ll}+$/u.test(v.raw[i]!) && !AUX.has(w) && !VERBISH.test(w) && !PREPOSITIONS.has(w) && !SUBORD.has(w) && !CLAUSE_BREAK.has(w) && w !== 'and')) return undefined;
  }
  if (i >= t || !agent || agent.tokEnd > i) return undefined;
  const noun = i;
  for (let k = noun + 1; k < t; k++) {
    const w = v.low[k]!;
    if (v.unitAt[k]! >= 0) continue;
    if (w === "'s" && v.unitAt[k - 1]! >= 0) continue;
    if (AUX.has(w) || VERBISH.test(w) && /^\p{Ll}/u.test(v.raw[k]!) || w === ',' || w === ';' || SUBORD.has(w) || CLAUSE_BREAK.has(w) || isVerbForm(w, lex) && !(lex.triggersByForm.get(w) ?? []).some((e) => e.pos === 'noun')) return undefined;
  }
  return { g: agent, noun };
}

/**
 * A to-infinitive opening its clause ("(that) to defeat Z, we would need ..."): the subject is the
 * group right after its object, when an auxiliary or modal follows it.
 */
function infinitiveSubject(v: SentenceView, t: number, obj: Group): Group | undefined {
  let k = t - 1;
  while (k >= 0 && ADVERB_OK.test(v.low[k]!) && v.low[k] !== 'not' && v.low[k] !== 'never') k--;
  if (v.low[k] !== 'to') return undefined;
  if (k > 0 && v.low[k - 1] === 'order' && v.low[k - 2] === 'in') k -= 2;
  const before = k > 0 ? v.low[k - 1]! : '';
  if (k > 0 && before !== 'that' && before !== ',' && !QUOTES.has(before)) return undefined;
  let a = obj.tokEnd;
  if (v.low[a] === ',') a++;
  while (a < v.n && v.unitAt[a]! < 0 && DETERMINERS.has(v.low[a]!)) a++;
  const u = a < v.n ? v.unitAt[a]! : -1;
  if (u < 0) return undefined;
  const g = v.groupOf[u]!;
  return AUX.has(v.low[g.tokEnd] ?? '') || /^('ve|'ll|'d)$/.test(v.low[g.tokEnd] ?? '') ? g : undefined;
}

/** The subject of a verb of helping whose object `subj` is, right before the trigger ("assisting Y to V"). */
function helperOf(v: SentenceView, t: number, subj: Group, lex: Lexicon): Group | undefined {
  let k = t - 1;
  while (k >= 0 && ADVERB_OK.test(v.low[k]!) && v.low[k] !== 'not' && v.low[k] !== 'never') k--;
  if (v.low[k] === 'to') k--;
  if (k < 0 || subj.tokEnd !== k + 1) return undefined;
  let j = subj.tokStart - 1;
  while (j >= 0 && DETERMINERS.has(v.low[j]!)) j--;
  if (j < 0 || v.unitAt[j]! >= 0 || !hasCue(v, j, lex, 'assist')) return undefined;
  const h = subjectGroup(v, j, lex);
  return h && h !== subj && !h.units.some((u) => subj.units.includes(u)) ? h : undefined;
}

/** One group for units the tree put together (their own coordination group when they form one). */
function groupOfUnits(v: SentenceView, units: readonly Unit[]): Group {
  const g = v.groupOf[units[0]!.index]!;
  if (units.every((u) => g.units.includes(u)) && g.units.length === units.length) return g;
  const sorted = [...units].sort((a, b) => a.tokStart - b.tokStart);
  return { index: -1, units: sorted, tokStart: sorted[0]!.tokStart, tokEnd: sorted.at(-1)!.tokEnd };
}

/** Examples in parentheses after the predicate: "(most recently, Z)", "(including Z)", "(e.g. Z)". */
function parenExamples(v: SentenceView, from: number): Group | undefined {
  for (let t = from; t < Math.min(v.n, from + 8); t++) {
    const w = v.low[t]!;
    if (w === '.' || w === ';' || w === ',' && v.low[t + 1] !== '(') return undefined;
    if (w !== '(') continue;
    let k = t + 1;
    if (v.low[k] === 'most' && v.low[k + 1] === 'recently') k += 2;
    else if (v.low[k] === 'e.g.' || v.low[k] === 'including' || v.low[k] === 'notably' || v.low[k] === 'like') k += 1;
    else if (v.low[k] === 'such' && v.low[k + 1] === 'as') k += 2;
    else return undefined;
    if (v.low[k] === ',') k++;
    return v.unitAt[k]! >= 0 ? groupAfter(v, k, 0) : undefined;
  }
  return undefined;
}

/** The noun phrase a reduced relative or participle follows: "groups backed by X". */
function nounBefore(v: SentenceView, t: number): Group | undefined {
  const u = t > 0 ? v.unitAt[t - 1]! : -1;
  return u >= 0 ? v.groupOf[u] : undefined;
}

/** Source of an event noun: possessor, actor written before it, or the subject of its clause. */
function nounSource(v: SentenceView, m: Match, lex: Lexicon): { g: Group; how: RuleClass; agent?: boolean } | undefined {
  let t = m.start - 1;
  // skip adjectives and numbers between the modifier and the noun ("informal", "precision", "23")
  let hops = 0;
  while (t >= 0 && hops < 3 && v.unitAt[t]! < 0 && /^[\p{Ll}\p{N}]/u.test(v.raw[t]!) && !DETERMINERS.has(v.low[t]!) && !PREPOSITIONS.has(v.low[t]!) && !AUX.has(v.low[t]!) && !hasCue(v, t, lex, 'light') && !hasCue(v, t, lex, 'cease') && !hasCue(v, t, lex, 'irrealis')) {
    t--;
    hops++;
  }
  if (t >= 0 && (v.low[t] === "'s" || v.low[t] === "'")) t--;
  const u = t >= 0 ? v.unitAt[t]! : -1;
  if (u >= 0) {
    const unit = v.units[u]!;
    if (!isCompoundPart(unit) || unit.after === "'s") return { g: v.groupOf[u]!, how: 'noun-event' };
  }
  // possessive pronoun handled by coreference units (their, its): covered above when resolved.
  // the agent of the event: "attacks by X on Y", "a raid conducted by X"
  const agent = agentAfter(v, m.end);
  if (agent) return { g: agent, how: 'noun-event', agent: true };
  // an opening phrase ("In support of A, B conducted ...") is said of the main clause's subject,
  // unless it is a clause with a subject of its own ("After A continued to receive fire from B, ...")
  const fronted = frontedSubject(v, m.start);
  if (fronted) {
    const own = subjectGroup(v, m.start, lex, { noun: true });
    if (own && own.tokEnd <= frontedEnd(v) && !isPrepObject(v, own) && !isPossessor(v, own)) return { g: own, how: 'noun-subject' };
    return { g: fronted, how: 'noun-subject' };
  }
  // "taken by X with the aid of Y": the agent of the passive before the adjunct gets the aid
  const byAgent = adjunctBefore(v, m.start) === 'with' ? agentBeforeAdjunct(v, m.start) : undefined;
  if (byAgent) return { g: byAgent, how: 'noun-subject' };
  // the subject of the clause ("X conducted strikes against Y", "X reached a truce with Y");
  // in an adjunct ("X struck Y in support of Z") the subject, not the object, of the clause
  const adjunct = adjunctBefore(v, m.start);
  const g = adjunct ? clauseSubject(v, m.start, lex, { noun: true, adjunct: true }) : subjectGroup(v, m.start, lex, { noun: true });
  // "X were killed by airstrikes in the campaign against Z": the subject of a passive suffers the act
  // (not for a mutual event: "35 jihadists were killed in clashes with X" were a party to the clashes)
  if (g && adjunct && !m.entry.between && passiveBetween(v, g, m.start)) return undefined;
  if (g) return { g, how: 'noun-subject' };
  return undefined;
}

/** The agent of an event noun or passive: "by X" within a few words ("a raid conducted by X"). */
function agentAfter(v: SentenceView, from: number): Group | undefined {
  for (let t = from, hops = 0; t < v.n && hops < 9; t++, hops++) {
    const w = v.low[t]!;
    if (w === ',' || w === ';' || w === '.' || w === ':' || CLAUSE_BREAK.has(w) || (SUBORD.has(w) && w !== 'as')) return undefined;
    if (v.unitAt[t]! >= 0 && !isCompoundPart(v.units[v.unitAt[t]!]!)) {
      // "the bombing of X by Y": an object of "of" may stand between
      let k = t - 1;
      while (k > from && k >= t - 3 && v.unitAt[k]! < 0 && /^\p{L}/u.test(v.raw[k]!) && !PREPOSITIONS.has(v.low[k]!)) k--;
      if (v.low[k] === 'of') {
        t = v.groupOf[v.unitAt[t]!]!.tokEnd - 1;
        continue;
      }
      return undefined;
    }
    if (w === 'by') {
      if (/ing$/.test(v.low[t + 1] ?? '')) return undefined;
      // "a freeze on fighting brokered by X", "a truce backed by X": the agent of another trigger
      // verb's participle is no agent of the event
      if (t > from && /ed$/.test(v.low[t - 1]!) && (lexFor?.triggersByForm.get(v.low[t - 1]!) ?? []).some((e) => e.pos === 'verb' || e.pos === 'compound')) return undefined;
      return groupAfter(v, t + 1, 2);
    }
  }
  return undefined;
}

const OPENERS = new Set(['in', 'with', 'elsewhere', 'during', 'after', 'before', 'since', 'to', 'as', 'for', 'amid', 'following', 'meanwhile', 'additionally', 'separately', 'despite', 'under', 'through', 'without', 'by', 'on', 'at']);

/** The comma closing a sentence-opening adverbial phrase ("In support of A, ..."), or -1. */
function frontedEnd(v: SentenceView): number {
  let i = 0;
  while (i < v.n && QUOTES.has(v.low[i]!)) i++;
  if (!OPENERS.has(v.low[i] ?? '') && !/ing$/.test(v.low[i] ?? '')) return -1;
  for (let t = i + 1; t < v.n; t++) {
    const w = v.low[t]!;
    if (w === ',') {
      const a = v.unitAt[t - 1]!, b = t + 1 < v.n ? v.unitAt[t + 1]! : -1;
      if (a >= 0 && b >= 0 && v.groupOf[a] === v.groupOf[b]) continue;
      // stacked openers: "In the north, with the support of A, B ..."
      if (OPENERS.has(v.low[t + 1] ?? '') && !CONJ_PREP.has(v.low[t + 1]!) && v.low[t + 1] !== 'to') continue;
      return t;
    }
    if (w === ';' || w === ':' || w === '.' || QUOTES.has(w)) return -1;
  }
  return -1;
}

/** For a trigger in a sentence-opening phrase: the subject right after the phrase. */
function frontedSubject(v: SentenceView, t: number): Group | undefined {
  const c = frontedEnd(v);
  if (c < 0 || t >= c) return undefined;
  return groupAfter(v, c + 1, 2);
}

/** Whether the noun at t heads an adjunct phrase ("in support of", "with the help of"). */
function adjunctBefore(v: SentenceView, t: number): string | undefined {
  let k = t - 1;
  while (k >= 0 && (DETERMINERS.has(v.low[k]!) || /^\p{Ll}+$/u.test(v.low[k]!) && !PREPOSITIONS.has(v.low[k]!) && !AUX.has(v.low[k]!) && k >= t - 3 && v.unitAt[k]! < 0 && !/(ed|ing)$/.test(v.low[k]!))) k--;
  const w = k >= 0 ? v.low[k]! : '';
  return w === 'in' || w === 'with' || w === 'for' || w === 'during' || w === 'amid' ? w : undefined;
}

/**
 * A passive of a hostile verb ("were killed", "was attacked") or a by-agent stands between the group
 * and token t (stative participles stay: "were engaged in", "is opposed to").
 */
function passiveBetween(v: SentenceView, g: Group, t: number): boolean {
  const hostile = (w: string): boolean => /(ed|en)$/.test(w) && (lexFor?.triggersByForm.get(w) ?? []).some((e) => e.pos === 'verb' && e.type === 'FIGHT');
  for (let k = g.tokEnd; k + 1 < t; k++) {
    // "killed by airstrikes", "targeted by X" ("backed by X", "committed by X" are no such passive)
    if (v.low[k] === 'by' && k > 0 && hostile(v.low[k - 1]!)) return true;
    if (BE.has(v.low[k]!) && hostile(v.low[k + 1]!) && !/^(in|to|with)$/.test(v.low[k + 2] ?? '')) return true;
  }
  return false;
}

/** For an adjunct noun at t ("with the aid of"): the group right before the adjunct when it follows "by". */
function agentBeforeAdjunct(v: SentenceView, t: number): Group | undefined {
  let k = t - 1;
  while (k >= 0 && v.low[k] !== 'with') k--;
  // ("by X fighters with the aid of": a head noun may follow the name)
  const at = k > 1 && v.unitAt[k - 1]! < 0 && /^\p{Ll}+$/u.test(v.raw[k - 1]!) && !PREPOSITIONS.has(v.low[k - 1]!) ? k - 2 : k - 1;
  const u = at >= 0 ? v.unitAt[at]! : -1;
  if (u < 0) return undefined;
  const g = v.groupOf[u]!;
  let j = g.tokStart - 1;
  // ("by Jordanian 71st Battalion with the aid of ...": a demonym before the agent is its modifier)
  while (j >= 0 && (DETERMINERS.has(v.low[j]!) || v.unitAt[j]! >= 0 && v.units[v.unitAt[j]!]!.kind === 'state' && v.units[v.unitAt[j]!]!.tokEnd - v.units[v.unitAt[j]!]!.tokStart === 1)) j--;
  return v.low[j] === 'by' ? g : undefined;
}

/** The subject of the clause holding t: like `subjectGroup`, but an object before t is passed over. */
function clauseSubject(v: SentenceView, t: number, lex: Lexicon, opts: SubjOpts = {}): Group | undefined {
  const g1 = subjectGroup(v, t, lex, opts);
  if (!g1 || isSubjectLike(v, g1)) return g1;
  const g2 = subjectGroup(v, g1.tokStart, lex);
  return g2 && isSubjectLike(v, g2) ? g2 : g1;
}

function readNoun(v: SentenceView, m: Match, lex: Lexicon, base: Base): Reading[] {
  const e = m.entry;
  if (e.role === 'predicate') return readPredicateNoun(v, m, lex, base);
  const out: Reading[] = [];
  // "the truce between A and B", "cooperation between the two groups"
  if (e.between && v.low[m.end] === 'between') {
    const g = groupAfter(v, m.end + 1, 4);
    if (g && (g.units.length > 1 || g.units[0]!.actors.length > 1)) {
      out.push({ ...base, sources: [], targets: [], within: g.units, rule: 'noun-between' });
      return out;
    }
    // "talks between the government and the opposition": the parties are named, and not here
    return out;
  }
  // "the U.S.-Iraq partnership": two actors in one hyphenated modifier
  if (e.between && m.start > 0) {
    const t = m.start - 1;
    let us = v.units.filter((u) => u.tokStart === t && u.tokEnd === t + 1);
    const b = t >= 0 ? v.unitAt[t]! : -1;
    if (us.length < 2 && b >= 0 && v.units[b]!.before.endsWith('-')) {
      const a = v.units[b]!.tokStart >= 2 ? v.unitAt[v.units[b]!.tokStart - 2]! : -1;
      if (a >= 0) us = [v.units[a]!, v.units[b]!];
    }
    if (us.length > 1) {
      out.push({ ...base, sources: [], targets: [], within: us, rule: 'noun-between' });
      return out;
    }
  }
  // "deliver ISIL a lasting defeat", "gave the rebels support": a light verb's indirect object is the target
  const io = indirectObject(v, m.start, lex);
  if (io) {
    const subj = subjectGroup(v, io.light, lex) ?? frontedSubject(v, io.light);
    if (subj && subj !== io.g) out.push({ ...base, sources: (e.reverse ? io.g : subj).units, targets: (e.reverse ? subj : io.g).units, within: [], rule: 'noun-subject' });
    return out;
  }
  const recip = reciprocalAfter(v, m.end, lex);
  const src = nounSource(v, m, lex);
  if (recip && src && (src.g.units.length > 1 || src.g.units[0]!.actors.length > 1)) {
    out.push({ ...base, sources: [], targets: [], within: src.g.units, rule: 'noun-between' });
    return out;
  }
  const o = objectGroup(v, m.end, e, false, 3) ?? (src?.agent ? objectGroup(v, src.g.tokEnd, e, false, 3) : undefined);
  if (!o || !src) {
    // "A and B reached a truce", "the two groups' alliance": a group holds it among itself
    if (src && !o && e.between && src.g.units.reduce((n, u) => n + u.actors.length, 0) > 1) {
      out.push({ ...base, sources: [], targets: [], within: src.g.units, rule: src.how === 'noun-event' ? 'noun-between' : 'noun-subject' });
    }
    return out;
  }
  let s = src.g, t = o.g;
  // receive-type light verbs: "X received support from Y"
  if (src.how === 'noun-subject' && (lightReverse(v, m.start, lex) || o.prep === 'from')) [s, t] = [t, s];
  // "with the support of X, Y ...": X is the one who gives it
  if (o.prep === 'of' && src.how === 'noun-subject' && adjunctBefore(v, m.start) === 'with') [s, t] = [t, s];
  if (s === t) return out;
  out.push({ ...base, sources: (e.reverse ? t : s).units, targets: (e.reverse ? s : t).units, within: [], rule: src.how });
  return out;
}

/** "LIGHT X (a lasting) NOUN": the group X between a (non-reversed) light verb and the event noun at t. */
function indirectObject(v: SentenceView, t: number, lex: Lexicon): { g: Group; light: number } | undefined {
  let k = t - 1;
  // ("gave the Ivory Coast 5.1 million dollars of aid": an amount may stand before the noun)
  for (let hops = 0; k >= 0 && hops < 6 && v.unitAt[k]! < 0 && (DETERMINERS.has(v.low[k]!) || /^[\d$][\d.,]*$/.test(v.low[k]!) || v.low[k] === 'of' && AMOUNT.test(v.low[k - 1] ?? '') || /^\p{Ll}+$/u.test(v.raw[k]!) && !PREPOSITIONS.has(v.low[k]!) && !AUX.has(v.low[k]!)); hops++) k--;
  if (k === t - 1 || k < 1 || v.unitAt[k]! < 0) return undefined;
  const g = v.groupOf[v.unitAt[k]!]!;
  if (g.tokEnd !== k + 1 || isCompoundPart(g.units[0]!)) return undefined;
  let j = g.tokStart - 1;
  while (j >= 0 && DETERMINERS.has(v.low[j]!)) j--;
  if (j < 0 || v.unitAt[j]! >= 0) return undefined;
  const light = (lex.cuesByForm.get(v.low[j]!) ?? []).some((c) => c.cue === 'light' && !c.reverse && c.words.length === 1 && INDIRECT.test(c.words[0]!));
  return light ? { g, light: j } : undefined;
}
const AMOUNT = /^(dollars|euros|pounds|million|billion|tons|tonnes|worth|[\d$][\d.,]*)$/;
/** Light verbs taking an indirect object ("deliver X a defeat", "give X support"). */
const INDIRECT = /^(deliver|give|hand|deal|offer|provide|inflict)$/;

function lightReverse(v: SentenceView, t: number, lex: Lexicon): boolean {
  for (let i = t - 1; i >= Math.max(0, t - 5); i--) {
    const cs = lex.cuesByForm.get(v.low[i]!) ?? [];
    if (cs.some((c) => c.cue === 'light' && c.reverse)) return true;
    if (v.unitAt[i]! >= 0) return false;
  }
  return false;
}

/** "X, an A affiliate", "X is a member of A", "A commander X", "X, the leader of A". */
function readPredicateNoun(v: SentenceView, m: Match, lex: Lexicon, base: Base): Reading[] {
  const e = m.entry;
  const out: Reading[] = [];
  // the actor of the noun phrase: after one of the prepositions, else the modifier before the noun
  const after = objectGroup(v, m.end, e, false, 2);
  let modifier: Group | undefined;
  {
    let t = m.start - 1, hops = 0;
    while (t >= 0 && hops < 3 && v.unitAt[t]! < 0 && /^[\p{L}\p{N}]/u.test(v.raw[t]!) && !DETERMINERS.has(v.low[t]!) && !PREPOSITIONS.has(v.low[t]!) && !AUX.has(v.low[t]!) && v.low[t] !== 'as') {
      t--;
      hops++;
    }
    if (t >= 0 && (v.low[t] === "'s")) t--;
    const u = t >= 0 ? v.unitAt[t]! : -1;
    if (u >= 0 && !(v.units[u]!.after.length > 1)) modifier = v.groupOf[u];
  }
  const other = after?.g ?? modifier;
  if (!other) {
    // "the two groups, which have presented themselves as partners", "A and B are allies": a plural
    // relational noun said of a subject standing for several actors holds among them
    const w = v.low[m.end - 1]!;
    if (/s$/.test(w) && (e.type === 'ALLY' || e.type === 'FIGHT' || e.type === 'OPPOSE')) {
      let t = m.start - 1;
      while (t >= 0 && t >= m.start - 3 && /^\p{Ll}+$/u.test(v.low[t]!) && !BE.has(v.low[t]!) && v.low[t] !== 'as' && v.unitAt[t]! < 0) t--;
      if (t >= 0 && (BE.has(v.low[t]!) || v.low[t] === 'as' || hasCue(v, t, lex, 'copula'))) {
        // "presented themselves as": the reflexive is its subject
        let k = t - 1;
        if (v.low[t] === 'as' && k >= 0 && /^(themselves|each)$/.test(v.low[k]!)) k--;
        const g = subjectGroup(v, k + 1, lex);
        if (g && g.units.reduce((n, u) => n + u.actors.length, 0) > 1) out.push({ ...base, sources: [], targets: [], within: g.units, rule: 'predicate-copula' });
      }
    }
    return out;
  }
  // the one it is said of
  let holder: Group | undefined;
  let rule: RuleClass = 'predicate-appos';
  const r = regionOf(v, m.start);
  const reg = r >= 0 ? v.regions[r] : undefined;
  if (reg && reg.kind === 'appos' && reg.anchor && reg.anchor !== other) {
    // an appositive is said of the noun phrase right before it, not of the whole coordination
    const last = reg.anchor.units.at(-1)!;
    holder = { ...reg.anchor, units: [last], tokStart: last.tokStart };
  }
  if (!holder) {
    // "X flies missions as part of Y", "X was announced as one of its groups": said of the clause subject
    let k = m.start - 1;
    while (k >= 0 && k >= m.start - 4 && v.unitAt[k]! < 0 && v.low[k] !== 'as' && /^[\p{Ll}]/u.test(v.raw[k]!) && !PREPOSITIONS.has(v.low[k]!) || v.low[k] === 'of' && v.low[k - 1] === 'one') k--;
    if (v.low[k] === 'as' && v.low[k - 1] !== 'such' && v.low[k - 1] !== 'well') {
      const g = subjectGroup(v, k, lex);
      if (g && g !== other && !g.units.some((u) => other.units.includes(u))) {
        // "..., along with A, B and C": they are too
        let end = other.tokEnd;
        if (v.low[end] === ',') end++;
        const along = v.low[end] === 'along' && v.low[end + 1] === 'with' ? groupAfter(v, end + 2, 1) : undefined;
        holder = along ? { ...g, index: -1, units: [...g.units, ...along.units] } : g;
        rule = 'predicate-copula';
      }
    }
  }
  if (!holder && modifier && !after) {
    // title: "A commander X" — the unit right after the noun
    const u = v.unitAt[m.end];
    if (u !== undefined && u >= 0) {
      holder = v.groupOf[u];
      rule = 'predicate-title';
    }
  }
  if (!holder && after && modifier === undefined) {
    // "X, the leader of A" handled by the appositive; "leader of A X"? rare. Title after: "commander of A, X"
  }
  if (!holder) {
    // an object complement after a verb of naming: "appointed X the lead (Syrian) commander for A"
    let t = m.start - 1, hops = 0;
    while (t >= 0 && hops < 4 && !ARTICLE.test(v.low[t]!) && (v.unitAt[t]! < 0 ? /^\p{Ll}+$/u.test(v.raw[t]!) && !PREPOSITIONS.has(v.low[t]!) && !AUX.has(v.low[t]!) : v.units[v.unitAt[t]!]!.kind === 'state' && v.units[v.unitAt[t]!]!.tokEnd - v.units[v.unitAt[t]!]!.tokStart === 1)) {
      t--;
      hops++;
    }
    const u = t >= 1 && ARTICLE.test(v.low[t]!) ? v.unitAt[t - 1]! : -1;
    if (u >= 0) {
      const g = v.groupOf[u]!;
      if (g.tokEnd === t && g !== other && NAMING.test(v.low[g.tokStart - 1] ?? '')) {
        holder = g;
        rule = 'predicate-appos';
      }
    }
  }
  if (!holder) {
    // copula: "X is (now) a member of A", "X became an affiliate of A"
    let t = m.start - 1, hops = 0;
    while (t >= 0 && hops < 5 && !BE.has(v.low[t]!) && !hasCue(v, t, lex, 'copula') && v.unitAt[t]! < 0) {
      t--;
      hops++;
    }
    if (t >= 0 && (BE.has(v.low[t]!) || hasCue(v, t, lex, 'copula'))) {
      const g = subjectGroup(v, t, lex);
      if (g && g !== other) {
        holder = g;
        rule = 'predicate-copula';
      }
    }
  }
  if (!holder || holder === other) return out;
  const src = e.reverse ? other : holder;
  const tgt = e.reverse ? holder : other;
  out.push({ ...base, sources: src.units, targets: tgt.units, within: [], rule });
  return out;
}

function readAdjective(v: SentenceView, m: Match, lex: Lexicon, base: Base): Reading[] {
  const e = m.entry;
  const o = objectGroup(v, m.end, e, false, 1);
  if (!o || !o.prep) return [];
  // "forces loyal to X": the noun phrase right before; else the clause subject ("X is allied with Y")
  const g = nounBefore(v, m.start) ?? subjectGroup(v, m.start, lex);
  if (!g) return [];
  return [{ ...base, sources: (e.reverse ? o.g : g).units, targets: (e.reverse ? g : o.g).units, within: [], rule: 'adjective' }];
}

// ---------------------------------------------------------------------------------------------
// Compounds: "U.S.-backed rebels", "anti-Assad groups"

function readCompounds(v: SentenceView, lex: Lexicon): Reading[] {
  const out: Reading[] = [];
  for (const u of v.units) {
    if (u.after.length > 1 && /^[-\u2010\u2011]/.test(u.after)) {
      const suffix = u.after.slice(1).toLowerCase();
      const es = lex.compounds.get(suffix);
      if (!es?.length) continue;
      const e = es[0]!;
      const tok = u.afterTok - 1;
      // the modified noun phrase: a unit right after, or examples of a generic head
      const tgt = groupAfter(v, tok + 1, 3) ?? exampleGroup(v, tok + 1);
      // a generic head with a relative clause or nothing: the head itself may be a coref/candidate unit
      if (!tgt) continue;
      const modality = modalityOf(v, tok, lex);
      const backer: Group = v.groupOf[u.index]!;
      out.push({
        entry: e,
        tokStart: tok,
        tokEnd: tok + 1,
        sources: (e.reverse ? tgt : backer).units,
        targets: (e.reverse ? backer : tgt).units,
        within: [],
        modality: modality === 'negated' ? 'negated' : 'realis',
        rule: 'compound',
        fromTree: false,
      });
    }
    if (u.before.length > 1 && /[-\u2010\u2011]$/.test(u.before)) {
      const prefix = u.before.slice(0, -1).toLowerCase();
      const es = lex.prefixes.get(prefix);
      if (!es?.length) continue;
      const e = es[0]!;
      const tok = u.tokStart;
      const head = groupAfter(v, u.tokEnd, 2);
      if (!head) continue;
      out.push({ entry: e, tokStart: tok, tokEnd: tok + 1, sources: head.units, targets: [u], within: [], modality: 'realis', rule: 'prefix', fromTree: false });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Readings carried by the shape of the noun phrase, not by a lexicon trigger:
//  - a people noun heading a mention + of / from / with / in + an organisation: "Some members of A",
//    "Airmen from A", "Soldiers visiting from A", "militants, deployed from A" → MEMBER_OF;
//  - military units in apposition, smaller before larger: "2nd Battalion, 5th Special Forces Group".

/** Echelons of military units: a unit of a lower rank written before a higher one belongs to it. */
const ECHELON: Readonly<Record<string, number>> = {
  team: 1, squad: 1, section: 2, platoon: 2, detachment: 3, company: 3, battery: 3, troop: 3, flight: 3,
  battalion: 4, squadron: 4, regiment: 5, group: 5, wing: 5, brigade: 5, division: 6, corps: 7, command: 8, fleet: 8,
};

const ECHELONS = new Map(Object.entries(ECHELON));
const PROTO_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));
/**
 * `ECHELON[w]`, exactly (a word such as "constructor" reads the object's prototype).
 * NOTE: a Map lookup; indexing an object with a fresh string interns the string first.
 */
const echelonAt = (w: string): number | undefined => ECHELONS.get(w) ?? (PROTO_KEYS.has(w) ? ECHELON[w] : undefined);

function echelonOf(u: Unit, v: SentenceView): number {
  const w = v.low[u.tokEnd - 1]!;
  const e = echelonAt(w) ?? echelonAt(w.endsWith('s') ? w.slice(0, -1) : w);
  // a unit name: capitalised head ("3rd Battalion", "Abel Battery")
  return e !== undefined && /^\p{Lu}/u.test(v.raw[u.tokEnd - 1]!) ? e : 0;
}

const STRUCTURAL = (type: TriggerEntry['type'], phrase: string): TriggerEntry => ({
  kind: 'trigger', phrase, words: [phrase], pos: 'noun', type, reverse: false, object: false, preps: [], mutual: false,
  between: false, role: 'predicate', complement: [], confidence: undefined, file: '(reader)', index: 0,
});
const MEMBER_PP = STRUCTURAL('MEMBER_OF', '(people noun) of/from');
const UNIT_APPOS = STRUCTURAL('MEMBER_OF', '(unit), (larger unit)');
const AGAINST_PP = STRUCTURAL('OPPOSE', '(clause) against');
const WITHIN = STRUCTURAL('MEMBER_OF', '(actor) within');
const EXAMPLES = STRUCTURAL('MEMBER_OF', '(group), especially / such as');
const SUPPORTED_SIDE = STRUCTURAL('OPPOSE', '(hostile act) in support of');
const CO_AGENT = STRUCTURAL('ALLY', '(actor), together with (actor), (verb)');

function readStructural(v: SentenceView, lex: Lexicon, matches: readonly Match[]): Reading[] {
  const out: Reading[] = [];
  const base = (t: number, entry: TriggerEntry) => ({ entry, tokStart: t, tokEnd: t + 1, modality: modalityOf(v, t, lex), fromTree: false });
  for (const u0 of v.units) {
    if (isCompoundPart(u0)) continue;
    const head = v.low[u0.tokEnd - 1]!;
    const people = lex.memberNouns.has(head) && /^\p{L}/u.test(head);
    // a co-reference unit with a noun head ("our coalition partners, especially X") may have examples; a pronoun not
    const named = u0.via !== 'coreference' || (/^\p{L}+$/u.test(head) && !PRONOUN.test(head));
    if (u0.via === 'coreference' && !people && !named) continue;
    // "militants from ISIL" resolved to ISIL by co-reference: the phrase itself is the member
    const u: Unit = u0.via === 'coreference' && u0.actors.length === 1 ? { ...u0, actors: [candidateId(u0.text)], candidate: true, name: u0.text, via: 'candidate' } : u0;
    // X within Y: "Turkey within NATO", "factions within the opposition"
    if ((v.low[u.tokEnd] === 'within' || v.low[u.tokEnd] === 'inside') && u0.via !== 'coreference') {
      const g = groupAfter(v, u.tokEnd + 1, 1);
      if (g && g.units.every((x) => x.kind !== 'state' && x !== u)) out.push({ ...base(u.tokEnd, WITHIN), modality: 'realis', sources: [u], targets: g.units, within: [], rule: 'member-pp' });
    }
    // "A, especially B and C", "groups such as B": B is one of A
    {
      let t = u.tokEnd;
      // "Syrian Democratic Forces (SDF), primarily Arab forces": past an acronym in parentheses
      if (v.low[t] === ')' && v.low[t + 1] === ',') t++;
      if (v.low[t] === ',') t++;
      const ex = exampleStart(v, t);
      // "A, mainly B": a composition adverb says what an organisation is made of, whatever its number
      const composition = COMPOSITION.test(v.low[t] ?? '') && u0.kind !== undefined && u0.kind !== 'state' && u0.kind !== 'person';
      const plural = /s$/.test(head) || lex.generics.has(head) || u.plural || composition;
      if (ex > 0 && plural && v.low[t] !== 'including' && named) {
        const g = groupAfter(v, ex, 1);
        if (g && !g.units.includes(u)) out.push({ ...base(t, EXAMPLES), modality: 'realis', sources: g.units, targets: [u0.via === 'coreference' ? u0 : u], within: [], rule: 'member-pp' });
      }
    }
    // people noun + preposition + organisation
    if (people) {
      let t = u.tokEnd;
      if (v.low[t] === ',') t++;
      if (t < v.n && /(ed|ing)$/.test(v.low[t]!) && v.unitAt[t]! < 0) t++;
      const p = v.low[t];
      if ((p === 'of' || p === 'from' || p === 'with' || p === 'in') && !(t > u.tokEnd && p === 'of')) {
        const g = groupAfter(v, t + 1, 2);
        if (g && g.units.every((x) => x.kind !== 'state' && x !== u) && !hasCue(v, t + 1, lex, 'example')) {
          const m = base(u.tokEnd - 1, MEMBER_PP);
          if (m.modality !== 'negated') out.push({ ...m, modality: 'realis', sources: [u], targets: g.units, within: [], rule: 'member-pp' });
        }
      }
    }
    // unit, larger unit
    const e1 = echelonOf(u, v);
    if (e1 > 0 && v.low[u.tokEnd] === ',' || e1 > 0 && v.low[u.tokEnd] === 'of') {
      const nu = u.tokEnd + 1 < v.n ? v.unitAt[u.tokEnd + 1 + (DETERMINERS.has(v.low[u.tokEnd + 1]!) ? 1 : 0)]! : -1;
      if (nu >= 0) {
        const w = v.units[nu]!;
        const e2 = echelonOf(w, v);
        if (e2 > e1) out.push({ ...base(u.tokEnd, UNIT_APPOS), modality: 'realis', sources: [u], targets: [w], within: [], rule: 'unit-appos' });
      }
    }
  }
  // "X, together with Y, VERB ...": co-agents act as allies (X and Y may form one coordination group)
  const verbAfter = (g: Group): boolean => {
    let e = g.tokEnd;
    if (v.low[e] === ',') e++;
    const next = v.low[e] ?? '';
    return AUX.has(next) && next !== 'to' || /^\p{Ll}+(ed|s)$/u.test(next) && isVerbForm(next.replace(/(ed|d|s)$/, ''), lex);
  };
  const coAgent = (t: number, units: readonly Unit[]): void => {
    // "together with our partners": a possessive pronoun right before a name is its determiner
    const within = units.filter((u) => !(POSSESSIVE_PRONOUN.test(v.low[u.tokStart]!) && u.tokEnd - u.tokStart === 1 && v.unitAt[u.tokEnd]! >= 0));
    const m = base(t, CO_AGENT);
    if (m.modality !== 'negated' && within.length > 1) out.push({ ...m, modality: 'realis', sources: [], targets: [], within, rule: 'co-agent' });
  };
  for (const g of v.groups) {
    for (let k = 1; k < g.units.length; k++) {
      const a = g.units[k - 1]!, b = g.units[k]!;
      const sep = v.low.slice(a.tokEnd, b.tokStart).filter((w) => !DETERMINERS.has(w) && w !== ',').join(' ');
      if ((sep === 'together with' || sep === 'alongside') && verbAfter(g)) coAgent(a.tokEnd, g.units.slice(0, k + 1));
    }
    let t = g.tokStart - 1;
    while (t >= 0 && DETERMINERS.has(v.low[t]!)) t--;
    if (!(v.low[t] === 'with' && v.low[t - 1] === 'together' || v.low[t] === 'alongside')) continue;
    const co = coAgents(v, g);
    if (co && co.units.length > g.units.length && verbAfter(g)) coAgent(t, co.units);
  }
  // "X ... against Y" where no trigger reads Y: a hostile stance of the clause's subject
  for (let t = 0; t < v.n; t++) {
    if (v.low[t] !== 'against') continue;
    if (matches.some((m) => m.start < t && t - m.end <= 4 && m.entry.preps.some((p) => p[0] === 'against'))) continue;
    if (/ing$/.test(v.low[t + 1] ?? '')) continue;
    const g = groupAfter(v, t + 1, 3);
    if (!g || isCompoundPart(g.units[0]!)) continue;
    const s = frontedSubject(v, t) ?? clauseSubject(v, t, lex);
    if (!s || s === g) continue;
    // "civilians were killed by airstrikes ... against IS": the subject of a passive suffers the act
    if (passiveBetween(v, s, t)) continue;
    const m = base(t, AGAINST_PP);
    if (m.modality === 'negated') continue;
    out.push({ ...m, sources: s.units, targets: g.units, within: [], rule: 'against-pp' });
  }
  return out;
}

/**
 * "X conducted strikes against Z in support of Y", "X will strike Z in support of Y": the side X
 * supports in its hostile act stands against Z too. Read from the sentence's own readings: a
 * SUPPORT reading made in an "in support of" adjunct and a hostile reading with the same source.
 */
function supportedSides(v: SentenceView, readings: readonly Reading[]): Reading[] {
  const out: Reading[] = [];
  for (const s of readings) {
    if (s.entry.type !== 'SUPPORT' || s.entry.pos !== 'noun' || s.modality === 'negated' || adjunctBefore(v, s.tokStart) !== 'in') continue;
    for (const h of readings) {
      if ((h.entry.type !== 'FIGHT' && h.entry.type !== 'OPPOSE') || h.modality === 'negated' || h.within.length) continue;
      if (!h.sources.some((u) => s.sources.includes(u))) continue;
      const targets = h.targets.filter((z) => !s.targets.includes(z) && !z.actors.some((a) => s.targets.some((y) => y.actors.includes(a))));
      if (!targets.length) continue;
      out.push({ entry: SUPPORTED_SIDE, tokStart: s.tokStart, tokEnd: s.tokEnd, sources: s.targets, targets, within: [], modality: h.modality === 'irrealis' ? 'irrealis' : 'realis', rule: 'supported-side', fromTree: false });
    }
  }
  return out;
}

export { isPossessor, isPrepObject };
