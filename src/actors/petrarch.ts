/**
 * Import and export of TABARI/PETRARCH actor dictionaries (the Phoenix `*.actors.txt` files).
 *
 * The format, as found in the files:
 * - an entry starts with a head line: a name (words joined by `_`, often with a trailing `_`),
 *   optionally followed by codes on the same line;
 * - `+NAME` lines add synonyms (one line may hold several `+` names);
 * - code lines hold one or more `[CODE]` groups, each optionally date-bounded: `[CODE >YYMMDD]`
 *   (from), `[CODE <YYMMDD]` (until), `[CODE YYMMDD-YYMMDD]` (range); dates have 6 (YYMMDD) or
 *   8 (YYYYMMDD) digits; `[---]` is "no code";
 * - `#` starts a comment anywhere on a line; spacing and tabs are irregular.
 *
 * CAMEO codes are 3-letter segments: a country (ISO alpha-3) or a prefix such as IGO/NGO/IMG,
 * then roles (GOV, MIL, REB, OPP, ...). An entry whose codes are all date-bounded (a leader in
 * office) becomes dated aliases of the actor holding that code (or of the country).
 */
import { ERROR_CODES } from '../errors.js';
import type { Actor, ActorType, ReadIssue } from '../types.js';
import { normaliseName } from './normalise.js';

interface Code {
  readonly code: string;
  readonly start?: string;
  readonly end?: string;
}

interface Entry {
  readonly line: number;
  readonly names: string[];
  readonly codes: Code[];
  /** `faultline id=... type=...` metadata written by `writePetrarchActors`. */
  meta?: { id?: string; type?: ActorType };
  comment?: string;
}

/** CAMEO prefixes that are not countries. */
const NON_COUNTRY = new Set(['IGO', 'NGO', 'NGM', 'IMG', 'MNC', 'INT', 'UIS', 'MOS', 'SHI', 'SUN', 'CHR', 'JEW', 'BUD', 'HIN', 'MUS']);
/** CAMEO regions (first segment of some codes). */
const REGIONS = new Set([
  'AFR', 'ASA', 'BLK', 'BAL', 'CAS', 'CAU', 'CFR', 'CRB', 'EAF', 'EEU', 'EIN', 'EUR', 'LAM', 'MEA', 'MDT', 'NAF', 'NAM', 'NMR',
  'PGS', 'SAF', 'SAM', 'SAS', 'SEA', 'SCN', 'WAF', 'WEU', 'WST',
]);

const ROLE_TYPES: Readonly<Record<string, ActorType>> = {
  REB: 'armed_group',
  INS: 'armed_group',
  SEP: 'armed_group',
  UAF: 'armed_group',
  IMG: 'armed_group',
  GOV: 'government',
  MIL: 'government',
  COP: 'government',
  JUD: 'government',
  LEG: 'government',
  SPY: 'government',
  MED: 'media',
  CVL: 'population',
  REF: 'population',
  ELI: 'person',
  OPP: 'organization',
  PTY: 'organization',
  BUS: 'organization',
  MNC: 'organization',
  IGO: 'organization',
  NGO: 'organization',
  NGM: 'organization',
  EDU: 'organization',
  HLH: 'organization',
  HRI: 'organization',
  LAB: 'organization',
  ENV: 'organization',
  AGR: 'organization',
  CRM: 'armed_group',
  REL: 'organization',
};

const ACTOR_TYPE_SET = new Set<string>(['state', 'government', 'armed_group', 'coalition', 'organization', 'person', 'media', 'population']);

/** The actor type a CAMEO code suggests. */
export function typeFromCameo(code: string): ActorType {
  const segs: string[] = [];
  for (let i = 0; i < code.length; i += 3) segs.push(code.slice(i, i + 3));
  const first = segs[0] ?? '';
  for (let i = 0; i < segs.length; i++) {
    const t = ROLE_TYPES[segs[i]];
    // A country's MIL is its armed forces (folded into the state/government); MIL of a non-state prefix is armed.
    if (t && segs[i] === 'MIL' && i > 0 && (NON_COUNTRY.has(first) || REGIONS.has(first))) return 'armed_group';
    if (t) return t;
  }
  if (segs.length === 1 && /^[A-Z]{3}$/.test(first) && !NON_COUNTRY.has(first) && !REGIONS.has(first)) return 'state';
  return 'organization';
}

/** ISO alpha-3 country of a CAMEO code, when its first segment is a country. */
function countryFromCameo(code: string): string | undefined {
  const first = code.slice(0, 3);
  if (!/^[A-Z]{3}$/.test(first) || NON_COUNTRY.has(first) || REGIONS.has(first)) return undefined;
  return first;
}

