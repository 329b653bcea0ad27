/**
 * Greedy left-to-right UPOS tagger: averaged perceptron over hashed features (word, affixes,
 * shape, a two-word window, the two previous predicted tags, and the tag-dictionary
 * ambiguity classes of the surrounding words), run twice: the second pass also sees the first
 * pass's tags of the following words.
 *
 * Features come in two groups: static ones (the words around position i only) and dynamic ones
 * (they also read the previous predicted tags or the first pass's tags). Both passes compute the
 * same static features, so at run time (`TwoPassTagger`) the two passes' weights sit side by side
 * in one table and the static features are hashed and read once for both passes.
 */
import { FLAG_UPPER_INITIAL, LexBuffer, mix } from './lex.js';
import { addSparse, addSparseSide, scoreF32, sparseFromDense, sparseSideBySide, TrainTable, type QuantTable, type SparseTable } from './perceptron.js';

export const UPOS = [
  'ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'INTJ', 'NOUN', 'NUM',
  'PART', 'PRON', 'PROPN', 'PUNCT', 'SCONJ', 'SYM', 'VERB', 'X',
] as const;
export const N_UPOS = UPOS.length;
export const UPOS_ID: ReadonlyMap<string, number> = new Map(UPOS.map((t, i) => [t, i]));
const START = N_UPOS; // "no previous tag"

export const TAGGER_BITS = 20;
const MAX_FEATS = 80;

/** Builds the ambiguity-class dictionary: normalised word hash → bitmask of its frequent tags. */
export function buildTagDictionary(sentences: readonly { wordHash: Int32Array; tags: Int32Array }[]): Map<number, number> {
  const counts = new Map<number, Int32Array>();
  for (const s of sentences) {
    for (let i = 0; i < s.tags.length; i++) {
      const k = s.wordHash[i];
      let c = counts.get(k);
      if (!c) counts.set(k, (c = new Int32Array(N_UPOS + 1)));
      c[s.tags[i]]++;
      c[N_UPOS]++;
    }
  }
  const dict = new Map<number, number>();
  for (const [k, c] of counts) {
    const total = c[N_UPOS];
    if (total < 2) continue;
    let mask = 0;
    for (let t = 0; t < N_UPOS; t++) if (c[t] > 0 && c[t] >= 0.05 * total) mask |= 1 << t;
    dict.set(k, mask | (total >= 20 ? 1 << 20 : 0));
  }
  return dict;
}

const NONE = 0x5bd1e995;
const WORD_CACHE_MASK = (1 << 13) - 1;

/** Features of the word at `i` alone (its form, affixes, shape, tag-dictionary class and cluster), into `f[k..)`. */
function wordFeatures(lex: LexBuffer, i: number, clusters: boolean, m: number, f: Int32Array, k: number): number {
  const flags = lex.flags[i];
  f[k++] = mix(1, 0, 0, 0) & m;
  f[k++] = mix(2, lex.word[i], 0, 0) & m;
  f[k++] = mix(3, lex.suf1[i], 0, 0) & m;
  f[k++] = mix(4, lex.suf2[i], 0, 0) & m;
  f[k++] = mix(5, lex.suf3[i], 0, 0) & m;
  f[k++] = mix(6, lex.suf4[i], 0, 0) & m;
  f[k++] = mix(7, lex.pre1[i], 0, 0) & m;
  f[k++] = mix(8, lex.pre2[i], 0, 0) & m;
  f[k++] = mix(9, lex.pre3[i], 0, 0) & m;
  f[k++] = mix(10, lex.shape[i], 0, 0) & m;
  f[k++] = mix(12, lex.exact[i], 0, 0) & m;
  f[k++] = mix(24, lex.amb[i], 0, 0) & m;
  f[k++] = mix(39, lex.len[i] > 8 ? 8 : lex.len[i], 0, 0) & m;
  f[k++] = mix(45, lex.suf3[i], lex.pre1[i], flags) & m;
  if (clusters) {
    const c = lex.clus[i];
    f[k++] = mix(60, c, 0, 0) & m;
    f[k++] = mix(61, c >> 4, 0, 0) & m;
    f[k++] = mix(62, c >> 8, 0, 0) & m;
  }
  return k;
}

