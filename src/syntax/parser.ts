/**
 * Greedy arc-hybrid dependency parser (root at the end of the buffer, single root enforced),
 * trained with a dynamic oracle and exploration. Two averaged perceptrons over hashed
 * Zhang & Nivre (2011)-style features: one for the transition (SHIFT / LEFT / RIGHT), one for
 * the label of the arc just made (the dependent is complete when attached in arc-hybrid, so
 * its children are visible to the labeller).
 */
import { LexBuffer, mix } from './lex.js';
import { attachPunctuation } from './punct.js';
import { UPOS_ID } from './tagger.js';
import { addSparse, pack, score3, scoreF32, sparseFromDense, TrainTable, type PackedTable, type QuantTable, type SparseTable } from './perceptron.js';

export const SHIFT = 0;
export const LEFT = 1;
export const RIGHT = 2;
const N_ACT = 3;
const PUNCT = UPOS_ID.get('PUNCT')!;

export const TRANS_BITS = 23;
export const LABEL_BITS = 19;
const MAX_FEATS = 176;
/** Feature groups of `transFeatures`. */
const GROUP_S = 1;
const GROUP_B = 2;
const GROUP_R = 4;
const GROUP_ALL = 7;

const NONE_W = 0x1b873593;
const ROOT_W = 0x7feb352d;
const NONE_P = 30;
const ROOT_P = 31;

function distBucket(d: number): number {
  if (d < 0) d = -d;
  if (d <= 4) return d;
  if (d <= 6) return 5;
  if (d <= 10) return 6;
  return 7;
}

export interface ParserWeights {
  trans: TrainTable | QuantTable | PackedTable;
  label: TrainTable | QuantTable | SparseTable;
}

export class Parser {
  // sentence
  private n = 0;
  private word: Int32Array = new Int32Array(0);
  private tag: Int32Array = new Int32Array(0);
  private fine: Int32Array = new Int32Array(0);
  private lex: LexBuffer | null = null;
  // state (size n + 1: index n is ROOT)
  private stk = new Int32Array(64);
  private sp = 0;
  private b = 0;
  private lc1 = new Int32Array(64);
  private lc2 = new Int32Array(64);
  private rc1 = new Int32Array(64);
  private rc2 = new Int32Array(64);
  private nl = new Int32Array(64);
  private nr = new Int32Array(64);
  private lsetL = new Int32Array(64);
  private lsetR = new Int32Array(64);
  private heads = new Int32Array(64);
  private labels = new Int32Array(64);
  private punctPre = new Int32Array(64);
  private verbPre = new Int32Array(64);
  private cap = 0;

  private readonly feats = new Int32Array(MAX_FEATS);
  private readonly lfeats = new Int32Array(MAX_FEATS);
  private readonly tscores = new Float64Array(N_ACT);
  private readonly itscores = new Int32Array(N_ACT);
  private readonly lscores: Float64Array;
  private readonly ilscores: Int32Array;
  private readonly tmask: number;
  private readonly lmask: number;
  private readonly tTrain: TrainTable | null;
  private readonly lTrain: TrainTable | null;
  private readonly tQ: PackedTable | null;
  private readonly lQ: SparseTable | null;

  constructor(
    readonly labelNames: readonly string[],
    weights: ParserWeights,
    /** Word-cluster features (`lex.clus` must be filled). */
    readonly clusters = false,
    /** Feature set: 1 as in format v2; 2 adds label bigrams of children, s1 valency and children, s1–s0 distance with words. */
    readonly featureSet = 1,
    /** Fine-tag (XPOS) features: `parse` / `trainSentence` get fine tags. */
    readonly xpos = false,
    /** Re-attach the marks inside the sentence by rule after parsing (`reattachPunctuation`). */
    readonly punctRule = true,
  ) {
    this.lscores = new Float64Array(labelNames.length);
    this.ilscores = new Int32Array(labelNames.length);
    const t = weights.trans, l = weights.label;
    this.tTrain = t instanceof TrainTable ? t : null;
    this.lTrain = l instanceof TrainTable ? l : null;
    this.tQ = t instanceof TrainTable ? null : 'index' in t ? t : pack(t);
    this.lQ = l instanceof TrainTable ? null : 'offsets' in l ? l : sparseFromDense(l);
    this.tmask = (1 << weights.trans.bits) - 1;
    this.lmask = (1 << weights.label.bits) - 1;
    this.rootLabel = labelNames.indexOf('root');
  }
  private readonly rootLabel: number;

