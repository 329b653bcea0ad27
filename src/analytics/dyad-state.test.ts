import { describe, expect, it } from 'vitest';
import { dyadState, dyadStates, support } from './dyad-state.js';
import { changes } from './changes.js';
import { rel } from './test-helpers.js';

const IS = 'islamic_state';
const JN = 'jabhat_al_nusra';
const AQ = 'al_qaeda';

/** The readings a careful reader takes from the example article (2014-11-17). */
const example = [
  rel('TRUCE', IS, JN, '2014-11-17', { doc: 'ex', start: '2014-11-10', end: '2014-11-16', text: 'Last week', confidence: 0.82 }),
  rel('TRUCE', JN, IS, '2014-11-17', { doc: 'ex', confidence: 0.7 }),
  rel('ALLY', IS, JN, '2014-11-17', { doc: 'ex', confidence: 0.6 }),
  rel('ALLY', IS, JN, '2014-11-17', { doc: 'ex', confidence: 0.7 }),
  rel('FIGHT', JN, IS, '2014-11-17', { doc: 'ex', start: '2013-11-17', end: '2014-11-17', text: 'For much of the past year', confidence: 0.8 }),
  rel('AFFILIATE_OF', JN, AQ, '2014-11-17', { doc: 'ex', confidence: 0.8 }),
  rel('SPLIT', AQ, IS, '2014-11-17', { doc: 'ex', start: '2014-02-01', end: '2014-02-28', text: 'in February', confidence: 0.8 }),
  rel('ORIGIN', IS, 'al_qaeda_in_iraq', '2014-11-17', { doc: 'ex', confidence: 0.8 }),
];

