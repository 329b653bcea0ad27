import { describe, expect, it } from 'vitest';
import { blocs } from './blocs.js';
import { signedGraph } from './test-helpers.js';

describe('blocs', () => {
  it('finds the two camps of a two-bloc network', () => {
    const edges: [string, string, 1 | -1][] = [
      ['a1', 'a2', 1], ['a2', 'a3', 1], ['a1', 'a3', 1],
      ['b1', 'b2', 1], ['b2', 'b3', 1],
      ['a1', 'b1', -1], ['a2', 'b2', -1], ['a3', 'b3', -1], ['a1', 'b3', -1],
    ];
    const r = blocs(signedGraph(edges));
    expect(r.blocs).toHaveLength(2);
    expect(r.blocs.map((b) => b.members.map((m) => m.id))).toEqual([
      ['a1', 'a2', 'a3'],
      ['b1', 'b2', 'b3'],
    ]);
    expect(r.disagreement).toBe(0);
    expect(r.agreement).toBe(1);
    expect(r.across).toHaveLength(1);
    expect(r.across[0]).toMatchObject({ a: 0, b: 1, positive: 0, negative: 4 });
    expect(r.blocs[0]!.inside).toMatchObject({ positive: 3, negative: 0 });
  });

  it('keeps an enemy out even with one ally inside, when the bloc is against it', () => {
    // x is allied with a1 but hostile to a2 and a3: it stays out (1 disagreement instead of 2).
    const r = blocs(
      signedGraph([
        ['a1', 'a2', 1], ['a2', 'a3', 1], ['a1', 'a3', 1],
        ['x', 'a1', 1], ['x', 'a2', -1], ['x', 'a3', -1],
      ]),
    );
    expect(r.membership['x']).not.toBe(r.membership['a1']);
    expect(r.disagreement).toBe(1);
    expect(r.positiveAcross).toBe(1);
  });

  it('is deterministic for a seed', () => {
    const g = signedGraph([['a', 'b', 1], ['b', 'c', -1], ['c', 'd', 1], ['d', 'a', -1], ['a', 'c', -1]]);
    expect(blocs(g, { seed: 5 })).toEqual(blocs(g, { seed: 5 }));
  });
});