  private ensure(n: number): void {
    if (n + 2 <= this.cap) return;
    let c = Math.max(64, this.cap);
    while (c < n + 2) c *= 2;
    this.cap = c;
    this.stk = new Int32Array(c);
    this.lc1 = new Int32Array(c);
    this.lc2 = new Int32Array(c);
    this.rc1 = new Int32Array(c);
    this.rc2 = new Int32Array(c);
    this.nl = new Int32Array(c);
    this.nr = new Int32Array(c);
    this.lsetL = new Int32Array(c);
    this.lsetR = new Int32Array(c);
    this.heads = new Int32Array(c);
    this.labels = new Int32Array(c);
    this.punctPre = new Int32Array(c);
    this.verbPre = new Int32Array(c);
    this.memoS = new Int32Array(3 * c);
    this.memoSOk = new Uint8Array(c);
  }

  private init(lex: LexBuffer, tags: Int32Array, fine: Int32Array | null): void {
    const n = lex.n;
    if (fine) this.fine = fine;
    this.ensure(n);
    this.n = n;
    this.lex = lex;
    this.word = lex.word;
    this.tag = tags;
    this.sp = 0;
    this.b = 0;
    this.memoBAt = -1;
    this.memoSOk.fill(0, 0, n + 1);
    let np = 0, nv = 0;
    for (let i = 0; i <= n; i++) {
      this.punctPre[i] = np;
      this.verbPre[i] = nv;
      if (i < n) {
        const t = tags[i];
        if (t === 12) np++;
        else if (t === 15 || t === 3) nv++;
      }
      this.lc1[i] = -1;
      this.lc2[i] = -1;
      this.rc1[i] = -1;
      this.rc2[i] = -1;
      this.nl[i] = 0;
      this.nr[i] = 0;
      this.lsetL[i] = 0;
      this.lsetR[i] = 0;
      this.heads[i] = -1;
      this.labels[i] = -1;
    }
  }

  private W(x: number): number {
    return x < 0 ? NONE_W : x === this.n ? ROOT_W : this.word[x];
  }
  private P(x: number): number {
    return x < 0 ? NONE_P : x === this.n ? ROOT_P : this.tag[x];
  }
  private F(x: number): number {
    return x < 0 ? -7 : x === this.n ? -8 : this.fine[x];
  }
  private L(x: number): number {
    return x < 0 ? -1 : this.labels[x];
  }

