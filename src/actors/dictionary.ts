/**
 * The actor dictionary: the built-in YAML files under `data/actors/`, plus user files layered
 * on top. Every record is validated; structural problems (duplicate ids, dangling `parent` /
 * `renamedFrom`, one alias on two actors) are `E_BAD_DICTIONARY` errors naming the file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as v from 'valibot';
import { parse as parseYaml } from 'yaml';
import { ERROR_CODES, FaultlineError } from '../errors.js';
import { projectPath } from '../paths.js';
import { ACTOR_TYPES, type Actor, type Mention } from '../types.js';
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
  let doc: unknown = parseYamlSubset(text);
  try {
    if (doc === undefined) doc = parseYaml(text, { uniqueKeys: true });
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

/**
 * The dictionary actors that mentions of processed articles resolve to and that are not `known`
 * yet (each once): what a writer upserts before saving the articles.
 */
export function newActorsOf(
  dictionary: ActorDictionary, articles: readonly { readonly mentions: readonly Mention[] }[], known: ReadonlySet<string>,
): Actor[] {
  const out = new Map<string, Actor>();
  for (const p of articles) {
    for (const m of p.mentions) {
      if (!m.actor || known.has(m.actor) || out.has(m.actor)) continue;
      const a = dictionary.get(m.actor);
      if (a) out.set(a.id, a);
    }
  }
  return [...out.values()];
}

/** The project's `data/actors/` folder (works from `src/` and `dist/`). */
export function defaultDictionaryDir(): string {
  return projectPath('data', 'actors');
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

// ---------------------------------------------------------------------------------------------
// A fast reader for the plain YAML subset the dictionary files are written in (a block list of
// block or flow maps; flow lists; plain, quoted and folded scalars). The `yaml` package is
// correct but slow to start (hundreds of ms for the built-in files); anything this reader does
// not recognise makes it give up (return undefined) and the full YAML parser is used instead.
// A test checks that both give the same value on every built-in file.

class Unsupported extends Error {}

const KEY_RE = /^([A-Za-z_][A-Za-z0-9_]*):(?:[ \t]+|$)/;

function resolvePlain(s: string): unknown {
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  if (
    /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(s) ||
    /^0o[0-7]+$|^0x[0-9a-fA-F]+$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/.test(s)
  ) {
    throw new Unsupported('number');
  }
  if (/^[&*!|>%@`"'\[\]{},#?:-](?:\s|$)|^[&*!%@`]/.test(s)) throw new Unsupported('indicator');
  return s;
}

/** Strips a trailing ` # comment` from a block-context plain scalar line. */
function stripComment(s: string): string {
  const i = s.search(/[ \t]#/);
  return (i >= 0 ? s.slice(0, i) : s).trimEnd();
}

class FlowReader {
  pos = 0;
  constructor(readonly s: string) {}
  ws(): void {
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '#' ) throw new Unsupported('comment in flow');
      else break;
    }
  }
  value(inMap: boolean): unknown {
    this.ws();
    const c = this.s[this.pos];
    if (c === '[') return this.seq();
    if (c === '{') return this.map();
    if (c === '"') return this.dq();
    if (c === "'") return this.sq();
    return this.plain(inMap);
  }
  seq(): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    for (;;) {
      this.ws();
      if (this.s[this.pos] === ']') {
        this.pos++;
        return out;
      }
      out.push(this.value(false));
      this.ws();
      const c = this.s[this.pos];
      if (c === ',') this.pos++;
      else if (c !== ']') throw new Unsupported('flow sequence');
    }
  }
  map(): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.ws();
      if (this.s[this.pos] === '}') {
        this.pos++;
        return out;
      }
      const m = /^([A-Za-z_][A-Za-z0-9_]*):[ \t\n]/.exec(this.s.slice(this.pos, this.pos + 64));
      if (!m) throw new Unsupported('flow key');
      if (Object.prototype.hasOwnProperty.call(out, m[1])) throw new Unsupported('duplicate key');
      this.pos += m[1].length + 1;
      out[m[1]] = this.value(true);
      this.ws();
      const c = this.s[this.pos];
      if (c === ',') this.pos++;
      else if (c !== '}') throw new Unsupported('flow map');
    }
  }
  plain(inMap: boolean): unknown {
    const start = this.pos;
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === ',' || c === ']' || c === '}' || c === '[' || c === '{') break;
      if (c === ':' && /[ \t\n,\]}]/.test(this.s[this.pos + 1] ?? ' ')) throw new Unsupported('implicit key');
      if (c === '#' && /[ \t\n]/.test(this.s[this.pos - 1] ?? ' ')) throw new Unsupported('comment in flow');
      this.pos++;
    }
    if (this.s[this.pos] === '[' || this.s[this.pos] === '{') throw new Unsupported('bracket in plain');
    // Line folding: a line break and the indentation around it become one space.
    const text = this.s.slice(start, this.pos).replace(/[ \t]*\n[ \t\n]*/g, ' ').trim();
    if (text === '' && !inMap) throw new Unsupported('empty flow item');
    return resolvePlain(text);
  }
  dq(): string {
    let out = '';
    this.pos++;
    for (;;) {
      const c = this.s[this.pos++];
      if (c === undefined || c === '\n') throw new Unsupported('double-quoted');
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.pos++];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' };
      if (e !== undefined && simple[e] !== undefined) out += simple[e];
      else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.pos, this.pos + 4))) {
        out += String.fromCharCode(parseInt(this.s.slice(this.pos, this.pos + 4), 16));
        this.pos += 4;
      } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(this.s.slice(this.pos, this.pos + 2))) {
        out += String.fromCharCode(parseInt(this.s.slice(this.pos, this.pos + 2), 16));
        this.pos += 2;
      } else throw new Unsupported('escape');
    }
  }
  sq(): string {
    let out = '';
    this.pos++;
    for (;;) {
      const c = this.s[this.pos++];
      if (c === undefined || c === '\n') throw new Unsupported('single-quoted');
      if (c === "'") {
        if (this.s[this.pos] === "'") {
          out += "'";
          this.pos++;
          continue;
        }
        return out;
      }
      out += c;
    }
  }
}

