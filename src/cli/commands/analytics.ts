/**
 * Analytics commands over the store: `state`, `changes`, `network`, `balance`, `blocs`, `predict`.
 * Each loads the relations up to the date, calls one function of `src/analytics`, and prints.
 */
import {
  balance,
  blocs,
  buildNetwork,
  changes,
  dyadState,
  networkSummary,
  predict,
  type Evidence,
} from '../../analytics/index.js';
import { UsageError } from '../../errors.js';
import type { Store, StoredRelation } from '../../store/store.js';
import type { Actor, IsoDate } from '../../types.js';
import type { CliContext, RegisterCommand } from '../context.js';
import { dateArg, openStore, printRows, resolveActorArg, withDb, withFormat, type Row } from '../shared.js';

const FORMATS = ['table', 'json'] as const;

interface Loaded {
  readonly relations: StoredRelation[];
  readonly actors: Actor[];
  readonly on: IsoDate;
  readonly name: (id: string) => string;
}

/** The latest date any stored relation holds (its interval end), or today for an empty store. */
function latestDate(rels: readonly StoredRelation[]): IsoDate {
  let last = '';
  for (const r of rels) if (r.time.end > last) last = r.time.end;
  return last || new Date().toISOString().slice(0, 10);
}

/** Loads actors and the relations that started by `on` (default: the latest date in the store). */
async function load(store: Store, on: string | undefined, optionName = '--on'): Promise<Loaded> {
  const date = dateArg(on, optionName);
  const relations = await store.listRelations(date ? { to: date } : {});
  const actors = await store.listActors();
  const names = new Map(actors.map((a) => [a.id, a.name]));
  return { relations, actors, on: date ?? latestDate(relations), name: (id) => names.get(id) ?? id };
}

async function withStore(db: string, f: (store: Store) => Promise<void>): Promise<void> {
  const store = await openStore(db, true);
  try {
    await f(store);
  } finally {
    await store.close();
  }
}

const json = (ctx: CliContext, value: unknown) => ctx.io.out(JSON.stringify(value, null, 2) + '\n');

function evidenceRow(e: Evidence): Row {
  return {
    role: e.role,
    type: e.type,
    source: e.source,
    target: e.target,
    time: e.time.start === e.time.end ? e.time.start : `${e.time.start}/${e.time.end}`,
    weight: e.weight,
    confidence: e.confidence,
    doc: e.doc,
    sentence: e.sentence,
  };
}