  /**
   * Transition features of the current configuration, into `feats[0..)`; returns their count.
   * `groups` picks among GROUP_S (features of s0, s1, s2 and their children that stay fixed
   * while s0 is on the stack: the tokens below it and their right children, its own left
   * children), GROUP_B (of b0, b1, b2 alone) and GROUP_R (the rest).
   */
  private transFeatures(groups: number): number {
    const f = this.feats;
    const m = this.tmask;
    const n = this.n;
    const sp = this.sp;
    const s0 = sp > 0 ? this.stk[sp - 1] : -1;
    const s1 = sp > 1 ? this.stk[sp - 2] : -1;
    const s2 = sp > 2 ? this.stk[sp - 3] : -1;
    const b0 = this.b;
    const b1 = b0 + 1 <= n ? b0 + 1 : -1;
    const b2 = b0 + 2 <= n ? b0 + 2 : -1;
    const s0w = this.W(s0), s0p = this.P(s0);
    const s1w = this.W(s1), s1p = this.P(s1);
    const s2w = this.W(s2), s2p = this.P(s2);
    const b0w = this.W(b0), b0p = this.P(b0);
    const b1w = this.W(b1), b1p = this.P(b1);
    const b2w = this.W(b2), b2p = this.P(b2);
    const s0l = s0 >= 0 ? this.lc1[s0] : -1;
    const s0l2 = s0 >= 0 ? this.lc2[s0] : -1;
    const s0r = s0 >= 0 ? this.rc1[s0] : -1;
    const s0r2 = s0 >= 0 ? this.rc2[s0] : -1;
    const s1l = s1 >= 0 ? this.lc1[s1] : -1;
    const s1r = s1 >= 0 ? this.rc1[s1] : -1;
    const b0l = this.lc1[b0];
    const b0l2 = this.lc2[b0];
    const s0lp = this.P(s0l), s0rp = this.P(s0r), b0lp = this.P(b0l);
    const s0wp = mix(0, s0w, s0p, 0);
    const s1wp = mix(0, s1w, s1p, 0);
    const b0wp = mix(0, b0w, b0p, 0);
    const d = s0 >= 0 ? (b0 === n ? 15 : distBucket(b0 - s0)) : -1;
    const d1 = s1 >= 0 ? distBucket(s0 - s1) : -1;
    const s0vl = s0 >= 0 ? this.nl[s0] : -1;
    const s0vr = s0 >= 0 ? this.nr[s0] : -1;
    const b0vl = this.nl[b0];
    const s0sl = s0 >= 0 ? this.lsetL[s0] : -1;
    const s0sr = s0 >= 0 ? this.lsetR[s0] : -1;
    const b0sl = this.lsetL[b0];
    const lx = this.lex!;
    const amb = lx.amb;
    const s0a = s0 >= 0 && s0 < n ? amb[s0] : -3;
    const b0a = b0 < n ? amb[b0] : -3;
    const b1a = b1 >= 0 && b1 < n ? amb[b1] : -3;
    const s1a = s1 >= 0 ? amb[s1] : -3;
    let k = 0;
    if (groups & GROUP_S) {
      f[k++] = mix(1, s0w, 0, 0) & m;
      f[k++] = mix(2, s0p, 0, 0) & m;
      f[k++] = mix(3, s0wp, 0, 0) & m;
      f[k++] = mix(4, s1w, 0, 0) & m;
      f[k++] = mix(5, s1p, 0, 0) & m;
      f[k++] = mix(6, s1wp, 0, 0) & m;
      f[k++] = mix(16, s2p, 0, 0) & m;
      f[k++] = mix(17, s2w, 0, 0) & m;
      f[k++] = mix(28, s1wp, s0wp, 0) & m;
      f[k++] = mix(29, s1w, s0w, 0) & m;
      f[k++] = mix(30, s1p, s0p, 0) & m;
      f[k++] = mix(31, s1p, s0w, 0) & m;
      f[k++] = mix(32, s1w, s0p, 0) & m;
      f[k++] = mix(39, s2p, s1p, s0p) & m;
      f[k++] = mix(40, s1p, this.P(s1r), s0p) & m;
      f[k++] = mix(41, s1p, s0p, s0lp) & m;
      f[k++] = mix(42, s1p, this.P(s1l), s0p) & m;
      f[k++] = mix(49, s1p, s0p, d1) & m;
      f[k++] = mix(52, s0w, s0vl, 0) & m;
      f[k++] = mix(53, s0p, s0vl, 0) & m;
      f[k++] = mix(56, this.W(s0l), 0, 0) & m;
      f[k++] = mix(57, s0lp, 0, 0) & m;
      f[k++] = mix(58, this.L(s0l), 0, 0) & m;
      f[k++] = mix(65, this.W(s1r), 0, 0) & m;
      f[k++] = mix(66, this.P(s1r), 0, 0) & m;
      f[k++] = mix(67, this.L(s1r), 0, 0) & m;
      f[k++] = mix(68, this.W(s0l2), 0, 0) & m;
      f[k++] = mix(69, this.P(s0l2), 0, 0) & m;
      f[k++] = mix(70, this.L(s0l2), 0, 0) & m;
      f[k++] = mix(77, s0p, s0lp, this.P(s0l2)) & m;
      f[k++] = mix(82, s0w, s0sl, 0) & m;
      f[k++] = mix(83, s0p, s0sl, 0) & m;
      f[k++] = mix(95, s0 >= 0 && s0 < n ? lx.suf3[s0] : -1, s0p, 0) & m;
      if (s1 >= 0) {
        const pc = this.punctPre[s0] - this.punctPre[s1 + 1];
        const vc = this.verbPre[s0] - this.verbPre[s1 + 1];
        f[k++] = mix(101, s1p, s0p, (pc > 3 ? 3 : pc) * 4 + (vc > 2 ? 2 : vc)) & m;
      }
      f[k++] = mix(104, s0a, s0p, 0) & m;
      if (this.clusters) {
        const cl = lx.clus;
        const s0c = s0 >= 0 ? cl[s0] : -1;
        const s1c = s1 >= 0 ? cl[s1] : -1;
        f[k++] = mix(140, s0c, 0, 0) & m;
        f[k++] = mix(143, s1c, 0, 0) & m;
        f[k++] = mix(147, s1c >> 4, s0c >> 4, 0) & m;
      }
      if (this.featureSet >= 2) {
        const s1r2 = s1 >= 0 ? this.rc2[s1] : -1;
        f[k++] = mix(151, s0p, this.L(s0l), this.L(s0l2)) & m;
        f[k++] = mix(154, s1p, s1 >= 0 ? this.nr[s1] : -1, s1 >= 0 ? this.lsetR[s1] : -1) & m;
        f[k++] = mix(155, s1w, s0w, d1) & m;
        f[k++] = mix(156, s1p, this.P(s1r), this.P(s1r2)) & m;
      }
      if (this.xpos) {
        const s0f = this.F(s0), s1f = this.F(s1);
        f[k++] = mix(160, s0f, 0, 0) & m;
        f[k++] = mix(162, s1f, 0, 0) & m;
        f[k++] = mix(171, s1f, s0f, d1) & m;
      }
    }
    if (groups & GROUP_B) {
      f[k++] = mix(7, b0w, 0, 0) & m;
      f[k++] = mix(8, b0p, 0, 0) & m;
      f[k++] = mix(9, b0wp, 0, 0) & m;
      f[k++] = mix(10, b1w, 0, 0) & m;
      f[k++] = mix(11, b1p, 0, 0) & m;
      f[k++] = mix(12, b1w, b1p, 0) & m;
      f[k++] = mix(13, b2w, 0, 0) & m;
      f[k++] = mix(14, b2p, 0, 0) & m;
      f[k++] = mix(15, b2w, b2p, 0) & m;
      f[k++] = mix(27, b0p, b1p, 0) & m;
      f[k++] = mix(33, b0p, b1p, b2p) & m;
      f[k++] = mix(94, b0 < n ? lx.suf3[b0] : -1, b0p, 0) & m;
      f[k++] = mix(105, b0a, b0p, 0) & m;
      f[k++] = mix(109, b1a, b0p, 0) & m;
      if (this.clusters) {
        const cl = lx.clus;
        const b0c = cl[b0];
        const b1c = b1 >= 0 ? cl[b1] : -1;
        f[k++] = mix(141, b0c, 0, 0) & m;
        f[k++] = mix(142, b1c, 0, 0) & m;
      }
      if (this.xpos) {
        const b0f = this.F(b0), b1f = this.F(b1);
        f[k++] = mix(161, b0f, 0, 0) & m;
        f[k++] = mix(163, b1f, 0, 0) & m;
      }
    }
    if (groups & GROUP_R) {
      f[k++] = mix(20, s0wp, b0wp, 0) & m;
      f[k++] = mix(21, s0wp, b0w, 0) & m;
      f[k++] = mix(22, s0w, b0wp, 0) & m;
      f[k++] = mix(23, s0wp, b0p, 0) & m;
      f[k++] = mix(24, s0p, b0wp, 0) & m;
      f[k++] = mix(25, s0w, b0w, 0) & m;
      f[k++] = mix(26, s0p, b0p, 0) & m;
      f[k++] = mix(34, s0p, b0p, b1p) & m;
      f[k++] = mix(35, s1p, s0p, b0p) & m;
      f[k++] = mix(36, s0p, s0lp, b0p) & m;
      f[k++] = mix(37, s0p, s0rp, b0p) & m;
      f[k++] = mix(38, s0p, b0p, b0lp) & m;
      f[k++] = mix(43, s0w, d, 0) & m;
      f[k++] = mix(44, s0p, d, 0) & m;
      f[k++] = mix(45, b0w, d, 0) & m;
      f[k++] = mix(46, b0p, d, 0) & m;
      f[k++] = mix(47, s0w, b0w, d) & m;
      f[k++] = mix(48, s0p, b0p, d) & m;
      f[k++] = mix(50, s0w, s0vr, 0) & m;
      f[k++] = mix(51, s0p, s0vr, 0) & m;
      f[k++] = mix(54, b0w, b0vl, 0) & m;
      f[k++] = mix(55, b0p, b0vl, 0) & m;
      f[k++] = mix(59, this.W(s0r), 0, 0) & m;
      f[k++] = mix(60, s0rp, 0, 0) & m;
      f[k++] = mix(61, this.L(s0r), 0, 0) & m;
      f[k++] = mix(62, this.W(b0l), 0, 0) & m;
      f[k++] = mix(63, b0lp, 0, 0) & m;
      f[k++] = mix(64, this.L(b0l), 0, 0) & m;
      f[k++] = mix(71, this.W(s0r2), 0, 0) & m;
      f[k++] = mix(72, this.P(s0r2), 0, 0) & m;
      f[k++] = mix(73, this.L(s0r2), 0, 0) & m;
      f[k++] = mix(74, this.W(b0l2), 0, 0) & m;
      f[k++] = mix(75, this.P(b0l2), 0, 0) & m;
      f[k++] = mix(76, this.L(b0l2), 0, 0) & m;
      f[k++] = mix(78, s0p, s0rp, this.P(s0r2)) & m;
      f[k++] = mix(79, b0p, b0lp, this.P(b0l2)) & m;
      f[k++] = mix(80, s0w, s0sr, 0) & m;
      f[k++] = mix(81, s0p, s0sr, 0) & m;
      f[k++] = mix(84, b0w, b0sl, 0) & m;
      f[k++] = mix(85, b0p, b0sl, 0) & m;
      f[k++] = mix(86, s0p, b0p, sp > 2 ? 2 : sp) & m;
      f[k++] = mix(87, s0p, this.L(s0l), this.L(s0r)) & m;
      f[k++] = mix(88, s1p, s0p, b1p) & m;
      f[k++] = mix(89, s0w, b0p, b1p) & m;
      f[k++] = mix(90, s0p, b0w, b1p) & m;
      f[k++] = mix(91, s1w, s0p, b0p) & m;
      f[k++] = mix(92, s1p, s0w, b0p) & m;
      f[k++] = mix(93, s1p, s0p, b0w) & m;
      f[k++] = mix(96, s0p, b0p, s0 >= 0 && s0 + 1 < n ? this.tag[s0 + 1] : -1) & m;
      f[k++] = mix(97, s0p, b0p, b0 > 0 ? this.tag[b0 - 1] : -1) & m;
      if (s0 >= 0) {
        const pc = this.punctPre[b0] - this.punctPre[s0 + 1];
        const vc = this.verbPre[b0] - this.verbPre[s0 + 1];
        const pcb = pc > 3 ? 3 : pc;
        const vcb = vc > 2 ? 2 : vc;
        f[k++] = mix(98, s0p, b0p, pcb) & m;
        f[k++] = mix(99, s0p, b0p, vcb) & m;
        f[k++] = mix(100, s0w, b0p, pcb * 4 + vcb) & m;
      }
      f[k++] = mix(106, s0a, b0a, 0) & m;
      f[k++] = mix(107, s0p, b0a, 0) & m;
      f[k++] = mix(108, s0a, b0p, 0) & m;
      f[k++] = mix(110, s1a, s0p, b0p) & m;
      f[k++] = mix(102, s0w, s1w, b0p) & m;
      f[k++] = mix(103, b0w, b1w, s0p) & m;
      if (this.clusters) {
        const cl = lx.clus;
        const s0c = s0 >= 0 ? cl[s0] : -1;
        const b0c = cl[b0];
        const b1c = b1 >= 0 ? cl[b1] : -1;
        f[k++] = mix(144, s0c >> 4, b0p, 0) & m;
        f[k++] = mix(145, s0p, b0c >> 4, 0) & m;
        f[k++] = mix(146, s0c >> 4, b0c >> 4, 0) & m;
        f[k++] = mix(148, s0c >> 8, b0c >> 8, b1c >> 8) & m;
        f[k++] = mix(149, b0c >> 4, s0p, d) & m;
        f[k++] = mix(150, s0c, b0c, 0) & m;
      }
      if (this.featureSet >= 2) {
        f[k++] = mix(152, s0p, this.L(s0r), this.L(s0r2)) & m;
        f[k++] = mix(153, b0p, this.L(b0l), this.L(b0l2)) & m;
        f[k++] = mix(157, s0p, b0p, b0 < n ? lx.flags[b0] : -1) & m;
        f[k++] = mix(158, b0w, this.L(b0l), 0) & m;
        f[k++] = mix(159, s0w, this.L(s0l), this.L(s0r)) & m;
      }
      if (this.xpos) {
        const s0f = this.F(s0), b0f = this.F(b0), s1f = this.F(s1), b1f = this.F(b1);
        f[k++] = mix(164, s0f, b0f, 0) & m;
        f[k++] = mix(165, s1f, s0f, b0f) & m;
        f[k++] = mix(166, s0f, b0f, b1f) & m;
        f[k++] = mix(167, s0w, b0f, 0) & m;
        f[k++] = mix(168, s0f, b0w, 0) & m;
        f[k++] = mix(169, s0f, b0f, d) & m;
        f[k++] = mix(170, b0f, this.F(b0l), 0) & m;
      }
    }
    return k;
  }

