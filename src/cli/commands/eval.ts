/**
 * `faultline eval <path>`: extraction scored against the evaluation sets. The path may be
 *   - a folder of hand-made gold readings (`*.gold.json`, rules of gold/README.md) or one such file;
 *   - a folder with `articles.jsonl` + `gold.jsonl` (mention-span gold, e.g. ../shared/eval/re3d-dev):
 *     strict and lenient recall/precision per class (shared/eval/README.md, `src/eval/spans.ts`);
 *   - a PLOVER file of coded sentences (a JSON list with `event` fields): recall of (source,
 *     target, polarity), per event (`src/eval/plover.ts`);
 *   - a folder whose sub-folders are such sets (../shared/eval): every set, one table each.
 * Every set is read as `faultline extract` and `ingest` read (with NER candidates), so that the
 * figures are those of `extract` + shared/eval/score.py; `--ner off` reads without them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { readGoldFile, scoreGold, summarise, type GoldScore, type GoldSummary } from '../../eval/gold.js';
import { isPloverText, readPlover, scorePlover, type PloverScore } from '../../eval/plover.js';
import { readSpanGold, scoreSpans, type ClassFigures, type SpanScore } from '../../eval/spans.js';
import { loadDefaultPipeline } from '../../pipeline/default.js';
import { readInputs } from '../../read/index.js';
import type { Article, Relation } from '../../types.js';
import type { CliContext, RegisterCommand } from '../context.js';
import { withFormat } from '../shared.js';

type SetKind = 'gold' | 'spans' | 'plover';
interface EvalSet {
  readonly name: string;
  readonly kind: SetKind;
  readonly path: string;
}

const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();
const goldJsonIn = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.gold.json')).sort().map((f) => join(dir, f));

/** The kind of one set at `path`, or undefined when it is none. */
function kindOf(path: string): SetKind | undefined {
  if (isDir(path)) {
    if (existsSync(join(path, 'gold.jsonl')) && existsSync(join(path, 'articles.jsonl'))) return 'spans';
    if (goldJsonIn(path).length) return 'gold';
    return undefined;
  }
  if (path.endsWith('.gold.json')) return 'gold';
  if (basename(path) === 'gold.jsonl' && existsSync(join(dirname(path), 'articles.jsonl'))) return 'spans';
  const head = readFileSync(path, 'utf8').slice(0, 8000);
  if (isPloverText(head)) return 'plover';
  if (head.trimStart().startsWith('{') && /"relations"\s*:/.test(head) && /"actors"\s*:/.test(head)) return 'gold';
  return undefined;
}

/** The sets at a path: the path itself, or the sets in its sub-folders. */
function setsAt(path: string): EvalSet[] {
  if (!existsSync(path)) throw new UsageError(`no evaluation set at ${path}`);
  const kind = kindOf(path);
  if (kind) return [{ name: basename(resolve(path)), kind, path: kind === 'spans' && !isDir(path) ? dirname(path) : path }];
  if (isDir(path)) {
    const sets = readdirSync(path)
      .sort()
      .map((f) => join(path, f))
      .filter(isDir)
      .flatMap((p) => {
        const k = kindOf(p);
        return k ? [{ name: basename(p), kind: k, path: p }] : [];
      });
    if (sets.length) return sets;
  }
  throw new UsageError(`${path} is no evaluation set: expected *.gold.json, a folder with articles.jsonl + gold.jsonl, a PLOVER JSON list, or a folder of those`);
}

/** The document a gold file reads: its `document` path near the gold file, else its record in an `articles.jsonl` beside it. */
function documentOf(goldPath: string, document: string): { path: string; id?: string } {
  const dir = dirname(resolve(goldPath));
  for (const base of [dir, dirname(dir), process.cwd()]) {
    const p = join(base, document);
    if (existsSync(p)) return { path: p };
  }
  const jsonl = join(dir, 'articles.jsonl');
  if (existsSync(jsonl)) return { path: jsonl, id: basename(document).replace(/\.[^.]+$/, '') };
  throw new UsageError(`gold file ${goldPath} names document ${document}, which is not found next to it, its folder, or in an articles.jsonl there`);
}