/** A CAMEO date (YYMMDD or YYYYMMDD) as YYYY-MM-DD; two-digit years ≤ 30 are 20xx. */
function cameoDate(s: string): string | undefined {
  let y: number;
  let rest: string;
  if (/^\d{8}$/.test(s)) {
    y = Number(s.slice(0, 4));
    rest = s.slice(4);
  } else if (/^\d{6}$/.test(s)) {
    const yy = Number(s.slice(0, 2));
    y = yy <= 30 ? 2000 + yy : 1900 + yy;
    rest = s.slice(2);
  } else return undefined;
  const m = Number(rest.slice(0, 2));
  const d = Number(rest.slice(2, 4));
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return undefined;
  return `${String(y).padStart(4, '0')}-${rest.slice(0, 2)}-${rest.slice(2, 4)}`;
}

/** Display form of a PETRARCH name: underscores to spaces, title case, acronyms kept. */
function displayName(raw: string): string {
  // eslint-disable-next-line no-control-regex
  const words = raw.replace(/[\u0000-\u001f\u007f]/g, '').replace(/_/g, ' ').replace(/\s+/g, ' ').trim();
  if (words === '') return '';
  const small = new Set(['of', 'the', 'and', 'in', 'for', 'on', 'to', 'a', 'an', 'de', 'du', 'des', 'la', 'le', 'wal', 'wa', 'fi']);
  const parts = words.split(' ');
  if (parts.length === 1 && (/^[A-Z0-9&/-]{1,4}$/.test(words) || /^([A-Z]\.)+[A-Z]?\.?$/.test(words))) return words;
  return parts
    .map((w, i) => {
      if (/^\(.*\)$/.test(w) || /^[A-Z]{1,3}\.$|^([A-Z]\.)+[A-Z]?\.?$/.test(w)) return w; // (AAIA), U.S., U.N.
      const lower = w.toLowerCase();
      if (i > 0 && small.has(lower)) return lower;
      return lower.replace(/(^|[-'’/(])([a-z\u00C0-\u024F])/g, (_m, p: string, c: string) => p + c.toUpperCase());
    })
    .join(' ');
}

function idFrom(name: string): string {
  const id = normaliseName(name)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return id === '' ? 'actor' : /^[0-9]/.test(id) ? `a_${id}` : id;
}

/** Short all-capital names (acronyms) are kept case-sensitive on import. */
function isAcronym(name: string): boolean {
  return /^[A-Z0-9.&-]{1,5}$/.test(name) && normaliseName(name).replace(/\s/g, '').length <= 4;
}

const CODE_GROUP = /\[([^\]]*)\]/g;

function parseCodes(text: string, push: (c: Code) => void, warn: (msg: string) => void): string {
  const rest = text.replace(CODE_GROUP, (_m, inner: string) => {
    const parts = inner.trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0) {
      warn('empty code []');
      return ' ';
    }
    const code = parts[0].toUpperCase();
    if (!/^[A-Z0-9-]+$/.test(code)) {
      warn(`odd code "${parts[0]}"`);
      return ' ';
    }
    if (code === '---' || /^-+$/.test(code)) return ' ';
    const spec = parts.slice(1).join('');
    if (spec === '') {
      push({ code });
      return ' ';
    }
    let m: RegExpExecArray | null;
    if ((m = /^>(\d+)$/.exec(spec))) {
      const start = cameoDate(m[1]);
      if (start) push({ code, start });
      else {
        warn(`bad date "${m[1]}" in [${inner.trim()}]: kept without date`);
        push({ code });
      }
    } else if ((m = /^<(\d+)$/.exec(spec))) {
      const end = cameoDate(m[1]);
      if (end) push({ code, end });
      else {
        warn(`bad date "${m[1]}" in [${inner.trim()}]: kept without date`);
        push({ code });
      }
    } else if ((m = /^(\d+)-(\d+)$/.exec(spec))) {
      const start = cameoDate(m[1]);
      const end = cameoDate(m[2]);
      if (start && end && start <= end) push({ code, start, end });
      else {
        warn(`bad date range "${spec}" in [${inner.trim()}]: kept without dates`);
        push({ code });
      }
    } else {
      warn(`unrecognised date "${spec}" in [${inner.trim()}]: kept without date`);
      push({ code });
    }
    return ' ';
  });
  if (/[[\]]/.test(rest)) warn('unbalanced bracket');
  return rest.replace(/[[\]]/g, ' ');
}

function parseEntries(text: string, file: string, issues: ReadIssue[]): Entry[] {
  const entries: Entry[] = [];
  let cur: Entry | undefined;
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n];
    const lineNo = n + 1;
    const warn = (message: string) =>
      issues.push({ kind: 'issue', code: ERROR_CODES.BAD_DICTIONARY, severity: 'warning', file, record: lineNo, message });
    const hash = raw.indexOf('#');
    const comment = hash >= 0 ? raw.slice(hash + 1).trim() : '';
    let body = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (body === '') continue;
    const codes: Code[] = [];
    body = parseCodes(body, (c) => codes.push(c), warn).trim();
    if (body.startsWith('+')) {
      if (!cur) {
        warn('synonym before any head name: skipped');
        continue;
      }
      for (const s of body.split('+')) {
        const name = displayName(s);
        if (name) cur.names.push(name);
      }
      cur.codes.push(...codes);
    } else if (body === '') {
      // A code line.
      if (!cur) {
        warn('code line before any head name: skipped');
        continue;
      }
      cur.codes.push(...codes);
    } else {
      const name = displayName(body.replace(/\+.*$/, ''));
      if (!name) {
        warn('head line without a name: skipped');
        continue;
      }
      cur = { line: lineNo, names: [name], codes };
      if (body.includes('+')) for (const s of body.split('+').slice(1)) if (displayName(s)) cur.names.push(displayName(s));
      const meta = /faultline\s+id=([a-z0-9_]+)(?:\s+type=([a-z_]+))?/.exec(comment);
      if (meta) {
        cur.meta = { id: meta[1] };
        if (meta[2] && ACTOR_TYPE_SET.has(meta[2])) cur.meta.type = meta[2] as ActorType;
      } else if (comment) cur.comment = comment;
      entries.push(cur);
    }
  }
  return entries;
}

