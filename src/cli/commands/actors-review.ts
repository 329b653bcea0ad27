/**
 * `faultline actors <subcommand>`: review of the actor dictionary against a database.
 *
 *   actors candidates                     unknown actor-like names, most frequent first, with dates and examples
 *   actors accept <candidate> [--type T]  a candidate becomes a new actor
 *   actors merge <candidate> <actor>      a candidate becomes an alias of an actor
 *   actors ignore <candidate>             a candidate is never proposed again
 *   actors add <name> --type T            a new actor (with --alias, --parent, --country, --id)
 *   actors alias <actor> <alias...>       more names for an actor
 *
 * Edits go to `x.actors.yaml` / `x.ignored.yaml` next to the database (see src/actors/review.ts);
 * `faultline actors` alone still lists the actors (query.ts).
 */
import type { Command } from 'commander';
import {
  acceptCandidate, addActor, addAlias, ignoreCandidate, listPendingCandidates, mergeCandidate, type ReviewResult, type ReviewTarget,
} from '../../actors/review.js';
import { UsageError } from '../../errors.js';
import { ACTOR_TYPES } from '../../types.js';
import type { CliContext, RegisterCommand } from '../context.js';
import { openStore, printRows, withDb, withFormat, type Row } from '../shared.js';

interface DbOpts { db: string; format?: string }

/**
 * Options of a subcommand. The `actors` list command has --db, --format and --type too, and
 * commander gives an option the parent knows to the parent wherever it is written
 * ("actors accept X --type person --db x.db"), so values set on the parent count for the subcommand.
 */
function opts<T extends DbOpts>(cmd: Command): T {
  const own: Record<string, unknown> = { ...cmd.opts() };
  const parent = cmd.parent;
  if (parent) {
    for (const [k, v] of Object.entries(parent.opts())) {
      const ps = parent.getOptionValueSource(k), os = cmd.getOptionValueSource(k);
      if (v !== undefined && ps !== 'default' && ps !== undefined && (os === undefined || os === 'default')) own[k] = v;
    }
  }
  return own as T;
}

async function withTarget<T>(db: string, fn: (t: ReviewTarget) => Promise<T>): Promise<T> {
  const store = await openStore(db, true);
  try {
    return await fn({ store, db });
  } finally {
    await store.close();
  }
}

