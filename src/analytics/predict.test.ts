import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, edgeFeatures, evaluateSignModel, predict } from './predict.js';
import { signedGraph } from './test-helpers.js';
import { rocAuc, xorshift } from './util.js';

describe('predict', () => {
  it('predicts a positive tie between actors that share enemies, with the reasons', () => {
    const g = signedGraph([
      ['is', 'fsa', -1],
      ['nusra', 'fsa', -1],
      ['is', 'assad', -1],
      ['nusra', 'assad', -1],
      ['fsa', 'assad', -1],
    ]);
    const r = predict(g);
    const p = r.predictions.find((x) => x.a === 'is' && x.b === 'nusra')!;
    expect(p.predicted).toBe(1);
    expect(p.sharedEnemies).toEqual(['ASSAD', 'FSA']);
    expect(p.explanation).toBe('IS and NUSRA share enemies: ASSAD, FSA — balance predicts a positive tie.');
    expect(p.agreement).toBe(1);
  });

  it('predicts a negative tie between the ally of an enemy', () => {
    const g = signedGraph([['a', 'b', 1], ['b', 'c', -1]]);
    const p = predict(g).predictions.find((x) => x.a === 'a' && x.b === 'c')!;
    expect(p.predicted).toBe(-1);
    expect(p.mixed).toEqual(['B']);
  });

  it('has 23 features: 7 degree features and 16 triad types', () => {
    expect(FEATURE_NAMES).toHaveLength(23);
    const g = signedGraph([['a', 'b', 1], ['b', 'c', 1], ['a', 'c', 1]]);
    const { rows } = edgeFeatures(g);
    // Edge a–b: one common neighbour (c), both edges positive and symmetric: four ++ triad types of ¼.
    expect(rows[0]![4]).toBe(1);
    const triad = Array.from(rows[0]!.slice(7));
    expect(triad.reduce((x, y) => x + y, 0)).toBeCloseTo(1);
    expect(triad.filter((x) => x > 0)).toHaveLength(4);
  });

  it('learns balance on a noisy two-camp network: leave-one-out AUC well above chance', () => {
    const rng = xorshift(21);
    const edges: [string, string, 1 | -1][] = [];
    const camp = (i: number) => (i < 10 ? 0 : 1);
    for (let i = 0; i < 20; i++)
      for (let j = i + 1; j < 20; j++) {
        if (rng() > 0.35) continue;
        let s: 1 | -1 = camp(i) === camp(j) ? 1 : -1;
        if (rng() < 0.1) s = s > 0 ? -1 : 1;
        edges.push([`n${String(i).padStart(2, '0')}`, `n${String(j).padStart(2, '0')}`, s]);
      }
    const g = signedGraph(edges);
    const exact = evaluateSignModel(g, { loo: 'exact' });
    const approx = evaluateSignModel(g, { loo: 'approximate' });
    expect(exact.auc!).toBeGreaterThan(0.75);
    expect(approx.auc!).toBeGreaterThan(0.75);
    expect(Math.abs(exact.auc! - approx.auc!)).toBeLessThan(0.1);
    expect(exact.aucBalance!).toBeGreaterThan(0.75);
  });

  it('rocAuc: perfect, reversed and tied scores', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
  });
});
