/**
 * Throughput of segmentation and tagging+parsing on news text (Wikipedia articles on the
 * Syrian war from ../shared/data/news/wikipedia-syria), one core. Reports wall-clock and
 * CPU-time throughput (the latter is the fairer figure on a shared machine).
 *
 *   npx tsx bench/syntax-bench.ts [--model DIR] [--reps N]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { segment } from '../src/segment/index.js';
import { loadSyntaxModel, type Pipeline } from '../src/syntax/index.js';
import { dataDir } from '../src/syntax/treebank.js';

const mi = process.argv.indexOf('--model');
const model = loadSyntaxModel(mi >= 0 ? process.argv[mi + 1] : undefined) as Pipeline;
const folder = join(dataDir(), 'news', 'wikipedia-syria');
const texts = readdirSync(folder)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => {
    const t = readFileSync(join(folder, f), 'utf8');
    const m = /^---\n[\s\S]*?\n---\n/.exec(t);
    return m ? t.slice(m[0].length) : t;
  });
const chars = texts.reduce((a, t) => a + t.length, 0);

// Segment
let t0 = process.hrtime.bigint();
const sentences: string[][] = [];
for (let rep = 0; rep < 3; rep++) {
  for (const text of texts) {
    const seg = segment(text);
    if (rep > 0) continue;
    for (const s of seg.sentences) {
      const words: string[] = [];
      for (let t = s.tokenStart; t < s.tokenEnd; t++) words.push(text.slice(seg.tokens.start[t], seg.tokens.end[t]));
      sentences.push(words);
    }
  }
}
const segSec = Number(process.hrtime.bigint() - t0) / 1e9 / 3;
const tokens = sentences.reduce((a, s) => a + s.length, 0);

// Warm-up, then measure tag+parse `--reps` times (default 3; the median CPU-time figure is the result),
// then once with lemma and label strings built (analyse).
const ri = process.argv.indexOf('--reps');
const reps = ri >= 0 ? Number(process.argv[ri + 1]) : 3;
for (let i = 0; i < Math.min(500, sentences.length); i++) model.analyse(sentences[i]);
const rawWall: number[] = [];
const rawCpuRate: number[] = [];
for (let r = 0; r < reps; r++) {
  const w0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (const s of sentences) model.analyseRaw(s);
  const c = process.cpuUsage(c0);
  rawWall.push(tokens / (Number(process.hrtime.bigint() - w0) / 1e9));
  rawCpuRate.push(tokens / ((c.user + c.system) / 1e6));
}
const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
for (const s of sentences) model.analyse(s);
const fullSec = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const fullCpu = (cpu.user + cpu.system) / 1e6;

console.log(`news text: ${texts.length} articles, ${chars} chars, ${sentences.length} sentences, ${tokens} tokens`);
console.log(`segment:                 ${(chars / segSec / 1e6).toFixed(2)} M chars/s (${(tokens / segSec).toFixed(0)} tokens/s)`);
console.log(`tag+parse:               ${median(rawWall).toFixed(0)} tokens/s wall, ${median(rawCpuRate).toFixed(0)} tokens/s of CPU time (median of ${reps}; CPU-time runs: ${rawCpuRate.map((x) => x.toFixed(0)).join(' ')})`);
console.log(`tag+parse+lemma (analyse): ${(tokens / fullSec).toFixed(0)} tokens/s wall, ${(tokens / fullCpu).toFixed(0)} tokens/s of CPU time`);
console.log(`segment+analyse:         ${(tokens / (fullSec + segSec)).toFixed(0)} tokens/s`);
