/**
 * The relation stage: parsed (or only tokenised) sentences with their actor mentions and time
 * expressions → the relations of spec/relations.md, one record per relation read in a sentence.
 *
 *   view (units, coordination, insertions) → reader (triggers of the lexicon + arguments, from the
 *   dependency tree when there is one, from the surface otherwise) → modality (negation drops a
 *   reading, intent turns combat into OPPOSE, stopping turns hostility into TRUCE) → pairs
 *   (coordination distributes, reciprocals and "between" pair up a group) → time → confidence.
 */
import type { Stage, WorkingDoc } from '../pipeline/stage.js';
import type { TimeMention } from '../time/index.js';
import { POLARITY, STANDING_TYPES, SYMMETRIC_TYPES, type Actor, type Relation, type RelationType, type Sentence, type TimeSpan, type TokenTable } from '../types.js';
import { loadLexicon, type Lexicon } from './lexicon.js';
import { readSentence, type Reading, type RuleClass } from './reader.js';
import { buildView, type SentenceView, type Unit } from './view.js';

export { loadLexicon, parseLexiconText, buildLexicon, type Lexicon } from './lexicon.js';
export type { Reading, RuleClass } from './reader.js';

export interface RelationStageOptions {
  /** The actor dictionary. */
  readonly getActor: (id: string) => Actor | undefined;
  /** A lexicon to use instead of the built-in one (+ `userLexicons`). */
  readonly lexicon?: Lexicon;
  /** User lexicon files layered over the built-in lexicon. */
  readonly userLexicons?: readonly string[];
  /** Read relations whose ends are NER candidates not in the dictionary (default true). */
  readonly candidates?: boolean;
  /** Drop relations below this confidence (default 0). */
  readonly minConfidence?: number;
}

/**
 * Confidence of a reading by how it was made: the share of such readings that were right on the
 * development data (re3d-dev strict + the seed article; docs/relations.md). Multiplied by the
 * entry's own `confidence` (relative to 0.8) and by the factors below.
 */
export const RULE_CONFIDENCE: Readonly<Record<RuleClass, number>> = {
  verb: 0.6,
  'verb-passive': 0.45,
  'verb-relcl': 0.7,
  'verb-mutual': 0.8,
  'verb-complement': 0.75,
  'noun-between': 0.7,
  'noun-event': 0.75,
  'noun-subject': 0.6,
  'predicate-appos': 0.7,
  'predicate-copula': 0.7,
  'predicate-title': 0.45,
  compound: 0.75,
  prefix: 0.55,
  adjective: 0.6,
  'member-pp': 0.65,
  'unit-appos': 0.65,
  'against-pp': 0.4,
  'supported-side': 0.55,
  'co-agent': 0.5,
};
const F_COREF = 0.85;
const F_CANDIDATE = 0.85;
const F_IRREALIS = 0.85;
const F_TREE = 1.1;
/** FAULTLINE_DEBUG_RULES=1 adds `rule` and `entry` to every relation (for calibration). */
const DEBUG_RULES = process.env.FAULTLINE_DEBUG_RULES === '1';

export function relationStage(options: RelationStageOptions): Stage {
  let lexicon = options.lexicon;
  return {
    name: 'relations',
    needs: ['sentences', 'tokens', 'mentions', 'syntax', 'times'],
    adds: ['relations'],
    run(doc: WorkingDoc) {
      lexicon ??= loadLexicon({ extraFiles: options.userLexicons ?? [] });
      doc.relations = extractRelations(doc, lexicon, options);
    },
  };
}

