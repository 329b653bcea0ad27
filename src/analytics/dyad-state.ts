/**
 * Dyad state on a date: where a pair of actors stands, from every reading between them.
 *
 * Rules (docs/analytics.md has the worked example):
 * - A reading applies from its `time.start`. Inside its interval `[start, end]` it counts fully
 *   (explicit intervals from the text are honoured); after `end` an event decays with the
 *   half-life of its type; standing relations (MEMBER_OF, AFFILIATE_OF) and SPLIT do not decay.
 * - A reading is superseded by any reading of the opposite sign between the same pair that
 *   started later (and not after the date), unless that reading is contact (ENGAGE, MEDIATE:
 *   enemies talk) or below `supersedeMinConfidence`: the truce of 2014-11 beats the fighting of
 *   2013-11/2014-11; a later SPLIT or FIGHT ends a membership. A standing relation also ends when
 *   one of its actors is renamed (another actor's `renamedFrom`) or stops being active.
 * - Of the remaining readings, the sign with the larger support wins (contact decides only when
 *   nothing else is live); the other sign's readings, and superseded readings that are still
 *   recent, are listed as contradictions.
 * - The state is the best-scoring state of the winning readings; a truce right after hostility
 *   stays `truce` until alliance is reported later than `truceGraceDays` after the truce.
 * - Confidence = support × (1 − contradictionPenalty × contrary support), where the support of a
 *   set of readings is a noisy-OR over documents of a noisy-OR over each document's readings
 *   (strength = recency weight × reading confidence; the k-th reading of one document counts
 *   `sameDocDiscount^k`), so amount, recency, source diversity and confidence all raise it.
 */
import type { Actor, IsoDate, Relation, RelationType } from '../types.js';
import { dayNumber, isoOfDay, pairKey, round, withDefaults } from './util.js';

export const DYAD_STATES = [
  'allied',
  'truce',
  'engaged',
  'supporting',
  'member',
  'affiliated',
  'hostile',
  'split',
  'none',
] as const;
/** State of a pair on a date. `engaged` is positive contact (talks, mediation) without alliance. */
export type DyadStateName = (typeof DYAD_STATES)[number];

/** Sign of each state: +1 cooperative, −1 hostile, 0 none. */
export const STATE_SIGN: Readonly<Record<DyadStateName, 1 | -1 | 0>> = {
  allied: 1,
  truce: 1,
  engaged: 1,
  supporting: 1,
  member: 1,
  affiliated: 1,
  hostile: -1,
  split: -1,
  none: 0,
};

/** The state each relation type stands for; ORIGIN is context, not a state. */
export const TYPE_STATE: Readonly<Record<RelationType, DyadStateName | null>> = {
  ALLY: 'allied',
  TRUCE: 'truce',
  ENGAGE: 'engaged',
  MEDIATE: 'engaged',
  SUPPORT: 'supporting',
  MEMBER_OF: 'member',
  AFFILIATE_OF: 'affiliated',
  OPPOSE: 'hostile',
  FIGHT: 'hostile',
  SPLIT: 'split',
  ORIGIN: null,
};

/** States whose direction matters (source → target of the readings). */
export const DIRECTED_STATES: ReadonlySet<DyadStateName> = new Set(['supporting', 'member', 'affiliated']);

/** Tie-break order when two states score the same (earlier wins). */
const STATE_PRIORITY: readonly DyadStateName[] = [
  'member',
  'affiliated',
  'allied',
  'supporting',
  'truce',
  'engaged',
  'hostile',
  'split',
];

export interface DyadStateOptions {
  /** Half-life in days after a reading's interval ends, per type; `Infinity` = standing (no decay). */
  readonly halfLifeDays: Readonly<Record<RelationType, number>>;
  /** Readings whose recency weight falls below this no longer count (expired). */
  readonly minWeight: number;
  /** Below this confidence the state is reported as `none` (the evidence is still listed). */
  readonly minConfidence: number;
  /** Weight of the k-th reading (0-based, strongest first) of one document: `sameDocDiscount^k`. */
  readonly sameDocDiscount: number;
  /** How much contrary support lowers confidence (0..1). */
  readonly contradictionPenalty: number;
  /** Superseded readings count this much in the contrary support. */
  readonly supersededFactor: number;
  /** Superseded readings with at least this recency weight are listed as contradictions. */
  readonly contradictionMinWeight: number;
  /** A truce after hostility is reported as `truce` unless alliance is read this many days after it. */
  readonly truceGraceDays: number;
  /** Readings below this confidence never supersede older readings of the other sign (they still contradict). */
  readonly supersedeMinConfidence: number;
  /** Actors, for renames and end of activity that end standing relations. */
  readonly actors?: readonly Actor[];
}

