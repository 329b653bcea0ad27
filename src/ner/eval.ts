/** Exact-span precision / recall / F1 per entity type (used by the training and evaluation scripts). */
import type { LabelledSentence } from './data.js';

export interface Span {
  start: number;
  end: number;
  type: string;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export function goldSpans(tags: readonly string[]): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i < tags.length) {
    const t = tags[i];
    if (t === 'O') {
      i++;
      continue;
    }
    const type = t.slice(2);
    let j = i + 1;
    while (j < tags.length && tags[j] === 'I-' + type) j++;
    spans.push({ start: i, end: j, type });
    i = j;
  }
  return spans;
}

/** Scores `predict` on `data`; GPE predictions count as LOC (UNER has no GPE). */
export function scoreSpans(data: readonly LabelledSentence[], predict: (words: readonly string[]) => readonly Span[], types: readonly string[] = ['PER', 'ORG', 'LOC']): Map<string, Counts> {
  const counts = new Map<string, Counts>();
  for (const t of [...types, 'ALL']) counts.set(t, { tp: 0, fp: 0, fn: 0 });
  const norm = (t: string): string => (t === 'GPE' ? 'LOC' : t);
  for (const s of data) {
    const gold = goldSpans(s.tags).filter((x) => types.includes(x.type));
    const pred = predict(s.words)
      .map((x) => ({ start: x.start, end: x.end, type: norm(x.type) }))
      .filter((x) => types.includes(x.type));
    const key = (x: Span): string => `${x.start}:${x.end}:${x.type}`;
    const goldSet = new Set(gold.map(key));
    const predSet = new Set(pred.map(key));
    for (const p of pred) {
      const c = counts.get(p.type)!;
      const all = counts.get('ALL')!;
      if (goldSet.has(key(p))) {
        c.tp++;
        all.tp++;
      } else {
        c.fp++;
        all.fp++;
      }
    }
    for (const g of gold) {
      if (!predSet.has(key(g))) {
        counts.get(g.type)!.fn++;
        counts.get('ALL')!.fn++;
      }
    }
  }
  return counts;
}

export function prf(c: Counts): { p: number; r: number; f: number } {
  const p = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
  const r = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
  const f = p + r > 0 ? (2 * p * r) / (p + r) : 0;
  return { p, r, f };
}

export function formatTable(title: string, counts: Map<string, Counts>): string {
  const lines = [`${title}`, '| type | precision | recall | F1 | gold | predicted |', '|---|---|---|---|---|---|'];
  for (const [type, c] of counts) {
    const { p, r, f } = prf(c);
    lines.push(`| ${type === 'ALL' ? 'PER+ORG+LOC' : type} | ${p.toFixed(3)} | ${r.toFixed(3)} | ${f.toFixed(3)} | ${c.tp + c.fn} | ${c.tp + c.fp} |`);
  }
  return lines.join('\n');
}
