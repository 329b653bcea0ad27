/**
 * Review of candidate actors (unknown actor-like names found by NER): accept as a new actor,
 * merge into an existing actor as an alias, or ignore.
 *
 * Accept and merge write the user dictionary next to the database (`x.db` → `x.actors.yaml`, a
 * YAML list of Actor records layered over the built-in dictionary: same id replaces the built-in
 * entry) and point the stored mentions of the name at the actor. Ignored names go to
 * `x.ignored.yaml` (a YAML list of candidate keys) and leave the review queue.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { normaliseName } from '../actors/normalise.js';
import { ERROR_CODES, FaultlineError, UsageError } from '../errors.js';
import type { Candidate, Store } from '../store/store.js';
import type { Actor, ActorType } from '../types.js';

/** The user's dictionary file that lives next to a database: `x.db` → `x.actors.yaml`. */
export function userDictionaryFile(db: string): string {
  return db.replace(/\.(db|sqlite3?)$/i, '') + '.actors.yaml';
}

/** The ignored-candidates file next to a database: `x.db` → `x.ignored.yaml`. */
export function ignoredFile(db: string): string {
  return db.replace(/\.(db|sqlite3?)$/i, '') + '.ignored.yaml';
}

function readYamlList(file: string): unknown[] {
  if (!existsSync(file)) return [];
  const v: unknown = parseYaml(readFileSync(file, 'utf8'));
  if (v === null || v === undefined) return [];
  if (!Array.isArray(v)) throw new FaultlineError(ERROR_CODES.BAD_DICTIONARY, `${file}: expected a YAML list`);
  return v;
}

/** Writes atomically (temp file + rename) so a crash never leaves half a dictionary. */
function writeYamlList(file: string, list: readonly unknown[], header: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `# ${header}\n` + (list.length ? stringifyYaml(list, { lineWidth: 0 }) : '[]\n'), 'utf8');
  renameSync(tmp, file);
}

/** Reads the user dictionary (no validation beyond "a list": the dictionary loader validates). */
export function readUserActors(db: string): Actor[] {
  return readYamlList(userDictionaryFile(db)) as Actor[];
}

/** Keys of ignored candidates. */
export function readIgnored(db: string): Set<string> {
  return new Set(readYamlList(ignoredFile(db)).map((x) => String(x)));
}

/** Drops undefined fields (YAML would write them as null) and empty optional lists. */
function cleanActor(a: Actor): Actor {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0 && k !== 'aliases') continue;
    out[k] = v;
  }
  return out as unknown as Actor;
}

/** Puts an actor in the user dictionary, replacing an entry with the same id. */
export function writeUserActor(db: string, actor: Actor): void {
  const list = readUserActors(db).filter((a) => a.id !== actor.id);
  list.push(cleanActor(actor));
  writeYamlList(userDictionaryFile(db), list, 'Actors added or changed by review in Faultline (layered over the built-in dictionary).');
}

/** A snake_case ASCII id from a name (`Liwa al-Haqq` → `liwa_al_haqq`). */
export function actorIdOf(name: string): string {
  const id = normaliseName(name)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return id || 'actor';
}

export type ReviewAction =
  | { readonly action: 'accept'; readonly key: string; readonly name?: string; readonly id?: string; readonly type: ActorType; readonly parent?: string; readonly country?: string }
  | { readonly action: 'merge'; readonly key: string; readonly into: string }
  | { readonly action: 'ignore'; readonly key: string };

export interface ReviewResult {
  readonly action: ReviewAction['action'];
  readonly key: string;
  /** The actor created or extended (accept, merge). */
  readonly actor?: Actor;
  /** Stored mentions now pointing at the actor. */
  readonly mentions: number;
  /** The file written. */
  readonly file: string;
}

/** Finds a pending candidate by key (or by its text, case-insensitively). */
async function findCandidate(store: Store, key: string): Promise<Candidate> {
  const all = await store.listCandidates(100_000);
  const k = normaliseName(key);
  const c = all.find((x) => x.key === key) ?? all.find((x) => normaliseName(x.key) === k || normaliseName(x.text) === k);
  if (!c) throw new FaultlineError(ERROR_CODES.UNKNOWN_ACTOR, `no pending candidate "${key}"`);
  return c;
}

/** Applies one review decision; `builtIn` resolves actors the store does not hold yet (the dictionary). */
export async function reviewCandidate(
  store: Store,
  db: string,
  action: ReviewAction,
  builtIn?: (id: string) => Actor | undefined,
): Promise<ReviewResult> {
  const cand = await findCandidate(store, action.key);
  if (action.action === 'ignore') {
    const ignored = readIgnored(db);
    ignored.add(cand.key);
    const file = ignoredFile(db);
    writeYamlList(file, [...ignored].sort(), 'Candidate names ignored in review (normalised keys).');
    return { action: 'ignore', key: cand.key, mentions: 0, file };
  }
  const file = userDictionaryFile(db);
  if (action.action === 'accept') {
    const name = (action.name ?? cand.text).trim();
    if (!name) throw new UsageError('name: must not be empty');
    const id = action.id ?? actorIdOf(name);
    if (!/^[a-z0-9]+(?:_[a-z0-9]+)*$/.test(id)) throw new UsageError(`id: must be snake_case ASCII, got "${id}"`);
    if ((await store.getActor(id)) || builtIn?.(id)) throw new UsageError(`id: an actor "${id}" already exists; merge into it instead`);
    if (action.parent && !(await store.getActor(action.parent)) && !builtIn?.(action.parent)) {
      throw new UsageError(`parent: unknown actor "${action.parent}"`);
    }
    const aliases = normaliseName(cand.text) === normaliseName(name) ? [] : [cand.text];
    const actor: Actor = cleanActor({
      id, name, type: action.type, aliases,
      ...(action.parent ? { parent: action.parent } : {}),
      ...(action.country ? { country: action.country } : {}),
      note: `Accepted in review from ${cand.count} mention(s), first seen ${cand.first}.`,
    });
    writeUserActor(db, actor);
    await store.upsertActors([actor]);
    const mentions = await store.reassignMentions({ text: cand.text }, id);
    return { action: 'accept', key: cand.key, actor, mentions, file };
  }
  // merge
  const target = (await store.getActor(action.into)) ?? builtIn?.(action.into);
  if (!target) throw new UsageError(`into: unknown actor "${action.into}"`);
  const userCopy = readUserActors(db).find((a) => a.id === target.id) ?? target;
  const known = [userCopy.name, ...userCopy.aliases].map(normaliseName);
  const actor: Actor = known.includes(normaliseName(cand.text)) ? userCopy : { ...userCopy, aliases: [...userCopy.aliases, cand.text] };
  writeUserActor(db, actor);
  await store.upsertActors([actor]);
  const mentions = await store.reassignMentions({ text: cand.text }, target.id);
  return { action: 'merge', key: cand.key, actor, mentions, file };
}
