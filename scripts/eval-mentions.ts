/**
 * Mention coverage on re3d-dev: runs the default pipeline on ../shared/eval/re3d-dev/articles.jsonl
 * and compares its mentions with the gold actor-like spans of gold.jsonl (Organisation, Person,
 * Nationality).
 *
 * A gold mention is FOUND when a system mention overlaps its span; it is RESOLVED when such a
 * mention has an actor: a dictionary actor, a co-reference (an actor or a group of actors), or a
 * candidate (an unknown actor-like name that review can accept; the relation reader makes its
 * end id; a co-reference to a candidate, "Smith" or "he" after "Gen. John Smith", carries that id). Figures: overall, proper names (a capitalised word other than a pronoun or determiner),
 * the rest (pronouns, common nouns), per entity type; for all gold spans and for the confident
 * ones (annotator confidence ≥ 0.5). Then a sample of resolved mentions (gold text → actor) for a
 * manual wrong-actor check, and the most frequent misses.
 *
 *   npx tsx scripts/eval-mentions.ts [--sample N] [--seed S] [--misses N] [--json]
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDefaultPipeline } from '../src/pipeline/default.js';
import type { Article, Mention } from '../src/types.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = resolve(root, '../shared/eval/re3d-dev');
const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const SAMPLE = arg('--sample', 60), SEED = arg('--seed', 7), MISSES = arg('--misses', 40);

interface GoldMention { start: number; end: number; text: string; entity_type: string; confidence: number; sentence: number }
interface GoldDoc { doc: string; mentions: GoldMention[] }

const articles = readFileSync(resolve(dir, 'articles.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Article);
const gold = new Map<string, GoldDoc>();
for (const l of readFileSync(resolve(dir, 'gold.jsonl'), 'utf8').split('\n').filter(Boolean)) {
  const d = JSON.parse(l) as GoldDoc;
  gold.set(d.doc, d);
}

const NOT_NAME = /^(the|a|an|we|our|ours|us|i|my|me|he|his|him|she|her|it|its|they|their|them|this|that|these|those|both|all|some|each)$/i;
/** A proper name: some word starts with a capital and is not a pronoun or determiner. */
export function isProperName(text: string): boolean {
  return text.split(/[\s\-–]+/).some((w) => /^\p{Lu}/u.test(w) && !NOT_NAME.test(w.replace(/[’'].*$/, '')));
}

type Outcome = 'resolved' | 'candidate' | 'unresolved' | 'missed';
interface Row { doc: string; gold: GoldMention; outcome: Outcome; via?: string; actor?: string; sys?: string }

const { pipeline, dictionary } = loadDefaultPipeline({ warn: (m) => process.stderr.write(`warning: ${m}\n`) });
const rows: Row[] = [];
const t0 = performance.now();
for (const a of articles) {
  const g = gold.get(a.id);
  if (!g) continue;
  const p = pipeline.process(a);
  for (const gm of g.mentions) {
    if (!gm.text.trim()) continue;
    const over = p.mentions.filter((m) => m.start < gm.end && gm.start < m.end);
    // a co-reference to an unknown name (a surname, "he" of a recognised person) carries the candidate's id: a candidate
    const rank = (m: Mention): number => (m.group?.length || (m.actor && dictionary.get(m.actor)) ? 0 : m.actor || m.via === 'candidate' ? 1 : 2);
    // best: resolved first, then the one that overlaps most
    const best = over.sort((x, y) => rank(x) - rank(y) || overlap(y, gm) - overlap(x, gm))[0];
    if (!best) rows.push({ doc: a.id, gold: gm, outcome: 'missed' });
    else {
      const outcome: Outcome = rank(best) === 0 ? 'resolved' : rank(best) === 1 ? 'candidate' : 'unresolved';
      rows.push({ doc: a.id, gold: gm, outcome, via: best.via, actor: best.actor ?? (best.group ? best.group.join('+') : undefined), sys: best.text });
    }
  }
}
const seconds = (performance.now() - t0) / 1000;

function overlap(m: { start: number; end: number }, g: { start: number; end: number }): number {
  return Math.max(0, Math.min(m.end, g.end) - Math.max(m.start, g.start));
}

interface Score { n: number; found: number; resolved: number; dictionary: number }
function score(rs: readonly Row[]): Score {
  let found = 0, resolved = 0, dict = 0;
  for (const r of rs) {
    if (r.outcome !== 'missed') found++;
    if (r.outcome === 'resolved' || r.outcome === 'candidate') resolved++;
    if (r.outcome === 'resolved') dict++;
  }
  return { n: rs.length, found, resolved, dictionary: dict };
}
const pct = (a: number, n: number): string => (n ? (a / n).toFixed(3) : '  -  ');

function table(title: string, rs: readonly Row[]): string[] {
  const groups: [string, readonly Row[]][] = [
    ['overall', rs],
    ['proper names', rs.filter((r) => isProperName(r.gold.text))],
    ['rest (pronouns, common nouns)', rs.filter((r) => !isProperName(r.gold.text))],
    ...['Organisation', 'Person', 'Nationality'].map((t): [string, readonly Row[]] => [`  ${t}`, rs.filter((r) => r.gold.entity_type === t)]),
    ...['Organisation', 'Person', 'Nationality'].map((t): [string, readonly Row[]] => [`  ${t}, proper names`, rs.filter((r) => r.gold.entity_type === t && isProperName(r.gold.text))]),
  ];
  const out = [`\n${title}`, `| gold mentions | n | found | found+resolved | resolved to a known actor (no candidates) |`, '|---|---:|---:|---:|---:|'];
  for (const [name, g] of groups) {
    const s = score(g);
    out.push(`| ${name} | ${s.n} | ${pct(s.found, s.n)} | **${pct(s.resolved, s.n)}** | ${pct(s.dictionary, s.n)} |`);
  }
  return out;
}

const lines: string[] = [];
lines.push(`re3d-dev: ${articles.length} articles, ${rows.length} gold mentions, pipeline ${seconds.toFixed(1)} s`);
lines.push(...table('All gold mentions', rows));
lines.push(...table('Confident gold mentions (annotator confidence ≥ 0.5)', rows.filter((r) => r.gold.confidence >= 0.5)));

// a deterministic sample of resolved mentions for the manual wrong-actor check
let state = SEED >>> 0 || 1;
const rand = (): number => {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state / 0x100000000;
};
// resolved to an actor, or linked by co-reference to a recognised name (which can be the wrong one too)
const resolved = rows.filter((r) => r.outcome === 'resolved' || (r.outcome === 'candidate' && r.via === 'coreference'));
const sample = resolved.map((r) => ({ r, k: rand() })).sort((a, b) => a.k - b.k).slice(0, SAMPLE).map((x) => x.r);
lines.push(`\nSample of ${sample.length} resolved gold mentions (seed ${SEED}) for a manual wrong-actor check: gold text [type] ← system text (via) → actor`);
for (const r of sample) {
  const name = r.actor?.includes('+') ? r.actor : `${r.actor} (${dictionary.get(r.actor ?? '')?.name ?? '?'})`;
  lines.push(`  ${JSON.stringify(r.gold.text)} [${r.gold.entity_type}] ← ${JSON.stringify(r.sys)} (${r.via}) → ${name}`);
}
const misses = new Map<string, number>();
for (const r of rows) if (r.outcome === 'missed' || r.outcome === 'unresolved') misses.set(`${r.gold.text} [${r.gold.entity_type}${r.outcome === 'unresolved' ? ', unresolved' : ''}]`, (misses.get(`${r.gold.text} [${r.gold.entity_type}${r.outcome === 'unresolved' ? ', unresolved' : ''}]`) ?? 0) + 1);
lines.push(`\nMost frequent misses (gold text [type], count):`);
lines.push('  ' + [...misses].sort((a, b) => b[1] - a[1]).slice(0, MISSES).map(([k, v]) => `${k} ×${v}`).join('; '));

if (process.argv.includes('--json')) {
  const s = (rs: readonly Row[]) => score(rs);
  console.log(JSON.stringify({ overall: s(rows), proper: s(rows.filter((r) => isProperName(r.gold.text))), rest: s(rows.filter((r) => !isProperName(r.gold.text))) }));
} else console.log(lines.join('\n'));
if (process.argv.includes('--dump')) for (const r of rows) console.log(`${r.outcome}\t${r.gold.entity_type}\t${JSON.stringify(r.gold.text)}\t${r.sys ?? ''}\t${r.via ?? ''}\t${r.actor ?? ''}`);
