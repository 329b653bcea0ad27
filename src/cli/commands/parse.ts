/**
 * `faultline parse [file] --format conllu [--tokens-from-input]`: tags, lemmatises and parses
 * raw text (segmented with our tokenizer) or CoNLL-U (keeping its tokens and sentences), and
 * writes CoNLL-U to standard output.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { FaultlineError, ERROR_CODES, UsageError } from '../../errors.js';
import { segment } from '../../segment/index.js';
import { blankSentence, loadSyntaxModel, parseConllu, writeConllu, type ConlluSentence, type SyntaxModel } from '../../syntax/index.js';
import type { CliContext, RegisterCommand } from '../context.js';

function readInput(file: string | undefined): string {
  try {
    return file && file !== '-' ? readFileSync(file, 'utf8') : readFileSync(0, 'utf8');
  } catch (e) {
    throw new FaultlineError(ERROR_CODES.FILE_UNREADABLE, `cannot read ${file ?? 'standard input'}: ${(e as Error).message}`, { cause: e });
  }
}

function fill(model: SyntaxModel, s: ConlluSentence): void {
  if (s.form.length === 0) return;
  const r = model.analyse(s.form);
  for (let i = 0; i < s.form.length; i++) {
    s.upos[i] = r.upos[i];
    s.lemma[i] = r.lemma[i];
    s.head[i] = r.head[i];
    s.deprel[i] = r.deprel[i];
    s.deps[i] = '_';
  }
}

/** Parses `input` (raw text, or CoNLL-U when `tokensFromInput`) into CoNLL-U text. */
export function parseToConllu(input: string, tokensFromInput: boolean, model: SyntaxModel = loadSyntaxModel()): string {
  let sentences: ConlluSentence[];
  if (tokensFromInput) {
    sentences = parseConllu(input);
  } else {
    const seg = segment(input);
    sentences = seg.sentences.map((s) => {
      const words: string[] = [];
      const misc: string[] = [];
      for (let t = s.tokenStart; t < s.tokenEnd; t++) {
        words.push(input.slice(seg.tokens.start[t], seg.tokens.end[t]));
        const next = t + 1 < seg.tokens.length ? seg.tokens.start[t + 1] : input.length;
        misc.push(next === seg.tokens.end[t] && t + 1 < s.tokenEnd ? 'SpaceAfter=No' : '_');
      }
      const text = input.slice(s.start, s.end).replace(/\s+/g, ' ');
      const b = blankSentence(words, [`sent_id = ${s.index + 1}`, `text = ${text}`]);
      b.misc.splice(0, misc.length, ...misc);
      return b;
    });
  }
  for (const s of sentences) fill(model, s);
  return writeConllu(sentences);
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('parse')
    .description('tag and parse text (or CoNLL-U tokens) and write CoNLL-U')
    .argument('[file]', 'input file (default: standard input)')
    .option('--format <format>', 'output format (conllu)', 'conllu')
    .option('--tokens-from-input', 'read CoNLL-U and keep its tokens and sentence split')
    .action((file: string | undefined, opts: { format: string; tokensFromInput?: boolean }) => {
      if (opts.format !== 'conllu') throw new UsageError(`unknown format ${opts.format} (supported: conllu)`);
      const input = readInput(file);
      ctx.io.out(parseToConllu(input, opts.tokensFromInput === true));
    });
};
