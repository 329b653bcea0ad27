/**
 * Evaluates the committed NER model (models/ner/ner.bin, or --model DIR) on UNER English EWT
 * test and dev: exact-span precision / recall / F1 per type (PER, ORG, LOC) and overall, both
 * sentence by sentence (`tag`) and document by document (`tagDocument`, documents from the
 * `# sent_id` prefixes).
 *
 *   npx tsx scripts/eval-ner.ts [--model DIR]
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readIob2 } from '../src/ner/data.js';
import { formatTable, scoreSpans } from '../src/ner/eval.js';
import { loadNerModel, type EntitySpan } from '../src/ner/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const data = resolve(root, '../shared/data/uner-ewt');
const i = process.argv.indexOf('--model');
const model = loadNerModel(i >= 0 ? resolve(process.argv[i + 1]) : undefined);

for (const [name, file] of [
  ['UNER English EWT test', 'en_ewt-ud-test.iob2'],
  ['UNER English EWT dev', 'en_ewt-ud-dev.iob2'],
] as const) {
  const sents = readIob2(join(data, file));
  const tokens = sents.reduce((n, s) => n + s.words.length, 0);
  console.log(formatTable(`\n${name} (${sents.length} sentences, ${tokens} tokens), exact span match, sentence by sentence (tag)`, scoreSpans(sents, (w) => model.tag(w))));
  const docs = new Map<string, number[]>();
  sents.forEach((s, k) => {
    const d = s.doc ?? `#${k}`;
    const list = docs.get(d);
    if (list) list.push(k);
    else docs.set(d, [k]);
  });
  const byDoc: EntitySpan[][] = new Array<EntitySpan[]>(sents.length);
  for (const ids of docs.values()) {
    const r = model.tagDocument(ids.map((k) => sents[k].words));
    ids.forEach((k, q) => (byDoc[k] = r[q]));
  }
  let k = 0;
  console.log(formatTable(`\n${name}, ${docs.size} documents, exact span match, document by document (tagDocument)`, scoreSpans(sents, () => byDoc[k++])));
}