/** Static features of position `i` (the same in both passes). */
function staticFeatures(lex: LexBuffer, i: number, clusters: boolean, m: number, f: Int32Array, k: number): number {
  return contextFeatures(lex, i, clusters, m, f, wordFeatures(lex, i, clusters, m, f, k));
}

/** Static features of position `i` other than `wordFeatures`, into `f[k..)`; returns the new count. */
function contextFeatures(lex: LexBuffer, i: number, clusters: boolean, m: number, f: Int32Array, k: number): number {
  const n = lex.n;
  const amb = lex.amb;
  const w = lex.word;
  const wm1 = i > 0 ? w[i - 1] : NONE;
  const wm2 = i > 1 ? w[i - 2] : NONE;
  const wp1 = i + 1 < n ? w[i + 1] : NONE;
  const wp2 = i + 2 < n ? w[i + 2] : NONE;
  const am1 = i > 0 ? amb[i - 1] : -2;
  const ap1 = amb[i + 1];
  const ap2 = amb[i + 2];
  const a0 = amb[i];
  const wi = w[i];
  const flags = lex.flags[i];
  const first = i === 0 ? 1 : 0;
  f[k++] = mix(11, flags, first, 0) & m;
  f[k++] = mix(13, wm1, 0, 0) & m;
  f[k++] = mix(14, wm2, 0, 0) & m;
  f[k++] = mix(15, wp1, 0, 0) & m;
  f[k++] = mix(16, wp2, 0, 0) & m;
  f[k++] = mix(20, i > 0 ? lex.suf3[i - 1] : NONE, 0, 0) & m;
  f[k++] = mix(21, i + 1 < n ? lex.suf3[i + 1] : NONE, 0, 0) & m;
  f[k++] = mix(22, i + 1 < n ? lex.shape[i + 1] : NONE, 0, 0) & m;
  f[k++] = mix(23, i > 0 ? lex.shape[i - 1] : NONE, 0, 0) & m;
  f[k++] = mix(25, ap1, 0, 0) & m;
  f[k++] = mix(26, ap2, 0, 0) & m;
  f[k++] = mix(28, a0, ap1, 0) & m;
  f[k++] = mix(29, wi, wp1, 0) & m;
  f[k++] = mix(30, wm1, wi, 0) & m;
  f[k++] = mix(33, wi, ap1, 0) & m;
  f[k++] = mix(34, am1, a0, ap1) & m;
  f[k++] = mix(35, lex.suf2[i], (flags & FLAG_UPPER_INITIAL) | (first << 1), 0) & m;
  f[k++] = mix(36, i + 1 < n ? lex.suf2[i + 1] : NONE, 0, 0) & m;
  f[k++] = mix(41, i + 1 < n ? lex.flags[i + 1] : -1, flags, 0) & m;
  f[k++] = mix(42, i + 1 < n ? lex.exact[i + 1] : NONE, 0, 0) & m;
  f[k++] = mix(44, lex.suf4[i], ap1, 0) & m;
  f[k++] = mix(46, wm1, wi, wp1) & m;
  if (clusters) {
    const cl = lex.clus;
    const c = cl[i];
    const cn = cl[i + 1];
    const cp = i > 0 ? cl[i - 1] : -1;
    f[k++] = mix(63, cn, 0, 0) & m;
    f[k++] = mix(64, cp, 0, 0) & m;
    f[k++] = mix(66, c >> 4, cn >> 4, 0) & m;
  }
  return k;
}

/**
 * Dynamic features of position `i` given the two previous predicted tags, and (second pass) the
 * first pass's tags `fp`, into `f[k..)`; returns the new count.
 */
