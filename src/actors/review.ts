/**
 * Review of the actor dictionary against a database: accept a candidate as a new actor, merge it
 * into an actor as an alias, ignore it, add an actor, add an alias.
 *
 * Every edit goes to files next to the database, re-applied on every ingest and editable by hand:
 *
 *   x.db → x.actors.yaml    the user dictionary: a YAML list of Actor records (data/actors/README.md)
 *                           layered over the built-in one; an entry with a built-in id replaces it
 *                           (an alias added to a built-in actor copies that actor here).
 *          x.ignored.yaml   a YAML list of ignored candidate names (normalised keys); the mention stage
 *                           never emits them again and `candidates` leaves them out.
 *
 * Files are edited as YAML documents (comments and hand formatting survive), the whole dictionary
 * (built-in + user) is validated before the file is replaced (atomically), and stored mentions are
 * re-resolved in place (`store.reassignMentions`), without re-reading any article. An accepted
 * candidate keeps the id the relation reader gave its ends (`candidateId`), so relations stored
 * with it point at the new actor at once.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { ERROR_CODES, FaultlineError, UsageError } from '../errors.js';
import { candidateId } from '../relations/view.js';
import type { Candidate, Store } from '../store/store.js';
import { ACTOR_TYPES, type Actor, type ActorType } from '../types.js';
import { loadDictionary, type ActorDictionary } from './dictionary.js';
import { normaliseName } from './normalise.js';

/** Where the review edits go: the store, and the database path the side files are named after. */
export interface ReviewTarget {
  readonly store: Store;
  /** Database file (or URL): `x.db` → `x.actors.yaml`, `x.ignored.yaml`. */
  readonly db: string;
  /** Folder of the built-in dictionary (tests); default the project's. */
  readonly dictionaryDir?: string;
  /**
   * The dictionary (built-in + user) as loaded by `reviewDictionary`, when the caller keeps one:
   * `listPendingCandidates` uses it instead of loading it again. Edits always load afresh.
   */
  readonly dictionary?: ActorDictionary;
}

const base = (db: string): string => {
  if (/^postgres(ql)?:/.test(db)) return 'faultline';
  return db.replace(/\.(db|sqlite3?)$/i, '');
};

/** The user dictionary next to a database: `x.db` → `x.actors.yaml` (as `userDictionaryPath` of the CLI). */
export function userDictionaryFile(db: string): string {
  return base(db) + '.actors.yaml';
}

/** The ignored candidates next to a database: `x.db` → `x.ignored.yaml`. */
export function ignoredFile(db: string): string {
  return base(db) + '.ignored.yaml';
}

/** The user dictionary files to layer over the built-in one for a database (the one that exists, or none). */
export function userDictionaries(db: string): string[] {
  const file = userDictionaryFile(db);
  return existsSync(file) ? [file] : [];
}

/** The ignored file that goes with a user dictionary file (`x.actors.yaml` → `x.ignored.yaml`). */
export function ignoredFileFor(dictionaryFile: string): string {
  return dictionaryFile.replace(/\.actors\.ya?ml$/i, '') + '.ignored.yaml';
}

/** The normalised key of a candidate name. */
export const candidateKey = (text: string): string => normaliseName(text);

// ---------------------------------------------------------------------------------------------
// Files

const DICT_HEADER =
  ' Actors added or changed in review (faultline actors accept/merge/add/alias), layered over the\n' +
  ' built-in dictionary: an entry with a built-in id replaces it. Format: data/actors/README.md.\n' +
  ' Edit freely; the next ingest uses it.';
const IGNORED_HEADER = ' Candidate names ignored in review (faultline actors ignore): never proposed again. One name a line.';

function readDoc(file: string, header: string): Document {
  if (!existsSync(file)) {
    const doc = parseDocument('[]\n');
    doc.commentBefore = header;
    return doc;
  }
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length) throw new FaultlineError(ERROR_CODES.BAD_DICTIONARY, `${file}: ${doc.errors[0]!.message}`);
  if (doc.contents === null) doc.contents = doc.createNode([]) as never;
  if (!isSeq(doc.contents)) throw new FaultlineError(ERROR_CODES.BAD_DICTIONARY, `${file}: expected a YAML list`);
  return doc;
}

