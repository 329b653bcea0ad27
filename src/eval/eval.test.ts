/**
 * The evaluation readers: mention-span gold (strict / lenient matching, classes, ignored gold, tags),
 * PLOVER records, and `faultline eval` on each kind of set and on a folder of sets (fixtures in
 * ./fixtures, written for these tests).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../cli/main.js';
import type { CliIo } from '../cli/context.js';
import type { Relation, RelationType } from '../types.js';
import { POLARITY } from '../types.js';
import { scorePlover, type PloverRecord } from './plover.js';
import { scoreSpans, spanKey, type SpanGoldDoc } from './spans.js';

const FIX = join(import.meta.dirname, 'fixtures');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: CliIo = { out: (s) => void (out += s), err: (s) => void (err += s), isTTY: false };
  const code = await run(argv, io);
  return { code, out, err };
}

const TEXT = 'Alpha Front attacked the Beta Brigade. Later the Alpha Front joined the Gamma Alliance.';
const at = (s: string, from = 0): { start: number; end: number; text: string } => {
  const i = TEXT.indexOf(s, from);
  return { start: i, end: i + s.length, text: s };
};

function rel(type: RelationType, source: { start: number; end: number; text: string }, target: { start: number; end: number; text: string }, sentence: [number, number]): Relation {
  return {
    doc: 'd', date: '2015-01-01', type, polarity: POLARITY[type],
    source: { actor: 'x', name: source.text, ...source }, target: { actor: 'y', name: target.text, ...target },
    time: { start: '2015-01-01', end: '2015-01-01', text: null },
    sentence: { index: 0, start: sentence[0], end: sentence[1], text: TEXT.slice(...sentence) },
    confidence: 0.5,
  };
}

const S0: [number, number] = [0, TEXT.indexOf('.') + 1];
const S1: [number, number] = [TEXT.indexOf('Later'), TEXT.length];
const GOLD: SpanGoldDoc = {
  doc: 'd',
  tags: ['source:Test'],
  sentences: [S0, S1],
  relations: [
    { class: 'hostile', directed: false, source: at('the Beta Brigade'), target: at('Alpha Front'), sentence: 0 },
    // the member is marked on the second "Alpha Front" (sentence 1)
    { class: 'membership', directed: true, source: at('the Alpha Front', 40), target: at('the Gamma Alliance'), sentence: 1 },
    { class: 'positive', directed: true, source: at('Alpha Front'), target: at('the Beta Brigade'), sentence: 0, ignore: true },
  ],
};

describe('span gold scoring', () => {
  it('matches strictly by overlapping spans, either way round when undirected', () => {
    const s = scoreSpans([GOLD], new Map([['d', [rel('FIGHT', at('Beta Brigade'), at('Alpha'), S0)]]]));
    expect(s.strict.classes.hostile).toMatchObject({ gold: 1, goldFound: 1, system: 1, systemRight: 1 });
    expect(s.strict.classes.micro).toMatchObject({ gold: 2, goldFound: 1, system: 1, systemRight: 1 });
    expect(s.strict.classes.micro!.recall).toBe(0.5);
  });

  it('a directed gold relation read the wrong way round is no strict match', () => {
    const s = scoreSpans([GOLD], new Map([['d', [rel('MEMBER_OF', at('the Gamma Alliance'), at('Alpha Front', 40), S1)]]]));
    expect(s.strict.classes.membership).toMatchObject({ goldFound: 0, system: 1, systemRight: 0 });
  });

  it('lenient: same sentence and the same words, even on another span; not across sentences', () => {
    // the member read on a span of sentence 1 that is not the gold one but has the same words
    const wordsOnly = rel('MEMBER_OF', { start: S1[0], end: S1[0] + 5, text: 'Alpha Front' }, at('Gamma Alliance'), S1);
    const s = scoreSpans([GOLD], new Map([['d', [wordsOnly]]]));
    expect(s.strict.classes.membership!.goldFound).toBe(0);
    expect(s.lenient.classes.membership).toMatchObject({ goldFound: 1, systemRight: 1 });
    // the same words in sentence 0 do not match the gold of sentence 1
    const elsewhere = rel('MEMBER_OF', at('Alpha Front'), { start: 0, end: 3, text: 'Gamma Alliance' }, S0);
    expect(scoreSpans([GOLD], new Map([['d', [elsewhere]]])).lenient.classes.membership!.goldFound).toBe(0);
  });

  it('wrong class: charged to its own class; matching only ignored gold: not counted', () => {
    const s = scoreSpans([GOLD], new Map([['d', [rel('SUPPORT', at('Alpha Front'), at('the Beta Brigade'), S0), rel('ALLY', at('Alpha Front'), at('Beta Brigade'), S0)]]]));
    // SUPPORT matches only the ignored positive gold; ALLY (symmetric in meaning) does too
    expect(s.strict.ignored).toBe(2);
    expect(s.strict.classes.micro!.system).toBe(0);
    const t = scoreSpans([GOLD], new Map([['d', [rel('OPPOSE', at('Gamma Alliance'), at('Beta Brigade'), S1)]]]));
    expect(t.strict.classes.hostile).toMatchObject({ system: 1, systemRight: 0 });
    // a type of a class the set does not annotate counts against micro precision only
    const u = scoreSpans([GOLD], new Map([['d', [rel('SPLIT', at('Alpha Front'), at('Beta Brigade'), S0)]]]));
    expect(u.strict.systemOtherClass).toBe(1);
    expect(u.strict.classes.micro).toMatchObject({ system: 1, systemRight: 0 });
    expect(u.strict.classes.micro!.precision).toBe(0);
  });

  it('AFFILIATE_OF may match membership or positive gold', () => {
    const s = scoreSpans([GOLD], new Map([['d', [rel('AFFILIATE_OF', at('Alpha Front', 40), at('Gamma Alliance'), S1)]]]));
    expect(s.strict.classes.membership).toMatchObject({ goldFound: 1, systemRight: 1 });
  });

  it('per tag figures and undefined precision without system relations', () => {
    const s = scoreSpans([GOLD], new Map());
    expect(s.byTag['source:Test']!.strict).toMatchObject({ gold: 2, goldFound: 0, system: 0 });
    expect(s.strict.classes.hostile!.precision).toBeNull();
    expect(s.strict.classes.hostile!.f1).toBe(0);
  });

  it('normalises mention words for lenient matching', () => {
    expect(spanKey("the al-Nusra Front's")).toEqual(['nusra', 'front']);
    expect(spanKey('U.S.-led Coalition')).toEqual(['us', 'led', 'coalition']);
    expect(spanKey('Da’esh')).toEqual(['daesh']);
  });
});

describe('PLOVER scoring', () => {
  const records: PloverRecord[] = [
    { id: '1', event: 'ASSAULT', text: 'A hit B.', source: [{ actorText: 'A' }], target: [{ actorText: 'B' }] },
    { id: '2', event: 'AGREE', text: 'A hit B.', source: [{ actorText: 'A' }], target: [{ actorText: 'B' }] },
    { id: '3', event: 'DEMAND', text: 'A asked B.', source: [{ actorText: 'A' }], target: [{ actorText: 'B' }] },
    { id: '4', event: 'THREATEN', text: 'A spoke.', source: [{ actorText: 'A' }], target: null },
  ];
  const extract = (a: { text: string }): Relation[] => {
    const r = rel('FIGHT', { start: 0, end: 1, text: 'A' }, { start: 6, end: 7, text: 'B' }, [0, a.text.length]);
    return a.text.includes('hit') ? [r] : [];
  };
  it('counts records with a mapped event and both ends; polarity must agree', () => {
    const s = scorePlover(records, extract);
    expect(s.records).toBe(2);
    expect(s.found).toBe(1);
    expect(s.pairFound).toBe(2);
    expect(s.perEvent).toEqual([{ event: 'AGREE', records: 1, found: 0 }, { event: 'ASSAULT', records: 1, found: 1 }]);
  });
});

describe('faultline eval', () => {
  it('scores a folder with articles.jsonl + gold.jsonl (strict and lenient)', async () => {
    const r = await cli('eval', join(FIX, 'sets', 'spans'), '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out).sets.spans;
    expect(j.kind).toBe('spans');
    expect(j.strict.classes.hostile).toMatchObject({ gold: 2, goldFound: 1 });
    expect(j.strict.classes.membership).toMatchObject({ gold: 1, goldFound: 1 });
    expect(j.strict.classes.positive).toMatchObject({ gold: 1, goldFound: 0 });
    expect(j.strict.ignored).toBeGreaterThanOrEqual(1);
    expect(j.byTag['source:Blog'].strict).toMatchObject({ gold: 1, goldFound: 0 });
    const t = await cli('eval', join(FIX, 'sets', 'spans'));
    expect(t.out).toMatch(/strict\s+class/);
    expect(t.out).toMatch(/lenient\s+class/);
    expect(t.out).toMatch(/micro\s+[\d.]+\s+0\.500/);
  });

  it('scores a PLOVER file', async () => {
    const r = await cli('eval', join(FIX, 'plover.json'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/records with a mapped event and both ends: 3/);
    expect(r.out).toMatch(/recall \(source, target, polarity\)\s+0\.667\s+\(2\/3\)/);
    expect(r.out).toMatch(/AGREE\s+0\/1/);
  });

  it('runs every set of a folder; a gold file finds its document in articles.jsonl', async () => {
    const r = await cli('eval', join(FIX, 'sets'), '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j.sets).sort()).toEqual(['gold', 'spans']);
    expect(j.sets.gold.recall_core).toBe(1);
    expect(j.sets.gold.traps).toBe(0);
    expect(j.sets.gold.time).toBe(1);
    const t = await cli('eval', join(FIX, 'sets'));
    expect(t.out).toContain('== gold (gold readings)');
    expect(t.out).toContain('== spans (mention-span gold)');
  });

  it('--ner off reads without NER candidates; a bad value is a usage error', async () => {
    const r = await cli('eval', join(FIX, 'sets', 'gold'), '--ner', 'off', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).recall_core).toBe(1);
    expect((await cli('eval', join(FIX, 'sets', 'gold'), '--ner', 'maybe')).code).toBe(2);
  });

  it('refuses a path that is no set', async () => {
    const r = await cli('eval', join(FIX, 'sets', 'gold', 'articles.jsonl'));
    expect(r.code).toBe(2);
  });
});
