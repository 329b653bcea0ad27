/**
 * Scores extracted relations against hand-made gold readings (`*.gold.json`), by the rules of
 * shared/gold/README.md: actors matched by normalised aliases, relations by ends + type (+ `also`),
 * symmetric types in either direction, each gold relation counted once; precision over system
 * relations between gold actors; traps; time overlap.
 */
import { readFileSync } from 'node:fs';
import type { Actor, Relation } from '../types.js';

export interface GoldActor {
  readonly id: string;
  readonly type?: string;
  readonly aliases: readonly string[];
}
export interface GoldRelation {
  readonly tier: 'core' | 'extended';
  readonly source: string;
  readonly target: string;
  readonly type: string;
  readonly also?: readonly string[];
  readonly alt_source?: readonly string[];
  readonly alt_target?: readonly string[];
  readonly when?: string;
  readonly evidence?: string;
}
export interface GoldForbidden {
  readonly source: string;
  readonly target: string;
  readonly type: string;
  readonly why?: string;
}
export interface GoldFile {
  readonly document: string;
  readonly date: string;
  readonly actors: readonly GoldActor[];
  readonly relations: readonly GoldRelation[];
  readonly forbidden?: readonly GoldForbidden[];
}

export interface GoldScore {
  readonly doc: string;
  readonly systemRelations: number;
  /** System relations whose two ends both match gold actors. */
  readonly betweenGold: number;
  readonly matching: number;
  readonly coreFound: number;
  readonly coreTotal: number;
  readonly allFound: number;
  readonly allTotal: number;
  readonly traps: readonly string[];
  readonly timeRight: number;
  readonly timeTotal: number;
  readonly missed: readonly string[];
  /** System relations between gold actors that match nothing (false positives). */
  readonly unmatched: readonly string[];
}

/** Symmetric for scoring (gold/README.md): ALLY, TRUCE, ENGAGE, FIGHT. */
const EITHER_WAY = new Set(['ALLY', 'TRUCE', 'ENGAGE', 'FIGHT']);

/** The gold rule: case-folded, no diacritics, no leading "the", hyphens → spaces, dots and apostrophes removed. */
export function goldNormalise(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`´ʼ.]/g, '')
    .replace(/[-\u2010-\u2015_]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

export function readGoldFile(path: string): GoldFile {
  return JSON.parse(readFileSync(path, 'utf8')) as GoldFile;
}

function interval(s: string): [string, string] {
  if (s.includes('/')) {
    const [a, b] = s.split('/', 2) as [string, string];
    return [interval(a)[0], interval(b)[1]];
  }
  if (s.length >= 10) return [s.slice(0, 10), s.slice(0, 10)];
  if (s.length === 7) {
    const y = +s.slice(0, 4), m = +s.slice(5, 7);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return [`${s}-01`, `${s}-${String(last).padStart(2, '0')}`];
  }
  return [`${s}-01-01`, `${s}-12-31`];
}

/** Scores one gold file against the relations extracted from its document. */
export function scoreGold(gold: GoldFile, docId: string, relations: readonly Relation[], actorOf: (id: string) => Actor | undefined): GoldScore {
  const goldAlias = new Map(gold.actors.map((a) => [a.id, new Set(a.aliases.map(goldNormalise))]));
  const resolveCache = new Map<string, string | null>();
  const resolve = (end: Relation['source']): string | null => {
    const key = `${end.actor}\u0000${end.text}`;
    if (resolveCache.has(key)) return resolveCache.get(key)!;
    const a = actorOf(end.actor);
    const names = [end.name, end.actor.replace(/_/g, ' '), ...(a ? [a.name, ...a.aliases, ...(a.caseSensitiveAliases ?? [])] : [])];
    const keys = new Set(names.map(goldNormalise).filter(Boolean));
    let hits = [...goldAlias].filter(([, al]) => [...keys].some((k) => al.has(k))).map(([id]) => id);
    if (hits.length === 0) {
      const k = goldNormalise(end.text);
      hits = [...goldAlias].filter(([, al]) => al.has(k)).map(([id]) => id);
    }
    const r = hits.length === 1 ? hits[0]! : null;
    resolveCache.set(key, r);
    return r;
  };
  const rels = gold.relations;
  const matched = new Array<boolean>(rels.length).fill(false);
  const timeOk = new Array<boolean>(rels.length).fill(false);
  let between = 0, matching = 0;
  const traps: string[] = [];
  const unmatched: string[] = [];
  for (const rec of relations) {
    const a = resolve(rec.source), b = resolve(rec.target);
    if (a === null || b === null) continue;
    between++;
    let any = false;
    rels.forEach((r, i) => {
      if (r.type !== rec.type && !(r.also ?? []).includes(rec.type)) return;
      const srcs = [r.source, ...(r.alt_source ?? [])], tgts = [r.target, ...(r.alt_target ?? [])];
      const ok = (srcs.includes(a) && tgts.includes(b)) || (EITHER_WAY.has(rec.type) && srcs.includes(b) && tgts.includes(a));
      if (!ok) return;
      any = true;
      matched[i] = true;
      if (r.when) {
        const [ga, gb] = interval(r.when);
        if (rec.time.start <= gb && ga <= rec.time.end) timeOk[i] = true;
      }
    });
    if (any) matching++;
    else unmatched.push(`${a} ${rec.type} ${b}: "${rec.sentence.text.slice(0, 90)}"`);
    for (const f of gold.forbidden ?? []) {
      const hit = f.type === '*'
        ? (a === f.source && b === f.target) || (a === f.target && b === f.source)
        : rec.type === f.type && ((a === f.source && b === f.target) || (EITHER_WAY.has(rec.type) && b === f.source && a === f.target));
      if (hit) {
        traps.push(`${a} ${rec.type} ${b}: ${f.why ?? ''}`);
        break;
      }
    }
  }
  const core = rels.map((r, i) => (r.tier === 'core' ? i : -1)).filter((i) => i >= 0);
  const withWhen = rels.map((r, i) => (r.when && matched[i] ? i : -1)).filter((i) => i >= 0);
  return {
    doc: docId,
    systemRelations: relations.length,
    betweenGold: between,
    matching,
    coreFound: core.filter((i) => matched[i]).length,
    coreTotal: core.length,
    allFound: matched.filter(Boolean).length,
    allTotal: rels.length,
    traps,
    timeRight: withWhen.filter((i) => timeOk[i]).length,
    timeTotal: withWhen.length,
    missed: rels.map((r, i) => (matched[i] ? '' : `${r.tier} ${r.source} ${r.type} ${r.target}`)).filter(Boolean),
    unmatched,
  };
}

export interface GoldSummary {
  readonly files: number;
  readonly recallCore: number;
  readonly recallAll: number;
  readonly precision: number;
  readonly traps: number;
  readonly time: number;
  readonly perFile: readonly GoldScore[];
}

/** Micro-averages several file scores. */
export function summarise(scores: readonly GoldScore[]): GoldSummary {
  const sum = (f: (s: GoldScore) => number): number => scores.reduce((n, s) => n + f(s), 0);
  const ratio = (a: number, b: number): number => (b ? a / b : 0);
  return {
    files: scores.length,
    recallCore: ratio(sum((s) => s.coreFound), sum((s) => s.coreTotal)),
    recallAll: ratio(sum((s) => s.allFound), sum((s) => s.allTotal)),
    precision: ratio(sum((s) => s.matching), sum((s) => s.betweenGold)),
    traps: sum((s) => s.traps.length),
    time: ratio(sum((s) => s.timeRight), sum((s) => s.timeTotal)),
    perFile: scores,
  };
}
