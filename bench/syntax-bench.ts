/**
 * Throughput of segmentation and tagging+parsing on news text (Wikipedia articles on the
 * Syrian war from ../shared/data/news/wikipedia-syria), one core. Reports wall-clock and
 * CPU-time throughput (the latter is the fairer figure on a shared machine).
 *
 *   npx tsx bench/syntax-bench.ts [--model DIR]
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

// Warm-up then measure tag+parse (with and without building lemma/label strings)
for (let i = 0; i < Math.min(500, sentences.length); i++) model.analyse(sentences[i]);
t0 = process.hrtime.bigint();
let cpu0 = process.cpuUsage();
for (const s of sentences) model.analyseRaw(s);
const rawSec = Number(process.hrtime.bigint() - t0) / 1e9;
let cpu = process.cpuUsage(cpu0);
const rawCpu = (cpu.user + cpu.system) / 1e6;
t0 = process.hrtime.bigint();
cpu0 = process.cpuUsage();
for (const s of sentences) model.analyse(s);
const fullSec = Number(process.hrtime.bigint() - t0) / 1e9;
cpu = process.cpuUsage(cpu0);
const fullCpu = (cpu.user + cpu.system) / 1e6;

console.log(`news text: ${texts.length} articles, ${chars} chars, ${sentences.length} sentences, ${tokens} tokens`);
console.log(`segment:                 ${(chars / segSec / 1e6).toFixed(2)} M chars/s (${(tokens / segSec).toFixed(0)} tokens/s)`);
console.log(`tag+parse:               ${(tokens / rawSec).toFixed(0)} tokens/s wall, ${(tokens / rawCpu).toFixed(0)} tokens/s of CPU time`);
console.log(`tag+parse+lemma (analyse): ${(tokens / fullSec).toFixed(0)} tokens/s wall, ${(tokens / fullCpu).toFixed(0)} tokens/s of CPU time`);
console.log(`segment+analyse:         ${(tokens / (fullSec + segSec)).toFixed(0)} tokens/s`);
