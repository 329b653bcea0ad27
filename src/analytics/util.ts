/**
 * Small helpers shared by the analytics modules: dates as day numbers, pair keys, a seeded RNG.
 */
import { UsageError } from '../errors.js';
import type { IsoDate } from '../types.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// NOTE: dates repeat a lot across readings; parsed day numbers are memoised.
const DAY_CACHE = new Map<string, number>();

/** Days since 1970-01-01 (UTC) of a `YYYY-MM-DD` date; throws a usage error for anything else. */
export function dayNumber(date: IsoDate): number {
  const cached = DAY_CACHE.get(date);
  if (cached !== undefined) return cached;
  const day = parseDay(date);
  if (DAY_CACHE.size > 100_000) DAY_CACHE.clear();
  DAY_CACHE.set(date, day);
  return day;
}

function parseDay(date: IsoDate): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new UsageError(`not a YYYY-MM-DD date: "${date}"`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (back.getUTCDate() !== Number(m[3]) || back.getUTCMonth() !== Number(m[2]) - 1) {
    throw new UsageError(`no such date: "${date}"`);
  }
  return Math.round(ms / 86_400_000);
}

/** The `YYYY-MM-DD` date of a day number. */
export function isoOfDay(day: number): IsoDate {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** True when the string is a valid `YYYY-MM-DD` date. */
export function isIsoDate(date: string): boolean {
  try {
    dayNumber(date);
    return true;
  } catch {
    return false;
  }
}

/** Unordered pair key: the two ids sorted, joined by `|`. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** The two ids of a pair key, sorted. */
export function splitPairKey(key: string): [string, string] {
  const i = key.indexOf('|');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** A seeded pseudo-random generator (xorshift32): returns floats in [0, 1). Deterministic per seed. */
export function xorshift(seed: number): () => number {
  let x = (seed | 0) || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4_294_967_296;
  };
}

/** Fisher–Yates shuffle in place with the given RNG. */
export function shuffleInPlace<T>(items: T[] | Int8Array | Int32Array, rng: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
}

/** Rounds to `digits` decimals (for stable, readable JSON). */
export function round(x: number, digits = 4): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Merges user options over defaults, ignoring keys set to `undefined`. */
export function withDefaults<T extends object>(defaults: T, options?: Partial<T>): T {
  const out = { ...defaults };
  if (options) {
    for (const [k, v] of Object.entries(options)) {
      if (v !== undefined) (out as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}

/** Area under the ROC curve of scores for binary labels (1 = positive), ties counted half. NaN if a class is empty. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((i, j) => scores[i]! - scores[j]!);
  let pos = 0;
  let rankSumPos = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[idx[k]!] === 1) {
        pos++;
        rankSumPos += avgRank;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}
