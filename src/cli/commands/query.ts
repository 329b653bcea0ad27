/** Read commands over the store: `actors`, `relations`, `dyad`, `stats`, `export`. */
import { UsageError } from '../../errors.js';
import { Workbench } from '../../server/workbench.js';
import type { StoredRelation } from '../../store/store.js';
import { RELATION_TYPES, type RelationType } from '../../types.js';
import type { RegisterCommand } from '../context.js';
import { dateArg, openStore, printRows, resolveActorArg, withDb, withFormat, type Row } from '../shared.js';

function typeArg(t: string | undefined): RelationType | undefined {
  if (t === undefined) return undefined;
  const up = t.toUpperCase();
  if (!(RELATION_TYPES as readonly string[]).includes(up)) {
    throw new UsageError(`--type must be one of ${RELATION_TYPES.join(', ')}, got "${t}"`);
  }
  return up as RelationType;
}

/** One relation as a flat row (table/csv). */
export function relationRow(r: StoredRelation): Row {
  return {
    id: r.id,
    time: r.time.start === r.time.end ? r.time.start : `${r.time.start}/${r.time.end}`,
    source: r.source.actor,
    type: r.type,
    target: r.target.actor,
    confidence: Math.round(r.confidence * 100) / 100,
    doc: r.doc,
    evidence: r.sentence.text,
  };
}