export const DEFAULTS: DyadStateOptions = {
  halfLifeDays: {
    FIGHT: 180,
    OPPOSE: 180,
    ALLY: 365,
    TRUCE: 365,
    SUPPORT: 365,
    ENGAGE: 90,
    MEDIATE: 90,
    SPLIT: Infinity,
    MEMBER_OF: Infinity,
    AFFILIATE_OF: Infinity,
    ORIGIN: Infinity,
  },
  minWeight: 0.05,
  minConfidence: 0.05,
  sameDocDiscount: 0.5,
  contradictionPenalty: 0.5,
  supersededFactor: 0.5,
  contradictionMinWeight: 0.25,
  truceGraceDays: 30,
  supersedeMinConfidence: 0.3,
};

/** Contact types (talks, mediation): positive evidence that never supersedes hostility. */
export const CONTACT_TYPES: ReadonlySet<RelationType> = new Set(['ENGAGE', 'MEDIATE']);

/** One reading as evidence for (or against) a state, with its weight on the date. */
export interface Evidence {
  /** Store row id, when the reading came from a store. */
  readonly id?: number;
  readonly doc: string;
  /** Article date. */
  readonly date: IsoDate;
  readonly type: RelationType;
  readonly polarity: 1 | -1 | 0;
  readonly source: string;
  readonly target: string;
  readonly time: { readonly start: IsoDate; readonly end: IsoDate; readonly text: string | null };
  readonly sentence: string;
  /** Reading confidence, 0..1. */
  readonly confidence: number;
  /** Recency weight on the date, 0..1 (1 inside the reading's interval). */
  readonly weight: number;
  /** Why it is listed: it supports the state, contradicts it, was superseded by a later reading of the other sign, or is context (ORIGIN). */
  readonly role: 'support' | 'contradiction' | 'superseded' | 'context';
}

/** Where a pair stands on a date. */
export interface DyadState {
  /** The two actor ids, sorted (`a < b`). */
  readonly a: string;
  readonly b: string;
  readonly on: IsoDate;
  readonly state: DyadStateName;
  readonly sign: 1 | -1 | 0;
  /** 0..1, see the module comment. */
  readonly confidence: number;
  /** For directed states (supporting, member, affiliated): who supports / belongs to whom; `mutual` when both ways. */
  readonly direction: { readonly source: string; readonly target: string; readonly mutual: boolean } | null;
  /** Start of the earliest reading supporting the current state. */
  readonly since: IsoDate | null;
  /** Latest day the current state was observed (min of the date and the newest supporting reading's end). */
  readonly lastSeen: IsoDate | null;
  /** Supporting readings, strongest first. */
  readonly evidence: readonly Evidence[];
  /** Readings of the other sign that are still recent: contradictions are shown, not hidden. */
  readonly contradictions: readonly Evidence[];
  /** ORIGIN readings between the pair (context, not a state). */
  readonly context: readonly Evidence[];
  /** Score (sum of strengths) of each state among the supporting readings. */
  readonly scores: Readonly<Partial<Record<DyadStateName, number>>>;
}

interface Scored {
  readonly r: Relation;
  readonly start: number;
  readonly end: number;
  readonly sign: 1 | -1;
  weight: number;
  superseded: boolean;
}

/** Support of a set of readings: noisy-OR over documents of a discounted noisy-OR within each. */
export function support(items: readonly { doc: string; strength: number }[], sameDocDiscount: number): number {
  const byDoc = new Map<string, number[]>();
  for (const it of items) {
    if (it.strength <= 0) continue;
    const list = byDoc.get(it.doc);
    if (list) list.push(it.strength);
    else byDoc.set(it.doc, [it.strength]);
  }
  let none = 1;
  for (const list of byDoc.values()) {
    list.sort((x, y) => y - x);
    let docNone = 1;
    let f = 1;
    for (const s of list) {
      docNone *= 1 - Math.min(1, s) * f;
      f *= sameDocDiscount;
    }
    none *= docNone;
  }
  return 1 - none;
}

/** Day numbers when standing relations of each actor end (rename into another actor, end of activity). */
function standingEnds(actors: readonly Actor[] | undefined): Map<string, number> {
  const ends = new Map<string, number>();
  if (!actors) return ends;
  const put = (id: string, day: number) => {
    const prev = ends.get(id);
    if (prev === undefined || day < prev) ends.set(id, day);
  };
  for (const a of actors) {
    if (a.renamedFrom) put(a.renamedFrom.id, dayNumber(a.renamedFrom.date));
    if (a.active?.end) put(a.id, dayNumber(a.active.end));
  }
  return ends;
}

