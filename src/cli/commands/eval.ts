/** `faultline eval <gold dir or file>`: extraction scored against hand-made gold readings. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { readGoldFile, scoreGold, summarise, type GoldScore } from '../../eval/gold.js';
import { loadDefaultPipeline } from '../../pipeline/default.js';
import { readInputs } from '../../read/index.js';
import type { Relation } from '../../types.js';
import type { RegisterCommand } from '../context.js';
import { withFormat } from '../shared.js';

function goldFiles(path: string): string[] {
  if (!existsSync(path)) throw new UsageError(`no gold file or folder at ${path}`);
  if (statSync(path).isDirectory()) {
    const files = readdirSync(path).filter((f) => f.endsWith('.gold.json')).sort().map((f) => join(path, f));
    if (files.length === 0) throw new UsageError(`no *.gold.json files in ${path}`);
    return files;
  }
  return [path];
}

/** The document a gold file reads: its `document` path, tried relative to the gold folder and its parent. */
function documentOf(goldPath: string, document: string): string {
  const dir = dirname(resolve(goldPath));
  for (const base of [dir, dirname(dir), process.cwd()]) {
    const p = join(base, document);
    if (existsSync(p)) return p;
  }
  throw new UsageError(`gold file ${goldPath} names document ${document}, which is not found next to it or its folder`);
}

const pct = (x: number): string => x.toFixed(2);

export const register: RegisterCommand = (program, ctx) => {
  withFormat(program.command('eval'), ['table', 'json'], 'table')
    .description('score extraction against gold readings (*.gold.json, rules of gold/README.md)')
    .argument('<gold>', 'a gold folder or one *.gold.json file')
    .option('--verbose', 'list missed gold relations and unmatched system relations')
    .action(async (goldPath: string, o: { format: string; verbose?: boolean }) => {
      const { pipeline, dictionary } = loadDefaultPipeline({ noCandidates: true, warn: (m) => ctx.io.err(`warning: ${m}\n`) });
      const scores: GoldScore[] = [];
      for (const file of goldFiles(goldPath)) {
        const gold = readGoldFile(file);
        const docPath = documentOf(file, gold.document);
        const relations: Relation[] = [];
        let docId = basename(docPath).replace(/\.[^.]+$/, '');
        for await (const item of readInputs([docPath], gold.date ? { date: gold.date } : {})) {
          if ('kind' in item) {
            ctx.io.err(`${item.severity}: ${item.file}: ${item.message}\n`);
            continue;
          }
          docId = item.id;
          relations.push(...pipeline.process(item).relations);
        }
        scores.push(scoreGold(gold, docId, relations, (id) => dictionary.get(id)));
      }
      const s = summarise(scores);
      if (o.format === 'json') {
        ctx.io.out(JSON.stringify({
          files: s.files, recall_core: s.recallCore, recall_core_extended: s.recallAll, precision: s.precision,
          traps: s.traps, time: s.time, per_file: s.perFile,
        }, null, 2) + '\n');
        return;
      }
      for (const f of s.perFile) {
        ctx.io.out(`${f.doc}: ${f.systemRelations} relations, ${f.betweenGold} between gold actors\n`);
        if (o.verbose) {
          for (const m of f.missed) ctx.io.out(`  missed    ${m}\n`);
          for (const u of f.unmatched) ctx.io.out(`  unmatched ${u}\n`);
          for (const t of f.traps) ctx.io.out(`  TRAP      ${t}\n`);
        }
      }
      const core = s.perFile.reduce((n, f) => n + f.coreFound, 0) + '/' + s.perFile.reduce((n, f) => n + f.coreTotal, 0);
      const all = s.perFile.reduce((n, f) => n + f.allFound, 0) + '/' + s.perFile.reduce((n, f) => n + f.allTotal, 0);
      const prec = s.perFile.reduce((n, f) => n + f.matching, 0) + '/' + s.perFile.reduce((n, f) => n + f.betweenGold, 0);
      const time = s.perFile.reduce((n, f) => n + f.timeRight, 0) + '/' + s.perFile.reduce((n, f) => n + f.timeTotal, 0);
      ctx.io.out(
        `\nrecall core            ${pct(s.recallCore)}  (${core})\n` +
        `recall core+extended   ${pct(s.recallAll)}  (${all})\n` +
        `precision              ${pct(s.precision)}  (${prec})\n` +
        `traps                  ${s.traps}\n` +
        `time right             ${pct(s.time)}  (${time})\n`,
      );
    });
};