  private labelFeatures(d: number, h: number): number {
    const f = this.lfeats;
    const m = this.lmask;
    const n = this.n;
    const dir = d < h ? 0 : 1;
    const dist = h === n ? 15 : distBucket(h - d);
    const dw = this.word[d], dp = this.tag[d];
    const hw = this.W(h), hp = this.P(h);
    const lx = this.lex!;
    const dl = this.lc1[d], dr = this.rc1[d];
    const dlw = this.W(dl), dlp = this.P(dl), dll = this.L(dl);
    const drw = this.W(dr), drl = this.L(dr);
    const hset = dir === 0 ? this.lsetL[h] : this.lsetR[h];
    let k = 0;
    f[k++] = mix(101, dir, 0, 0) & m;
    f[k++] = mix(102, dw, dir, 0) & m;
    f[k++] = mix(103, dp, dir, 0) & m;
    f[k++] = mix(104, dw, dp, dir) & m;
    f[k++] = mix(105, hw, dir, 0) & m;
    f[k++] = mix(106, hp, dir, 0) & m;
    f[k++] = mix(107, hw, hp, dir) & m;
    f[k++] = mix(108, dp, hp, dir) & m;
    f[k++] = mix(109, dw, hp, dir) & m;
    f[k++] = mix(110, dp, hw, dir) & m;
    f[k++] = mix(111, mix(0, dw, hw, 0), dir, 0) & m;
    f[k++] = mix(112, dp, hp, dist * 2 + dir) & m;
    f[k++] = mix(113, dp, dlw, 0) & m;
    f[k++] = mix(114, dp, dll, 0) & m;
    f[k++] = mix(115, dlw, hp, dir) & m;
    f[k++] = mix(116, dp, this.lsetL[d], dir) & m;
    f[k++] = mix(117, dp, this.lsetR[d], dir) & m;
    f[k++] = mix(118, hp, hset, dir) & m;
    f[k++] = mix(119, lx.suf3[d], dp, dir) & m;
    f[k++] = mix(120, dp, drw, drl) & m;
    f[k++] = mix(121, dp, this.nl[d], this.nr[d]) & m;
    f[k++] = mix(122, hp, h > 0 && h <= n ? this.tag[h - 1] : -1, dir) & m;
    f[k++] = mix(123, dp, lx.flags[d], dir) & m;
    f[k++] = mix(124, dp, dlp, hp) & m;
    f[k++] = mix(125, dp, hp, d === 0 ? 1 : d === n - 1 ? 2 : 0) & m;
    f[k++] = mix(126, dlw, dll, hp) & m;
    f[k++] = mix(127, hw, hset, dir) & m;
    f[k++] = mix(128, dw, dlw, 0) & m;
    f[k++] = mix(129, hp, dp, this.sp > 1 ? this.P(this.stk[this.sp - 2]) : -1) & m;
    f[k++] = mix(130, dp, hp, h < n ? this.P(h + 1) : -1) & m;
    f[k++] = mix(131, hp, dp, d > 0 ? this.tag[d - 1] : -1) & m;
    f[k++] = mix(132, dp, hp, hset) & m;
    if (this.clusters) {
      const cl = lx.clus;
      const dc = cl[d];
      const hc = h < n ? cl[h] : -1;
      f[k++] = mix(140, dc, dir, 0) & m;
      f[k++] = mix(141, dc >> 4, hc >> 4, dir) & m;
      f[k++] = mix(142, dc >> 4, hp, dir) & m;
      f[k++] = mix(143, dp, hc >> 4, dir) & m;
      f[k++] = mix(144, hc, dir, 0) & m;
    }
    if (this.xpos) {
      const df = this.fine[d], hf = this.F(h);
      f[k++] = mix(160, df, hf, dir) & m;
      f[k++] = mix(161, df, dir, 0) & m;
      f[k++] = mix(162, hf, dir, 0) & m;
      f[k++] = mix(163, dw, hf, dir) & m;
      f[k++] = mix(164, df, hw, dir) & m;
      f[k++] = mix(165, df, hf, dist * 2 + dir) & m;
    }
    return k;
  }