export const register: RegisterCommand = (program, ctx) => {
  withFormat(withDb(program.command('actors')), ['table', 'json', 'jsonl', 'csv'], 'table')
    .description('list the actors seen in the database, with their mention counts; review subcommands: candidates, accept, merge, ignore, add, alias')
    .option('--type <type>', 'only actors of this type (state, armed_group, ...)')
    .action(async (o: { db: string; format: string; type?: string }) => {
      const store = await openStore(o.db, true);
      try {
        const actors = (await store.listActors()).filter((a) => !o.type || a.type === o.type);
        if (o.format === 'jsonl' || o.format === 'json') {
          printRows(ctx, actors as unknown as Row[], o.format);
          return;
        }
        const counts = new Map<string, number>();
        for (const m of await store.listMentions({})) if (m.actor) counts.set(m.actor, (counts.get(m.actor) ?? 0) + 1);
        const rows = actors
          .map((a) => ({ id: a.id, name: a.name, type: a.type, mentions: counts.get(a.id) ?? 0, aliases: a.aliases.slice(0, 4).join('; ') }))
          .sort((x, y) => y.mentions - x.mentions || x.name.localeCompare(y.name));
        printRows(ctx, rows, o.format, ['id', 'name', 'type', 'mentions', 'aliases']);
      } finally {
        await store.close();
      }
    });

  withFormat(withDb(program.command('relations')), ['table', 'json', 'jsonl', 'csv'], 'table')
    .description('list stored relations, filtered')
    .option('--actor <actor>', 'relations of this actor (id, name or alias)')
    .option('--type <type>', `relation type (${RELATION_TYPES.join(', ')})`)
    .option('--from <YYYY-MM-DD>', 'relations holding on or after this date')
    .option('--to <YYYY-MM-DD>', 'relations holding on or before this date')
    .option('--min-confidence <x>', 'only relations with at least this confidence', parseFloat)
    .option('--limit <n>', 'at most this many', (v) => parseInt(v, 10))
    .action(async (o: { db: string; format: string; actor?: string; type?: string; from?: string; to?: string; minConfidence?: number; limit?: number }) => {
      const store = await openStore(o.db, true);
      try {
        const actor = o.actor ? (await resolveActorArg(store, o.actor)).id : undefined;
        const type = typeArg(o.type);
        const from = dateArg(o.from, '--from'), to = dateArg(o.to, '--to');
        const rels = await store.listRelations({
          ...(actor ? { actor } : {}),
          ...(type ? { type } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          ...(o.minConfidence !== undefined ? { minConfidence: o.minConfidence } : {}),
          ...(o.limit ? { limit: o.limit } : {}),
        });
        if (o.format === 'json' || o.format === 'jsonl') printRows(ctx, rels as unknown as Row[], o.format);
        else printRows(ctx, rels.map(relationRow), o.format);
      } finally {
        await store.close();
      }
    });

  withFormat(withDb(program.command('dyad')), ['table', 'json', 'jsonl', 'csv'], 'table')
    .description('the timeline of relations between two actors, each with its evidence sentence')
    .argument('<a>', 'first actor (id, name or alias)')
    .argument('<b>', 'second actor (id, name or alias)')
    .action(async (a: string, b: string, o: { db: string; format: string }) => {
      const store = await openStore(o.db, true);
      try {
        const x = await resolveActorArg(store, a), y = await resolveActorArg(store, b);
        const rels = await store.listRelations({ actor: x.id, other: y.id });
        if (o.format === 'json' || o.format === 'jsonl') printRows(ctx, rels as unknown as Row[], o.format);
        else {
          if (o.format === 'table') ctx.io.out(`${x.name} — ${y.name}: ${rels.length} relation(s)\n\n`);
          printRows(ctx, rels.map(relationRow), o.format, ['time', 'source', 'type', 'target', 'confidence', 'doc', 'evidence']);
        }
      } finally {
        await store.close();
      }
    });

  withFormat(withDb(program.command('stats')), ['table', 'json'], 'table')
    .description('counts of articles, sentences, actors, mentions and relations')
    .action(async (o: { db: string; format: string }) => {
      const store = await openStore(o.db, true);
      try {
        const s = await store.stats();
        if (o.format === 'json') ctx.io.out(JSON.stringify(s) + '\n');
        else printRows(ctx, Object.entries(s).map(([k, v]) => ({ what: k, count: v })), 'table');
      } finally {
        await store.close();
      }
    });

  withFormat(withDb(program.command('export')), ['csv', 'jsonl', 'gexf', 'graphml', 'plover'], 'jsonl')
    .description('export every stored relation (CSV rows, "Relations out" JSON Lines, PLOVER-style event CSV) or the signed network on a date (GEXF, GraphML for Gephi)')
    .option('--on <YYYY-MM-DD>', 'date of the network for gexf/graphml (default: the latest reading)')
    .action(async (o: { db: string; format: string; on?: string }) => {
      const store = await openStore(o.db, true);
      try {
        if (o.format === 'gexf' || o.format === 'graphml' || o.format === 'plover') {
          const on = dateArg(o.on, '--on');
          const r = await new Workbench({ store, dbPath: o.db }).export({ format: o.format, ...(on ? { on } : {}) });
          ctx.io.out(r.body);
          return;
        }
        const page = 5000;
        let first = true;
        for (let offset = 0; ; offset += page) {
          const rels = await store.listRelations({ limit: page, offset });
          if (rels.length === 0) break;
          if (o.format === 'jsonl') {
            for (const r of rels) {
              const { id: _id, ...rec } = r;
              ctx.io.out(JSON.stringify(rec) + '\n');
            }
          } else {
            const rows = rels.map((r) => ({
              id: r.id, doc: r.doc, date: r.date, type: r.type, polarity: r.polarity,
              source: r.source.actor, source_text: r.source.text, target: r.target.actor, target_text: r.target.text,
              time_start: r.time.start, time_end: r.time.end, time_text: r.time.text,
              confidence: r.confidence, sentence: r.sentence.text,
            }));
            const buf: string[] = [];
            const cap = { io: { out: (s: string) => buf.push(s), err: ctx.io.err, isTTY: false }, exitWith: ctx.exitWith };
            printRows(cap, rows, 'csv');
            ctx.io.out(first ? buf.join('') : buf.slice(1).join(''));
          }
          first = false;
          if (rels.length < page) break;
        }
      } finally {
        await store.close();
      }
    });
};