describe('dyadState', () => {
  it('reads IS–Nusra as hostile in mid-2014 and truce on the article date', () => {
    const before = dyadState(example, IS, JN, '2014-06-01');
    expect(before.state).toBe('hostile');
    expect(before.sign).toBe(-1);
    expect(before.evidence.map((e) => e.type)).toEqual(['FIGHT']);
    const after = dyadState(example, JN, IS, '2014-11-17');
    expect(after.state).toBe('truce');
    expect(after.sign).toBe(1);
    expect(after.confidence).toBeGreaterThan(0.3);
    // The fighting is shown as superseded, not hidden.
    expect(after.contradictions.map((e) => [e.type, e.role])).toEqual([['FIGHT', 'superseded']]);
  });

  it('is none before any reading applies', () => {
    const s = dyadState(example, IS, JN, '2013-01-01');
    expect(s.state).toBe('none');
    expect(s.confidence).toBe(0);
  });

  it('keeps standing relations without decay and ends them with a later split', () => {
    const rs = [
      rel('AFFILIATE_OF', 'a', 'b', '2010-01-01'),
      rel('SPLIT', 'b', 'a', '2015-06-01'),
    ];
    const mid = dyadState(rs, 'a', 'b', '2014-12-31');
    expect(mid.state).toBe('affiliated');
    expect(mid.direction).toEqual({ source: 'a', target: 'b', mutual: false });
    expect(dyadState(rs, 'a', 'b', '2010-01-01').confidence).toBe(mid.confidence);
    expect(dyadState(rs, 'a', 'b', '2016-01-01').state).toBe('split');
  });

  it('ends standing relations when an actor is renamed', () => {
    const rs = [rel('MEMBER_OF', 'a', 'b', '2010-01-01')];
    const actors = [{ id: 'a2', name: 'A2', type: 'armed_group' as const, aliases: [], renamedFrom: { id: 'a', date: '2012-01-01' } }];
    expect(dyadState(rs, 'a', 'b', '2011-06-01', { actors }).state).toBe('member');
    expect(dyadState(rs, 'a', 'b', '2013-06-01', { actors }).state).toBe('none');
  });

  it('lets fighting decay with its half-life', () => {
    const rs = [rel('FIGHT', 'a', 'b', '2020-01-01', { confidence: 1 })];
    const at = (d: string) => dyadState(rs, 'a', 'b', d);
    expect(at('2020-01-01').confidence).toBeCloseTo(1, 5);
    // 180 days later the weight is one half.
    expect(at('2020-06-29').evidence[0]!.weight).toBeCloseTo(0.5, 3);
    expect(at('2025-01-01').state).toBe('none');
  });

  it('honours an explicit interval: full weight until it ends', () => {
    const rs = [rel('FIGHT', 'a', 'b', '2020-12-31', { start: '2019-01-01', end: '2020-12-31', text: 'for two years', confidence: 1 })];
    expect(dyadState(rs, 'a', 'b', '2019-06-01').evidence[0]!.weight).toBe(1);
    expect(dyadState(rs, 'a', 'b', '2018-12-31').state).toBe('none');
  });

  it('talks between enemies do not end hostility', () => {
    const rs = [
      rel('FIGHT', 'a', 'b', '2016-01-01', { confidence: 0.9 }),
      rel('FIGHT', 'a', 'b', '2016-01-20', { confidence: 0.9 }),
      rel('ENGAGE', 'a', 'b', '2016-02-01', { confidence: 0.8 }),
    ];
    const s = dyadState(rs, 'a', 'b', '2016-02-02');
    expect(s.state).toBe('hostile');
    expect(s.contradictions.map((e) => e.type)).toEqual(['ENGAGE']);
  });

  it('talks do not outweigh hostility of the same day, but make `engaged` on their own', () => {
    const rs = [
      rel('ENGAGE', 'a', 'b', '2016-01-01', { confidence: 0.9 }),
      rel('ENGAGE', 'a', 'b', '2016-01-01', { confidence: 0.9 }),
      rel('OPPOSE', 'a', 'b', '2016-01-01', { confidence: 0.4 }),
    ];
    expect(dyadState(rs, 'a', 'b', '2016-01-02').state).toBe('hostile');
    expect(dyadState(rs.slice(0, 2), 'a', 'b', '2016-01-02').state).toBe('engaged');
  });

  it('a low-confidence reading does not supersede a standing relation', () => {
    const rs = [rel('MEMBER_OF', 'a', 'b', '2015-01-01', { confidence: 0.9 }), rel('FIGHT', 'a', 'b', '2016-01-01', { confidence: 0.2 })];
    const s = dyadState(rs, 'a', 'b', '2016-01-02');
    expect(s.state).toBe('member');
    expect(s.contradictions).toHaveLength(1);
  });

  it('lists contradictions of the same period and lowers confidence', () => {
    const clean = [rel('ALLY', 'a', 'b', '2020-01-01'), rel('ALLY', 'a', 'b', '2020-01-01')];
    const mixed = [...clean, rel('FIGHT', 'a', 'b', '2020-01-01')];
    const c = dyadState(clean, 'a', 'b', '2020-01-02');
    const m = dyadState(mixed, 'a', 'b', '2020-01-02');
    expect(m.state).toBe('allied');
    expect(m.contradictions).toHaveLength(1);
    expect(m.contradictions[0]!.role).toBe('contradiction');
    expect(m.confidence).toBeLessThan(c.confidence);
  });

  it('gains confidence from more documents more than from repeats in one document', () => {
    const oneDoc = [rel('ALLY', 'a', 'b', '2020-01-01', { doc: 'x' }), rel('ALLY', 'a', 'b', '2020-01-01', { doc: 'x' })];
    const twoDocs = [rel('ALLY', 'a', 'b', '2020-01-01', { doc: 'x' }), rel('ALLY', 'a', 'b', '2020-01-01', { doc: 'y' })];
    expect(dyadState(twoDocs, 'a', 'b', '2020-01-01').confidence).toBeGreaterThan(
      dyadState(oneDoc, 'a', 'b', '2020-01-01').confidence,
    );
  });

  it('support is a noisy-OR: one full-strength reading gives 1, none gives 0', () => {
    expect(support([{ doc: 'x', strength: 1 }], 0.5)).toBe(1);
    expect(support([], 0.5)).toBe(0);
    expect(support([{ doc: 'x', strength: 0.5 }, { doc: 'y', strength: 0.5 }], 0.5)).toBeCloseTo(0.75);
  });

  it('dyadStates lists every pair with a state, sorted', () => {
    const all = dyadStates(example, '2014-11-17');
    expect(all.map((s) => `${s.a}|${s.b}:${s.state}`)).toEqual([
      'al_qaeda|islamic_state:split',
      'al_qaeda|jabhat_al_nusra:affiliated',
      'islamic_state|jabhat_al_nusra:truce',
    ]);
  });
});

describe('changes', () => {
  it('lists the IS–Nusra flip first with the readings that caused it', () => {
    const r = changes(example, '2014-06-01', '2014-11-17');
    expect(r.changes[0]!.kind).toBe('flip');
    expect([r.changes[0]!.a, r.changes[0]!.b]).toEqual([IS, JN]);
    expect(r.changes[0]!.before.state).toBe('hostile');
    expect(r.changes[0]!.after.state).toBe('truce');
    expect(new Set(r.changes[0]!.causes.map((e) => e.type))).toEqual(new Set(['TRUCE', 'ALLY']));
    // The AQ–Nusra affiliation and AQ–IS split are new: they are read from the article date.
    expect(r.counts).toEqual({ flip: 1, new: 1, change: 0, ended: 0 });
  });

  it('reports decayed dyads as ended', () => {
    const rs = [rel('FIGHT', 'a', 'b', '2020-01-01')];
    const r = changes(rs, '2020-01-02', '2024-01-01');
    expect(r.changes).toHaveLength(1);
    expect(r.changes[0]!.kind).toBe('ended');
    expect(r.changes[0]!.reason).toBe('decayed');
  });
});