  private valid(a: number): boolean {
    if (a === SHIFT) return this.b < this.n;
    if (a === LEFT) return this.sp >= 1 && (this.b < this.n || this.sp === 1);
    return this.sp >= 2;
  }

  private addArc(h: number, d: number, l: number): void {
    this.heads[d] = h;
    this.labels[d] = l;
    const bit = 1 << (l & 31);
    if (d < h) {
      this.lc2[h] = this.lc1[h];
      this.lc1[h] = d;
      this.nl[h]++;
      this.lsetL[h] |= bit;
    } else {
      this.rc2[h] = this.rc1[h];
      this.rc1[h] = d;
      this.nr[h]++;
      this.lsetR[h] |= bit;
    }
  }

  private bestLabel(d: number, h: number, lab: Int32Array | null): number {
    if (h === this.n && this.rootLabel >= 0) return this.rootLabel;
    const k = this.labelFeatures(d, h);
    const nL = this.labelNames.length;
    const s = this.lQ ? this.ilscores : this.lscores;
    if (this.lQ) {
      this.ilscores.fill(0);
      addSparse(this.lQ, this.lfeats, k, this.ilscores, 0);
    } else scoreF32(this.lTrain!.w, nL, this.lfeats, k, this.lscores);
    let best = -1;
    for (let c = 0; c < nL; c++) {
      if (c === this.rootLabel) continue;
      if (best < 0 || s[c] > s[best]) best = c;
    }
    if (lab && this.lTrain) {
      const g = lab[d];
      if (g !== best && g !== this.rootLabel && g >= 0) {
        this.lTrain.update(this.lfeats, k, g, 1);
        this.lTrain.update(this.lfeats, k, best, -1);
      }
      this.lTrain.tick();
    }
    return best;
  }

