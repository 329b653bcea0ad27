/**
 * Fine (PTB, the treebank XPOS column) tags, predicted after UPOS as a sub-class of the predicted
 * UPOS: for each UPOS, its XPOS values by training frequency (at most `N_SUB`), and a greedy
 * averaged perceptron over features conjoined with the UPOS picks the index. The parser reads
 * `upos * N_SUB + sub` as a finer tag (VBD/VBN, VB/VBP, NN/NNS, IN/RP, PRP/PRP$, WDT…).
 */
import { LexBuffer, mix } from './lex.js';
import { addSparse, scoreF32, sparseFromDense, TrainTable, type QuantTable, type SparseTable } from './perceptron.js';
import { N_UPOS } from './tagger.js';

export const N_SUB = 8;
export const XPOS_BITS = 19;
const MAX_FEATS = 32;
const NONE = 0x68e31da4;

/** Per UPOS id, its XPOS values by frequency (at most N_SUB). */
export function buildXposLists(sentences: readonly { tags: Int32Array; xpos: readonly string[] }[]): string[][] {
  const counts: Map<string, number>[] = Array.from({ length: N_UPOS }, () => new Map());
  for (const s of sentences) for (let i = 0; i < s.tags.length; i++) counts[s.tags[i]].set(s.xpos[i], (counts[s.tags[i]].get(s.xpos[i]) ?? 0) + 1);
  return counts.map((m) =>
    [...m.entries()]
      .filter(([x, c]) => c >= 3 && x !== '_')
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, N_SUB)
      .map(([x]) => x),
  );
}

/** Gold sub-indices given UPOS ids (predicted or gold); −1 where the XPOS is not in that UPOS's list. */
export function subIds(lists: readonly string[][], tags: Int32Array, xpos: readonly string[], out: Int32Array): void {
  for (let i = 0; i < tags.length; i++) out[i] = lists[tags[i]].indexOf(xpos[i]);
}

export class XposTagger {
  private readonly feats = new Int32Array(MAX_FEATS);
  private readonly scores = new Float64Array(N_SUB);
  private readonly iscores = new Int32Array(N_SUB);
  private readonly mask: number;
  private readonly nSub: Int32Array;
  private readonly quant: SparseTable | null;

  constructor(
    lists: readonly string[][],
    readonly train: TrainTable | null,
    quant: QuantTable | SparseTable | null,
  ) {
    this.quant = quant === null ? null : 'offsets' in quant ? quant : sparseFromDense(quant);
    this.mask = (1 << (train ? train.bits : this.quant!.bits)) - 1;
    this.nSub = Int32Array.from(lists.map((l) => Math.max(1, l.length)));
  }

  private features(lex: LexBuffer, tags: Int32Array, i: number, prevFine: number): number {
    const f = this.feats;
    const m = this.mask;
    const n = lex.n;
    const w = lex.word;
    const u = tags[i];
    const tm1 = i > 0 ? tags[i - 1] : N_UPOS;
    const tm2 = i > 1 ? tags[i - 2] : N_UPOS;
    const tp1 = i + 1 < n ? tags[i + 1] : N_UPOS;
    const wm1 = i > 0 ? w[i - 1] : NONE;
    const wm2 = i > 1 ? w[i - 2] : NONE;
    const wp1 = i + 1 < n ? w[i + 1] : NONE;
    const wi = w[i];
    let k = 0;
    f[k++] = mix(1, u, 0, 0) & m;
    f[k++] = mix(2, u, wi, 0) & m;
    f[k++] = mix(3, u, lex.suf1[i], 0) & m;
    f[k++] = mix(4, u, lex.suf2[i], 0) & m;
    f[k++] = mix(5, u, lex.suf3[i], 0) & m;
    f[k++] = mix(6, u, lex.flags[i], i === 0 ? 1 : 0) & m;
    f[k++] = mix(7, u, wm1, 0) & m;
    f[k++] = mix(8, u, wm2, 0) & m;
    f[k++] = mix(9, u, wp1, 0) & m;
    f[k++] = mix(10, u, tm1, 0) & m;
    f[k++] = mix(11, u, tp1, 0) & m;
    f[k++] = mix(12, u, tm1, tp1) & m;
    f[k++] = mix(13, u, tm2, tm1) & m;
    f[k++] = mix(14, u, prevFine, 0) & m;
    f[k++] = mix(15, u, wm1, wi) & m;
    f[k++] = mix(16, u, wi, wp1) & m;
    f[k++] = mix(17, u, lex.amb[i], 0) & m;
    f[k++] = mix(18, u, lex.exact[i], 0) & m;
    f[k++] = mix(19, u, lex.suf4[i], 0) & m;
    f[k++] = mix(20, u, wm1, tp1) & m;
    f[k++] = mix(21, u, lex.clus[i] >> 4, 0) & m;
    return k;
  }

  /** Fine tags (`upos * N_SUB + sub`) into `out[0..n)`; `lex.amb` and `lex.clus` must be filled. */
  tag(lex: LexBuffer, tags: Int32Array, out: Int32Array): void {
    const n = lex.n;
    let prev = -1;
    for (let i = 0; i < n; i++) {
      const u = tags[i];
      const ns = this.nSub[u];
      let best = 0;
      if (ns > 1) {
        const k = this.features(lex, tags, i, prev);
        if (this.quant) {
          const s = this.iscores;
          s.fill(0);
          addSparse(this.quant, this.feats, k, s, 0);
          for (let c = 1; c < ns; c++) if (s[c] > s[best]) best = c;
        } else {
          const s = this.scores;
          scoreF32(this.train!.w, N_SUB, this.feats, k, s);
          for (let c = 1; c < ns; c++) if (s[c] > s[best]) best = c;
        }
      }
      prev = out[i] = u * N_SUB + best;
    }
  }

  /** One perceptron pass (input: predicted UPOS `tags`; gold sub-indices, −1 unknown). Returns [correct]. */
  trainSentence(lex: LexBuffer, tags: Int32Array, gold: Int32Array): number {
    const tab = this.train!;
    const n = lex.n;
    const s = this.scores;
    let prev = -1;
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const u = tags[i];
      const ns = this.nSub[u];
      let best = 0;
      if (ns > 1) {
        const k = this.features(lex, tags, i, prev);
        scoreF32(tab.w, N_SUB, this.feats, k, s);
        for (let c = 1; c < ns; c++) if (s[c] > s[best]) best = c;
        const g = gold[i];
        if (g >= 0 && g !== best) {
          tab.update(this.feats, k, g, 1);
          tab.update(this.feats, k, best, -1);
        }
        tab.tick();
      }
      if (gold[i] === best) correct++;
      prev = u * N_SUB + best;
    }
    return correct;
  }
}