function intArg(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a non-negative integer, got "${v}"`);
    return n;
  };
}

export const register: RegisterCommand = (program, ctx) => {
  withFormat(withDb(program.command('state')), FORMATS, 'table')
    .description('where two actors stand on a date: state, confidence and the evidence (and contradictions)')
    .argument('<a>', 'first actor (id, name or alias)')
    .argument('<b>', 'second actor (id, name or alias)')
    .option('--on <YYYY-MM-DD>', 'the date (default: the latest date in the database)')
    .action(async (a: string, b: string, o: { db: string; format: string; on?: string }) =>
      withStore(o.db, async (store) => {
        const x = await resolveActorArg(store, a);
        const y = await resolveActorArg(store, b);
        const { relations, actors, on } = await load(store, o.on);
        const s = dyadState(relations, x.id, y.id, on, { actors });
        if (o.format === 'json') return json(ctx, s);
        const dir = s.direction ? ` (${s.direction.source} → ${s.direction.target}${s.direction.mutual ? ', mutual' : ''})` : '';
        ctx.io.out(
          `${x.name} — ${y.name} on ${on}: ${s.state}${dir}, confidence ${s.confidence.toFixed(2)}` +
            (s.since ? `, since ${s.since}` : '') +
            '\n\n',
        );
        printRows(ctx, [...s.evidence, ...s.contradictions, ...s.context].map(evidenceRow), 'table');
      }),
    );

  withFormat(withDb(program.command('changes')), FORMATS, 'table')
    .description('what changed between two dates: sign flips first, then new, changed and ended dyads, with their causes')
    .requiredOption('--from <YYYY-MM-DD>', 'first date')
    .option('--to <YYYY-MM-DD>', 'second date (default: the latest date in the database)')
    .option('--limit <n>', 'at most this many changes in the table', intArg('--limit'), 50)
    .action(async (o: { db: string; format: string; from: string; to?: string; limit: number }) =>
      withStore(o.db, async (store) => {
        const from = dateArg(o.from, '--from')!;
        const { relations, actors, on: to, name } = await load(store, o.to, '--to');
        const r = changes(relations, from, to, { actors });
        if (o.format === 'json') return json(ctx, r);
        ctx.io.out(
          `${from} → ${to}: ${r.counts.flip} flip(s), ${r.counts.new} new, ${r.counts.change} changed, ${r.counts.ended} ended\n\n`,
        );
        printRows(
          ctx,
          r.changes.slice(0, o.limit).map((c) => ({
            kind: c.kind,
            pair: `${name(c.a)} — ${name(c.b)}`,
            before: c.before.state === 'none' ? 'none' : `${c.before.state} ${c.before.confidence.toFixed(2)}`,
            after: c.after.state === 'none' ? 'none' : `${c.after.state} ${c.after.confidence.toFixed(2)}`,
            causes: c.causes.length > 0 ? c.causes.length : (c.reason ?? 0),
            evidence: c.causes[0]?.sentence ?? '',
          })),
          'table',
        );
      }),
    );

  withFormat(withDb(program.command('network')), FORMATS, 'table')
    .description('the signed network on a date: per actor its allies, enemies, patrons and members')
    .option('--on <YYYY-MM-DD>', 'the date (default: the latest date in the database)')
    .option('--min-confidence <x>', 'leave out dyads below this confidence', parseFloat)
    .action(async (o: { db: string; format: string; on?: string; minConfidence?: number }) =>
      withStore(o.db, async (store) => {
        const { relations, actors, on } = await load(store, o.on);
        const g = buildNetwork(relations, actors, on, { ...(o.minConfidence !== undefined ? { minEdgeConfidence: o.minConfidence } : {}) });
        const s = networkSummary(g);
        if (o.format === 'json') return json(ctx, s);
        ctx.io.out(`${on}: ${s.nodes} actors, ${s.edges} dyads (${s.positive} positive, ${s.negative} negative)\n\n`);
        const names = (l: readonly { name: string }[]) => l.map((e) => e.name).join('; ');
        printRows(
          ctx,
          s.actors.map((p) => ({
            actor: p.name,
            allies: names(p.allies),
            enemies: names(p.enemies),
            patrons: names(p.patrons),
            members: names(p.members),
          })),
          'table',
        );
      }),
    );

  withFormat(withDb(program.command('balance')), FORMATS, 'table')
    .description('structural balance on a date: balanced triads against a shuffled null model, frustration index, unbalanced triads')
    .option('--on <YYYY-MM-DD>', 'the date (default: the latest date in the database)')
    .option('--samples <n>', 'null-model shuffles', intArg('--samples'), 1000)
    .option('--seed <n>', 'random seed', intArg('--seed'), 42)
    .action(async (o: { db: string; format: string; on?: string; samples: number; seed: number }) =>
      withStore(o.db, async (store) => {
        const { relations, actors, on, name } = await load(store, o.on);
        const r = balance(buildNetwork(relations, actors, on), { samples: o.samples, seed: o.seed });
        if (o.format === 'json') return json(ctx, r);
        const f = r.frustration;
        ctx.io.out(
          `${on}: ${r.nodes} actors, ${r.edges} dyads (${r.positiveEdges}+ / ${r.negativeEdges}−), ${r.triads} triads\n` +
            `balanced triads: ${r.balancedTriads}/${r.triads} = ${r.balancedShare.toFixed(3)} ` +
            `(shuffled signs: ${r.nullModel.mean.toFixed(3)} ± ${r.nullModel.sd.toFixed(3)}, z = ${r.nullModel.z}, p = ${r.nullModel.pValue})\n` +
            `frustration index: ${f.exact ? f.index : `${f.lowerBound}..${f.index}`} of ${r.edges} edges (normalised balance ${f.normalized.toFixed(3)})\n` +
            `census: ${Object.entries(r.census).map(([k, v]) => `${k} ${v}`).join(', ')}\n\nUnbalanced triads\n`,
        );
        const sym = (s: number) => (s > 0 ? '+' : '−');
        printRows(
          ctx,
          r.unbalanced.map((t) => ({
            type: t.type,
            triad: `${name(t.actors[0])} ${sym(t.signs[0])} ${name(t.actors[1])} ${sym(t.signs[2])} ${name(t.actors[2])} ${sym(t.signs[1])} ${name(t.actors[0])}`,
          })),
          'table',
        );
      }),
    );

  withFormat(withDb(program.command('blocs')), FORMATS, 'table')
    .description('signed blocs on a date (correlation clustering), with the relations inside and across')
    .option('--on <YYYY-MM-DD>', 'the date (default: the latest date in the database)')
    .option('--seed <n>', 'random seed', intArg('--seed'), 42)
    .action(async (o: { db: string; format: string; on?: string; seed: number }) =>
      withStore(o.db, async (store) => {
        const { relations, actors, on } = await load(store, o.on);
        const r = blocs(buildNetwork(relations, actors, on), { seed: o.seed });
        if (o.format === 'json') return json(ctx, r);
        ctx.io.out(
          `${on}: ${r.blocs.length} bloc(s); disagreement ${r.disagreement} of ${r.totalWeight} ` +
            `(agreement ${r.agreement.toFixed(3)}: ${r.positiveAcross} positive dyads across, ${r.negativeWithin} negative inside)\n\n`,
        );
        printRows(
          ctx,
          r.blocs.map((b) => ({
            bloc: b.id,
            size: b.members.length,
            inside: `${b.inside.positive}+ ${b.inside.negative}−`,
            against: r.across
              .filter((l) => l.a === b.id || l.b === b.id)
              .map((l) => `#${l.a === b.id ? l.b : l.a}: ${l.positive}+ ${l.negative}−`)
              .join('; '),
            members: b.members.map((m) => m.name).join('; '),
          })),
          'table',
        );
      }),
    );

  withFormat(withDb(program.command('predict')), FORMATS, 'table')
    .description('balance pressure on unlinked or weak pairs, and the triad-feature sign model with its leave-one-out AUC')
    .option('--on <YYYY-MM-DD>', 'the date (default: the latest date in the database)')
    .option('--limit <n>', 'at most this many predictions', intArg('--limit'), 30)
    .option('--loo <mode>', 'leave-one-out: exact, approximate or auto', 'auto')
    .action(async (o: { db: string; format: string; on?: string; limit: number; loo: string }) =>
      withStore(o.db, async (store) => {
        if (!['exact', 'approximate', 'auto'].includes(o.loo)) throw new UsageError(`--loo must be exact, approximate or auto, got "${o.loo}"`);
        const { relations, actors, on } = await load(store, o.on);
        const r = predict(buildNetwork(relations, actors, on), {
          maxListed: o.limit,
          loo: o.loo as 'exact' | 'approximate' | 'auto',
        });
        if (o.format === 'json') return json(ctx, r);
        const m = r.model;
        const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
        ctx.io.out(
          `${on}: sign model on ${m.edges} dyads (${m.positive}+ / ${m.negative}−), ${m.loo} leave-one-out\n` +
            `AUC ${f(m.auc)} (on the ${m.embeddedEdges} dyads with a common neighbour: ${f(m.aucEmbedded)}); ` +
            `balance score alone: ${f(m.aucBalance)}; accuracy ${f(m.accuracy)} vs majority ${f(m.baselineAccuracy)}\n\n` +
            `Balance pressure (${r.candidates} candidate pairs)\n`,
        );
        printRows(
          ctx,
          r.predictions.map((p) => ({
            pair: `${p.names[0]} — ${p.names[1]}`,
            now: p.current.state,
            predicted: p.predicted > 0 ? '+' : p.predicted < 0 ? '−' : '?',
            pressure: p.pressure,
            'P(+)': p.probability ?? '',
            why: p.explanation,
          })),
          'table',
        );
        // The table cuts long cells: the reasons of the top pairs in full.
        if (r.predictions.length > 0) ctx.io.out('\n' + r.predictions.slice(0, 10).map((p) => `- ${p.explanation}\n`).join(''));
      }),
    );
};