/** Writes atomically (temp file + rename); `check` may throw to keep the old file. */
function writeDoc(file: string, doc: Document, check?: (tmp: string) => void): void {
  const seq = doc.contents;
  if (isSeq(seq)) seq.flow = seq.items.length === 0;
  const tmp = `${file}.tmp-${process.pid}.yaml`;
  writeFileSync(tmp, doc.toString({ lineWidth: 0 }), 'utf8');
  try {
    check?.(tmp);
  } catch (e) {
    try {
      renameSync(tmp, tmp + '.rejected');
    } catch {
      /* ignore */
    }
    throw e;
  }
  renameSync(tmp, file);
}

/** The actors of the user dictionary as written (no validation). */
export function readUserActors(db: string): Actor[] {
  const doc = readDoc(userDictionaryFile(db), DICT_HEADER);
  return (doc.toJS() as Actor[] | null) ?? [];
}

/** Keys of ignored candidate names. */
export function readIgnored(db: string): Set<string> {
  return readIgnoredFile(ignoredFile(db));
}

/** Keys of the ignored names in one file (missing file: none). */
export function readIgnoredFile(file: string): Set<string> {
  if (!existsSync(file)) return new Set();
  const v = (readDoc(file, IGNORED_HEADER).toJS() as unknown[] | null) ?? [];
  return new Set(v.map((x) => candidateKey(String(x))));
}

/** Drops undefined fields and empty optional lists (YAML would write them as null / []). */
function cleanActor(a: Actor): Actor {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0 && k !== 'aliases') continue;
    out[k] = v;
  }
  return out as unknown as Actor;
}

/** Loads the built-in dictionary with a user file; throws E_BAD_DICTIONARY naming the problem. */
function loadWith(target: ReviewTarget, userFile?: string): ActorDictionary {
  const files = userFile ? [userFile] : userDictionaries(target.db);
  return loadDictionary({ extraFiles: files, ...(target.dictionaryDir ? { dir: target.dictionaryDir } : {}) });
}

/** The dictionary review works against: the built-in one with the database's user dictionary. */
export function reviewDictionary(target: ReviewTarget): ActorDictionary {
  return loadWith(target);
}

/**
 * Puts an actor in the user dictionary (replacing the entry with the same id, in place), checks the
 * layered dictionary still loads, and stores the actor. Returns the dictionary as now loaded.
 */
function writeUserActor(target: ReviewTarget, actor: Actor): ActorDictionary {
  const file = userDictionaryFile(target.db);
  const doc = readDoc(file, DICT_HEADER);
  const seq = doc.contents;
  if (!isSeq(seq)) throw new FaultlineError(ERROR_CODES.BAD_DICTIONARY, `${file}: expected a YAML list`);
  const node = doc.createNode(cleanActor(actor));
  if (isMap(node)) {
    node.flow = false;
    for (const p of node.items) if (isSeq(p.value)) p.value.flow = true;
  }
  const at = seq.items.findIndex((it) => isMap(it) && it.get('id') === actor.id);
  if (at >= 0) {
    // keep the comments written around the entry
    const old = seq.items[at] as { commentBefore?: string | null; comment?: string | null; spaceBefore?: boolean };
    const n = node as { commentBefore?: string | null; comment?: string | null; spaceBefore?: boolean };
    if (old.commentBefore) n.commentBefore = old.commentBefore;
    if (old.comment) n.comment = old.comment;
    if (old.spaceBefore) n.spaceBefore = old.spaceBefore;
    seq.items[at] = node;
  }
  else seq.items.push(node);
  let loaded: ActorDictionary | undefined;
  writeDoc(file, doc, (tmp) => {
    loaded = loadWith(target, tmp);
  });
  return loaded!;
}

// ---------------------------------------------------------------------------------------------
// Candidates

/** Pending candidates: stored unresolved names, most frequent first, ignored ones left out. */
export async function listPendingCandidates(target: ReviewTarget, limit = 100): Promise<Candidate[]> {
  const ignored = readIgnored(target.db);
  const dict = target.dictionary ?? loadWith(target);
  const known = new Set<string>();
  for (const a of dict.actors) for (const n of [a.name, ...a.aliases, ...(a.caseSensitiveAliases ?? [])]) known.add(candidateKey(n));
  const all = await target.store.listCandidates(limit + ignored.size + 1000);
  return all.filter((c) => !ignored.has(candidateKey(c.key)) && !ignored.has(candidateKey(c.text)) && !known.has(candidateKey(c.text))).slice(0, limit);
}

