/**
 * Load test of the HTTP API's main read routes on a big store.
 *
 *   npx tsx bench/api-load.ts [--relations 100000] [--duration 10] [--connections 10] [--db file]
 *
 * Builds a SQLite store of ≥ 100,000 relations directly (generated ProcessedArticle records
 * through `store.saveArticles`, not the NLP pipeline), starts the server on 127.0.0.1 (port 0),
 * runs autocannon on each route for a bounded time, prints requests/s and p50/p99 latency, and
 * checks that every answer during the load was a 2xx and that the answers stay correct (a probe
 * compares each route's body to the one taken before the load, every 250 ms, during the load).
 * `buildBigStore` is also used by test/api-hostile.test.ts.
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadDictionary } from '../src/actors/dictionary.js';
import { startServer } from '../src/server/index.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { POLARITY, RELATION_TYPES, type Actor, type Mention, type ProcessedArticle, type Relation, type Sentence } from '../src/types.js';
import { mulberry32 as rng } from '../src/random.js';


const VERB: Record<string, string> = {
  ALLY: 'allied with', TRUCE: 'agreed a truce with', ENGAGE: 'held talks with', SUPPORT: 'armed', MEMBER_OF: 'joined',
  AFFILIATE_OF: 'pledged allegiance to', MEDIATE: 'mediated for', OPPOSE: 'condemned', FIGHT: 'attacked', SPLIT: 'broke with',
  ORIGIN: 'grew out of',
};

export interface BigStore {
  readonly articles: number;
  readonly relations: number;
  /** The actors used, most active first (a few are given most of the relations). */
  readonly actors: readonly Actor[];
  readonly seconds: number;
}

/**
 * Fills `store` with `relations` generated relations (10 per article, one sentence each, dates
 * 2011-2020) between `actorCount` actors of the built-in dictionary. Deterministic.
 */
export async function buildBigStore(store: SqliteStore, relations = 100_000, actorCount = 300): Promise<BigStore> {
  const t0 = performance.now();
  const rand = rng(42);
  const dictionary = loadDictionary();
  const actors = dictionary.actors.filter((a) => !a.reporter).slice(0, actorCount);
  await store.upsertActors(actors);
  // skewed choice: a few actors are in most relations, as in real news
  const pick = (): Actor => actors[Math.floor(actors.length * rand() ** 2.5)]!;
  const perArticle = 10;
  const nArticles = Math.ceil(relations / perArticle);
  const day0 = Date.UTC(2011, 0, 1);
  let made = 0;
  let batch: ProcessedArticle[] = [];
  for (let i = 0; i < nArticles; i++) {
    const date = new Date(day0 + Math.floor(rand() * 3650) * 86400_000).toISOString().slice(0, 10);
    const id = `gen-${String(i).padStart(6, '0')}`;
    let text = '';
    const sentences: Sentence[] = [];
    const mentions: Mention[] = [];
    const rels: Relation[] = [];
    for (let k = 0; k < perArticle && made < relations; k++, made++) {
      const a = pick();
      let b = pick();
      while (b.id === a.id) b = pick();
      const type = RELATION_TYPES[Math.floor(rand() * RELATION_TYPES.length)]!;
      const start = text.length;
      const sText = `${a.name} ${VERB[type]} ${b.name} (report ${i}.${k}).`;
      text += sText + ' ';
      const aStart = start, aEnd = start + a.name.length;
      const bStart = start + a.name.length + 1 + VERB[type]!.length + 1, bEnd = bStart + b.name.length;
      const tok = k * 3;
      sentences.push({ index: k, start, end: start + sText.length, tokenStart: tok, tokenEnd: tok + 3 });
      mentions.push(
        { sentence: k, start: aStart, end: aEnd, text: a.name, actor: a.id, via: 'dictionary', tokenStart: tok, tokenEnd: tok + 1 },
        { sentence: k, start: bStart, end: bEnd, text: b.name, actor: b.id, via: 'dictionary', tokenStart: tok + 2, tokenEnd: tok + 3 },
      );
      rels.push({
        doc: id, date, type, polarity: POLARITY[type],
        source: { actor: a.id, name: a.name, text: a.name, start: aStart, end: aEnd },
        target: { actor: b.id, name: b.name, text: b.name, start: bStart, end: bEnd },
        time: { start: date, end: date, text: null },
        sentence: { index: k, start, end: start + sText.length, text: sText },
        confidence: Math.round((0.5 + rand() * 0.5) * 100) / 100,
      });
    }
    const n = sentences.length * 3;
    batch.push({
      article: { id, date, text, title: `Generated report ${i}` },
      sentences,
      tokens: { length: n, start: new Uint32Array(n), end: new Uint32Array(n) },
      mentions,
      relations: rels,
    });
    if (batch.length === 500) {
      await store.saveArticles(batch);
      batch = [];
    }
  }
  if (batch.length) await store.saveArticles(batch);
  const s = await store.stats();
  return { articles: s.articles, relations: s.relations, actors, seconds: (performance.now() - t0) / 1000 };
}

