/**
 * Scores extracted relations against a set annotated with mention spans (`gold.jsonl` next to an
 * `articles.jsonl`, as ../shared/eval/re3d-dev), by the matching rules of shared/eval/README.md:
 *
 *   strict  — both ends of the system relation overlap the gold ends' character spans (in either
 *             order when the gold relation is undirected) and the relation's class is the gold one;
 *   lenient — a strict match, or: the system relation is read in the gold relation's sentence and
 *             its ends' words equal (or contain, or are contained in) the gold ends' words once
 *             normalised (`spanKey`).
 *
 * Classes: hostile = FIGHT, OPPOSE; positive = ALLY, TRUCE, SUPPORT, ENGAGE, MEDIATE, AFFILIATE_OF;
 * membership = MEMBER_OF, AFFILIATE_OF (the first listed class of a type is the one a wrong relation
 * is counted against). Recall counts gold relations found; precision counts system relations that
 * match a gold relation of their class. A system relation that matches only gold marked `ignore`
 * counts neither way. Figures per class, micro over all, and per document tag ("source:CENTCOM").
 */
import { readFileSync } from 'node:fs';
import type { Relation, RelationType } from '../types.js';

export const SPAN_CLASSES = ['hostile', 'positive', 'membership', 'split'] as const;
export type SpanClass = (typeof SPAN_CLASSES)[number];

/** Relation type → the classes it can match, the first being the one it is charged to when wrong. */
export const CLASSES_OF: Readonly<Record<RelationType, readonly SpanClass[]>> = {
  FIGHT: ['hostile'],
  OPPOSE: ['hostile'],
  ALLY: ['positive'],
  TRUCE: ['positive'],
  SUPPORT: ['positive'],
  ENGAGE: ['positive'],
  MEDIATE: ['positive'],
  AFFILIATE_OF: ['membership', 'positive'],
  MEMBER_OF: ['membership'],
  SPLIT: ['split'],
  ORIGIN: [],
};

export interface SpanEnd {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}
export interface SpanGoldRelation {
  readonly class: SpanClass;
  readonly directed: boolean;
  readonly source: SpanEnd;
  readonly target: SpanEnd;
  /** Index of the sentence in the document's `sentences`. */
  readonly sentence: number;
  readonly ignore?: boolean;
}
export interface SpanGoldDoc {
  readonly doc: string;
  readonly tags?: readonly string[];
  readonly sentences: readonly (readonly [number, number])[];
  readonly relations: readonly SpanGoldRelation[];
}

/** Reads a `gold.jsonl` (one document per line). */
export function readSpanGold(path: string): SpanGoldDoc[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SpanGoldDoc);
}

/** Counts of one class (or of all, for micro figures). */
export interface ClassCount {
  readonly gold: number;
  readonly goldFound: number;
  readonly system: number;
  readonly systemRight: number;
}
export interface ClassFigures extends ClassCount {
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
}
export interface MatchFigures {
  /** Per annotated class, then `micro`. */
  readonly classes: Readonly<Record<string, ClassFigures>>;
  /** System relations of a type no annotated class covers (counted as wrong in micro precision). */
  readonly systemOtherClass: number;
  /** System relations matching only gold marked `ignore` (not counted). */
  readonly ignored: number;
}
export interface SpanScore {
  readonly documents: number;
  readonly systemRelations: number;
  readonly strict: MatchFigures;
  readonly lenient: MatchFigures;
  /** Micro figures per document tag. */
  readonly byTag: Readonly<Record<string, { strict: ClassFigures; lenient: ClassFigures }>>;
}

/**
 * Words of a mention for lenient matching: lower case, no diacritics, possessive "'s" and
 * apostrophes dropped, dots inside abbreviations dropped ("U.S." = "US"), other punctuation a word
 * break, and the words "the", "al", "el" left out ("al-Nusra" = "Nusra").
 */
export function spanKey(s: string): string[] {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`´ʼʿʾ]s\b/g, '')
    .replace(/['’‘`´ʼʿʾ]/g, '')
    .replace(/(?<=[\p{L}\p{N}_])\.(?=[\p{L}\p{N}_])/gu, '')
    .replace(/[^\p{L}\p{N}\s]|_/gu, ' ')
    .split(/\s+/)
    .filter((w) => w && w !== 'the' && w !== 'al' && w !== 'el');
}

/** Whether the word list `needle` occurs contiguously in `hay`. */
function within(hay: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > hay.length) return false;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