/** An actor being read: what `toActor` makes an Actor of, with the code and line it came from. */
interface Draft {
  id: string;
  name: string;
  type: ActorType;
  aliases: string[];
  /** Case-sensitive aliases. */
  cs: string[];
  country?: string;
  dated: { alias: string; start?: string; end?: string }[];
  notes: string[];
  code?: string;
  line: number;
}

/** Reads one PETRARCH/TABARI actor dictionary into Actor records; odd lines are warnings, never exceptions. */
export function readPetrarchActors(text: string, file: string): { actors: Actor[]; issues: ReadIssue[] } {
  const issues: ReadIssue[] = [];
  const entries = parseEntries(text, file, issues);

  // Pass 1: entries with an undated code (or no code) are actors.
  const drafts: Draft[] = [];
  const usedIds = new Set<string>();
  const byCode = new Map<string, Draft[]>();
  const datedOnly: Entry[] = [];
  entries.forEach((e) => {
    const undated = e.codes.filter((c) => !c.start && !c.end);
    if (undated.length === 0 && e.codes.length > 0) {
      datedOnly.push(e);
      return;
    }
    const code = undated[0]?.code;
    let id = e.meta?.id ?? idFrom(e.names[0]);
    if (usedIds.has(id)) {
      let k = 2;
      while (usedIds.has(`${id}_${k}`)) k++;
      id = `${id}_${k}`;
    }
    usedIds.add(id);
    const d: Draft = {
      id,
      name: e.names[0],
      type: e.meta?.type ?? (code ? typeFromCameo(code) : 'organization'),
      aliases: [],
      cs: [],
      dated: [],
      notes: [],
      code,
      line: e.line,
    };
    const country = code ? countryFromCameo(code) : undefined;
    if (country) d.country = country;
    for (const n of e.names.slice(1)) (isAcronym(n) ? d.cs : d.aliases).push(n);
    if (!code) {
      d.notes.push('no CAMEO code');
      issues.push({ kind: 'issue', code: ERROR_CODES.BAD_DICTIONARY, severity: 'warning', file, record: e.line, message: `"${e.names[0]}" has no code: imported as organization` });
    } else if (!e.meta) d.notes.push(`CAMEO ${undated.map((c) => c.code).join(', ')}`);
    const dated = e.codes.filter((c) => c.start || c.end);
    if (dated.length && !e.meta) d.notes.push(`also ${dated.map(fmtCode).join(', ')}`);
    if (e.comment && !e.meta) d.notes.push(e.comment);
    drafts.push(d);
    if (code) {
      const list = byCode.get(code) ?? [];
      list.push(d);
      byCode.set(code, list);
    }
  });

  // Pass 2: date-bounded entries become dated aliases of the actor holding the code (the nearest
  // one before the entry), else of the country; otherwise they stay actors of their own.
  for (const entry of datedOnly) {
    let placed = false;
    for (const c of entry.codes) {
      if (c.code.slice(3, 6) === 'ELI') continue;
      const candidates = byCode.get(c.code) ?? byCode.get(c.code.slice(0, 3)) ?? [];
      if (candidates.length === 0) continue;
      let lo = 0;
      let hi = candidates.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (candidates[mid].line < entry.line) lo = mid + 1;
        else hi = mid;
      }
      const target = lo > 0 ? candidates[lo - 1] : candidates[0];
      for (const alias of entry.names) target.dated.push({ alias, ...(c.start ? { start: c.start } : {}), ...(c.end ? { end: c.end } : {}) });
      placed = true;
    }
    if (placed) continue;
    let id = entry.meta?.id ?? idFrom(entry.names[0]);
    if (usedIds.has(id)) {
      let k = 2;
      while (usedIds.has(`${id}_${k}`)) k++;
      id = `${id}_${k}`;
    }
    usedIds.add(id);
    const first = entry.codes.find((c) => c.code.slice(3, 6) !== 'ELI') ?? entry.codes[0];
    const d: Draft = {
      id,
      name: entry.names[0],
      type: entry.meta?.type ?? typeFromCameo(first.code),
      aliases: [],
      cs: [],
      dated: [],
      notes: [`CAMEO ${entry.codes.map(fmtCode).join(', ')}`],
      line: entry.line,
    };
    const country = countryFromCameo(first.code);
    if (country) d.country = country;
    for (const n of entry.names.slice(1)) (isAcronym(n) ? d.cs : d.aliases).push(n);
    drafts.push(d);
  }

  drafts.sort((a, b) => a.line - b.line);
  const actors = drafts.map((d) => toActor(d));
  return { actors, issues };
}