function report(ctx: CliContext, r: ReviewResult, format: string | undefined): void {
  if (format === 'json') {
    ctx.io.out(JSON.stringify(r) + '\n');
    return;
  }
  const what = r.action === 'ignore'
    ? `ignored "${r.key}"`
    : r.action === 'accept'
      ? `accepted "${r.key}" as ${r.actor!.id} (${r.actor!.type})`
      : r.action === 'merge'
        ? `merged "${r.key}" into ${r.actor!.id}`
        : r.action === 'add'
          ? `added ${r.actor!.id} (${r.actor!.type})`
          : `${r.actor!.id} now also reads as: ${r.actor!.aliases.join('; ')}`;
  ctx.io.out(`${what}; ${r.mentions} stored mention(s) re-resolved; wrote ${r.file}\n`);
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export const register: RegisterCommand = (program, ctx) => {
  const actors = program.commands.find((c) => c.name() === 'actors') ?? withDb(program.command('actors'));
  // "actors --db x --format json" lists (query.ts); options after a subcommand's name are the subcommand's own
  actors.enablePositionalOptions();
  const sub = (name: string): Command =>
    actors.command(name).exitOverride().configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) });

  withFormat(withDb(sub('candidates')), ['table', 'json', 'jsonl', 'csv'], 'table')
    .description('unknown actor-like names seen in the database, most frequent first (ignored ones left out)')
    .option('--limit <n>', 'at most this many', (v) => parseInt(v, 10), 50)
    .action(async (_o: unknown, cmd: Command) => {
      const o = opts<DbOpts & { limit: number }>(cmd);
      const cands = await withTarget(o.db, (t) => listPendingCandidates(t, o.limit));
      if (o.format === 'json' || o.format === 'jsonl') {
        printRows(ctx, cands as unknown as Row[], o.format);
        return;
      }
      printRows(ctx, cands.map((c) => ({ key: c.key, name: c.text, entity: c.entity ?? '', count: c.count, first: c.first, last: c.last, example: c.examples[0]?.sentence ?? '' })), o.format ?? 'table');
    });

  withFormat(withDb(sub('accept')), ['table', 'json'], 'table')
    .description('make a candidate a new actor (in the user dictionary next to the database)')
    .argument('<candidate>', 'candidate key or name (see "actors candidates")')
    .option('--type <type>', `actor type (${ACTOR_TYPES.join(', ')})`, 'armed_group')
    .option('--name <name>', 'display name (default: the name as most often written)')
    .option('--id <id>', 'actor id (default: from the name)')
    .option('--parent <actor>', 'id of the actor it is part of')
    .option('--country <ISO3>', 'ISO 3166-1 alpha-3 country code')
    .action(async (key: string, _o: unknown, cmd: Command) => {
      const o = opts<DbOpts & { type: string; name?: string; id?: string; parent?: string; country?: string }>(cmd);
      const r = await withTarget(o.db, (t) => acceptCandidate(t, key, o.type, {
        ...(o.name ? { name: o.name } : {}), ...(o.id ? { id: o.id } : {}), ...(o.parent ? { parent: o.parent } : {}), ...(o.country ? { country: o.country } : {}),
      }));
      report(ctx, r, o.format);
    });

  withFormat(withDb(sub('merge')), ['table', 'json'], 'table')
    .description('make a candidate an alias of an actor')
    .argument('<candidate>', 'candidate key or name')
    .argument('<actor>', 'actor id, name or alias')
    .action(async (key: string, into: string, _o: unknown, cmd: Command) => {
      const o = opts<DbOpts>(cmd);
      report(ctx, await withTarget(o.db, (t) => mergeCandidate(t, key, into)), o.format);
    });

  withFormat(withDb(sub('ignore')), ['table', 'json'], 'table')
    .description('never propose a candidate name again')
    .argument('<candidate>', 'candidate key or name')
    .action(async (key: string, _o: unknown, cmd: Command) => {
      const o = opts<DbOpts>(cmd);
      report(ctx, await withTarget(o.db, (t) => ignoreCandidate(t, key)), o.format);
    });

  withFormat(withDb(sub('add')), ['table', 'json'], 'table')
    .description('add a new actor to the user dictionary')
    .argument('<name>', 'display name')
    .option('--type <type>', `actor type, required (${ACTOR_TYPES.join(', ')})`)
    .option('--alias <alias>', 'another name (repeatable)', collect)
    .option('--case-sensitive-alias <alias>', 'a name matched only as written, e.g. an acronym (repeatable)', collect)
    .option('--id <id>', 'actor id (default: from the name)')
    .option('--parent <actor>', 'id of the actor it is part of')
    .option('--country <ISO3>', 'ISO 3166-1 alpha-3 country code')
    .action(async (name: string, _o: unknown, cmd: Command) => {
      const o = opts<DbOpts & { type?: string; alias?: string[]; caseSensitiveAlias?: string[]; id?: string; parent?: string; country?: string }>(cmd);
      if (!o.type) throw new UsageError(`--type is required (${ACTOR_TYPES.join(', ')})`);
      const type = o.type;
      const r = await withTarget(o.db, (t) => addActor(t, {
        name, type, aliases: o.alias ?? [],
        ...(o.caseSensitiveAlias ? { caseSensitiveAliases: o.caseSensitiveAlias } : {}),
        ...(o.id ? { id: o.id } : {}), ...(o.parent ? { parent: o.parent } : {}), ...(o.country ? { country: o.country } : {}),
      }));
      report(ctx, r, o.format);
    });

  withFormat(withDb(sub('alias')), ['table', 'json'], 'table')
    .description('add names to an actor (a built-in actor is copied into the user dictionary)')
    .argument('<actor>', 'actor id, name or alias')
    .argument('<aliases...>', 'the new names')
    .action(async (actor: string, aliases: string[], _o: unknown, cmd: Command) => {
      const o = opts<DbOpts>(cmd);
      report(ctx, await withTarget(o.db, (t) => addAlias(t, actor, aliases)), o.format);
    });
};
