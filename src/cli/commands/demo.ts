/**
 * `faultline demo` (what `npm start` runs): ingests the built-in demo corpus into a fresh
 * database and prints what an analyst wants first: the actors, the strongest alliances and
 * rivalries, and the latest changes.
 */
import { rmSync } from 'node:fs';
import { changes } from '../../analytics/index.js';
import { projectPath } from '../../paths.js';
import type { Store, StoredRelation } from '../../store/store.js';
import type { CliContext, RegisterCommand } from '../context.js';
import { openStore, printRows, type Row } from '../shared.js';
import { runIngest } from './ingest.js';
import { portArg, runServer } from './serve.js';

export const DEMO_DB = 'faultline-demo.db';

interface DyadAgg {
  a: string;
  b: string;
  pos: number;
  neg: number;
  docs: Set<string>;
  types: Map<string, number>;
  last: string;
}

/** Aggregates relations per unordered pair. */
export function dyads(rels: readonly StoredRelation[]): DyadAgg[] {
  const m = new Map<string, DyadAgg>();
  for (const r of rels) {
    if (r.polarity === 0) continue;
    const [a, b] = [r.source.actor, r.target.actor].sort() as [string, string];
    const k = `${a}\u0000${b}`;
    let d = m.get(k);
    if (!d) m.set(k, (d = { a, b, pos: 0, neg: 0, docs: new Set(), types: new Map(), last: r.time.end }));
    if (r.polarity > 0) d.pos += r.confidence;
    else d.neg += r.confidence;
    d.docs.add(r.doc);
    d.types.set(r.type, (d.types.get(r.type) ?? 0) + 1);
    if (r.time.end > d.last) d.last = r.time.end;
  }
  return [...m.values()];
}

export async function printOverview(ctx: CliContext, store: Store): Promise<void> {
  const stats = await store.stats();
  const actors = await store.listActors();
  const names = new Map(actors.map((a) => [a.id, a.name]));
  const name = (id: string): string => names.get(id) ?? id;
  const rels = await store.listRelations({});
  const counts = new Map<string, number>();
  for (const r of rels) for (const id of [r.source.actor, r.target.actor]) counts.set(id, (counts.get(id) ?? 0) + 1);
  ctx.io.out(`\n${stats.articles} articles, ${stats.sentences} sentences, ${stats.actors} actors, ${stats.mentions} mentions, ${stats.relations} relations\n`);

  ctx.io.out('\nMost connected actors\n');
  const top = actors
    .map((a) => ({ actor: a.name, type: a.type, relations: counts.get(a.id) ?? 0 }))
    .filter((r) => r.relations > 0)
    .sort((x, y) => y.relations - x.relations)
    .slice(0, 15);
  printRows(ctx, top, 'table');

  const ds = dyads(rels);
  const typesOf = (d: DyadAgg): string => [...d.types].sort((x, y) => y[1] - x[1]).map(([t, n]) => `${t}×${n}`).join(' ');
  ctx.io.out('\nStrongest alliances (positive readings)\n');
  printRows(
    ctx,
    ds.filter((d) => d.pos > d.neg).sort((x, y) => y.pos - x.pos).slice(0, 10)
      .map((d): Row => ({ between: `${name(d.a)} — ${name(d.b)}`, weight: d.pos.toFixed(1), articles: d.docs.size, readings: typesOf(d), latest: d.last })),
    'table',
  );
  ctx.io.out('\nStrongest rivalries (hostile readings)\n');
  printRows(
    ctx,
    ds.filter((d) => d.neg >= d.pos).sort((x, y) => y.neg - x.neg).slice(0, 10)
      .map((d): Row => ({ between: `${name(d.a)} — ${name(d.b)}`, weight: d.neg.toFixed(1), articles: d.docs.size, readings: typesOf(d), latest: d.last })),
    'table',
  );
  // Latest changes: what changed over the last year of the corpus (sign flips first).
  const last = rels.reduce((m, r) => (r.time.end > m ? r.time.end : m), '0000-01-01');
  if (rels.length) {
    const from = `${String(Number(last.slice(0, 4)) - 1)}${last.slice(4)}`;
    const ch = changes(rels, from, last);
    ctx.io.out(`\nLatest changes (${from} → ${last})\n`);
    printRows(
      ctx,
      ch.changes.filter((c) => c.kind !== 'ended').slice(0, 12).map((c): Row => ({
        change: c.kind,
        between: `${name(c.a)} — ${name(c.b)}`,
        before: c.before.state,
        after: c.after.state,
        evidence: c.causes[0]?.sentence ?? '',
      })),
      'table',
    );
  }
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('demo')
    .description('ingest the built-in demo corpus into a fresh database and show the overview')
    .option('--db <file>', 'database file for the demo (recreated)', DEMO_DB)
    .option('--no-serve', 'only print the overview; do not serve the web UI')
    .option('--port <port>', 'port of the web UI (0 picks a free one)', portArg, 8080)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .action(async (o: { db: string; serve: boolean; port: number; host: string }) => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(o.db + suffix, { force: true });
      const dir = projectPath('demo', 'articles');
      ctx.io.err(`Ingesting the demo corpus (${dir}) into ${o.db} ...\n`);
      await runIngest(ctx, [dir], o.db, {});
      const store = await openStore(o.db, true);
      try {
        await printOverview(ctx, store);
      } finally {
        await store.close();
      }
      ctx.io.out(`\nExplore: npx faultline dyad "Islamic State" "Jabhat al-Nusra" --db ${o.db}\n`);
      if (o.serve) {
        await runServer(ctx, o.db, o.port, o.host);
        await new Promise<never>(() => {});
      }
    });
};