function bracketDepth(s: string, depth: number): number {
  let q: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === q) {
        if (q === "'" && s[i + 1] === "'") i++;
        else q = null;
      } else if (c === '\\' && q === '"') i++;
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s\[{,:]/.test(s[i - 1])) q = c;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]))) break;
  }
  if (q) throw new Unsupported('quote across lines');
  return depth;
}

/** Parses the dictionary YAML subset; undefined when the text uses anything else. */
export function parseYamlSubset(text: string): unknown {
  try {
    return new BlockReader(text).document();
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

class BlockReader {
  private readonly lines: string[];
  private i = 0;
  constructor(text: string) {
    if (text.includes('\t') || /^(?:---|\.\.\.|%)/m.test(text)) throw new Unsupported('tabs or directives');
    this.lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  }
  private indentOf(line: string): number {
    return line.length - line.trimStart().length;
  }
  private skipBlank(): void {
    while (this.i < this.lines.length) {
      const t = this.lines[this.i].trim();
      if (t === '' || t.startsWith('#')) this.i++;
      else break;
    }
  }
  document(): unknown {
    this.skipBlank();
    if (this.i >= this.lines.length) return null;
    if (this.indentOf(this.lines[this.i]) !== 0) throw new Unsupported('indented document');
    const v = this.block(0);
    this.skipBlank();
    if (this.i < this.lines.length) throw new Unsupported('trailing content');
    return v;
  }
  /** A block node whose first line is at `indent`. */
  private block(indent: number): unknown {
    const line = this.lines[this.i];
    const rest = line.slice(indent);
    if (rest.startsWith('- ') || rest === '-') return this.seq(indent);
    if (KEY_RE.test(rest)) return this.map(indent, rest);
    throw new Unsupported('block node');
  }
  private seq(indent: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      this.skipBlank();
      if (this.i >= this.lines.length) return out;
      const line = this.lines[this.i];
      const ind = this.indentOf(line);
      if (ind < indent) return out;
      if (ind > indent || !(line.slice(ind).startsWith('- ') || line.slice(ind) === '-')) throw new Unsupported('sequence layout');
      const after = line.slice(ind + 1);
      const pad = after.length - after.trimStart().length;
      const content = after.trimStart();
      if (content === '' || content.startsWith('#')) throw new Unsupported('empty item');
      if (KEY_RE.test(content)) out.push(this.map(ind + 1 + pad, content));
      else out.push(this.inline(content, ind + 1 + pad));
    }
  }
  /** A block map; its first entry (`first`) may sit after a "- " on the current line. */
  private map(indent: number, first: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let content = first;
    for (;;) {
      const m = KEY_RE.exec(content);
      if (!m) throw new Unsupported('map entry');
      const key = m[1];
      if (Object.prototype.hasOwnProperty.call(out, key)) throw new Unsupported('duplicate key');
      const value = stripComment(content.slice(m[0].length));
      if (value === '') {
        this.i++;
        this.skipBlank();
        const next = this.lines[this.i];
        if (next === undefined) out[key] = null;
        else {
          const ind = this.indentOf(next);
          const rest = next.slice(ind);
          if (ind > indent || (ind === indent && (rest.startsWith('- ') || rest === '-'))) out[key] = this.block(ind);
          else out[key] = null;
        }
      } else if (/^[>|][-+]?$/.test(value)) {
        out[key] = this.blockScalar(value, indent);
      } else {
        out[key] = this.inline(content.slice(m[0].length), indent + 1);
      }
      this.skipBlank();
      if (this.i >= this.lines.length) return out;
      const line = this.lines[this.i];
      const ind = this.indentOf(line);
      if (ind < indent) return out;
      if (ind > indent) throw new Unsupported('map layout');
      content = line.slice(ind);
      if (content.startsWith('- ')) return out;
    }
  }
  /** A value on the current line (possibly a flow collection continued on later lines); advances past it. */
  private inline(first: string, minIndent: number): unknown {
    const t = first.trimStart();
    if (t.startsWith('[') || t.startsWith('{') || t.startsWith('"') || t.startsWith("'")) {
      let buf = t;
      let depth = bracketDepth(t, 0);
      this.i++;
      while (depth > 0) {
        if (this.i >= this.lines.length) throw new Unsupported('unclosed flow');
        const l = this.lines[this.i];
        if (l.trim() !== '' && this.indentOf(l) < minIndent) throw new Unsupported('flow indentation');
        depth = bracketDepth(l, depth);
        buf += '\n' + l;
        this.i++;
      }
      const r = new FlowReader(buf);
      const v = r.value(false);
      r.ws();
      if (r.pos !== buf.length) throw new Unsupported('content after flow');
      return v;
    }
    const v = stripComment(t);
    this.i++;
    // A plain scalar continued on the next, more indented line is not supported.
    const next = this.lines[this.i];
    if (next !== undefined && next.trim() !== '' && !next.trim().startsWith('#') && this.indentOf(next) >= minIndent) {
      const r = next.slice(this.indentOf(next));
      if (!KEY_RE.test(r) && !r.startsWith('- ')) throw new Unsupported('multi-line plain');
    }
    return resolvePlain(v);
  }
  private blockScalar(header: string, indent: number): string {
    this.i++;
    const body: string[] = [];
    let contentIndent = -1;
    while (this.i < this.lines.length) {
      const l = this.lines[this.i];
      if (l.trim() === '') {
        body.push('');
        this.i++;
        continue;
      }
      const ind = this.indentOf(l);
      if (ind <= indent) break;
      if (contentIndent < 0) contentIndent = ind;
      if (ind !== contentIndent) throw new Unsupported('block scalar indentation');
      body.push(l.slice(ind));
      this.i++;
    }
    // Trailing blank lines are not part of the scalar: give them back.
    while (body.length && body[body.length - 1] === '') {
      body.pop();
      this.i--;
    }
    if (body.length === 0) throw new Unsupported('empty block scalar');
    let s: string;
    if (header[0] === '|') s = body.join('\n');
    else {
      s = '';
      for (let k = 0; k < body.length; k++) {
        const cur = body[k];
        if (k === 0) s = cur;
        else if (cur === '') s += '\n';
        else s += body[k - 1] === '' ? cur : ' ' + cur;
      }
    }
    if (header.endsWith('+')) throw new Unsupported('keep chomping');
    return header.endsWith('-') ? s : s + '\n';
  }
}
