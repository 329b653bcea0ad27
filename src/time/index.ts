/**
 * The time stage: finds time expressions in a sentence and resolves them against the article
 * date, with the past bias of news ("in February" in a November article is this February; in a
 * January article, last February).
 *
 * Input: sentence text (+ its offset in the article) and the article date.
 * Output: `TimeMention[]`, each with its span in the article and the resolved interval.
 */
import type { IsoDate, TimeSpan } from '../types.js';

export interface TimeMention {
  /** Offsets in the article text. */
  readonly start: number;
  readonly end: number;
  readonly span: TimeSpan;
  /** Duration-like expressions ("over most of the last two years", "since 2013") cover an interval of
   *  activity; point-like ones ("last week", "in February") date an event. */
  readonly durative: boolean;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_ABBR: Record<string, number> = {};
MONTHS.forEach((m, i) => {
  MONTH_ABBR[m] = i;
  MONTH_ABBR[m.slice(0, 3)] = i;
});
MONTH_ABBR.sept = 8;
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, several: 3, few: 3, eleven: 11, twelve: 12 };

const MONTH_RE = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY_RE = '(sunday|monday|tuesday|wednesday|thursday|friday|saturday)';
const NUM_RE = '(\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few)';

interface Rule {
  readonly re: RegExp;
  readonly durative?: boolean;
  readonly resolve: (m: RegExpExecArray, d: Ymd) => [Ymd, Ymd] | undefined;
}

type Ymd = [number, number, number];

const pad = (n: number): string => String(n).padStart(2, '0');
const fmt = (d: Ymd): IsoDate => `${String(d[0]).padStart(4, '0')}-${pad(d[1] + 1)}-${pad(d[2])}`;
const daysIn = (y: number, m: number): number => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
const addDays = (d: Ymd, n: number): Ymd => {
  const t = new Date(Date.UTC(d[0], d[1], d[2] + n));
  return [t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()];
};
const monthSpan = (y: number, m: number): [Ymd, Ymd] => [[y, m, 1], [y, m, daysIn(y, m)]];
const yearSpan = (y: number): [Ymd, Ymd] => [[y, 0, 1], [y, 11, 31]];
const num = (s: string): number => NUMBER_WORDS[s.toLowerCase()] ?? parseInt(s, 10);
const year = (s: string): number => (s.length === 2 ? 2000 + parseInt(s, 10) : parseInt(s, 10));
/** The latest month `m` not after the article's month (past bias). */
const pastMonthYear = (m: number, d: Ymd): number => (m <= d[1] ? d[0] : d[0] - 1);
const validDay = (y: number, m: number, day: number): boolean => day >= 1 && day <= daysIn(y, m);

