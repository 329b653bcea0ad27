import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel, type ModelData } from './io.js';
import { loadSyntaxModel, type Pipeline } from './index.js';
import { LexBuffer } from './lex.js';
import { Tagger, TwoPassTagger } from './tagger.js';
import {
  addSparse,
  pack,
  rng,
  score3,
  scoreF32,
  sparseFromDense,
  sparseSideBySide,
  sparseToColumns,
  sparseFromColumns,
  type QuantTable,
} from './perceptron.js';

/** A random dense table with most rows zero and the others partly zero. */
function randomTable(bits: number, nClasses: number, seed: number): QuantTable {
  const rand = rng(seed);
  const w = new Int16Array((1 << bits) * nClasses);
  for (let r = 0; r < 1 << bits; r++) {
    if (rand() < 0.7) continue;
    for (let c = 0; c < nClasses; c++) if (rand() < 0.4) w[r * nClasses + c] = Math.round((rand() - 0.5) * 64000);
  }
  return { bits, nClasses, w, scale: 1 };
}

function randomFeats(bits: number, n: number, seed: number): Int32Array {
  const rand = rng(seed);
  return Int32Array.from({ length: n }, () => Math.floor(rand() * (1 << bits)));
}

/** Dense reference scores. */
function denseScores(t: QuantTable, feats: Int32Array): number[] {
  const out = new Float64Array(t.nClasses);
  scoreF32(Float32Array.from(t.w), t.nClasses, feats, feats.length, out);
  return [...out];
}

describe('run-time weight tables', () => {
  it('sparse rows score exactly as the dense table', () => {
    for (const nC of [8, 17, 51]) {
      const t = randomTable(10, nC, nC);
      const sp = sparseFromDense(t);
      for (let trial = 0; trial < 20; trial++) {
        const feats = randomFeats(10, 60, 1000 * nC + trial);
        const out = new Int32Array(nC);
        addSparse(sp, feats, feats.length, out, 0);
        expect([...out]).toEqual(denseScores(t, feats));
      }
    }
  });
  it('packed three-class rows score exactly as the dense table', () => {
    const t = randomTable(12, 3, 3);
    const p = pack(t);
    for (let trial = 0; trial < 20; trial++) {
      const feats = randomFeats(12, 170, trial);
      const out = new Int32Array(3);
      score3(p, feats, feats.length, out);
      expect([...out]).toEqual(denseScores(t, feats));
    }
  });
  it('puts two sparse tables side by side and round-trips the stored columns', () => {
    const a = randomTable(9, 17, 1), b = randomTable(9, 17, 2);
    const both = sparseSideBySide(sparseFromDense(a), sparseFromDense(b));
    const feats = randomFeats(9, 50, 7);
    const out = new Int32Array(34);
    addSparse(both, feats, feats.length, out, 0);
    expect([...out]).toEqual([...denseScores(a, feats), ...denseScores(b, feats)]);
    const sp = sparseFromDense(a);
    const { rowIds, cols } = sparseToColumns(sp);
    const again = sparseFromColumns(sp.bits, sp.nClasses, sp.scale, rowIds, cols);
    expect(again.offsets).toEqual(sp.offsets);
    expect(again.entries).toEqual(sp.entries);
  });
  it('encodes and decodes a model without changing any weight', () => {
    const data: ModelData = {
      meta: { labels: ['root', 'nsubj'], lemma: { lex: {}, same: [], rules: {} }, info: {} },
      dict: new Map([[5, 3]]),
      tagger: sparseFromDense(randomTable(8, 17, 11)),
      tagger2: sparseFromDense(randomTable(8, 17, 12)),
      trans: pack(randomTable(8, 3, 13)),
      label: sparseFromDense(randomTable(8, 2, 14)),
      clusters: new Map([[9, 4097]]),
      xpos: null,
    };
    const back = decodeModel(encodeModel(data));
    for (const k of ['tagger', 'tagger2', 'label'] as const) {
      expect(back[k].offsets).toEqual(data[k].offsets);
      expect(back[k].entries).toEqual(data[k].entries);
    }
    expect(back.trans.w).toEqual(data.trans.w);
    expect(back.trans.index).toEqual(data.trans.index);
    expect(back.dict).toEqual(data.dict);
    expect(back.clusters).toEqual(data.clusters);
  });
});

describe('two-pass tagger', () => {
  it('tags exactly as two separate passes', () => {
    const { data } = loadSyntaxModel() as Pipeline;
    const cl = data.clusters.size > 0 ? data.clusters : null;
    const both = new TwoPassTagger(data.dict, data.tagger, data.tagger2, cl);
    const one = new Tagger(data.dict, null, data.tagger, false, cl);
    const two = new Tagger(data.dict, null, data.tagger2, true, cl);
    const lex = new LexBuffer();
    const sentences = [
      ['The', 'rebels', 'agreed', 'to', 'stop', 'fighting', '.'],
      ['Government', 'forces', 'shelled', 'Aleppo', 'on', 'Monday', ',', 'killing', '12', 'people', '.'],
      ['Can', 'you', 'book', 'a', 'table', 'for', 'two', '?'],
    ];
    for (const words of sentences) {
      const n = words.length;
      const f1 = new Int32Array(n), f2 = new Int32Array(n), r1 = new Int32Array(n), r2 = new Int32Array(n);
      lex.fill(words);
      both.tag(lex, words, f1, f2);
      both.tag(lex, words, f1, f2); // again, from the word cache
      one.tag(lex, r1);
      two.tag(lex, r2, r1);
      expect([...f1]).toEqual([...r1]);
      expect([...f2]).toEqual([...r2]);
    }
  });
});