function dynamicFeatures(lex: LexBuffer, i: number, t1: number, t2: number, fp: Int32Array | null, clusters: boolean, m: number, f: Int32Array, k: number): number {
  const n = lex.n;
  const w = lex.word;
  const wi = w[i];
  const wm1 = i > 0 ? w[i - 1] : NONE;
  const wp1 = i + 1 < n ? w[i + 1] : NONE;
  const ap1 = lex.amb[i + 1];
  const a0 = lex.amb[i];
  f[k++] = mix(17, t1, 0, 0) & m;
  f[k++] = mix(18, t1, t2, 0) & m;
  f[k++] = mix(19, t1, wi, 0) & m;
  f[k++] = mix(27, t1, ap1, 0) & m;
  f[k++] = mix(31, t1, lex.suf3[i], 0) & m;
  f[k++] = mix(32, a0, t1, 0) & m;
  f[k++] = mix(37, t1, wp1, 0) & m;
  f[k++] = mix(38, t2, t1, wi) & m;
  f[k++] = mix(40, t1, lex.shape[i], 0) & m;
  f[k++] = mix(43, wm1, t1, 0) & m;
  if (clusters) f[k++] = mix(65, t1, lex.clus[i] >> 4, 0) & m;
  if (fp) {
    const p1 = i + 1 < n ? fp[i + 1] : START;
    const p2 = i + 2 < n ? fp[i + 2] : START;
    const p0 = fp[i];
    f[k++] = mix(50, p1, 0, 0) & m;
    f[k++] = mix(51, p1, p2, 0) & m;
    f[k++] = mix(52, t1, p1, 0) & m;
    f[k++] = mix(53, wi, p1, 0) & m;
    f[k++] = mix(54, a0, p1, 0) & m;
    f[k++] = mix(55, lex.suf3[i], p1, 0) & m;
    f[k++] = mix(56, p0, 0, 0) & m;
    f[k++] = mix(57, t1, p0, p1) & m;
    f[k++] = mix(58, wi, p0, 0) & m;
  }
  return k;
}

function argmax(s: Int32Array | Float64Array, at: number, n: number): number {
  let best = 0;
  for (let c = 1; c < n; c++) if (s[at + c] > s[at + best]) best = c;
  return best;
}

/** One pass of the tagger: training (Float32 weights) and single-pass tagging (jackknifing). */
export class Tagger {
  private readonly feats = new Int32Array(MAX_FEATS);
  private readonly scores = new Float64Array(N_UPOS);
  private readonly iscores = new Int32Array(N_UPOS);
  private readonly sparse: SparseTable | null;
  readonly mask: number;

  constructor(
    readonly dict: Map<number, number>,
    readonly train: TrainTable | null,
    quant: QuantTable | SparseTable | null,
    /** Second pass: sees the first pass's tags of the following words. */
    readonly second = false,
    /** Word clusters (normalised word hash → `path | 1 << 12`); null for none. */
    readonly clusters: ReadonlyMap<number, number> | null = null,
  ) {
    this.sparse = quant === null ? null : 'offsets' in quant ? quant : sparseFromDense(quant);
    this.mask = (1 << (train ? train.bits : this.sparse!.bits)) - 1;
  }

  private prepare(lex: LexBuffer): void {
    lex.setAmb(this.dict);
    if (this.clusters) lex.setClusters(this.clusters);
  }

  private features(lex: LexBuffer, i: number, t1: number, t2: number, first: Int32Array | null): number {
    const cl = this.clusters !== null;
    const k = staticFeatures(lex, i, cl, this.mask, this.feats, 0);
    return dynamicFeatures(lex, i, t1, t2, this.second ? first : null, cl, this.mask, this.feats, k);
  }

  /** Tags the sentence in `lex` into `out[0..n)` (UPOS ids); `first`: the first pass's tags (second pass only). */
  tag(lex: LexBuffer, out: Int32Array, first: Int32Array | null = null): void {
    this.prepare(lex);
    const n = lex.n;
    let t1: number = START, t2: number = START;
    for (let i = 0; i < n; i++) {
      const k = this.features(lex, i, t1, t2, first);
      let best: number;
      if (this.sparse) {
        this.iscores.fill(0);
        addSparse(this.sparse, this.feats, k, this.iscores, 0);
        best = argmax(this.iscores, 0, N_UPOS);
      } else {
        scoreF32(this.train!.w, N_UPOS, this.feats, k, this.scores);
        best = argmax(this.scores, 0, N_UPOS);
      }
      out[i] = best;
      t2 = t1;
      t1 = best;
    }
  }

  /** One perceptron pass over a sentence; returns the number of correct tags. */
  trainSentence(lex: LexBuffer, gold: Int32Array, first: Int32Array | null = null): number {
    const tab = this.train!;
    this.prepare(lex);
    const n = lex.n;
    const s = this.scores;
    let t1: number = START, t2: number = START;
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const k = this.features(lex, i, t1, t2, first);
      scoreF32(tab.w, N_UPOS, this.feats, k, s);
      const best = argmax(s, 0, N_UPOS);
      const g = gold[i];
      if (best !== g) {
        tab.update(this.feats, k, g, 1);
        tab.update(this.feats, k, best, -1);
      } else correct++;
      tab.tick();
      // Condition on predicted history (as at test time).
      t2 = t1;
      t1 = best;
    }
    return correct;
  }
}