function toEvidence(s: Scored, role: Evidence['role']): Evidence {
  const r = s.r;
  const id = (r as { id?: unknown }).id;
  return {
    ...(typeof id === 'number' ? { id } : {}),
    doc: r.doc,
    date: r.date,
    type: r.type,
    polarity: r.polarity,
    source: r.source.actor,
    target: r.target.actor,
    time: { start: r.time.start, end: r.time.end, text: r.time.text },
    sentence: r.sentence.text,
    confidence: r.confidence,
    weight: round(s.weight),
    role,
  };
}

/** Recency weight of a reading on day `d` (0 before it starts). */
function recencyWeight(start: number, end: number, d: number, halfLife: number): number {
  if (d < start) return 0;
  if (d <= end) return 1;
  if (!Number.isFinite(halfLife)) return 1;
  return 0.5 ** ((d - end) / halfLife);
}

/**
 * The state of the pair `a`–`b` on `on`, from the readings between them (readings of other
 * pairs are ignored, so the whole relation list may be passed).
 */
export function dyadState(
  relations: readonly Relation[],
  a: string,
  b: string,
  on: IsoDate,
  options?: Partial<DyadStateOptions>,
): DyadState {
  const opts = withDefaults(DEFAULTS, options);
  const ends = standingEnds(opts.actors);
  const pair = relations.filter(
    (r) =>
      (r.source.actor === a && r.target.actor === b) || (r.source.actor === b && r.target.actor === a),
  );
  return computeState(pair, a, b, on, opts, ends);
}

