/**
 * Prints the syntax figures: UPOS / UAS / LAS on UD English EWT test and GUM news (gold
 * tokens, predicted tags), the same from raw text with our segmenter (F1), tokenizer and
 * sentence-split F1, and throughput.
 *
 *   npx tsx scripts/eval-syntax.ts [--model DIR] [--dev]
 */
import { join } from 'node:path';
import { loadSyntaxModel, Pipeline } from '../src/syntax/index.js';
import { scoreRaw } from '../src/syntax/rawEval.js';
import { dataDir, gumSplits, readGumDocs, readTreebank, scorePipeline } from '../src/syntax/treebank.js';

const mi = process.argv.indexOf('--model');
const t0 = process.hrtime.bigint();
const model = loadSyntaxModel(mi >= 0 ? process.argv[mi + 1] : undefined) as Pipeline;
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
const dir = dataDir();
const splits = gumSplits(dir);
const news = [...(splits.test ?? []), ...(splits.dev ?? [])].filter((n) => n.startsWith('GUM_news_'));
const sets: [string, ReturnType<typeof readTreebank>][] = [
  [process.argv.includes('--dev') ? 'EWT dev' : 'EWT test', readTreebank(join(dir, 'ud-ewt', process.argv.includes('--dev') ? 'en_ewt-ud-dev.conllu' : 'en_ewt-ud-test.conllu'))],
  [`GUM news (test+dev: ${news.map((n) => n.slice(9)).join(', ')})`, readGumDocs(news, dir)],
];
const f = (x: number): string => x.toFixed(2);
console.log(`model loaded in ${loadMs.toFixed(0)} ms; version ${model.data.meta.info.version}`);
console.log('');
console.log('| set | tokens | UPOS | UAS | LAS | LAS (universal labels) | tokens/s (tag+parse) |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, sents] of sets) {
  scorePipeline(model, sents.slice(0, 200)); // warm-up
  const s = scorePipeline(model, sents);
  console.log(`| ${name}, gold tokens | ${s.tokens} | ${f(s.upos)} | ${f(s.uas)} | ${f(s.las)} | ${f(s.lasUniversal)} | ${(s.tokens / s.seconds).toFixed(0)} |`);
}
console.log('');
console.log('| set, raw text | token F1 | sentence F1 | UPOS F1 | UAS F1 | LAS F1 |');
console.log('|---|---|---|---|---|---|');
for (const [name, sents] of sets) {
  const r = scoreRaw(model, sents);
  console.log(`| ${name} | ${f(r.tokenF1)} | ${f(r.sentenceF1)} | ${f(r.uposF1)} | ${f(r.uasF1)} | ${f(r.lasF1)} |`);
}
