/**
 * The actor dictionary: the built-in YAML files under `data/actors/`, plus user files layered
 * on top. Every record is validated; structural problems (duplicate ids, dangling `parent` /
 * `renamedFrom`, one alias on two actors) are `E_BAD_DICTIONARY` errors naming the file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { parse as parseYaml } from 'yaml';
import { ERROR_CODES, FaultlineError } from '../errors.js';
import { ACTOR_TYPES, type Actor } from '../types.js';
import { normaliseName, normaliseNameKeepCase } from './normalise.js';

export interface ActorDictionary {
  readonly actors: readonly Actor[];
  get(id: string): Actor | undefined;
}

export interface LoadDictionaryOptions {
  /** Folder of built-in dictionary files (`*.yaml`, `*.yml`); default: the project's `data/actors/`. */
  readonly dir?: string;
  /** User dictionary files (same format), layered on top: same id replaces the built-in entry. */
  readonly extraFiles?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Schema

const ID_RE = /^[a-z0-9]+(?:_[a-z0-9]+)*$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO3_RE = /^[A-Z]{3}$/;

function isRealDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

const DateSchema = v.pipe(
  v.string('a date must be a string YYYY-MM-DD (quote it)'),
  v.check(isRealDate, 'not a real date YYYY-MM-DD'),
);
const NameSchema = v.pipe(
  v.string('must be a string'),
  v.check((s) => s.trim().length > 0 && s === s.trim(), 'must be non-empty with no surrounding spaces'),
  v.check((s) => normaliseName(s).length > 0, 'has no letters or digits'),
);

const RangeSchema = v.pipe(
  v.strictObject({ start: v.optional(DateSchema), end: v.optional(DateSchema) }),
  v.check((r) => !r.start || !r.end || r.start <= r.end, 'start is after end'),
);

const DatedAliasSchema = v.pipe(
  v.strictObject({ alias: NameSchema, start: v.optional(DateSchema), end: v.optional(DateSchema) }),
  v.check((r) => !r.start || !r.end || r.start <= r.end, 'start is after end'),
);

export const ActorSchema = v.strictObject({
  id: v.pipe(v.string('must be a string'), v.regex(ID_RE, 'must be snake_case ASCII (a-z, 0-9, _)')),
  name: NameSchema,
  type: v.picklist(ACTOR_TYPES, `must be one of ${ACTOR_TYPES.join(', ')}`),
  aliases: v.array(NameSchema, 'must be a list of strings'),
  country: v.optional(v.pipe(v.string(), v.regex(ISO3_RE, 'must be an ISO 3166-1 alpha-3 code (3 capitals)'))),
  parent: v.optional(v.pipe(v.string(), v.regex(ID_RE, 'must be an actor id'))),
  active: v.optional(RangeSchema),
  renamedFrom: v.optional(
    v.strictObject({
      id: v.pipe(v.string(), v.regex(ID_RE, 'must be an actor id')),
      date: DateSchema,
    }),
  ),
  datedAliases: v.optional(v.array(DatedAliasSchema, 'must be a list of {alias, start?, end?}')),
  caseSensitiveAliases: v.optional(v.array(NameSchema, 'must be a list of strings')),
  reporter: v.optional(v.boolean('must be true or false')),
  note: v.optional(v.string('must be a string')),
});

// ---------------------------------------------------------------------------------------------
// Reading files

function bad(message: string): FaultlineError {
  return new FaultlineError(ERROR_CODES.BAD_DICTIONARY, message);
}

function issuePath(issue: v.BaseIssue<unknown>): string {
  const parts: string[] = [];
  for (const item of issue.path ?? []) {
    const key = (item as { key?: unknown }).key;
    if (typeof key === 'number') parts.push(`[${key}]`);
    else if (key !== undefined) parts.push(parts.length ? `.${String(key)}` : String(key));
  }
  return parts.join('') || '(record)';
}

/** Validates one parsed record; throws `E_BAD_DICTIONARY` naming file, record index (0-based) and field. */
export function validateActor(record: unknown, file: string, index: number): Actor {
  const result = v.safeParse(ActorSchema, record);
  if (result.success) {
    const a = result.output;
    if (a.parent === a.id) throw bad(`${file}: record ${index} (${a.id}): field parent: an actor cannot be its own parent`);
    if (a.renamedFrom?.id === a.id) {
      throw bad(`${file}: record ${index} (${a.id}): field renamedFrom.id: an actor cannot be renamed from itself`);
    }
    return a as Actor;
  }
  const id =
    record && typeof record === 'object' && typeof (record as { id?: unknown }).id === 'string'
      ? ` (${(record as { id: string }).id})`
      : '';
  const details = result.issues
    .slice(0, 3)
    .map((i) => {
      const path = issuePath(i);
      // A missing required key shows up as "expected X but received undefined".
      const msg = i.received === 'undefined' && i.kind === 'schema' ? 'missing' : i.message;
      return `field ${path}: ${msg}`;
    })
    .join('; ');
  throw bad(`${file}: record ${index}${id}: ${details}`);
}