/** All relations of one working document. */
export function extractRelations(doc: WorkingDoc, lexicon: Lexicon, options: RelationStageOptions): Relation[] {
  const { article } = doc;
  const sentences = doc.sentences ?? [];
  const tokens = doc.tokens!;
  const mentions = doc.mentions ?? [];
  const out: Relation[] = [];
  const bySentence = new Map<number, typeof mentions[number][]>();
  for (const m of mentions) {
    const a = bySentence.get(m.sentence);
    if (a) a.push(m);
    else bySentence.set(m.sentence, [m]);
  }
  for (const whole of sentences) {
    const all = bySentence.get(whole.index);
    if (!all || all.length === 0) continue;
    for (const s of linesOf(whole, tokens, article.text)) {
      const ms = s === whole ? all : all.filter((m) => m.start >= s.start && m.end <= s.end);
      if (ms.length === 0) continue;
      // NOTE: one mention standing for one actor gives the view at most one unit of one actor, and a
      // relation needs two different actors (`toRelations` drops a pair of one actor): nothing to read
      if (ms.length === 1 && (ms[0]!.group?.length ?? 0) <= 1 && !ms[0]!.text.includes(',')) continue;
      const view = buildView({
        text: article.text,
        sentence: s,
        tokens,
        mentions: ms,
        syntax: s === whole ? doc.syntax?.[s.index] : undefined,
        getActor: options.getActor,
        candidates: options.candidates ?? true,
        generics: lexicon.generics,
        lower: doc.lower,
      });
      if (view.units.length === 0) continue;
      const readings = readSentence(view, { lexicon });
      const times = (doc.times?.[s.index] ?? []).filter((t) => s === whole || (t.start >= s.start && t.end <= s.end));
      const seen = new Map<string, number>();
      for (const r of readings) {
        for (const rel of toRelations(view, r, times, article.id, article.date, options, whole)) {
          if (options.minConfidence && rel.confidence < options.minConfidence) continue;
          const key = `${rel.type}|${rel.source.actor}|${rel.source.start}|${rel.target.actor}|${rel.target.start}`;
          const altKey = `${rel.type}|${rel.target.actor}|${rel.target.start}|${rel.source.actor}|${rel.source.start}`;
          const prev = seen.get(key) ?? (SYMMETRIC_TYPES.has(rel.type) ? seen.get(altKey) : undefined);
          if (prev !== undefined) {
            if (out[prev]!.confidence < rel.confidence) out[prev] = rel;
            continue;
          }
          seen.set(key, out.length);
          out.push(rel);
        }
      }
    }
  }
  return out;
}

/**
 * A sentence split at its line breaks: a headline or list line with no final stop runs into the
 * next line in the segmenter's sentences ("Raqqa in Next Isolation Phase\nElsewhere in ..."), but
 * a line break ends a sentence for reading. The sentence itself when it has none.
 */
function linesOf(s: Sentence, tokens: TokenTable, text: string): Sentence[] {
  let out: Sentence[] | undefined;
  let from = s.tokenStart;
  for (let t = s.tokenStart + 1; t < s.tokenEnd; t++) {
    // a line break in the gap between the two tokens (the gap only: scanning back through the whole
    // text for the last line break made this quadratic in the article's length)
    let brk = false;
    for (let k = tokens.end[t - 1]!, e = tokens.start[t]!; k < e; k++) {
      if (text.charCodeAt(k) === 10) {
        brk = true;
        break;
      }
    }
    if (!brk) continue;
    (out ??= []).push({ index: s.index, start: tokens.start[from]!, end: tokens.end[t - 1]!, tokenStart: from, tokenEnd: t });
    from = t;
  }
  if (!out) return [s];
  out.push({ index: s.index, start: tokens.start[from]!, end: s.end, tokenStart: from, tokenEnd: s.tokenEnd });
  return out;
}

/** The type a reading gives once its modality is taken into account (undefined: none). */
export function typeUnder(type: RelationType, modality: Reading['modality']): RelationType | undefined {
  switch (modality) {
    case 'negated':
      return undefined;
    case 'ceased':
      if (type === 'FIGHT' || type === 'OPPOSE') return 'TRUCE';
      if (type === 'ALLY' || type === 'SUPPORT' || type === 'MEMBER_OF' || type === 'AFFILIATE_OF') return 'SPLIT';
      return undefined;
    case 'irrealis':
      if (type === 'FIGHT' || type === 'SPLIT') return 'OPPOSE';
      return type;
    default:
      return type;
  }
}