interface RouteResult {
  readonly route: string;
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly wrong: number;
}

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}

async function main(): Promise<void> {
  const nRelations = Number(arg('relations', '100000'));
  const duration = Number(arg('duration', '10'));
  const connections = Number(arg('connections', '10'));
  const dir = mkdtempSync(join(tmpdir(), 'fl-load-'));
  const db = arg('db', join(dir, 'load.db'));
  const store = new SqliteStore(db);
  await store.init();
  let built: BigStore;
  if ((await store.stats()).relations < nRelations) {
    built = await buildBigStore(store, nRelations);
    console.log(`store: ${built.articles} articles, ${built.relations} relations, built in ${built.seconds.toFixed(1)} s`);
  } else {
    const s = await store.stats();
    // the most active actors first, as buildBigStore returns them
    const count = new Map<string, number>();
    for (const r of await store.listRelations({ limit: 20_000 })) {
      for (const id of [r.source.actor, r.target.actor]) count.set(id, (count.get(id) ?? 0) + 1);
    }
    const actors = (await store.listActors()).sort((x, y) => (count.get(y.id) ?? 0) - (count.get(x.id) ?? 0));
    built = { articles: s.articles, relations: s.relations, actors, seconds: 0 };
    console.log(`store: ${s.articles} articles, ${s.relations} relations (reused ${db})`);
  }
  const [a, b] = [built.actors[0]!, built.actors[1]!];
  const server = await startServer({ db, store, port: 0, token: 'load-test-token' });
  const base = server.url.replace(/\/$/, '');
  const routes = [
    '/api/stats',
    '/api/relations?limit=50',
    `/api/relations?actor=${a.id}&from=2015-01-01&to=2015-12-31&limit=50`,
    '/api/actors?q=state&limit=20',
    `/api/actors/${a.id}`,
    `/api/dyads/${a.id}/${b.id}?limit=20`,
    '/api/network?on=2016-01-01',
    '/api/changes?from=2015-01-01&to=2015-12-31&limit=50',
    '/api/blocs?on=2016-01-01',
    '/api/balance?on=2016-01-01&minConfidence=0.8',
  ];
  const results: RouteResult[] = [];
  try {
    // warm the workbench cache (the first request loads every relation)
    const tw = performance.now();
    await (await fetch(base + '/api/stats')).text();
    console.log(`first request (cache load): ${((performance.now() - tw) / 1000).toFixed(2)} s`);
    for (const route of routes) {
      // The first request computes the answer (a 503 after the time budget: the computation goes
      // on and its answer is kept), the next ones are served from the cache.
      const t1 = performance.now();
      let first = await fetch(base + route);
      let refusals = 0;
      while (first.status === 503 && performance.now() - t1 < 120_000) {
        refusals++;
        await first.text();
        await new Promise((res) => setTimeout(res, 500));
        first = await fetch(base + route);
      }
      const expected = await first.text();
      const single = performance.now() - t1;
      let wrong = 0;
      let probing = true;
      const probe = (async () => {
        while (probing) {
          const r = await fetch(base + route);
          if (r.status !== 200 || (await r.text()) !== expected) wrong++;
          await new Promise((res) => setTimeout(res, 250));
        }
      })();
      const r = await autocannon({ url: base + route, connections, duration, timeout: 30 });
      probing = false;
      await probe;
      const res: RouteResult = {
        route, requests: r.requests.total, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99,
        non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, wrong,
      };
      results.push(res);
      console.log(`${route}: ${res.rps.toFixed(0)} req/s, p50 ${res.p50} ms, p99 ${res.p99} ms, ${res.requests} requests, non-2xx ${res.non2xx}, errors ${res.errors}, wrong answers ${wrong} (first answer ${single.toFixed(0)} ms${refusals ? ` after ${refusals} 503` : ''})`);
    }
    const health = await fetch(base + '/api/health');
    console.log(`after the load: /api/health ${health.status}`);
    console.log('\n| route | req/s | p50 ms | p99 ms | requests | non-2xx | errors | wrong |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const x of results) {
      console.log(`| \`${x.route.replace(a.id, '{a}').replace(b.id, '{b}')}\` | ${x.rps.toFixed(0)} | ${x.p50} | ${x.p99} | ${x.requests} | ${x.non2xx} | ${x.errors + x.timeouts} | ${x.wrong} |`);
    }
    const bad = results.filter((x) => x.non2xx || x.errors || x.timeouts || x.wrong);
    if (bad.length || health.status !== 200) process.exitCode = 1;
  } finally {
    await server.close();
    await store.close();
    if (!process.argv.includes('--db')) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