/** Parses the text of one dictionary file (a YAML list of Actor records) and validates every record. */
export function parseDictionaryText(text: string, file: string): Actor[] {
  let doc: unknown;
  try {
    doc = parseYaml(text, { uniqueKeys: true });
  } catch (e) {
    throw new FaultlineError(ERROR_CODES.BAD_DICTIONARY, `${file}: not valid YAML: ${(e as Error).message}`, { cause: e });
  }
  if (doc === null || doc === undefined) return [];
  if (!Array.isArray(doc)) throw bad(`${file}: must be a YAML list of actor records`);
  const actors = doc.map((rec, i) => validateActor(rec, file, i));
  const seen = new Map<string, number>();
  actors.forEach((a, i) => {
    const prev = seen.get(a.id);
    if (prev !== undefined) throw bad(`${file}: record ${i}: field id: duplicate id "${a.id}" (also record ${prev})`);
    seen.set(a.id, i);
  });
  return actors;
}

function readDictionaryFile(file: string): Actor[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new FaultlineError(ERROR_CODES.FILE_UNREADABLE, `cannot read dictionary file ${file}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return parseDictionaryText(text, file);
}

/** The project's `data/actors/` folder, found from this module (works from `src/` and `dist/`). */
export function defaultDictionaryDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'data', 'actors');
    const up = dirname(dir);
    if (up === dir) throw new FaultlineError(ERROR_CODES.FILE_UNREADABLE, 'cannot find the project folder (package.json)');
    dir = up;
  }
}

// ---------------------------------------------------------------------------------------------
// Cross-record checks

interface AliasOwner {
  readonly id: string;
  readonly file: string;
  readonly alias: string;
  readonly start?: string;
  readonly end?: string;
}

function overlaps(a: AliasOwner, b: AliasOwner): boolean {
  const aStart = a.start ?? '0000-00-00';
  const aEnd = a.end ?? '9999-99-99';
  const bStart = b.start ?? '0000-00-00';
  const bEnd = b.end ?? '9999-99-99';
  // Ranges that only share a boundary day (a handover: one leader's end, the next one's start) do not overlap.
  return aStart < bEnd && bStart < aEnd;
}

/**
 * Every written form an actor is matched by: name, aliases, dated aliases (case-insensitive keys)
 * and case-sensitive aliases (case kept in the key).
 */
function aliasKeys(a: Actor): { folded: AliasOwner[]; exact: AliasOwner[] } {
  const folded: AliasOwner[] = [];
  const exact: AliasOwner[] = [];
  const base = { id: a.id, file: '' };
  for (const s of [a.name, ...a.aliases]) folded.push({ ...base, alias: s });
  for (const d of a.datedAliases ?? []) folded.push({ ...base, alias: d.alias, start: d.start, end: d.end });
  for (const s of a.caseSensitiveAliases ?? []) exact.push({ ...base, alias: s });
  return { folded, exact };
}

function checkAliases(actors: readonly Actor[], fileOf: ReadonlyMap<string, string>): void {
  // folded key → owners (plain aliases); exact key → owners (case-sensitive aliases)
  const folded = new Map<string, AliasOwner[]>();
  const exact = new Map<string, AliasOwner[]>();
  const clashes: string[] = [];
  const clash = (x: AliasOwner, y: AliasOwner): void => {
    clashes.push(
      `alias "${x.alias}" of "${x.id}" (${fileOf.get(x.id)}) is also "${y.alias}" of "${y.id}" (${fileOf.get(y.id)})`,
    );
  };
  for (const a of actors) {
    const keys = aliasKeys(a);
    for (const o of keys.folded) {
      const k = normaliseName(o.alias);
      const list = folded.get(k);
      if (list) {
        for (const p of list) if (p.id !== o.id && overlaps(p, o)) clash(o, p);
        list.push(o);
      } else folded.set(k, [o]);
    }
    for (const o of keys.exact) {
      const k = normaliseNameKeepCase(o.alias);
      const list = exact.get(k);
      if (list) {
        for (const p of list) if (p.id !== o.id) clash(o, p);
        list.push(o);
      } else exact.set(k, [o]);
    }
  }
  // A case-sensitive alias must not collide with another actor's case-insensitive one.
  for (const [k, owners] of exact) {
    const others = folded.get(k.toLowerCase());
    if (!others) continue;
    for (const o of owners) for (const p of others) if (p.id !== o.id) clash(o, p);
  }
  if (clashes.length > 0) {
    const more = clashes.length > 10 ? `; and ${clashes.length - 10} more` : '';
    throw bad(`an alias may belong to one actor only: ${clashes.slice(0, 10).join('; ')}${more}`);
  }
}

function checkLinks(actors: readonly Actor[], byId: ReadonlyMap<string, Actor>, fileOf: ReadonlyMap<string, string>): void {
  for (const a of actors) {
    if (a.parent !== undefined && !byId.has(a.parent)) {
      throw bad(`${fileOf.get(a.id)}: actor "${a.id}": field parent: unknown actor id "${a.parent}"`);
    }
    if (a.renamedFrom !== undefined && !byId.has(a.renamedFrom.id)) {
      throw bad(`${fileOf.get(a.id)}: actor "${a.id}": field renamedFrom.id: unknown actor id "${a.renamedFrom.id}"`);
    }
  }
  // No cycles in the parent chain.
  for (const a of actors) {
    const seen = new Set<string>([a.id]);
    let cur = a.parent;
    while (cur !== undefined) {
      if (seen.has(cur)) throw bad(`${fileOf.get(a.id)}: actor "${a.id}": field parent: the parent chain loops through "${cur}"`);
      seen.add(cur);
      cur = byId.get(cur)?.parent;
    }
  }
}

/** Builds a dictionary from already-validated layers (built-in first, then user layers in order). */
export function buildDictionary(layers: readonly { readonly file: string; readonly actors: readonly Actor[] }[], userFrom = Infinity): ActorDictionary {
  const byId = new Map<string, Actor>();
  const fileOf = new Map<string, string>();
  const userIds = new Set<string>();
  layers.forEach((layer, li) => {
    const isUserLayer = li >= userFrom;
    for (const a of layer.actors) {
      if (byId.has(a.id) && (!isUserLayer || userIds.has(a.id))) {
        throw bad(`${layer.file}: field id: duplicate id "${a.id}" (also in ${fileOf.get(a.id)})`);
      }
      if (isUserLayer) userIds.add(a.id);
      byId.set(a.id, a);
      fileOf.set(a.id, layer.file);
    }
  });
  let actors = [...byId.values()];
  if (userFrom < layers.length) actors = dropAliasesClaimedByUser(actors, fileOf, new Set(layers.slice(userFrom).map((l) => l.file)));
  const finalById = new Map(actors.map((a) => [a.id, a]));
  checkLinks(actors, finalById, fileOf);
  checkAliases(actors, fileOf);
  return {
    actors,
    get: (id: string) => finalById.get(id),
  };
}

/**
 * A user actor may take over an alias of a built-in one ("SNA" for the Somali rather than the
 * Syrian National Army): the alias is then dropped from the built-in actor.
 */
function dropAliasesClaimedByUser(actors: Actor[], fileOf: Map<string, string>, userFiles: ReadonlySet<string>): Actor[] {
  const userFolded = new Set<string>();
  const userExact = new Set<string>();
  const isUser = (a: Actor) => userFiles.has(fileOf.get(a.id) ?? '');
  for (const a of actors) {
    if (!isUser(a)) continue;
    const keys = aliasKeys(a);
    for (const o of keys.folded) userFolded.add(normaliseName(o.alias));
    for (const o of keys.exact) userExact.add(normaliseNameKeepCase(o.alias));
  }
  if (userFolded.size === 0 && userExact.size === 0) return actors;
  const claimed = (s: string, caseSensitive: boolean): boolean => {
    const f = normaliseName(s);
    if (userFolded.has(f)) return true;
    if (caseSensitive) return userExact.has(normaliseNameKeepCase(s));
    for (const e of userExact) if (e.toLowerCase() === f) return true;
    return false;
  };
  return actors.map((a) => {
    if (isUser(a)) return a;
    const aliases = a.aliases.filter((s) => !claimed(s, false));
    const dated = a.datedAliases?.filter((d) => !claimed(d.alias, false));
    const cs = a.caseSensitiveAliases?.filter((s) => !claimed(s, true));
    if (aliases.length === a.aliases.length && dated?.length === a.datedAliases?.length && cs?.length === a.caseSensitiveAliases?.length) {
      return a;
    }
    const out: Actor = { ...a, aliases };
    if (dated) (out as { datedAliases?: Actor['datedAliases'] }).datedAliases = dated;
    if (cs) (out as { caseSensitiveAliases?: Actor['caseSensitiveAliases'] }).caseSensitiveAliases = cs;
    return out;
  });
}

/** Lists the dictionary files of a folder, sorted by name. */
export function dictionaryFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new FaultlineError(ERROR_CODES.FILE_UNREADABLE, `cannot read dictionary folder ${dir}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return names
    .filter((n) => /\.ya?ml$/i.test(n))
    .sort()
    .map((n) => join(dir, n));
}

/** Loads the built-in dictionary (or the one in `options.dir`) and the user's extra files. */
export function loadDictionary(options: LoadDictionaryOptions = {}): ActorDictionary {
  const dir = resolve(options.dir ?? defaultDictionaryDir());
  const builtIn = dictionaryFiles(dir).map((file) => ({ file, actors: readDictionaryFile(file) }));
  const user = (options.extraFiles ?? []).map((file) => ({ file, actors: readDictionaryFile(file) }));
  return buildDictionary([...builtIn, ...user], builtIn.length);
}