function toRelations(v: SentenceView, r: Reading, times: readonly TimeMention[], docId: string, date: string, options: RelationStageOptions, whole: Sentence): Relation[] {
  const type = typeUnder(r.entry.type, r.modality);
  if (!type) return [];
  const pairs: [Unit, string, Unit, string][] = [];
  if (r.within.length) {
    // every pair within the group (a unit standing for several actors pairs them up too)
    const ends: [Unit, string][] = [];
    for (const u of r.within) for (const a of u.actors) ends.push([u, a]);
    for (let i = 0; i < ends.length; i++) for (let j = i + 1; j < ends.length; j++) pairs.push([ends[i]![0], ends[i]![1], ends[j]![0], ends[j]![1]]);
  } else {
    for (const s of r.sources) for (const a of s.actors) for (const t of r.targets) for (const b of t.actors) pairs.push([s, a, t, b]);
  }
  const out: Relation[] = [];
  const time = timeOf(v, r, type, times, date);
  // the evidence is the segmenter's sentence, also when it was read line by line
  const sentence = { index: whole.index, start: whole.start, end: whole.end, text: v.text.slice(whole.start, whole.end) };
  for (const [su, sa, tu, ta] of pairs) {
    if (sa === ta || su === tu && sa === ta) continue;
    const A = options.getActor(sa), B = options.getActor(ta);
    // reporters are never parties; a person may still be a member of a think tank or agency
    const membership = type === 'MEMBER_OF' && r.rule.startsWith('predicate');
    if (A?.reporter) continue;
    if (B?.reporter && !membership) continue;
    if (su.candidate && tu.candidate && options.candidates === false) continue;
    let c = RULE_CONFIDENCE[r.rule] * Math.min(1.15, (r.entry.confidence ?? 0.8) / 0.8);
    if (su.via === 'coreference' || tu.via === 'coreference') c *= F_COREF;
    if (su.candidate || tu.candidate) c *= F_CANDIDATE;
    if (r.modality === 'irrealis') c *= F_IRREALIS;
    if (r.fromTree) c *= F_TREE;
    const rel: Relation = {
      doc: docId,
      date,
      type,
      polarity: POLARITY[type],
      source: { actor: sa, name: A?.name ?? su.name, text: su.text, start: su.start, end: su.end },
      target: { actor: ta, name: B?.name ?? tu.name, text: tu.text, start: tu.start, end: tu.end },
      time,
      sentence,
      confidence: Math.round(Math.max(0.05, Math.min(0.99, c)) * 100) / 100,
    };
    // calibration runs (docs/relations.md) need to know how each relation was read
    if (DEBUG_RULES) Object.assign(rel, { rule: r.rule, entry: r.entry.phrase });
    out.push(rel);
  }
  return out;
}

const TIME_BREAK = new Set([';', 'but', 'whereas', 'although', 'though', 'while', '—', '–', '(', ')']);

/** The time expression governing the trigger: nearest in its clause, else one opening the sentence. */
function timeOf(v: SentenceView, r: Reading, type: RelationType, times: readonly TimeMention[], date: string): TimeSpan {
  const none: TimeSpan = { start: date, end: date, text: null };
  if (times.length === 0) return none;
  const tokOf = (off: number): number => {
    let k = 0;
    while (k < v.n && v.end[k]! <= off) k++;
    return k;
  };
  const standing = STANDING_TYPES.has(type);
  let best: { d: number; t: TimeMention } | undefined;
  for (const t of times) {
    const a = tokOf(t.start), b = tokOf(t.end - 1) + 1;
    const lo = Math.min(b, r.tokStart), hi = Math.max(a, r.tokEnd);
    let broken = false;
    for (let k = lo; k < hi; k++) if (TIME_BREAK.has(v.low[k]!)) broken = true;
    // regions (appositives, relative clauses) do not share their time with the main clause
    const rt = v.regionAt[a]!, rr = v.regionAt[r.tokStart]!;
    if (rt !== rr && rt >= 0) broken = true;
    const opening = a <= 1;
    const d = hi - lo;
    if (broken && !opening) continue;
    if (standing && (d > 8 || broken)) continue;
    const score = broken ? d + 100 : d;
    if (!best || score < best.d) best = { d: score, t };
  }
  return best ? best.t.span : none;
}

/** Whether relation reading uses the tagger/parser output (see docs/relations.md for the measurements). */
export { READS_SYNTAX } from './reader.js';