  private apply(a: number, goldHead: Int32Array | null, goldLab: Int32Array | null): void {
    if (a === SHIFT) {
      this.stk[this.sp++] = this.b++;
      return;
    }
    const s0 = this.stk[--this.sp];
    const h = a === LEFT ? this.b : this.stk[this.sp - 1];
    const train = goldHead !== null && goldHead[s0] === h;
    const l = this.bestLabel(s0, h, train ? goldLab : null);
    this.addArc(h, s0, l);
  }

  /**
   * Run-time transition scores (quantised weights, s0 on the stack, b0 a word) into `tscores`.
   * NOTE: the GROUP_S part is computed once per stack token (it stays fixed while the token is
   * on the stack) and the GROUP_B part once per buffer position; integer sums, so the scores are
   * those of `scoreTransitions`.
   */
  private scoreCached(): void {
    const t = this.tQ!;
    const sc = this.itscores;
    const s0 = this.stk[this.sp - 1];
    const ms = this.memoS;
    const mb = this.memoB;
    if (this.memoSOk[s0] === 0) {
      score3(t, this.feats, this.transFeatures(GROUP_S), sc);
      ms[3 * s0] = sc[0];
      ms[3 * s0 + 1] = sc[1];
      ms[3 * s0 + 2] = sc[2];
      this.memoSOk[s0] = 1;
    }
    if (this.memoBAt !== this.b) {
      score3(t, this.feats, this.transFeatures(GROUP_B), sc);
      mb[0] = sc[0];
      mb[1] = sc[1];
      mb[2] = sc[2];
      this.memoBAt = this.b;
    }
    score3(t, this.feats, this.transFeatures(GROUP_R), sc);
    const ts = this.tscores;
    ts[0] = sc[0] + ms[3 * s0] + mb[0];
    ts[1] = sc[1] + ms[3 * s0 + 1] + mb[1];
    ts[2] = sc[2] + ms[3 * s0 + 2] + mb[2];
  }
  private memoS = new Int32Array(3 * 64);
  private memoSOk = new Uint8Array(64);
  private readonly memoB = new Int32Array(3);
  private memoBAt = -1;