/**
 * Both tagger passes at run time over one table holding the first pass's weights in
 * classes `[0, N_UPOS)` and the second's in `[N_UPOS, 2 N_UPOS)`. The static features of each
 * word are hashed and read once: the first pass adds their first half, and keeps their second
 * half per word for the second pass (integer sums, so the tags are exactly those of two separate
 * passes).
 */
export class TwoPassTagger {
  private readonly feats = new Int32Array(MAX_FEATS);
  /** Scores of both passes' classes (the half not wanted is ignored). */
  private readonly acc = new Int32Array(2 * N_UPOS);
  private stat2 = new Int32Array(64 * N_UPOS);
  /** Word cache: the form in each slot (`exact hash & WORD_CACHE_MASK`) and its word-feature sums for both passes. */
  private readonly cacheWords: (string | undefined)[] = new Array<string | undefined>(WORD_CACHE_MASK + 1).fill(undefined);
  private readonly cacheSums = new Int32Array((WORD_CACHE_MASK + 1) * 2 * N_UPOS);
  private readonly table: SparseTable;
  private readonly mask: number;
  private readonly cl: boolean;

  constructor(
    readonly dict: ReadonlyMap<number, number>,
    /** The first pass's table. */
    pass1: SparseTable,
    /** The second pass's table. */
    pass2: SparseTable,
    readonly clusters: ReadonlyMap<number, number> | null,
  ) {
    const table = sparseSideBySide(pass1, pass2);
    if (table.nClasses !== 2 * N_UPOS) throw new Error('TwoPassTagger: each table must have one class per UPOS tag');
    this.table = table;
    this.mask = (1 << table.bits) - 1;
    this.cl = clusters !== null;
  }

  /**
   * First-pass tags into `first`, final tags into `out` (both `[0..n)`) for the sentence in `lex`,
   * whose words are `words`; fills `lex.amb` and `lex.clus`.
   */
  tag(lex: LexBuffer, words: readonly string[], first: Int32Array, out: Int32Array): void {
    lex.setAmb(this.dict);
    if (this.clusters) lex.setClusters(this.clusters);
    const n = lex.n;
    if (this.stat2.length < n * N_UPOS) this.stat2 = new Int32Array(2 * n * N_UPOS);
    const stat2 = this.stat2;
    const f = this.feats;
    const s = this.acc;
    const t = this.table;
    const m = this.mask;
    const cw = this.cacheWords;
    const cs = this.cacheSums;
    const NC = 2 * N_UPOS;
    let t1: number = START, t2: number = START;
    for (let i = 0; i < n; i++) {
      // NOTE: the word-only features' sums (both passes) are kept per word form in a small
      // direct-mapped cache (checked by the string itself, so the tags are unchanged).
      const slot = lex.exact[i] & WORD_CACHE_MASK;
      const at = slot * NC;
      if (cw[slot] !== words[i]) {
        cs.fill(0, at, at + NC);
        addSparse(t, f, wordFeatures(lex, i, this.cl, m, f, 0), cs, at);
        cw[slot] = words[i];
      }
      for (let c = 0; c < NC; c++) s[c] = cs[at + c];
      addSparse(t, f, contextFeatures(lex, i, this.cl, m, f, 0), s, 0);
      for (let c = 0; c < N_UPOS; c++) stat2[i * N_UPOS + c] = s[N_UPOS + c];
      const kd = dynamicFeatures(lex, i, t1, t2, null, this.cl, m, f, 0);
      addSparseSide(t, f, kd, N_UPOS, false, s, 0);
      const best = argmax(s, 0, N_UPOS);
      first[i] = best;
      t2 = t1;
      t1 = best;
    }
    t1 = START;
    t2 = START;
    for (let i = 0; i < n; i++) {
      const kd = dynamicFeatures(lex, i, t1, t2, first, this.cl, m, f, 0);
      addSparseSide(t, f, kd, N_UPOS, true, stat2, i * N_UPOS);
      const best = argmax(stat2, i * N_UPOS, N_UPOS);
      out[i] = best;
      t2 = t1;
      t1 = best;
    }
  }
}