/** The states of every pair with readings, on `on` (pairs in state `none` included only with `includeNone`). */
export function dyadStates(
  relations: readonly Relation[],
  on: IsoDate,
  options?: Partial<DyadStateOptions> & { readonly includeNone?: boolean },
): DyadState[] {
  const opts = withDefaults(DEFAULTS, options);
  const ends = standingEnds(opts.actors);
  const d = dayNumber(on);
  const groups = new Map<string, Relation[]>();
  for (const r of relations) {
    if (r.source.actor === r.target.actor) continue;
    if (dayNumber(r.time.start) > d) continue;
    const k = pairKey(r.source.actor, r.target.actor);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const out: DyadState[] = [];
  for (const [k, rs] of [...groups].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
    const i = k.indexOf('|');
    const s = computeState(rs, k.slice(0, i), k.slice(i + 1), on, opts, ends);
    if (s.state !== 'none' || options?.includeNone) out.push(s);
  }
  return out;
}

function computeState(
  pair: readonly Relation[],
  a0: string,
  b0: string,
  on: IsoDate,
  opts: DyadStateOptions,
  ends: Map<string, number>,
): DyadState {
  const [a, b] = a0 < b0 ? [a0, b0] : [b0, a0];
  const d = dayNumber(on);
  const context: Evidence[] = [];
  const scored: Scored[] = [];
  for (const r of pair) {
    const start = dayNumber(r.time.start);
    if (start > d) continue;
    let end = Math.max(start, dayNumber(r.time.end));
    const state = TYPE_STATE[r.type];
    const halfLife = opts.halfLifeDays[r.type];
    if (state === null) {
      context.push(toEvidence({ r, start, end, sign: 1, weight: 1, superseded: false }, 'context'));
      continue;
    }
    let weight = recencyWeight(start, end, d, halfLife);
    if (!Number.isFinite(halfLife)) {
      // Standing relations end with a rename or the end of an actor's activity.
      const stop = Math.min(ends.get(r.source.actor) ?? Infinity, ends.get(r.target.actor) ?? Infinity);
      if (stop >= start && stop < d) {
        end = Math.min(end, stop);
        weight = 0;
      }
    }
    // Expired readings (weight < minWeight) are kept: they still supersede older readings of the other sign.
    const sign = STATE_SIGN[state] as 1 | -1;
    scored.push({ r, start, end, sign, weight, superseded: false });
  }

  // Supersession: a reading is superseded by any later-starting reading of the other sign that
  // is confident enough; contact (talks, mediation) never supersedes: enemies talk.
  let latestPos = -Infinity;
  let latestNeg = -Infinity;
  for (const s of scored) {
    if (CONTACT_TYPES.has(s.r.type) || s.r.confidence < opts.supersedeMinConfidence) continue;
    if (s.sign > 0) latestPos = Math.max(latestPos, s.start);
    else latestNeg = Math.max(latestNeg, s.start);
  }
  for (const s of scored) {
    const later = s.sign > 0 ? latestNeg : latestPos;
    if (later > s.start) s.superseded = true;
  }

  const live = scored.filter((s) => !s.superseded && s.weight >= opts.minWeight);
  const strength = (s: Scored) => s.weight * s.r.confidence;
  const supOf = (list: readonly Scored[], factor = 1) =>
    support(
      list.map((s) => ({ doc: s.r.doc, strength: strength(s) * factor })),
      opts.sameDocDiscount,
    );
  const pos = live.filter((s) => s.sign > 0);
  const neg = live.filter((s) => s.sign < 0);
  // Contact (talks, mediation) decides the sign only when nothing else is live.
  const decisive = live.some((s) => !CONTACT_TYPES.has(s.r.type)) ? live.filter((s) => !CONTACT_TYPES.has(s.r.type)) : live;
  const decPos = supOf(decisive.filter((s) => s.sign > 0));
  const decNeg = supOf(decisive.filter((s) => s.sign < 0));
  const sign: 1 | -1 | 0 = decisive.length === 0 ? 0 : decPos > 0 && decPos >= decNeg ? 1 : -1;
  const supPos = supOf(pos);
  const supNeg = supOf(neg);
  const winners = sign > 0 ? pos : sign < 0 ? neg : [];
  const losers = sign > 0 ? neg : sign < 0 ? pos : [];
  const supersededRecent = scored.filter(
    (s) => s.superseded && s.weight >= opts.contradictionMinWeight && (sign === 0 || s.sign !== sign),
  );

  // Scores per state among the winners.
  const scores: Partial<Record<DyadStateName, number>> = {};
  for (const s of winners) {
    const st = TYPE_STATE[s.r.type]!;
    scores[st] = (scores[st] ?? 0) + strength(s);
  }
  let state: DyadStateName = 'none';
  let best = -1;
  for (const st of STATE_PRIORITY) {
    const v = scores[st];
    if (v !== undefined && v > best + 1e-12) {
      best = v;
      state = st;
    }
  }
  // A truce that ends hostility stays a truce until alliance is reported clearly later.
  if (sign > 0 && (state === 'allied' || state === 'engaged')) {
    const truces = winners.filter((s) => s.r.type === 'TRUCE');
    if (truces.length > 0) {
      const lastTruce = Math.max(...truces.map((s) => s.start));
      const hadHostility = scored.some((s) => s.sign < 0 && s.start < lastTruce);
      const lastAlly = Math.max(
        -Infinity,
        ...winners.filter((s) => s.r.type === 'ALLY' || s.r.type === 'ENGAGE').map((s) => s.start),
      );
      if (hadHostility && lastAlly <= lastTruce + opts.truceGraceDays) state = 'truce';
    }
  }

  const supWin = sign > 0 ? supPos : supNeg;
  const contra = support(
    [
      ...losers.map((s) => ({ doc: s.r.doc, strength: strength(s) })),
      ...supersededRecent.map((s) => ({ doc: s.r.doc, strength: strength(s) * opts.supersededFactor })),
    ],
    opts.sameDocDiscount,
  );
  let confidence = supWin * (1 - opts.contradictionPenalty * contra);
  // Below the threshold the state is `none`; its confidence is then that of the weak evidence.
  if (sign === 0 || confidence < opts.minConfidence) state = 'none';
  if (sign === 0) confidence = 0;

  let direction: DyadState['direction'] = null;
  if (DIRECTED_STATES.has(state)) {
    const dirReadings = winners.filter((s) => TYPE_STATE[s.r.type] === state);
    const fromA = dirReadings.some((s) => s.r.source.actor === a);
    const fromB = dirReadings.some((s) => s.r.source.actor === b);
    if (fromA && fromB) {
      // Mutual: orient by the stronger direction.
      const wa = dirReadings.filter((s) => s.r.source.actor === a).reduce((x, s) => x + strength(s), 0);
      const wb = dirReadings.filter((s) => s.r.source.actor === b).reduce((x, s) => x + strength(s), 0);
      direction = wa >= wb ? { source: a, target: b, mutual: true } : { source: b, target: a, mutual: true };
    } else {
      direction = fromA ? { source: a, target: b, mutual: false } : { source: b, target: a, mutual: false };
    }
  }

  const byStrength = (x: Scored, y: Scored) => strength(y) - strength(x) || x.start - y.start;
  const evidence = [...winners].sort(byStrength).map((s) => toEvidence(s, 'support'));
  const contradictions = [
    ...[...losers].sort(byStrength).map((s) => toEvidence(s, 'contradiction')),
    ...[...supersededRecent].sort(byStrength).map((s) => toEvidence(s, 'superseded')),
  ];
  const since = winners.length > 0 ? isoOfDay(Math.min(...winners.map((s) => s.start))) : null;
  const lastSeen = winners.length > 0 ? isoOfDay(Math.min(d, Math.max(...winners.map((s) => s.end)))) : null;
  const roundedScores: Partial<Record<DyadStateName, number>> = {};
  for (const [k, v] of Object.entries(scores)) roundedScores[k as DyadStateName] = round(v);

  return {
    a,
    b,
    on,
    state,
    sign: state === 'none' ? 0 : sign,
    confidence: round(confidence),
    direction,
    since,
    lastSeen,
    evidence,
    contradictions,
    context,
    scores: roundedScores,
  };
}
