/**
 * Date values of input records → `YYYY-MM-DD`. Checks that the date exists (no 2014-02-30).
 * Without a format: ISO 8601 date or date-time (the date part is kept, as written, whatever the
 * zone), year-first `YYYY/MM/DD` / `YYYY.MM.DD`, and dates with a month name
 * (`5 April 2017`, `Wed, 05 Apr 2017 10:00:00 GMT`, `April 5, 2017`). Ambiguous numeric forms
 * (`4/5/17`) need an explicit format.
 */

import type { IsoDate } from '../types.js';

/** The outcome of parsing one date value: the date, or why there is none. */
export type DateResult =
  | { readonly ok: true; readonly date: IsoDate }
  | { readonly ok: false; readonly missing: boolean; readonly reason: string };

/** A compiled `--date-format` such as `M/D/YY`. */
export interface DateFormat {
  readonly source: string;
  readonly regex: RegExp;
  /** Capture group (1-based) of year, month and day; `yearDigits` is 2 or 4; month may be a name. */
  readonly year: number;
  readonly yearDigits: 2 | 4;
  readonly month: number;
  readonly monthIsName: boolean;
  readonly day: number;
}

const MONTHS: ReadonlyMap<string, number> = new Map([
  ['jan', 1], ['january', 1], ['feb', 2], ['february', 2], ['mar', 3], ['march', 3],
  ['apr', 4], ['april', 4], ['may', 5], ['jun', 6], ['june', 6], ['jul', 7], ['july', 7],
  ['aug', 8], ['august', 8], ['sep', 9], ['sept', 9], ['september', 9], ['oct', 10], ['october', 10],
  ['nov', 11], ['november', 11], ['dec', 12], ['december', 12],
]);

const TIME_TAIL = String.raw`(?:(?:[T ]|\s+)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp][Mm])?\s*(?:Z|[+-]\d{2}(?::?\d{2})?|[A-Z]{2,5})?)?`;
const ISO_RE = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME_TAIL}$`);
const YEAR_FIRST_RE = new RegExp(String.raw`^(\d{4})[/.](\d{1,2})[/.](\d{1,2})${TIME_TAIL}$`);
const WEEKDAY_RE = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i;
const DAY_MONTH_RE = new RegExp(String.raw`^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]+)\.?,?[\s-]+(\d{4})${TIME_TAIL}$`);
const MONTH_DAY_RE = new RegExp(String.raw`^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${TIME_TAIL}$`);

/** True for a year/month/day that exists in the Gregorian calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Two-digit years: 00–69 → 20xx, 70–99 → 19xx. */
export function expandTwoDigitYear(yy: number): number {
  return yy < 70 ? 2000 + yy : 1900 + yy;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function build(year: number, month: number, day: number, value: string): DateResult {
  if (!isRealDate(year, month, day)) {
    return { ok: false, missing: false, reason: `date ${JSON.stringify(value)} does not exist` };
  }
  return { ok: true, date: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

function monthNumber(name: string): number | undefined {
  return MONTHS.get(name.toLowerCase());
}

/**
 * Compiles a date format made of `YYYY`, `YY`, `MMMM`/`MMM` (month name), `MM`/`M`, `DD`/`D`
 * and literal separators. Returns a reason string when the format is unusable.
 */
export function compileDateFormat(source: string): DateFormat | string {
  const tokenRe = /YYYY|YY|MMMM|MMM|MM|M|DD|D/g;
  let pattern = '^\\s*';
  let last = 0;
  let group = 0;
  let year = 0;
  let yearDigits: 2 | 4 = 4;
  let month = 0;
  let monthIsName = false;
  let day = 0;
  for (let m = tokenRe.exec(source); m !== null; m = tokenRe.exec(source)) {
    pattern += escapeRegex(source.slice(last, m.index));
    last = m.index + m[0].length;
    group++;
    switch (m[0]) {
      case 'YYYY':
        if (year) return `year appears twice in ${JSON.stringify(source)}`;
        pattern += '(\\d{4})';
        year = group;
        yearDigits = 4;
        break;
      case 'YY':
        if (year) return `year appears twice in ${JSON.stringify(source)}`;
        pattern += '(\\d{2})';
        year = group;
        yearDigits = 2;
        break;
      case 'MMMM':
      case 'MMM':
        if (month) return `month appears twice in ${JSON.stringify(source)}`;
        pattern += '([A-Za-z]+)\\.?';
        month = group;
        monthIsName = true;
        break;
      case 'MM':
      case 'M':
        if (month) return `month appears twice in ${JSON.stringify(source)}`;
        pattern += '(\\d{1,2})';
        month = group;
        break;
      default:
        if (day) return `day appears twice in ${JSON.stringify(source)}`;
        pattern += '(\\d{1,2})';
        day = group;
    }
  }
  pattern += escapeRegex(source.slice(last)) + TIME_TAIL + '\\s*$';
  if (!year || !month || !day) {
    return `date format ${JSON.stringify(source)} needs a year (YYYY or YY), a month (M, MM, MMM) and a day (D, DD)`;
  }
  return { source, regex: new RegExp(pattern), year, yearDigits, month, monthIsName, day };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

/** Parses one date value, with `format` when given (ISO 8601 is accepted as well). */
export function parseDate(raw: string | undefined | null, format?: DateFormat): DateResult {
  const value = (raw ?? '').trim();
  if (value === '') return { ok: false, missing: true, reason: 'no date' };
  if (format) {
    const m = format.regex.exec(value);
    if (m) {
      const y = Number(m[format.year]);
      const year = format.yearDigits === 2 ? expandTwoDigitYear(y) : y;
      const month = format.monthIsName ? monthNumber(m[format.month]) : Number(m[format.month]);
      if (month === undefined) return { ok: false, missing: false, reason: `unknown month name in ${JSON.stringify(value)}` };
      return build(year, month, Number(m[format.day]), value);
    }
  }
  const iso = ISO_RE.exec(value) ?? YEAR_FIRST_RE.exec(value);
  if (iso) return build(Number(iso[1]), Number(iso[2]), Number(iso[3]), value);
  if (format) {
    return { ok: false, missing: false, reason: `date ${JSON.stringify(value)} does not match the date format ${JSON.stringify(format.source)}` };
  }
  const named = value.replace(WEEKDAY_RE, '');
  const dm = DAY_MONTH_RE.exec(named);
  if (dm) {
    const month = monthNumber(dm[2]);
    if (month !== undefined) return build(Number(dm[3]), month, Number(dm[1]), value);
  }
  const md = MONTH_DAY_RE.exec(named);
  if (md) {
    const month = monthNumber(md[1]);
    if (month !== undefined) return build(Number(md[3]), month, Number(md[2]), value);
  }
  return {
    ok: false,
    missing: false,
    reason: `cannot read the date ${JSON.stringify(value)} (expected YYYY-MM-DD; give the format of other dates with --date-format, e.g. M/D/YY)`,
  };
}

/** Strict `YYYY-MM-DD` (one-digit month/day tolerated), as in `date` headers, `--date` and file names. */
export function parseIsoDay(value: string): DateResult {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value.trim());
  if (!m) return { ok: false, missing: value.trim() === '', reason: `${JSON.stringify(value)} is not a YYYY-MM-DD date` };
  return build(Number(m[1]), Number(m[2]), Number(m[3]), value.trim());
}