  private scoreTransitions(): void {
    const k = this.transFeatures(GROUP_ALL);
    if (this.tQ) {
      score3(this.tQ, this.feats, k, this.itscores);
      this.tscores[0] = this.itscores[0];
      this.tscores[1] = this.itscores[1];
      this.tscores[2] = this.itscores[2];
    } else scoreF32(this.tTrain!.w, N_ACT, this.feats, k, this.tscores);
    this.nFeats = k;
  }
  private nFeats = 0;

  /** Parses; heads (−1 root) and label ids written into `head` / `label` (length ≥ n). */
  parse(lex: LexBuffer, tags: Int32Array, head: Int32Array, label: Int32Array, fine: Int32Array | null = null): void {
    this.init(lex, tags, fine);
    const n = this.n;
    const s = this.tscores;
    while (this.b < n || this.sp > 0) {
      // NOTE: a forced move (empty stack: SHIFT; buffer at ROOT: RIGHT, or LEFT for the last word) is not scored.
      let best: number;
      if (this.sp === 0) best = SHIFT;
      else if (this.b === n) best = this.sp === 1 ? LEFT : RIGHT;
      else {
        this.scoreCached();
        best = -1;
        for (let a = 0; a < N_ACT; a++) if (this.valid(a) && (best < 0 || s[a] > s[best])) best = a;
      }
      this.apply(best, null, null);
    }
    for (let i = 0; i < n; i++) {
      const h = this.heads[i];
      head[i] = h === n || h < 0 ? -1 : h;
      label[i] = this.labels[i] < 0 ? 0 : this.labels[i];
    }
    if (this.punctRule) this.reattachPunctuation(lex, tags, head);
  }

