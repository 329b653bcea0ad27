/**
 * Analytics benchmark: builds random readings over a planted two-camp conflict (with sign noise
 * and a flip half-way), then times each analysis and prints its headline figures.
 * Run: npx tsx bench/analytics-bench.ts [actors=150] [readings=6000]
 */
import { balance, blocs, buildNetwork, changes, dyadStates, evaluateSignModel, predict, xorshift } from '../src/analytics/index.js';
import { POLARITY, type Actor, type Relation, type RelationType } from '../src/types.js';

const nActors = Number(process.argv[2] ?? 150);
const nReadings = Number(process.argv[3] ?? 6000);
const rng = xorshift(1234);
const actors: Actor[] = Array.from({ length: nActors }, (_, i) => ({ id: `a${String(i).padStart(4, '0')}`, name: `Actor ${i}`, type: 'armed_group', aliases: [] }));
const camp = (i: number) => (i % 3 === 0 ? 0 : 1);
const day = (d: number) => new Date(Date.UTC(2012, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
const relations: Relation[] = [];
for (let k = 0; k < nReadings; k++) {
  const i = Math.floor(rng() * nActors);
  let j = Math.floor(rng() * (nActors - 1));
  if (j >= i) j++;
  const t = Math.floor(rng() * 1800);
  let positive = camp(i) === camp(j);
  if (t > 900 && (i % 10 === 0 || j % 10 === 0)) positive = !positive; // actors that switch sides
  if (rng() < 0.1) positive = !positive;
  const type: RelationType = positive ? (rng() < 0.6 ? 'ALLY' : 'SUPPORT') : rng() < 0.7 ? 'FIGHT' : 'OPPOSE';
  const end = (x: number) => ({ actor: actors[x]!.id, name: actors[x]!.name, text: actors[x]!.name, start: 0, end: 1 });
  relations.push({
    doc: `d${Math.floor(k / 5)}`, date: day(t), type, polarity: POLARITY[type], source: end(i), target: end(j),
    time: { start: day(t), end: day(t), text: null }, sentence: { index: 0, start: 0, end: 1, text: 'x' }, confidence: 0.5 + rng() * 0.5,
  });
}
const time = <T>(label: string, f: () => T): T => {
  const t0 = performance.now();
  const r = f();
  console.log(`${label.padEnd(28)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms`);
  return r;
};
const on = day(1800);
console.log(`${nActors} actors, ${nReadings} readings, on ${on}`);
const states = time('dyadStates', () => dyadStates(relations, on));
const g = time('buildNetwork', () => buildNetwork(relations, actors, on));
console.log(`  ${states.length} dyads, ${g.order} nodes, ${g.size} edges`);
const ch = time('changes (2 dates)', () => changes(relations, day(800), on));
console.log(`  ${ch.counts.flip} flips, ${ch.counts.new} new, ${ch.counts.ended} ended`);
const b = time('balance (1000 shuffles)', () => balance(g));
console.log(`  ${b.triads} triads, balanced ${b.balancedShare} vs null ${b.nullModel.mean} (z ${b.nullModel.z}); frustration ${b.frustration.lowerBound}..${b.frustration.index}`);
const bl = time('blocs', () => blocs(g));
console.log(`  ${bl.blocs.length} blocs, sizes ${bl.blocs.slice(0, 5).map((x) => x.members.length).join(', ')}; agreement ${bl.agreement}`);
const approx = time('sign model, approximate LOO', () => evaluateSignModel(g, { loo: 'approximate' }));
console.log(`  AUC ${approx.auc} (balance score ${approx.aucBalance})`);
if (g.size <= 1500) {
  const exact = time('sign model, exact LOO', () => evaluateSignModel(g, { loo: 'exact' }));
  console.log(`  AUC ${exact.auc}`);
}
const p = time('predict (pressure + model)', () => predict(g, { loo: 'approximate' }));
console.log(`  ${p.candidates} candidate pairs`);
