import { describe, expect, it } from 'vitest';
import { actorProfiles, buildNetwork, networkSummary } from './network.js';
import { rel } from './test-helpers.js';

describe('buildNetwork', () => {
  const rs = [
    rel('SUPPORT', 'us', 'rebels', '2014-10-01'),
    rel('MEMBER_OF', 'srf', 'fsa', '2014-10-01'),
    rel('FIGHT', 'is', 'rebels', '2014-10-01'),
    rel('ALLY', 'is', 'nusra', '2014-10-01'),
    rel('ORIGIN', 'is', 'aqi', '2014-10-01'),
  ];
  const actors = [{ id: 'is', name: 'Islamic State', type: 'armed_group' as const, aliases: [] }];
  const g = buildNetwork(rs, actors, '2014-10-02');

  it('has one edge per dyad with a state, ORIGIN left out', () => {
    expect(g.order).toBe(6);
    expect(g.size).toBe(4);
    expect(g.hasNode('aqi')).toBe(false);
    expect(g.getNodeAttribute('is', 'name')).toBe('Islamic State');
    expect(g.getEdgeAttributes('rebels|us')).toMatchObject({ state: 'supporting', sign: 1, direction: { source: 'us', target: 'rebels' } });
  });

  it('profiles list allies, enemies, patrons, clients and members', () => {
    const p = Object.fromEntries(actorProfiles(g).map((x) => [x.id, x]));
    expect(p['rebels']!.patrons.map((e) => e.id)).toEqual(['us']);
    expect(p['us']!.clients.map((e) => e.id)).toEqual(['rebels']);
    expect(p['rebels']!.enemies.map((e) => e.id)).toEqual(['is']);
    expect(p['is']!.allies.map((e) => e.id)).toEqual(['nusra']);
    expect(p['fsa']!.members.map((e) => e.id)).toEqual(['srf']);
    expect(p['srf']!.memberOf.map((e) => e.id)).toEqual(['fsa']);
  });

  it('summarises as plain JSON', () => {
    const s = networkSummary(g);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect([s.positive, s.negative]).toEqual([3, 1]);
  });
});