const pct = (x: number): string => x.toFixed(2);
const f3 = (x: number | null): string => (x === null ? '  -  ' : x.toFixed(3));

export const register: RegisterCommand = (program, ctx) => {
  withFormat(program.command('eval'), ['table', 'json'], 'table')
    .description('score extraction against evaluation sets: gold readings (*.gold.json), span gold (articles.jsonl + gold.jsonl), PLOVER sentences, or a folder of sets')
    .argument('<path>', 'a gold folder or *.gold.json file, a folder with articles.jsonl + gold.jsonl, a PLOVER JSON file, or a folder of such sets')
    .option('--verbose', 'list missed gold relations and unmatched system relations (gold readings)')
    .option('--ner <on|off>', 'NER candidates: on (default, as extract and ingest) or off')
    .action(async (path: string, o: { format: string; verbose?: boolean; ner?: string }) => {
      if (o.ner !== undefined && o.ner !== 'on' && o.ner !== 'off') throw new UsageError(`--ner takes on or off, not ${o.ner}`);
      const sets = setsAt(path);
      const { pipeline, dictionary } = loadDefaultPipeline({ noCandidates: o.ner === 'off', warn: (m) => ctx.io.err(`warning: ${m}\n`) });
      const extract = (a: Article): readonly Relation[] => pipeline.process(a).relations;
      const results: { set: EvalSet; gold?: GoldSummary; spans?: SpanScore; plover?: PloverScore }[] = [];
      for (const set of sets) {
        if (set.kind === 'gold') {
          const scores: GoldScore[] = [];
          for (const file of isDir(set.path) ? goldJsonIn(set.path) : [set.path]) {
            const gold = readGoldFile(file);
            const doc = documentOf(file, gold.document);
            const relations: Relation[] = [];
            let docId = doc.id ?? basename(doc.path).replace(/\.[^.]+$/, '');
            for await (const item of readInputs([doc.path], gold.date ? { date: gold.date } : {})) {
              if ('kind' in item) {
                ctx.io.err(`${item.severity}: ${item.file}: ${item.message}\n`);
                continue;
              }
              if (doc.id !== undefined && item.id !== doc.id) continue;
              docId = item.id;
              relations.push(...extract(item));
            }
            scores.push(scoreGold(gold, docId, relations, (id) => dictionary.get(id)));
          }
          results.push({ set, gold: summarise(scores) });
        } else if (set.kind === 'spans') {
          const byDoc = new Map<string, Relation[]>();
          for await (const item of readInputs([join(set.path, 'articles.jsonl')])) {
            if ('kind' in item) {
              ctx.io.err(`${item.severity}: ${item.file}: ${item.message}\n`);
              continue;
            }
            byDoc.set(item.id, [...(byDoc.get(item.id) ?? []), ...extract(item)]);
          }
          results.push({ set, spans: scoreSpans(readSpanGold(join(set.path, 'gold.jsonl')), byDoc) });
        } else {
          results.push({ set, plover: scorePlover(readPlover(set.path), extract) });
        }
      }
      if (o.format === 'json') {
        const json = results.map((r) => (r.gold ? goldJson(r.gold) : r.spans ? { kind: 'spans', ...r.spans } : { kind: 'plover', ...r.plover }));
        // one set of gold readings keeps the shape it always had
        const one = results.length === 1 && results[0]!.gold ? json[0] : { sets: Object.fromEntries(results.map((r, i) => [r.set.name, json[i]])) };
        ctx.io.out(JSON.stringify(one, null, 2) + '\n');
        return;
      }
      results.forEach((r, i) => {
        if (results.length > 1) ctx.io.out(`${i ? '\n' : ''}== ${r.set.name} (${r.set.kind === 'gold' ? 'gold readings' : r.set.kind === 'spans' ? 'mention-span gold' : 'PLOVER sentences'})\n`);
        if (r.gold) printGold(ctx, r.gold, !!o.verbose);
        if (r.spans) printSpans(ctx, r.spans);
        if (r.plover) printPlover(ctx, r.plover);
      });
    });
};

