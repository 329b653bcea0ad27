/** `faultline extract` and `faultline mentions`: stateless reading, JSON Lines out. */
import { loadDefaultPipeline, type LoadedPipeline } from '../../pipeline/default.js';
import { readInputs } from '../../read/index.js';
import type { CliContext, RegisterCommand } from '../context.js';
import { readOptionsFrom, withReadOptions, type ReadFlags } from '../read-options.js';
import { withFormat } from '../shared.js';
import { formatIssue } from './ingest.js';

async function* processed(ctx: CliContext, paths: string[], flags: ReadFlags, loaded: LoadedPipeline) {
  const { pipeline } = loaded;
  for await (const item of readInputs(paths, readOptionsFrom(flags))) {
    if ('kind' in item) {
      ctx.io.err(formatIssue(item) + '\n');
      if (item.severity === 'error') ctx.exitWith(1);
      continue;
    }
    yield pipeline.process(item);
  }
}

export const register: RegisterCommand = (program, ctx) => {
  withFormat(withReadOptions(program.command('extract')), ['jsonl', 'json'], 'jsonl')
    .description('read articles and print the relations found (nothing is stored)')
    .argument('<paths...>', 'files or folders')
    .action(async (paths: string[], o: ReadFlags & { format: string }) => {
      const all: unknown[] = [];
      const loaded = loadDefaultPipeline({ warn: (m) => ctx.io.err(`warning: ${m}\n`) });
      for await (const p of processed(ctx, paths, o, loaded)) {
        for (const r of p.relations) {
          if (o.format === 'json') all.push(r);
          else ctx.io.out(JSON.stringify(r) + '\n');
        }
      }
      if (o.format === 'json') ctx.io.out(JSON.stringify(all, null, 2) + '\n');
    });

  withFormat(withReadOptions(program.command('mentions')), ['jsonl', 'json'], 'jsonl')
    .description('read articles and print the actor mentions found (nothing is stored)')
    .argument('<paths...>', 'files or folders')
    .action(async (paths: string[], o: ReadFlags & { format: string }) => {
      const all: unknown[] = [];
      const loaded = loadDefaultPipeline({ warn: (m) => ctx.io.err(`warning: ${m}\n`) });
      for await (const p of processed(ctx, paths, o, loaded)) {
        for (const m of p.mentions) {
          const rec = {
            doc: p.article.id,
            sentence: m.sentence,
            text: m.text,
            start: m.start,
            end: m.end,
            actor: m.actor,
            ...(m.actor ? { name: loaded.dictionary.get(m.actor)?.name ?? m.actor } : {}),
            via: m.via,
            ...(m.entity ? { entity: m.entity } : {}),
          };
          if (o.format === 'json') all.push(rec);
          else ctx.io.out(JSON.stringify(rec) + '\n');
        }
      }
      if (o.format === 'json') ctx.io.out(JSON.stringify(all, null, 2) + '\n');
    });
};

