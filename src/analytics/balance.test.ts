import { describe, expect, it } from 'vitest';
import { balance, countBalanced, frustration, shuffleSigns, triangles } from './balance.js';
import { signedIndex } from './network.js';
import { signedGraph } from './test-helpers.js';
import { xorshift } from './util.js';

describe('balance', () => {
  it('counts balanced and unbalanced triads', () => {
    // +++ balanced, ++- unbalanced (a–b ally, b–c ally, a–c enemy)
    const g = signedGraph([
      ['a', 'b', 1],
      ['b', 'c', 1],
      ['a', 'c', -1],
      ['c', 'd', 1],
      ['b', 'd', 1],
    ]);
    const r = balance(g, { samples: 50 });
    expect(r.triads).toBe(2);
    expect(r.balancedTriads).toBe(1);
    expect(r.balancedShare).toBe(0.5);
    expect(r.census).toEqual({ '+++': 1, '++-': 1, '+--': 0, '---': 0 });
    expect(r.unbalanced).toEqual([{ actors: ['a', 'b', 'c'], signs: [1, -1, 1], type: '++-', balanced: false }]);
    expect(r.frustration.index).toBe(1);
    expect(r.frustration.exact).toBe(true);
  });

  it('treats the enemy of my enemy as a friend (+-- balanced) and --- as unbalanced', () => {
    expect(balance(signedGraph([['a', 'b', 1], ['a', 'c', -1], ['b', 'c', -1]]), { samples: 10 }).balancedShare).toBe(1);
    expect(balance(signedGraph([['a', 'b', -1], ['a', 'c', -1], ['b', 'c', -1]]), { samples: 10 }).balancedShare).toBe(0);
  });

  it('property: an all-positive network is fully balanced, with frustration 0', () => {
    const rng = xorshift(7);
    for (let trial = 0; trial < 20; trial++) {
      const edges: [string, string, 1][] = [];
      for (let i = 0; i < 8; i++) for (let j = i + 1; j < 8; j++) if (rng() < 0.5) edges.push([`n${i}`, `n${j}`, 1]);
      if (edges.length === 0) continue;
      const r = balance(signedGraph(edges), { samples: 20 });
      expect(r.balancedShare).toBe(1);
      expect(r.frustration.index).toBe(0);
    }
  });

  it('property: shuffling preserves the edge count and the number of each sign', () => {
    const rng = xorshift(3);
    const sign = Int8Array.from({ length: 57 }, () => (rng() < 0.3 ? -1 : 1));
    for (let k = 0; k < 10; k++) {
      const s = shuffleSigns(sign, rng);
      expect(s.length).toBe(sign.length);
      expect(s.filter((x) => x < 0).length).toBe(sign.filter((x) => x < 0).length);
    }
  });

  it('a two-camp network is balanced, well above the shuffled null model', () => {
    const edges: [string, string, 1 | -1][] = [];
    const A = ['a1', 'a2', 'a3', 'a4'];
    const B = ['b1', 'b2', 'b3', 'b4'];
    for (const camp of [A, B]) for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) edges.push([camp[i]!, camp[j]!, 1]);
    for (const x of A) for (const y of B) edges.push([x, y, -1]);
    const r = balance(signedGraph(edges), { samples: 200, seed: 1 });
    expect(r.balancedShare).toBe(1);
    expect(r.nullModel.mean).toBeLessThan(0.8);
    expect(r.nullModel.z).toBeGreaterThan(2);
    expect(r.nullModel.pValue).toBeLessThan(0.05);
    expect(r.frustration.index).toBe(0);
    expect(r.frustration.camps.map((c) => [...c].sort())).toEqual([A, B]);
  });

  it('is deterministic for a seed', () => {
    const g = signedGraph([['a', 'b', 1], ['b', 'c', -1], ['a', 'c', -1], ['c', 'd', 1], ['a', 'd', 1]]);
    expect(balance(g, { seed: 9 })).toEqual(balance(g, { seed: 9 }));
  });

  it('heuristic frustration agrees with the exact one and the lower bound holds', () => {
    const rng = xorshift(11);
    for (let trial = 0; trial < 10; trial++) {
      const edges: [string, string, 1 | -1][] = [];
      for (let i = 0; i < 12; i++) for (let j = i + 1; j < 12; j++) if (rng() < 0.4) edges.push([`n${i}`, `n${j}`, rng() < 0.6 ? 1 : -1]);
      const g = signedGraph(edges);
      const exact = frustration(g, { exactMaxNodes: 20 });
      const heur = frustration(g, { exactMaxNodes: 2, restarts: 30 });
      expect(exact.exact).toBe(true);
      expect(heur.exact).toBe(false);
      expect(heur.index).toBeGreaterThanOrEqual(exact.index);
      expect(heur.index).toBeLessThanOrEqual(exact.index + 1);
      expect(heur.lowerBound).toBeLessThanOrEqual(exact.index);
      expect(exact.frustratedEdges).toHaveLength(exact.index);
    }
  });

  it('leaves talks (engaged) out of the signed graph by default', async () => {
    const { networkFromStates } = await import('./network.js');
    const g = signedGraph([['a', 'b', -1], ['b', 'c', -1]]);
    const withTalks = networkFromStates(
      [
        ...g.mapEdges((_k, attr, s, t) => ({ a: s < t ? s : t, b: s < t ? t : s, on: '2020-01-01', state: attr.state, sign: attr.sign, confidence: 1, direction: null, since: null, lastSeen: null, evidence: [], contradictions: [], context: [], scores: {} })),
        { a: 'a', b: 'c', on: '2020-01-01', state: 'engaged', sign: 1, confidence: 1, direction: null, since: null, lastSeen: null, evidence: [], contradictions: [], context: [], scores: {} },
      ],
      [],
      '2020-01-01',
    );
    expect(balance(withTalks, { samples: 10 }).triads).toBe(0);
    expect(balance(withTalks, { samples: 10, ignoreStates: [] }).triads).toBe(1);
  });

  it('bounds the frustration of an unbalanced square with pendant trees tightly, even without triangles', () => {
    const edges: [string, string, 1 | -1][] = [['a', 'b', 1], ['b', 'c', 1], ['c', 'd', 1], ['d', 'a', -1]];
    for (let i = 0; i < 30; i++) edges.push([`t${i}`, i === 0 ? 'a' : `t${i - 1}`, i % 2 === 0 ? 1 : -1]);
    const g = signedGraph(edges);
    const heur = frustration(g, { exactMaxNodes: 3 });
    expect(heur.exact).toBe(false);
    expect([heur.lowerBound, heur.index]).toEqual([1, 1]);
    const exact = frustration(g);
    expect(exact.exact).toBe(true);
    expect(exact.index).toBe(1);
  });

  it('triangles and countBalanced agree with the census', () => {
    const g = signedGraph([['a', 'b', -1], ['b', 'c', -1], ['a', 'c', -1], ['c', 'd', 1], ['a', 'd', -1]]);
    const idx = signedIndex(g);
    const tri = triangles(idx);
    expect(tri.count).toBe(2);
    expect(countBalanced(tri, idx.sign)).toBe(1);
  });
});
