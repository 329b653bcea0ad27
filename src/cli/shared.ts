/**
 * Helpers every CLI command uses: the database option, opening the store, resolving actor
 * arguments, and printing rows as table / json / jsonl / csv.
 */
import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { normaliseName } from '../actors/normalise.js';
import { ERROR_CODES, FaultlineError, UsageError } from '../errors.js';
import { openStore as openAnyStore } from '../store/index.js';
import type { Store } from '../store/store.js';
import type { Actor } from '../types.js';
import type { CliContext } from './context.js';

/** Default database file: `$FAULTLINE_DB`, else `faultline.db` in the working folder. */
export const DEFAULT_DB = process.env.FAULTLINE_DB ?? 'faultline.db';

/** Adds `--db <file>` to a command. */
export function withDb(cmd: Command): Command {
  return cmd.option('--db <file>', 'database file (or $FAULTLINE_DB)', DEFAULT_DB);
}

/** Adds `--format` with the given choices to a command. */
export function withFormat(cmd: Command, choices: readonly string[], def: string): Command {
  return cmd.addOption(new Option('--format <format>', 'output format').choices(choices as string[]).default(def));
}

/** The user dictionary next to a database, and the files to layer for it (one place: the review library). */
export { userDictionaryFile as userDictionaryPath, userDictionaries } from '../actors/review.js';

/** Opens the store; `mustExist` refuses to create a new empty database for read commands. */
export async function openStore(db: string = DEFAULT_DB, mustExist = false): Promise<Store> {
  if (mustExist && db !== ':memory:' && !/^postgres(ql)?:/.test(db) && !existsSync(db)) {
    throw new UsageError(`no database at ${db}: run "faultline ingest <files> --db ${db}" first, or pass --db`);
  }
  return openAnyStore(db);
}

/** Resolves an actor argument: id, name or any alias, case-insensitively. */
export async function resolveActorArg(store: Store, arg: string): Promise<Actor> {
  const actors = await store.listActors();
  const key = normaliseName(arg);
  const exact = actors.find((a) => a.id === arg || a.id === key.replace(/\s+/g, '_'));
  if (exact) return exact;
  const hits = actors.filter(
    (a) => normaliseName(a.name) === key || a.aliases.some((x) => normaliseName(x) === key) || (a.caseSensitiveAliases ?? []).some((x) => normaliseName(x) === key),
  );
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1) {
    throw new FaultlineError(ERROR_CODES.UNKNOWN_ACTOR, `"${arg}" names several actors: ${hits.map((a) => a.id).join(', ')}; use an id`);
  }
  throw new FaultlineError(ERROR_CODES.UNKNOWN_ACTOR, `no actor "${arg}" in the database (try "faultline actors")`);
}

export type Row = Record<string, unknown>;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function csvCell(v: unknown): string {
  const s = cell(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Prints rows in a format; `columns` picks and orders the table/csv columns. */
export function printRows(ctx: CliContext, rows: readonly Row[], format: string, columns?: readonly string[]): void {
  const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  switch (format) {
    case 'json':
      ctx.io.out(JSON.stringify(rows, null, 2) + '\n');
      return;
    case 'jsonl':
      for (const r of rows) ctx.io.out(JSON.stringify(r) + '\n');
      return;
    case 'csv':
      ctx.io.out(cols.join(',') + '\n');
      for (const r of rows) ctx.io.out(cols.map((c) => csvCell(r[c])).join(',') + '\n');
      return;
    default: {
      if (rows.length === 0) {
        ctx.io.out('(none)\n');
        return;
      }
      const maxW = 60;
      const text = rows.map((r) => cols.map((c) => {
        const s = cell(r[c]).replace(/\s+/g, ' ');
        return s.length > maxW ? s.slice(0, maxW - 1) + '…' : s;
      }));
      const widths = cols.map((c, i) => Math.max(c.length, ...text.map((t) => t[i]!.length)));
      const line = (vals: readonly string[]): string => vals.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd() + '\n';
      ctx.io.out(line(cols));
      ctx.io.out(line(widths.map((w) => '-'.repeat(w))));
      for (const t of text) ctx.io.out(line(t));
    }
  }
}

/** Checks a YYYY-MM-DD option value. */
export function dateArg(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UsageError(`${name} must be a date YYYY-MM-DD, got "${value}"`);
  }
  return value;
}
