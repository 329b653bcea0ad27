/**
 * PLOVER check: reads ../shared/data/plover/PLOVER_GSR_CAMEO.txt (a JSON list of coded sentences:
 * source / target actors with `actorText`, `event`, `text`), runs the extractor on each sentence and
 * prints the recall of (source, target, polarity) for the records whose event maps to our types.
 *
 *   npx tsx scripts/eval-plover.ts [path-to-PLOVER_GSR_CAMEO.txt]
 *
 * Matching: a system relation matches a record when one end overlaps (or its text contains / is
 * contained in) a coded source actorText, the other a coded target actorText, in either direction
 * (PLOVER direction and ours differ for some events), and its polarity is the record's
 * (cooperative +1, hostile −1). Records without both a source and a target are skipped.
 */
import { readFileSync } from 'node:fs';
import { loadDefaultPipeline } from '../src/pipeline/default.js';

const EVENT_POLARITY: Record<string, 1 | -1> = {
  // cooperative: AGREE (truce, agreements), CONSULT (talks), SUPPORT, AID, COOPERATE
  AGREE: 1, CONSULT: 1, SUPPORT: 1, AID: 1, COOPERATE: 1,
  // hostile: THREATEN, DISAPPROVE, SANCTION, COERCE, ASSAULT, FIGHT, REJECT (split/refusal)
  THREATEN: -1, DISAPPROVE: -1, SANCTION: -1, COERCE: -1, ASSAULT: -1, FIGHT: -1, REJECT: -1,
};

interface Coded { actorText: string }
interface Record_ { id: string; event: string; text?: string; source?: Coded[] | string; target?: Coded[] | string; date?: string }

const path = process.argv[2] ?? '../shared/data/plover/PLOVER_GSR_CAMEO.txt';
const records = JSON.parse(readFileSync(path, 'utf8')) as Record_[];
const { pipeline } = loadDefaultPipeline({ noCandidates: process.env.CANDIDATES !== '1', warn: () => {} });

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim();
const coded = (x: Coded[] | string | undefined): string[] => (Array.isArray(x) ? x.map((c) => c.actorText).filter(Boolean) : []);

let n = 0, found = 0, anyPair = 0;
const perEvent = new Map<string, [number, number]>();
for (const r of records) {
  const pol = EVENT_POLARITY[r.event];
  if (pol === undefined || !r.text) continue;
  const src = coded(r.source), tgt = coded(r.target);
  if (!src.length || !tgt.length) continue;
  n++;
  const text = r.text;
  const out = pipeline.process({ id: r.id, date: r.date && /^\d{4}-\d{2}-\d{2}$/.test(r.date) ? r.date : '2000-01-01', text });
  const is = (endText: string, endStart: number, endEnd: number, names: string[]): boolean =>
    names.some((a) => {
      const at = text.indexOf(a);
      if (at >= 0 && at < endEnd && endStart < at + a.length) return true;
      const x = norm(endText), y = norm(a);
      return x.length > 0 && y.length > 0 && (x.includes(y) || y.includes(x));
    });
  let pairOk = false, ok = false;
  for (const rel of out.relations) {
    const s = rel.source, t = rel.target;
    const pair = (is(s.text, s.start, s.end, src) && is(t.text, t.start, t.end, tgt)) || (is(s.text, s.start, s.end, tgt) && is(t.text, t.start, t.end, src));
    if (!pair) continue;
    pairOk = true;
    if (rel.polarity === pol) ok = true;
  }
  if (ok) found++;
  if (pairOk) anyPair++;
  const e = perEvent.get(r.event) ?? [0, 0];
  perEvent.set(r.event, [e[0] + 1, e[1] + (ok ? 1 : 0)]);
}
const f = (x: number): string => (n ? (x / n).toFixed(3) : '-');
console.log(`PLOVER records with a mapped event and both ends: ${n}`);
console.log(`recall (source, target, polarity): ${f(found)} (${found}/${n})   pair found with any polarity: ${f(anyPair)} (${anyPair}/${n})`);
for (const [e, [k, ok]] of [...perEvent].sort()) console.log(`  ${e.padEnd(12)} ${ok}/${k}`);
