/**
 * Greedy left-to-right UPOS tagger: averaged perceptron over hashed features (word, affixes,
 * shape, a two-word window, the two previous predicted tags, and the tag-dictionary
 * ambiguity classes of the surrounding words).
 */
import { FLAG_UPPER_INITIAL, LexBuffer, mix } from './lex.js';
import { nonZeroRows, scoreF32, scoreI16, TrainTable, type QuantTable } from './perceptron.js';

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

export class Tagger {
  private readonly feats = new Int32Array(MAX_FEATS);
  private readonly scores = new Float64Array(N_UPOS);
  readonly mask: number;

  /** First-pass tags (second-pass tagger only): right-context tag features. */
  private first: Int32Array | null = null;

  constructor(
    readonly dict: Map<number, number>,
    readonly train: TrainTable | null,
    readonly quant: QuantTable | null,
    readonly second = false,
    /** Word clusters (normalised word hash → `path | 1 << 12`); null for none. */
    readonly clusters: ReadonlyMap<number, number> | null = null,
    /** False when `lex.amb` / `lex.clus` are already filled for this sentence (by the first pass). */
    readonly fillLex = true,
  ) {
    this.mask = (1 << (train ? train.bits : quant!.bits)) - 1;
    if (quant) quant.nz ??= nonZeroRows(quant);
  }

  private prepare(lex: LexBuffer): void {
    if (!this.fillLex) return;
    lex.setAmb(this.dict);
    if (this.clusters) lex.setClusters(this.clusters);
  }

  private features(lex: LexBuffer, i: number, t1: number, t2: number): number {
    const f = this.feats;
    const m = this.mask;
    const n = lex.n;
    const amb = lex.amb;
    const w = lex.word;
    const NONE = 0x5bd1e995;
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
    let k = 0;
    f[k++] = mix(1, 0, 0, 0) & m;
    f[k++] = mix(2, wi, 0, 0) & m;
    f[k++] = mix(3, lex.suf1[i], 0, 0) & m;
    f[k++] = mix(4, lex.suf2[i], 0, 0) & m;
    f[k++] = mix(5, lex.suf3[i], 0, 0) & m;
    f[k++] = mix(6, lex.suf4[i], 0, 0) & m;
    f[k++] = mix(7, lex.pre1[i], 0, 0) & m;
    f[k++] = mix(8, lex.pre2[i], 0, 0) & m;
    f[k++] = mix(9, lex.pre3[i], 0, 0) & m;
    f[k++] = mix(10, lex.shape[i], 0, 0) & m;
    f[k++] = mix(11, flags, first, 0) & m;
    f[k++] = mix(12, lex.exact[i], 0, 0) & m;
    f[k++] = mix(13, wm1, 0, 0) & m;
    f[k++] = mix(14, wm2, 0, 0) & m;
    f[k++] = mix(15, wp1, 0, 0) & m;
    f[k++] = mix(16, wp2, 0, 0) & m;
    f[k++] = mix(17, t1, 0, 0) & m;
    f[k++] = mix(18, t1, t2, 0) & m;
    f[k++] = mix(19, t1, wi, 0) & m;
    f[k++] = mix(20, i > 0 ? lex.suf3[i - 1] : NONE, 0, 0) & m;
    f[k++] = mix(21, i + 1 < n ? lex.suf3[i + 1] : NONE, 0, 0) & m;
    f[k++] = mix(22, i + 1 < n ? lex.shape[i + 1] : NONE, 0, 0) & m;
    f[k++] = mix(23, i > 0 ? lex.shape[i - 1] : NONE, 0, 0) & m;
    f[k++] = mix(24, a0, 0, 0) & m;
    f[k++] = mix(25, ap1, 0, 0) & m;
    f[k++] = mix(26, ap2, 0, 0) & m;
    f[k++] = mix(27, t1, ap1, 0) & m;
    f[k++] = mix(28, a0, ap1, 0) & m;
    f[k++] = mix(29, wi, wp1, 0) & m;
    f[k++] = mix(30, wm1, wi, 0) & m;
    f[k++] = mix(31, t1, lex.suf3[i], 0) & m;
    f[k++] = mix(32, a0, t1, 0) & m;
    f[k++] = mix(33, wi, ap1, 0) & m;
    f[k++] = mix(34, am1, a0, ap1) & m;
    f[k++] = mix(35, lex.suf2[i], (flags & FLAG_UPPER_INITIAL) | (first << 1), 0) & m;
    f[k++] = mix(36, i + 1 < n ? lex.suf2[i + 1] : NONE, 0, 0) & m;
    f[k++] = mix(37, t1, wp1, 0) & m;
    f[k++] = mix(38, t2, t1, wi) & m;
    f[k++] = mix(39, lex.len[i] > 8 ? 8 : lex.len[i], 0, 0) & m;
    f[k++] = mix(40, t1, lex.shape[i], 0) & m;
    f[k++] = mix(41, i + 1 < n ? lex.flags[i + 1] : -1, flags, 0) & m;
    f[k++] = mix(42, i + 1 < n ? lex.exact[i + 1] : NONE, 0, 0) & m;
    f[k++] = mix(43, wm1, t1, 0) & m;
    f[k++] = mix(44, lex.suf4[i], ap1, 0) & m;
    f[k++] = mix(45, lex.suf3[i], lex.pre1[i], flags) & m;
    f[k++] = mix(46, wm1, wi, wp1) & m;
    if (this.clusters) {
      const cl = lex.clus;
      const c = cl[i];
      const cn = cl[i + 1];
      const cp = i > 0 ? cl[i - 1] : -1;
      f[k++] = mix(60, c, 0, 0) & m;
      f[k++] = mix(61, c >> 4, 0, 0) & m;
      f[k++] = mix(62, c >> 8, 0, 0) & m;
      f[k++] = mix(63, cn, 0, 0) & m;
      f[k++] = mix(64, cp, 0, 0) & m;
      f[k++] = mix(65, t1, c >> 4, 0) & m;
      f[k++] = mix(66, c >> 4, cn >> 4, 0) & m;
    }
    const fp = this.first;
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

  /** Tags the sentence in `lex` into `out[0..n)` (UPOS ids). */
  tag(lex: LexBuffer, out: Int32Array, first: Int32Array | null = null): void {
    this.first = this.second ? first : null;
    this.prepare(lex);
    const n = lex.n;
    const s = this.scores;
    let t1: number = START, t2: number = START;
    for (let i = 0; i < n; i++) {
      const k = this.features(lex, i, t1, t2);
      if (this.quant) scoreI16(this.quant.w, N_UPOS, this.feats, k, s, this.quant.nz!);
      else scoreF32(this.train!.w, N_UPOS, this.feats, k, s);
      let best = 0;
      for (let c = 1; c < N_UPOS; c++) if (s[c] > s[best]) best = c;
      out[i] = best;
      t2 = t1;
      t1 = best;
    }
  }

  /** One perceptron pass over a sentence; returns the number of correct tags. */
  trainSentence(lex: LexBuffer, gold: Int32Array, first: Int32Array | null = null): number {
    this.first = this.second ? first : null;
    const tab = this.train!;
    this.prepare(lex);
    const n = lex.n;
    const s = this.scores;
    let t1: number = START, t2: number = START;
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const k = this.features(lex, i, t1, t2);
      scoreF32(tab.w, N_UPOS, this.feats, k, s);
      let best = 0;
      for (let c = 1; c < N_UPOS; c++) if (s[c] > s[best]) best = c;
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