/** Finds a pending candidate by key or text (normalised), or throws E_UNKNOWN_ACTOR. */
export async function findCandidate(target: ReviewTarget, name: string): Promise<Candidate> {
  const all = await target.store.listCandidates(1_000_000);
  const k = candidateKey(name);
  const c = all.find((x) => x.key === name) ?? all.find((x) => candidateKey(x.key) === k || candidateKey(x.text) === k);
  if (!c) throw new FaultlineError(ERROR_CODES.UNKNOWN_ACTOR, `no pending candidate "${name}" (see "faultline actors candidates")`);
  return c;
}

/** A candidate given by key or name, or already found. */
const candidateOf = (target: ReviewTarget, c: string | Candidate): Promise<Candidate> =>
  typeof c === 'string' ? findCandidate(target, c) : Promise.resolve(c);

/** An actor argument: id, or a name/alias of exactly one actor (built-in or user). */
export function resolveActor(dict: ActorDictionary, arg: string): Actor {
  const byId = dict.get(arg);
  if (byId) return byId;
  const k = candidateKey(arg);
  const hits = dict.actors.filter((a) => [a.name, ...a.aliases, ...(a.caseSensitiveAliases ?? []), ...(a.datedAliases ?? []).map((d) => d.alias)].some((n) => candidateKey(n) === k));
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1) throw new FaultlineError(ERROR_CODES.UNKNOWN_ACTOR, `"${arg}" names several actors: ${hits.map((a) => a.id).join(', ')}; use an id`);
  throw new FaultlineError(ERROR_CODES.UNKNOWN_ACTOR, `no actor "${arg}" in the dictionary (built-in or ${userDictionaryFile('x.db').replace(/^x/, '<db>')})`);
}

export interface ReviewResult {
  readonly action: 'accept' | 'merge' | 'ignore' | 'add' | 'alias';
  /** The actor created or extended. */
  readonly actor?: Actor;
  /** The candidate key reviewed. */
  readonly key?: string;
  /** Stored mentions now pointing at the actor. */
  readonly mentions: number;
  /** The file written. */
  readonly file: string;
}

function checkType(type: string): ActorType {
  if (!(ACTOR_TYPES as readonly string[]).includes(type)) throw new UsageError(`type must be one of ${ACTOR_TYPES.join(', ')}, got "${type}"`);
  return type as ActorType;
}

/** Points stored unresolved mentions written as any of `names` at `actor`. */
async function reassign(store: Store, names: readonly string[], actor: string): Promise<number> {
  let n = 0;
  const seen = new Set<string>();
  for (const name of names) {
    const k = name.toLowerCase();
    if (seen.has(k)) continue;
    seen.add(k);
    n += await store.reassignMentions({ text: name }, actor);
  }
  return n;
}

export interface AcceptOptions {
  /** Display name (default: the candidate's most frequent form). */
  readonly name?: string;
  /** Actor id (default: the id the relation reader already gave the name). */
  readonly id?: string;
  readonly parent?: string;
  readonly country?: string;
}

/** Accepts a candidate as a new actor of `type`. */
export async function acceptCandidate(target: ReviewTarget, key: string | Candidate, type: string, options: AcceptOptions = {}): Promise<ReviewResult> {
  const cand = await candidateOf(target, key);
  const name = (options.name ?? cand.text).trim();
  const aliases = candidateKey(name) === candidateKey(cand.text) ? [] : [cand.text];
  const r = await addActor(target, {
    id: options.id ?? candidateId(cand.text),
    name,
    type,
    aliases,
    ...(options.parent ? { parent: options.parent } : {}),
    ...(options.country ? { country: options.country } : {}),
    note: `Accepted in review: ${cand.count} mention(s), ${cand.first}–${cand.last}.`,
  });
  return { ...r, action: 'accept', key: cand.key };
}

/** Merges a candidate into an actor as an alias. */
export async function mergeCandidate(target: ReviewTarget, key: string | Candidate, into: string): Promise<ReviewResult> {
  const cand = await candidateOf(target, key);
  const r = await addAlias(target, into, [cand.text]);
  return { ...r, action: 'merge', key: cand.key };
}

