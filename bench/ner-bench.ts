/**
 * NER throughput on one core: tags the UNER English EWT test and dev sentences repeatedly (`tag`,
 * then `tagDocument` per document) and prints tokens per second of wall time and per CPU second
 * (user + system time of this process: the figure that holds on a shared, loaded machine).
 *   npx tsx bench/ner-bench.ts
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readIob2 } from '../src/ner/data.js';
import { loadNerModel } from '../src/ner/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const data = resolve(root, '../shared/data/uner-ewt');
const labelled = [...readIob2(join(data, 'en_ewt-ud-test.iob2')), ...readIob2(join(data, 'en_ewt-ud-dev.iob2'))];
const sents = labelled.map((s) => s.words);
const docs = new Map<string, string[][]>();
for (const s of labelled) {
  const d = s.doc ?? '';
  const list = docs.get(d);
  if (list) list.push(s.words);
  else docs.set(d, [s.words]);
}
const tokens = sents.reduce((n, s) => n + s.length, 0);
const tl0 = performance.now();
const model = loadNerModel();
const loadMs = performance.now() - tl0;
let spans = 0;
for (const s of sents) spans += model.tag(s).length; // warm-up
const rounds = 5;
const cpuSec = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
const t0 = performance.now();
const c0 = process.cpuUsage();
for (let r = 0; r < rounds; r++) for (const s of sents) spans += model.tag(s).length;
const cpu = cpuSec(process.cpuUsage(c0));
const sec = (performance.now() - t0) / 1000;
console.log(`model load ${loadMs.toFixed(0)} ms; ${sents.length} sentences, ${tokens} tokens × ${rounds} rounds in ${sec.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU`);
console.log(`tag: ${fmt((tokens * rounds) / cpu)} tokens per CPU second (${fmt((tokens * rounds) / sec)} per wall second; ${spans} spans)`);
let docSpans = 0;
const t1 = performance.now();
const c1 = process.cpuUsage();
for (let r = 0; r < rounds; r++) for (const d of docs.values()) for (const s of model.tagDocument(d)) docSpans += s.length;
const cpuDoc = cpuSec(process.cpuUsage(c1));
const secDoc = (performance.now() - t1) / 1000;
console.log(`tagDocument: ${docs.size} documents × ${rounds} rounds, ${fmt((tokens * rounds) / cpuDoc)} tokens per CPU second (${fmt((tokens * rounds) / secDoc)} per wall second; ${docSpans} spans)`);
