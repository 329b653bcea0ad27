/**
 * PLOVER check (the same as `faultline eval <file>`): reads ../shared/data/plover/PLOVER_GSR_CAMEO.txt,
 * runs the extractor on each coded sentence and prints the recall of (source, target, polarity) for
 * the records whose event maps to our types (`src/eval/plover.ts` has the mapping and the matching).
 *
 *   npx tsx scripts/eval-plover.ts [path-to-PLOVER_GSR_CAMEO.txt]      (CANDIDATES=1 adds NER candidates)
 */
import { readPlover, scorePlover } from '../src/eval/plover.js';
import { loadDefaultPipeline } from '../src/pipeline/default.js';

const path = process.argv[2] ?? '../shared/data/plover/PLOVER_GSR_CAMEO.txt';
const { pipeline } = loadDefaultPipeline({ noCandidates: process.env.CANDIDATES !== '1', warn: () => {} });
const s = scorePlover(readPlover(path), (a) => pipeline.process(a).relations);
const f = (x: number): string => (s.records ? (x / s.records).toFixed(3) : '-');
console.log(`PLOVER records with a mapped event and both ends: ${s.records}`);
console.log(`recall (source, target, polarity): ${f(s.found)} (${s.found}/${s.records})   pair found with any polarity: ${f(s.pairFound)} (${s.pairFound}/${s.records})`);
for (const e of s.perEvent) console.log(`  ${e.event.padEnd(12)} ${e.found}/${e.records}`);
