/**
 * PLOVER check: a JSON list of coded sentences (../shared/data/plover/PLOVER_GSR_CAMEO.txt: `event`,
 * `text`, `source` / `target` lists of `{actorText}`), each read as a one-sentence article. Scored:
 * the recall of (source, target, polarity) over the records whose event has a polarity in our types
 * (`EVENT_POLARITY`) and that name both a source and a target.
 *
 * A system relation matches a record when one end overlaps a coded source's words in the sentence
 * (or its words contain / are contained in them, ignoring case and punctuation) and the other end a
 * coded target's, in either order (PLOVER's direction and ours differ for some events), and its
 * polarity is the record's.
 */
import { readFileSync } from 'node:fs';
import { POLARITY, type Relation } from '../types.js';

/**
 * PLOVER event → polarity of our types (spec/relations.md, "Mapping for export"): AGREE (TRUCE),
 * CONSULT (ENGAGE, MEDIATE), AID and SUPPORT (SUPPORT), COOPERATE (ALLY) are cooperative; THREATEN,
 * DISAPPROVE and SANCTION (OPPOSE), COERCE, ASSAULT and FIGHT (FIGHT, OPPOSE), REJECT (SPLIT, or
 * OPPOSE for a rejected proposal) hostile. DEMAND, PROTEST, RETREAT, CONCEDE, INVESTIGATE, MOBILIZE
 * and DOCUMENT have no counterpart and are not scored.
 */
export const EVENT_POLARITY: Readonly<Record<string, 1 | -1>> = {
  AGREE: 1, CONSULT: 1, SUPPORT: 1, AID: 1, COOPERATE: 1,
  THREATEN: -1, DISAPPROVE: -1, SANCTION: -1, COERCE: -1, ASSAULT: -1, FIGHT: -1, REJECT: -1,
};

interface Coded {
  readonly actorText?: string;
}
export interface PloverRecord {
  readonly id: string;
  readonly event: string;
  readonly text?: string;
  readonly date?: string;
  readonly source?: readonly Coded[] | string | null;
  readonly target?: readonly Coded[] | string | null;
}

/** Reads the coded sentences; throws on a file that is not a JSON list of records with `event`. */
export function readPlover(path: string): PloverRecord[] {
  const data = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (!Array.isArray(data) || !data.every((r) => r && typeof r === 'object' && typeof (r as PloverRecord).event === 'string')) {
    throw new Error(`${path}: not a JSON list of PLOVER records (objects with "event")`);
  }
  return data as PloverRecord[];
}

/** Whether a parsed JSON value looks like a PLOVER record list (for telling the file kinds apart). */
export function isPloverText(text: string): boolean {
  const head = text.trimStart();
  return head.startsWith('[') && /"event"\s*:/.test(head.slice(0, 4000));
}

export interface PloverEventScore {
  readonly event: string;
  readonly records: number;
  readonly found: number;
}
export interface PloverScore {
  /** Records with a mapped event, a text and both ends. */
  readonly records: number;
  /** Records with a system relation linking the two ends with the record's polarity. */
  readonly found: number;
  /** Records with a system relation linking the two ends, of any polarity. */
  readonly pairFound: number;
  readonly perEvent: readonly PloverEventScore[];
}

const norm = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim();
const coded = (x: PloverRecord['source']): string[] => (Array.isArray(x) ? x.map((c) => c?.actorText ?? '').filter(Boolean) : []);

/** Scores the records; `extract` reads one article and returns its relations. */
export function scorePlover(records: readonly PloverRecord[], extract: (a: { id: string; date: string; text: string }) => readonly Relation[]): PloverScore {
  let n = 0, found = 0, pairFound = 0;
  const perEvent = new Map<string, [number, number]>();
  for (const r of records) {
    const pol = EVENT_POLARITY[r.event];
    if (pol === undefined || !r.text) continue;
    const src = coded(r.source), tgt = coded(r.target);
    if (!src.length || !tgt.length) continue;
    n++;
    const text = r.text;
    const date = r.date && /^\d{4}-\d{2}-\d{2}$/.test(r.date) ? r.date : '2000-01-01';
    const is = (end: Relation['source'], names: readonly string[]): boolean =>
      names.some((a) => {
        const at = text.indexOf(a);
        if (at >= 0 && at < end.end && end.start < at + a.length) return true;
        const x = norm(end.text), y = norm(a);
        return x.length > 0 && y.length > 0 && (x.includes(y) || y.includes(x));
      });
    let pair = false, ok = false;
    for (const rel of extract({ id: r.id, date, text })) {
      if (!((is(rel.source, src) && is(rel.target, tgt)) || (is(rel.source, tgt) && is(rel.target, src)))) continue;
      pair = true;
      if (POLARITY[rel.type] === pol) ok = true;
    }
    if (ok) found++;
    if (pair) pairFound++;
    const e = perEvent.get(r.event) ?? [0, 0];
    perEvent.set(r.event, [e[0] + 1, e[1] + (ok ? 1 : 0)]);
  }
  return {
    records: n,
    found,
    pairFound,
    perEvent: [...perEvent].sort(([a], [b]) => a.localeCompare(b)).map(([event, [records, f]]) => ({ event, records, found: f })),
  };
}
