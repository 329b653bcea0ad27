/**
 * `faultline import-petrarch <files...> --out <yaml>`: converts PETRARCH/TABARI actor dictionaries
 * into a Faultline user dictionary (YAML).
 * `faultline export-petrarch [--out file] [--dictionary <yaml...>]`: writes the actor dictionary
 * (built-in plus user files) in the PETRARCH format.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { loadDictionary } from '../../actors/dictionary.js';
import { makeLoadable, readPetrarchActors, writePetrarchActors } from '../../actors/petrarch.js';
import { ERROR_CODES, FaultlineError } from '../../errors.js';
import type { Actor } from '../../types.js';
import type { CliContext, RegisterCommand } from '../context.js';

function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new FaultlineError(ERROR_CODES.FILE_UNREADABLE, `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function writeOut(ctx: CliContext, text: string, out: string | undefined): void {
  if (!out || out === '-') {
    ctx.io.out(text);
    return;
  }
  try {
    writeFileSync(out, text);
  } catch (e) {
    throw new FaultlineError(ERROR_CODES.FILE_UNREADABLE, `cannot write ${out}: ${(e as Error).message}`, { cause: e });
  }
}

export const register: RegisterCommand = (program, ctx) => {
  program
    .command('import-petrarch')
    .description('convert PETRARCH/TABARI actor dictionaries into a Faultline user dictionary (YAML)')
    .argument('<files...>', 'PETRARCH actor files (*.actors.txt)')
    .requiredOption('--out <file>', 'YAML file to write ("-" for standard output)')
    .option('--id-prefix <prefix>', 'prefix for the ids of imported actors', '')
    .option('--no-builtin', 'do not skip actors and aliases the built-in dictionary already has')
    .action((files: string[], opts: { out: string; idPrefix: string; builtin: boolean }) => {
      const all: Actor[] = [];
      let warnings = 0;
      for (const file of files) {
        const { actors, issues } = readPetrarchActors(readText(file), file);
        warnings += issues.length;
        for (const i of issues.slice(0, 20)) ctx.io.err(`${i.file}:${i.record ?? ''}: ${i.severity}: ${i.message}\n`);
        if (issues.length > 20) ctx.io.err(`${file}: ... ${issues.length - 20} more warnings\n`);
        for (const a of actors) all.push(opts.idPrefix ? { ...a, id: `${opts.idPrefix}${a.id}`.replace(/[^a-z0-9_]/g, '_') } : a);
      }
      const known = opts.builtin ? loadDictionary().actors : [];
      const { actors, dropped, alreadyKnown } = makeLoadable(all, known);
      const header = `# Imported from PETRARCH by faultline import-petrarch: ${files.join(', ')}\n`;
      writeOut(ctx, header + stringify(actors, { lineWidth: 0 }), opts.out);
      ctx.io.err(
        `imported ${actors.length} actors from ${files.length} file(s); ${alreadyKnown} already in the built-in dictionary; ` +
          `${warnings} warning(s); ${dropped} duplicate alias(es) dropped\n`,
      );
    });

  program
    .command('export-petrarch')
    .description('write the actor dictionary in the PETRARCH/TABARI format')
    .option('--out <file>', 'file to write (default: standard output)')
    .option('--dictionary <files...>', 'user dictionary files layered on the built-in one')
    .action((opts: { out?: string; dictionary?: string[] }) => {
      const dict = loadDictionary({ extraFiles: opts.dictionary ?? [] });
      writeOut(ctx, writePetrarchActors(dict.actors), opts.out);
      if (opts.out && opts.out !== '-') ctx.io.err(`exported ${dict.actors.length} actors to ${opts.out}\n`);
    });
};