// NOTE: `findTimes` skips a sentence none of whose words could start a rule (MAY_HOLD_TIME below): a new
// rule must need a digit or one of MAY_HOLD_TIME's words, or add its word there.
const RULES: Rule[] = [
  // explicit dates: "3 February 2015", "February 3, 2015", "on 3 February", "February 3"
  {
    re: new RegExp(`\\b(?:on\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}(?:,?\\s+(\\d{4}))?\\b`, 'gi'),
    resolve: (m, d) => {
      const mo = MONTH_ABBR[m[2]!.toLowerCase()]!;
      const y = m[3] ? year(m[3]) : pastMonthYear(mo, d);
      const day = parseInt(m[1]!, 10);
      return validDay(y, mo, day) ? [[y, mo, day], [y, mo, day]] : undefined;
    },
  },
  {
    re: new RegExp(`\\b(?:on\\s+)?${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`, 'gi'),
    resolve: (m, d) => {
      const mo = MONTH_ABBR[m[1]!.toLowerCase()]!;
      const y = m[3] ? year(m[3]) : pastMonthYear(mo, d);
      const day = parseInt(m[2]!, 10);
      return validDay(y, mo, day) ? [[y, mo, day], [y, mo, day]] : undefined;
    },
  },
  // ISO dates
  {
    re: /\b(\d{4})-(\d{2})-(\d{2})\b/g,
    resolve: (m) => {
      const y = +m[1]!, mo = +m[2]! - 1, day = +m[3]!;
      return mo >= 0 && mo < 12 && validDay(y, mo, day) ? [[y, mo, day], [y, mo, day]] : undefined;
    },
  },
  // "since 2013", "since March", "since March 2013"
  {
    re: new RegExp(`\\bsince\\s+(?:${MONTH_RE}\\s+)?(\\d{4})\\b`, 'gi'),
    durative: true,
    resolve: (m, d) => [[+m[2]!, m[1] ? MONTH_ABBR[m[1].toLowerCase()]! : 0, 1], d],
  },
  {
    re: new RegExp(`\\bsince\\s+${MONTH_RE}(?!\\s+\\d)`, 'gi'),
    durative: true,
    resolve: (m, d) => {
      const mo = MONTH_ABBR[m[1]!.toLowerCase()]!;
      return [[pastMonthYear(mo, d), mo, 1], d];
    },
  },
  // "over the past two years", "in the past year", "during the last few months"
  {
    re: new RegExp(`\\b(?:for|over|during|in|throughout)\\s+(?:(?:much|most|all|part)\\s+of\\s+)?the\\s+(?:past|last|previous)\\s+(?:${NUM_RE}\\s+)?(year|month|week|day)s?\\b`, 'gi'),
    durative: true,
    resolve: (m, d) => {
      const n = m[1] ? num(m[1]) : 1;
      const unit = m[2]!.toLowerCase();
      const days = unit === 'year' ? 365 * n : unit === 'month' ? 30 * n : unit === 'week' ? 7 * n : n;
      return [addDays(d, -days), d];
    },
  },
  // "for more than a year", "for over two years", "for three months", "for weeks": an activity up to the article date
  {
    re: new RegExp(`\\bfor\\s+(?:(?:more|less)\\s+than\\s+|over\\s+|nearly\\s+|almost\\s+|about\\s+|some\\s+)?(?:${NUM_RE}\\s+)?(year|month|week|day)s?\\b`, 'gi'),
    durative: true,
    resolve: (m, d) => {
      const n = m[1] ? num(m[1]) : 2;
      const unit = m[2]!.toLowerCase();
      const days = unit === 'year' ? 365 * n : unit === 'month' ? 30 * n : unit === 'week' ? 7 * n : n;
      return [addDays(d, -days), d];
    },
  },
  // "in March 2013", "March 2013", "in March"
  {
    re: new RegExp(`\\b(?:in\\s+|(?:early|late|mid)[- ])?${MONTH_RE}(?:\\s+of)?\\s+(\\d{4})\\b`, 'gi'),
    resolve: (m) => monthSpan(+m[2]!, MONTH_ABBR[m[1]!.toLowerCase()]!),
  },
  {
    re: new RegExp(`\\b(?:in|since|until|by|(?:early|late|mid)[- ](?:in\\s+)?)\\s*${MONTH_RE}\\b(?!\\s+\\d)`, 'gi'),
    resolve: (m, d) => {
      const mo = MONTH_ABBR[m[1]!.toLowerCase()]!;
      return monthSpan(pastMonthYear(mo, d), mo);
    },
  },
  // "in 2013", "in early 2014", "in late 2015"
  {
    re: /\b(?:in|during|throughout)\s+(?:(early|late|mid)[- ])?(\d{4})\b/gi,
    resolve: (m) => {
      const y = +m[2]!;
      if (y < 1900 || y > 2100) return undefined;
      const part = m[1]?.toLowerCase();
      if (part === 'early') return [[y, 0, 1], [y, 4, 31]];
      if (part === 'late') return [[y, 7, 1], [y, 11, 31]];
      if (part === 'mid') return [[y, 3, 1], [y, 8, 30]];
      return yearSpan(y);
    },
  },
  // "last week", "last month", "last year", "this week", "this month", "this year", "earlier this year"
  {
    re: /\b(?:(earlier|later)\s+)?(last|this|past|previous)\s+(week|month|year|weekend)\b/gi,
    resolve: (m, d) => {
      const which = m[2]!.toLowerCase(), unit = m[3]!.toLowerCase();
      const earlier = m[1]?.toLowerCase() === 'earlier';
      if (which === 'this' || earlier) {
        if (unit === 'year') return [[d[0], 0, 1], d];
        if (unit === 'month') return [[d[0], d[1], 1], d];
        return [addDays(d, -6), d];
      }
      if (unit === 'year') return yearSpan(d[0] - 1);
      if (unit === 'month') return d[1] === 0 ? monthSpan(d[0] - 1, 11) : monthSpan(d[0], d[1] - 1);
      // previous calendar week, Monday to Sunday
      const dow = (new Date(Date.UTC(d[0], d[1], d[2])).getUTCDay() + 6) % 7;
      const monday = addDays(d, -dow - 7);
      return [monday, addDays(monday, 6)];
    },
  },
  // "two weeks ago", "a year ago"
  {
    re: new RegExp(`\\b${NUM_RE}\\s+(day|week|month|year)s?\\s+ago\\b`, 'gi'),
    resolve: (m, d) => {
      const n = num(m[1]!), unit = m[2]!.toLowerCase();
      const days = unit === 'year' ? 365 * n : unit === 'month' ? 30 * n : unit === 'week' ? 7 * n : n;
      const at = addDays(d, -days);
      if (unit === 'year') return yearSpan(at[0]);
      if (unit === 'month') return monthSpan(at[0], at[1]);
      if (unit === 'week') return [addDays(at, -3), addDays(at, 3)];
      return [at, at];
    },
  },
  { re: /\byesterday\b/gi, resolve: (_m, d) => [addDays(d, -1), addDays(d, -1)] },
  { re: /\btoday\b/gi, resolve: (_m, d) => [d, d] },
  // "on Tuesday": the latest such day before the article date
  {
    re: new RegExp(`\\b(?:on\\s+|last\\s+)?${DAY_RE}\\b`, 'gi'),
    resolve: (m, d) => {
      const target = DAYS.indexOf(m[1]!.toLowerCase());
      const dow = new Date(Date.UTC(d[0], d[1], d[2])).getUTCDay();
      let back = (dow - target + 7) % 7;
      if (back === 0) back = 7;
      const at = addDays(d, -back);
      return [at, at];
    },
  },
];

