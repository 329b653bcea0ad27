/**
 * Changes between two dates: new dyads, sign flips, state changes and ended dyads, each with
 * the readings that caused it (readings of the pair that started in `(from, to]`).
 */
import { UsageError } from '../errors.js';
import type { IsoDate, Relation } from '../types.js';
import { DEFAULTS as STATE_DEFAULTS, dyadStates, type DyadState, type DyadStateName, type DyadStateOptions, type Evidence } from './dyad-state.js';
import { dayNumber, pairKey, withDefaults } from './util.js';

export type ChangeKind = 'flip' | 'new' | 'change' | 'ended';

/** Order of kinds in the result: sign flips first. */
export const CHANGE_ORDER: readonly ChangeKind[] = ['flip', 'new', 'change', 'ended'];

/** One change of a dyad between the two dates. */
export interface DyadChange {
  readonly kind: ChangeKind;
  /** The pair, sorted. */
  readonly a: string;
  readonly b: string;
  readonly before: { readonly state: DyadStateName; readonly sign: 1 | -1 | 0; readonly confidence: number };
  readonly after: { readonly state: DyadStateName; readonly sign: 1 | -1 | 0; readonly confidence: number };
  /** Readings of the pair that started after `from` and by `to` and support the new state (for `ended`: all new readings, often none: the state decayed or was superseded). */
  readonly causes: readonly Evidence[];
  /** For `ended` with no new reading: why the old state is gone. */
  readonly reason?: 'decayed' | 'superseded' | 'contradicted';
}

export interface ChangesOptions extends DyadStateOptions {
  /** Ignore changes whose larger confidence (before or after) is below this. */
  readonly minChangeConfidence: number;
}

export const DEFAULTS: ChangesOptions = { ...STATE_DEFAULTS, minChangeConfidence: 0 };

export interface ChangesResult {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly counts: Readonly<Record<ChangeKind, number>>;
  readonly changes: readonly DyadChange[];
}

const NONE = { state: 'none' as const, sign: 0 as const, confidence: 0 };

/** Lists what changed between `from` and `to` (sign flips first, then new dyads, state changes, ended dyads). */
export function changes(
  relations: readonly Relation[],
  from: IsoDate,
  to: IsoDate,
  options?: Partial<ChangesOptions>,
): ChangesResult {
  const opts = withDefaults(DEFAULTS, options);
  const d1 = dayNumber(from);
  const d2 = dayNumber(to);
  if (d2 < d1) throw new UsageError(`the end date ${to} is before the start date ${from}`);
  const before = new Map<string, DyadState>();
  for (const s of dyadStates(relations, from, opts)) before.set(pairKey(s.a, s.b), s);
  const after = new Map<string, DyadState>();
  for (const s of dyadStates(relations, to, opts)) after.set(pairKey(s.a, s.b), s);

  const out: DyadChange[] = [];
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const key of keys) {
    const b0 = before.get(key);
    const a0 = after.get(key);
    const pre = b0 ? { state: b0.state, sign: b0.sign, confidence: b0.confidence } : NONE;
    const post = a0 ? { state: a0.state, sign: a0.sign, confidence: a0.confidence } : NONE;
    if (pre.state === post.state) continue;
    if (Math.max(pre.confidence, post.confidence) < opts.minChangeConfidence) continue;
    const kind: ChangeKind =
      pre.sign === 0 ? 'new' : post.sign === 0 ? 'ended' : pre.sign !== post.sign ? 'flip' : 'change';
    const { a, b } = (a0 ?? b0)!;
    const isNew = (e: Evidence) => {
      const s = dayNumber(e.time.start);
      return s > d1 && s <= d2;
    };
    let causes: Evidence[];
    let reason: DyadChange['reason'];
    if (kind === 'ended') {
      causes = a0 ? [...a0.evidence, ...a0.contradictions].filter(isNew) : [];
      if (causes.length === 0) reason = 'decayed';
      else reason = a0 && a0.contradictions.length > 0 ? 'contradicted' : 'superseded';
    } else {
      causes = a0!.evidence.filter(isNew);
    }
    out.push({ kind, a, b, before: pre, after: post, causes, ...(reason ? { reason } : {}) });
  }
  out.sort(
    (x, y) =>
      CHANGE_ORDER.indexOf(x.kind) - CHANGE_ORDER.indexOf(y.kind) ||
      Math.max(y.after.confidence, y.before.confidence) - Math.max(x.after.confidence, x.before.confidence) ||
      (x.a + '|' + x.b < y.a + '|' + y.b ? -1 : 1),
  );
  const counts: Record<ChangeKind, number> = { flip: 0, new: 0, change: 0, ended: 0 };
  for (const c of out) counts[c.kind]++;
  return { from, to, counts, changes: out };
}