function sameWords(end: Relation['source'], gold: SpanEnd): boolean {
  const g = spanKey(gold.text);
  if (!g.length) return false;
  return [end.text, end.name].some((x) => {
    const k = spanKey(x ?? '');
    return k.length > 0 && (within(k, g) || within(g, k));
  });
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

/** The gold sentences a system relation was read in (its sentence span, else where its ends are). */
function sentencesOf(rel: Relation, sentences: SpanGoldDoc['sentences']): Set<number> {
  const out = new Set<number>();
  sentences.forEach(([a, b], i) => {
    if (rel.sentence.start < b && a < rel.sentence.end) out.add(i);
  });
  if (out.size === 0) {
    for (const p of [rel.source.start, rel.target.start]) sentences.forEach(([a, b], i) => p >= a && p < b && out.add(i));
  }
  return out;
}

class Tally {
  gold = new Map<string, number>();
  found = new Map<string, number>();
  right = new Map<string, number>();
  wrong = new Map<string, number>();
  ignored = 0;
  add(map: Map<string, number>, k: string, n = 1): void {
    map.set(k, (map.get(k) ?? 0) + n);
  }
  merge(o: Tally): void {
    for (const f of ['gold', 'found', 'right', 'wrong'] as const) for (const [k, n] of o[f]) this.add(this[f], k, n);
    this.ignored += o.ignored;
  }
  figures(classes: readonly string[]): MatchFigures {
    const fig = (c: ClassCount): ClassFigures => {
      const precision = c.system ? c.systemRight / c.system : null;
      const recall = c.gold ? c.goldFound / c.gold : null;
      const f1 = recall === null ? null : precision && recall ? (2 * precision * recall) / (precision + recall) : 0;
      return { ...c, precision, recall, f1 };
    };
    const get = (m: Map<string, number>, k: string): number => m.get(k) ?? 0;
    const out: Record<string, ClassFigures> = {};
    let g = 0, f = 0, s = 0, r = 0;
    for (const c of classes) {
      const cc = { gold: get(this.gold, c), goldFound: get(this.found, c), system: get(this.right, c) + get(this.wrong, c), systemRight: get(this.right, c) };
      out[c] = fig(cc);
      g += cc.gold;
      f += cc.goldFound;
      s += cc.system;
      r += cc.systemRight;
    }
    const other = get(this.wrong, 'other');
    out.micro = fig({ gold: g, goldFound: f, system: s + other, systemRight: r });
    return { classes: out, systemOtherClass: other, ignored: this.ignored };
  }
}

/** Scores the relations extracted from each document (by `doc` id) against the gold documents. */
export function scoreSpans(docs: readonly SpanGoldDoc[], relationsByDoc: ReadonlyMap<string, readonly Relation[]>): SpanScore {
  const annotated = SPAN_CLASSES.filter((c) => docs.some((d) => d.relations.some((r) => r.class === c)));
  const strict = new Tally(), lenient = new Tally();
  const tags = new Map<string, [Tally, Tally]>();
  let systemRelations = 0;
  for (const d of docs) {
    const st = new Tally(), le = new Tally();
    for (const g of d.relations) {
      if (g.ignore) continue;
      st.add(st.gold, g.class);
      le.add(le.gold, g.class);
    }
    const foundS = new Set<number>(), foundL = new Set<number>();
    const rels = relationsByDoc.get(d.doc) ?? [];
    systemRelations += rels.length;
    for (const rel of rels) {
      const classes = CLASSES_OF[rel.type] ?? [];
      let hitS: SpanClass | undefined, hitL: SpanClass | undefined;
      let ignS = false, ignL = false;
      let sents: Set<number> | undefined;
      d.relations.forEach((g, i) => {
        if (!classes.includes(g.class)) return;
        const strictOk = (overlap(rel.source, g.source) && overlap(rel.target, g.target)) || (!g.directed && overlap(rel.source, g.target) && overlap(rel.target, g.source));
        let lenientOk = strictOk;
        if (!lenientOk && (sents ??= sentencesOf(rel, d.sentences)).has(g.sentence)) {
          lenientOk = (sameWords(rel.source, g.source) && sameWords(rel.target, g.target)) || (!g.directed && sameWords(rel.source, g.target) && sameWords(rel.target, g.source));
        }
        if (strictOk) {
          if (g.ignore) ignS = true;
          else {
            foundS.add(i);
            hitS ??= g.class;
          }
        }
        if (lenientOk) {
          if (g.ignore) ignL = true;
          else {
            foundL.add(i);
            hitL ??= g.class;
          }
        }
      });
      const charge = (t: Tally, hit: SpanClass | undefined, ign: boolean): void => {
        if (hit) t.add(t.right, hit);
        else if (ign) t.ignored++;
        else t.add(t.wrong, classes.find((c) => annotated.includes(c)) ?? 'other');
      };
      charge(st, hitS, ignS);
      charge(le, hitL, ignL);
    }
    for (const i of foundS) st.add(st.found, d.relations[i]!.class);
    for (const i of foundL) le.add(le.found, d.relations[i]!.class);
    strict.merge(st);
    lenient.merge(le);
    for (const tag of d.tags ?? []) {
      const t = tags.get(tag) ?? [new Tally(), new Tally()];
      t[0].merge(st);
      t[1].merge(le);
      tags.set(tag, t);
    }
  }
  const byTag: Record<string, { strict: ClassFigures; lenient: ClassFigures }> = {};
  for (const [tag, [s, l]] of [...tags].sort(([a], [b]) => a.localeCompare(b))) {
    byTag[tag] = { strict: s.figures(annotated).classes.micro!, lenient: l.figures(annotated).classes.micro! };
  }
  return { documents: docs.length, systemRelations, strict: strict.figures(annotated), lenient: lenient.figures(annotated), byTag };
}