function goldJson(s: GoldSummary): object {
  return {
    files: s.files, recall_core: s.recallCore, recall_core_extended: s.recallAll, precision: s.precision,
    traps: s.traps, time: s.time, per_file: s.perFile,
  };
}

function printGold(ctx: CliContext, s: GoldSummary, verbose: boolean): void {
  for (const f of s.perFile) {
    ctx.io.out(`${f.doc}: ${f.systemRelations} relations, ${f.betweenGold} between gold actors\n`);
    if (verbose) {
      for (const m of f.missed) ctx.io.out(`  missed    ${m}\n`);
      for (const u of f.unmatched) ctx.io.out(`  unmatched ${u}\n`);
      for (const t of f.traps) ctx.io.out(`  TRAP      ${t}\n`);
    }
  }
  const sum = (g: (f: GoldScore) => number): number => s.perFile.reduce((n, f) => n + g(f), 0);
  const core = `${sum((f) => f.coreFound)}/${sum((f) => f.coreTotal)}`;
  const all = `${sum((f) => f.allFound)}/${sum((f) => f.allTotal)}`;
  const prec = `${sum((f) => f.matching)}/${sum((f) => f.betweenGold)}`;
  const time = `${sum((f) => f.timeRight)}/${sum((f) => f.timeTotal)}`;
  ctx.io.out(
    `\nrecall core            ${pct(s.recallCore)}  (${core})\n` +
    `recall core+extended   ${pct(s.recallAll)}  (${all})\n` +
    `precision              ${pct(s.precision)}  (${prec})\n` +
    `traps                  ${s.traps}\n` +
    `time right             ${pct(s.time)}  (${time})\n`,
  );
}

function printSpans(ctx: CliContext, s: SpanScore): void {
  ctx.io.out(`${s.documents} documents, ${s.systemRelations} system relations\n`);
  for (const [name, fig] of [['strict', s.strict], ['lenient', s.lenient]] as const) {
    ctx.io.out(`\n${name.padEnd(8)} ${'class'.padEnd(11)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)}   gold found/all   system right/all\n`);
    for (const [c, v] of Object.entries(fig.classes)) {
      ctx.io.out(`${''.padEnd(8)} ${c.padEnd(11)} ${f3(v.precision).padStart(6)} ${f3(v.recall).padStart(6)} ${f3(v.f1).padStart(6)}   ${`${v.goldFound}/${v.gold}`.padStart(14)}   ${`${v.systemRight}/${v.system}`.padStart(16)}\n`);
    }
    if (fig.systemOtherClass || fig.ignored) ctx.io.out(`${''.padEnd(8)} (system relations of no annotated class: ${fig.systemOtherClass}; matching only ignored gold, not counted: ${fig.ignored})\n`);
  }
  const tags = Object.entries(s.byTag);
  if (tags.length) {
    ctx.io.out(`\nby tag (micro)${''.padEnd(30)} strict P / R        lenient P / R       gold\n`);
    const pr = (v: ClassFigures): string => `${f3(v.precision)} / ${f3(v.recall)}`;
    for (const [tag, v] of tags) ctx.io.out(`  ${tag.padEnd(42)} ${pr(v.strict).padEnd(19)} ${pr(v.lenient).padEnd(19)} ${v.strict.gold}\n`);
  }
}

function printPlover(ctx: CliContext, s: PloverScore): void {
  const r = (a: number): string => (s.records ? (a / s.records).toFixed(3) : '  -  ');
  ctx.io.out(`records with a mapped event and both ends: ${s.records}\n`);
  ctx.io.out(`recall (source, target, polarity)   ${r(s.found)}  (${s.found}/${s.records})\n`);
  ctx.io.out(`pair found with any polarity        ${r(s.pairFound)}  (${s.pairFound}/${s.records})\n\n`);
  ctx.io.out(`${'event'.padEnd(12)} found/records\n`);
  for (const e of s.perEvent) ctx.io.out(`${e.event.padEnd(12)} ${`${e.found}/${e.records}`.padStart(13)}\n`);
}