/** What some rule needs (a month is known by its first three letters); the same case folding as the rules (`i`, no `u`). */
const MAY_HOLD_TIME = /\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|since|ago|day|week|month|year/i;

/** Parses `YYYY-MM-DD` into [year, month0, day]. */
function ymd(date: IsoDate): Ymd {
  return [parseInt(date.slice(0, 4), 10), parseInt(date.slice(5, 7), 10) - 1, parseInt(date.slice(8, 10), 10)];
}

/** Finds and resolves the time expressions of a text (one sentence), left to right, non-overlapping. */
export function findTimes(text: string, offset: number, articleDate: IsoDate): TimeMention[] {
  // NOTE: every rule needs a digit, a month, "since", "ago", or a word holding "day", "week",
  // "month" or "year"; a text with none of these skips the rules (most sentences of news).
  if (!MAY_HOLD_TIME.test(text)) return [];
  const d = ymd(articleDate);
  const found: TimeMention[] = [];
  const taken: [number, number][] = [];
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = rule.re.exec(text))) {
      const s = m.index, e = s + m[0].length;
      if (taken.some(([a, b]) => s < b && e > a)) continue;
      const r = rule.resolve(m, d);
      if (!r) continue;
      let [from, to] = r;
      // Past bias: nothing reported as happened after the article date.
      if (fmt(from) > articleDate) continue;
      if (fmt(to) > articleDate) to = d;
      taken.push([s, e]);
      found.push({
        start: offset + s,
        end: offset + e,
        span: { start: fmt(from), end: fmt(to), text: m[0] },
        durative: rule.durative === true,
      });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The article date as a span (no time expression). */
export function articleSpan(date: IsoDate): TimeSpan {
  return { start: date, end: date, text: null };
}
