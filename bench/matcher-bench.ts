/**
 * Dictionary matching speed: tokens/s of ActorMatcher.match over FA-KES text against the full
 * built-in dictionary, one core. Run: npx tsx bench/matcher-bench.ts
 */
import { loadDictionary } from '../src/actors/dictionary.js';
import { ActorMatcher } from '../src/actors/matcher.js';
import { readInputs } from '../src/read/index.js';
import { segment } from '../src/segment/index.js';
import { projectPath } from '../src/paths.js';

const dict = loadDictionary();
const t0 = performance.now();
const matcher = new ActorMatcher(dict.actors);
const buildMs = performance.now() - t0;
const docs: { text: string; seg: ReturnType<typeof segment> }[] = [];
for await (const a of readInputs([projectPath('..', 'shared', 'data', 'news', 'fa-kes.csv')], {
  csv: { text: 'article_content', title: 'article_title', date: 'date' }, dateFormat: 'M/D/YY',
})) {
  if ('kind' in a) continue;
  docs.push({ text: a.text, seg: segment(a.text) });
}
const tokens = docs.reduce((n, d) => n + d.seg.tokens.length, 0);
let mentions = 0;
for (let round = 0; round < 2; round++) {
  const t = performance.now();
  mentions = 0;
  for (const d of docs) mentions += matcher.match(d.text, d.seg.sentences, d.seg.tokens).length;
  const s = (performance.now() - t) / 1000;
  if (round === 1) {
    console.log(JSON.stringify({
      actors: dict.actors.length, build_ms: Math.round(buildMs), documents: docs.length, tokens, mentions,
      seconds: Math.round(s * 1000) / 1000, tokens_per_s: Math.round(tokens / s),
    }));
  }
}