  private isMark = new Uint8Array(64);
  /** Marks inside the sentence that head nothing go where UD's punctuation rule puts them (punct.ts). */
  private reattachPunctuation(lex: LexBuffer, tags: Int32Array, head: Int32Array): void {
    const n = this.n;
    if (this.isMark.length < n) this.isMark = new Uint8Array(2 * n);
    const mark = this.isMark;
    let marks = 0;
    for (let i = 0; i < n; i++) mark[i] = tags[i] === PUNCT && head[i] >= 0 ? 1 : 0;
    for (let i = 0; i < n; i++) if (head[i] >= 0) mark[head[i]] = 0;
    for (let i = 0; i < n; i++) marks += mark[i];
    if (marks > 0 && marks < n) attachPunctuation(n, mark, lex.exact, head, true);
  }

  /** Cost (number of reachable gold arcs lost) of each action, into `cost`. gh: gold heads with ROOT = n. */
  private costs(gh: Int32Array, cost: Int32Array): void {
    const n = this.n;
    const sp = this.sp;
    const stk = this.stk;
    const b = this.b;
    const s0 = sp > 0 ? stk[sp - 1] : -1;
    const s1 = sp > 1 ? stk[sp - 2] : -1;
    // dependents of s0 in the buffer
    let s0depsInBuf = 0;
    if (s0 >= 0) for (let j = b; j < n; j++) if (gh[j] === s0) s0depsInBuf++;
    // LEFT
    if (this.valid(LEFT)) {
      let c = s0depsInBuf;
      const g = gh[s0];
      if (g !== b && (g === s1 || g > b)) c++;
      cost[LEFT] = c;
    } else cost[LEFT] = 1 << 20;
    // RIGHT
    if (this.valid(RIGHT)) {
      let c = s0depsInBuf;
      const g = gh[s0];
      if (g !== s1 && g >= b) c++;
      cost[RIGHT] = c;
    } else cost[RIGHT] = 1 << 20;
    // SHIFT
    if (this.valid(SHIFT)) {
      let c = 0;
      const g = gh[b];
      for (let i = 0; i < sp; i++) {
        const x = stk[i];
        if (gh[x] === b) c++;
        if (i < sp - 1 && g === x) c++;
      }
      cost[SHIFT] = c;
    } else cost[SHIFT] = 1 << 20;
  }

  private readonly cost = new Int32Array(N_ACT);

  /**
   * One training pass over a sentence with the dynamic oracle. `goldHead` uses −1 for root;
   * `explore` is the probability of following a wrong prediction. Returns [correct, total] decisions.
   */
  trainSentence(lex: LexBuffer, tags: Int32Array, goldHead: Int32Array, goldLabel: Int32Array, explore: number, rand: () => number, fine: Int32Array | null = null): number {
    const tab = this.tTrain!;
    this.init(lex, tags, fine);
    const n = this.n;
    const gh = this.ghBuf(goldHead);
    const s = this.tscores;
    const cost = this.cost;
    let errors = 0;
    while (this.b < n || this.sp > 0) {
      this.scoreTransitions();
      this.costs(gh, cost);
      let pred = -1;
      let minCost = 1 << 30;
      for (let a = 0; a < N_ACT; a++) {
        if (!this.valid(a)) continue;
        if (pred < 0 || s[a] > s[pred]) pred = a;
        if (cost[a] < minCost) minCost = cost[a];
      }
      let gold = -1;
      for (let a = 0; a < N_ACT; a++) {
        if (!this.valid(a) || cost[a] !== minCost) continue;
        if (gold < 0 || s[a] > s[gold]) gold = a;
      }
      let follow = gold;
      if (cost[pred] !== minCost) {
        errors++;
        tab.update(this.feats, this.nFeats, gold, 1);
        tab.update(this.feats, this.nFeats, pred, -1);
        if (explore > 0 && rand() < explore) follow = pred;
      }
      tab.tick();
      this.apply(follow, gh, goldLabel);
    }
    return errors;
  }

  private ghStore = new Int32Array(64);
  private ghBuf(goldHead: Int32Array): Int32Array {
    const n = this.n;
    if (this.ghStore.length < n + 1) this.ghStore = new Int32Array(2 * n + 2);
    const g = this.ghStore;
    for (let i = 0; i < n; i++) g[i] = goldHead[i] < 0 ? n : goldHead[i];
    g[n] = -1;
    return g;
  }
}