function fmtCode(c: Code): string {
  if (c.start && c.end) return `${c.code} ${c.start}..${c.end}`;
  if (c.start) return `${c.code} from ${c.start}`;
  if (c.end) return `${c.code} until ${c.end}`;
  return c.code;
}

/** The first of the items with each key; keys already in `seen` count as taken (and `seen` gets the new ones). */
function firstOfEach<T>(items: readonly T[], key: (item: T) => string, seen = new Set<string>()): T[] {
  return items.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function toActor(d: Draft): Actor {
  const seen = new Set<string>([normaliseName(d.name)]);
  const aliases = firstOfEach(d.aliases, (a) => normaliseName(a), seen);
  const cs = firstOfEach(d.cs, (a) => normaliseName(a), seen);
  const dated = firstOfEach(d.dated, (x) => `${normaliseName(x.alias)}|${x.start ?? ''}|${x.end ?? ''}`);
  const out: { -readonly [K in keyof Actor]: Actor[K] } = { id: d.id, name: d.name, type: d.type, aliases };
  if (d.country) out.country = d.country;
  if (cs.length) out.caseSensitiveAliases = cs;
  if (dated.length) out.datedAliases = dated;
  if (d.type === 'media') out.reporter = true;
  if (d.notes.length) out.note = `Imported from PETRARCH: ${d.notes.join('; ')}`;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Export

/** A PETRARCH name: upper case, spaces as `_`, trailing `_` (whole-word match); `#+[]` cannot be written. */
function petrarchName(s: string): string | undefined {
  const cleaned = s.replace(/[#+[\]]/g, ' ').replace(/\s+/g, ' ').trim();
  if (cleaned === '') return undefined;
  return `${cleaned.toUpperCase().replace(/ /g, '_')}_`;
}

/** The CAMEO-style code written for one of our actors. */
export function cameoCode(a: Actor): string {
  const c = a.country ?? '';
  switch (a.type) {
    case 'state':
      return c || 'INT';
    case 'government':
      return `${c}GOV`;
    case 'armed_group':
      return c ? `${c}REB` : 'IMGREB';
    case 'coalition':
      return c ? `IGO${c}` : 'IGO';
    case 'organization':
      return c ? `${c}NGO` : 'NGO';
    case 'media':
      return `${c}MED`;
    case 'population':
      return `${c}CVL`;
    case 'person':
      return `${c}ELI`;
  }
}

function cameoDateOut(d: string): string {
  return d.replace(/-/g, '');
}

/** Writes actors as a PETRARCH actor dictionary; dated aliases become date-bounded entries after their actor. */
export function writePetrarchActors(actors: readonly Actor[]): string {
  const out: string[] = [
    '# PETRARCH/TABARI actor dictionary written by Faultline.',
    '# Each entry: head name [CODE] # faultline id=... type=...; +synonyms; dated aliases follow as [CODE >from] / [CODE <until] / [CODE from-until].',
    '',
  ];
  for (const a of actors) {
    const head = petrarchName(a.name);
    if (!head) continue;
    const code = cameoCode(a);
    out.push(`${head} [${code}] # faultline id=${a.id} type=${a.type}`);
    const seen = new Set<string>([head]);
    for (const s of [...a.aliases, ...(a.caseSensitiveAliases ?? [])]) {
      const n = petrarchName(s);
      if (n && !seen.has(n)) {
        seen.add(n);
        out.push(`+${n}`);
      }
    }
    const byAlias = new Map<string, { start?: string; end?: string }[]>();
    for (const d of a.datedAliases ?? []) {
      const n = petrarchName(d.alias);
      if (!n) continue;
      if (!d.start && !d.end) {
        if (!seen.has(n)) out.push(`+${n}`);
        seen.add(n);
        continue;
      }
      const list = byAlias.get(n) ?? [];
      list.push(d);
      byAlias.set(n, list);
    }
    for (const [n, ranges] of byAlias) {
      out.push(n);
      for (const r of ranges) {
        if (r.start && r.end) out.push(`\t[${code} ${cameoDateOut(r.start)}-${cameoDateOut(r.end)}]`);
        else if (r.start) out.push(`\t[${code} >${cameoDateOut(r.start)}]`);
        else if (r.end) out.push(`\t[${code} <${cameoDateOut(r.end)}]`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}

/**
 * Makes imported actors loadable as one user dictionary on top of `known` (the built-in
 * dictionary): actors it already has are skipped, ids made unique, and every written form
 * kept on the first actor that has it (a later actor's alias equal to an earlier name or alias is
 * dropped; a name equal to an earlier alias takes it back). Returns how many aliases were dropped.
 */
export function makeLoadable(
  actors: readonly Actor[],
  known: readonly Actor[] = [],
): { actors: Actor[]; dropped: number; alreadyKnown: number } {
  const ids = new Set<string>();
  const owner = new Map<string, string>();
  let dropped = 0;
  // Written forms of the dictionary the import is layered on: an imported actor named like a known
  // one is already known (skipped); an imported alias of a known actor is dropped.
  const knownKeys = new Set<string>();
  for (const k of known) {
    for (const s of [k.name, ...k.aliases, ...(k.caseSensitiveAliases ?? []), ...(k.datedAliases ?? []).map((d) => d.alias)]) {
      knownKeys.add(normaliseName(s));
    }
  }
  const knownIds = new Set(known.map((k) => k.id));
  const before = actors.length;
  actors = actors.filter((a) => !knownKeys.has(normaliseName(a.name)));
  const alreadyKnown = before - actors.length;
  for (const id of knownIds) ids.add(id);
  const renamed = actors.map((a) => {
    let id = a.id;
    if (ids.has(id)) {
      let k = 2;
      while (ids.has(`${id}_${k}`)) k++;
      id = `${id}_${k}`;
    }
    ids.add(id);
    return id === a.id ? a : { ...a, id };
  });
  // Names first: a name always stays with its actor.
  const nameOwner = new Map<string, string>();
  for (const a of renamed) {
    const k = normaliseName(a.name);
    if (!nameOwner.has(k)) nameOwner.set(k, a.id);
  }
  const result = renamed.map((a) => {
    const keep = (s: string): boolean => {
      const k = normaliseName(s);
      if (knownKeys.has(k)) return false;
      const n = nameOwner.get(k);
      if (n !== undefined && n !== a.id) return false;
      const o = owner.get(k);
      if (o !== undefined && o !== a.id) return false;
      owner.set(k, a.id);
      return true;
    };
    const nameKey = normaliseName(a.name);
    if (nameOwner.get(nameKey) !== a.id) {
      // Two actors with the same name: the later one cannot be loaded beside the first.
      return undefined;
    }
    owner.set(nameKey, a.id);
    const aliases = a.aliases.filter(keep);
    const cs = (a.caseSensitiveAliases ?? []).filter(keep);
    const dated = (a.datedAliases ?? []).filter((d) => keep(d.alias));
    dropped += a.aliases.length - aliases.length + (a.caseSensitiveAliases?.length ?? 0) - cs.length + (a.datedAliases?.length ?? 0) - dated.length;
    const out: { -readonly [K in keyof Actor]: Actor[K] } = { ...a, aliases };
    if (cs.length) out.caseSensitiveAliases = cs;
    else delete out.caseSensitiveAliases;
    if (dated.length) out.datedAliases = dated;
    else delete out.datedAliases;
    return out as Actor;
  });
  const kept = result.filter((a): a is Actor => a !== undefined);
  return { actors: kept, dropped: dropped + (result.length - kept.length), alreadyKnown };
}