/** Ignores a candidate name: listed in the ignored file, never emitted again. */
export async function ignoreCandidate(target: ReviewTarget, key: string | Candidate): Promise<ReviewResult> {
  let text = typeof key === 'string' ? key : key.text;
  if (typeof key === 'string') {
    try {
      text = (await findCandidate(target, key)).text;
    } catch {
      /* ignoring a name before it is seen is fine */
    }
  }
  const file = ignoredFile(target.db);
  const doc = readDoc(file, IGNORED_HEADER);
  const seq = doc.contents;
  if (!isSeq(seq)) throw new FaultlineError(ERROR_CODES.BAD_DICTIONARY, `${file}: expected a YAML list`);
  const have = new Set(seq.items.map((it) => candidateKey(String((it as { value?: unknown }).value ?? it))));
  if (!have.has(candidateKey(text))) seq.items.push(doc.createNode(text));
  writeDoc(file, doc);
  // the ingest path reads the ignored file that goes with the user dictionary: make sure there is one
  const dict = userDictionaryFile(target.db);
  if (!existsSync(dict)) writeDoc(dict, readDoc(dict, DICT_HEADER));
  return { action: 'ignore', key: candidateKey(text), mentions: 0, file };
}

export interface NewActor {
  readonly id?: string;
  readonly name: string;
  readonly type: string;
  readonly aliases?: readonly string[];
  readonly caseSensitiveAliases?: readonly string[];
  readonly parent?: string;
  readonly country?: string;
  readonly note?: string;
}

/** Adds a new actor to the user dictionary; stored unresolved mentions of its names point at it. */
export async function addActor(target: ReviewTarget, spec: NewActor): Promise<ReviewResult> {
  const name = spec.name.trim();
  if (!name) throw new UsageError('name must not be empty');
  const type = checkType(spec.type);
  const id = spec.id ?? candidateId(name);
  if (!/^[a-z0-9]+(?:_[a-z0-9]+)*$/.test(id)) throw new UsageError(`id must be snake_case ASCII, got "${id}"`);
  const before = loadWith(target);
  if (before.get(id)) throw new UsageError(`id: an actor "${id}" already exists; use "faultline actors alias ${id} <name>" or pass another --id`);
  if (spec.parent && !before.get(spec.parent)) throw new UsageError(`parent: no actor "${spec.parent}"`);
  if (spec.country && !/^[A-Z]{3}$/.test(spec.country)) throw new UsageError(`country must be an ISO 3166-1 alpha-3 code, got "${spec.country}"`);
  const actor: Actor = cleanActor({
    id,
    name,
    type,
    aliases: [...(spec.aliases ?? [])],
    ...(spec.caseSensitiveAliases?.length ? { caseSensitiveAliases: [...spec.caseSensitiveAliases] } : {}),
    ...(spec.parent ? { parent: spec.parent } : {}),
    ...(spec.country ? { country: spec.country } : {}),
    ...(spec.note ? { note: spec.note } : {}),
  });
  writeUserActor(target, actor);
  await target.store.upsertActors([actor]);
  const mentions = await reassign(target.store, [name, ...actor.aliases, ...(actor.caseSensitiveAliases ?? [])], id);
  return { action: 'add', actor, mentions, file: userDictionaryFile(target.db) };
}

/** Adds aliases to an actor (built-in ones are copied into the user dictionary with them). */
export async function addAlias(target: ReviewTarget, actorArg: string, aliases: readonly string[]): Promise<ReviewResult> {
  const before = loadWith(target);
  const actor = resolveActor(before, actorArg);
  const fresh = aliases.map((a) => a.trim()).filter(Boolean);
  if (!fresh.length) throw new UsageError('give at least one alias');
  for (const a of fresh) {
    const k = candidateKey(a);
    const owner = before.actors.find((x) => x.id !== actor.id && [x.name, ...x.aliases, ...(x.caseSensitiveAliases ?? [])].some((n) => candidateKey(n) === k));
    if (owner) throw new UsageError(`"${a}" is already a name of ${owner.id}; a name belongs to one actor`);
  }
  const userCopy = readUserActors(target.db).find((a) => a.id === actor.id) ?? actor;
  const known = new Set([userCopy.name, ...userCopy.aliases].map(candidateKey));
  const added = fresh.filter((a) => !known.has(candidateKey(a)));
  const updated: Actor = added.length ? { ...userCopy, aliases: [...userCopy.aliases, ...added] } : userCopy;
  writeUserActor(target, updated);
  await target.store.upsertActors([updated]);
  const mentions = await reassign(target.store, fresh, actor.id);
  return { action: 'alias', actor: updated, mentions, file: userDictionaryFile(target.db) };
}
