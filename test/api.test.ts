/**
 * The HTTP API against a real server on loopback, over a store built by ingesting the demo corpus
 * with the default pipeline.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../src/ingest/index.js';
import { projectPath } from '../src/paths.js';
import { loadDefaultPipeline } from '../src/pipeline/default.js';
import { createApp, ignoredFile, startServer, userDictionaryFile, type RunningServer } from '../src/server/index.js';
import { openStore } from '../src/store/index.js';

const TOKEN = 'test-token-123';
const dir = mkdtempSync(join(tmpdir(), 'fl-api-'));
const db = join(dir, 'api.db');
let server: RunningServer;
let base: string;

async function api(path: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(base + path.replace(/^\//, ''), init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
const postJson = (path: string, body: unknown, headers: Record<string, string> = auth) =>
  api(path, { method: 'POST', headers, body: JSON.stringify(body) });

async function waitJob(id: string): Promise<any> {
  for (let i = 0; i < 200; i++) {
    const r = await api(`/api/ingest/jobs/${id}`);
    if (r.body.status === 'done' || r.body.status === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('job did not finish');
}

beforeAll(async () => {
  const store = await openStore(db);
  const { pipeline, dictionary } = loadDefaultPipeline({ warn: () => {} });
  await ingest([projectPath('demo', 'articles')], { store, pipeline, dictionary });
  await store.close();
  server = await startServer({ db, port: 0, token: TOKEN });
  base = server.url;
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('HTTP API: documentation and reads', () => {
  it('binds loopback and serves the OpenAPI document and a docs page', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await api('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    for (const p of ['/api/actors', '/api/actors/{id}', '/api/relations', '/api/dyads/{a}/{b}', '/api/network', '/api/changes', '/api/balance', '/api/blocs', '/api/predictions', '/api/candidates', '/api/candidates/review', '/api/ingest', '/api/export', '/api/stats']) {
      expect(r.body.paths[p], p).toBeDefined();
    }
    const docs = await api('/api/docs');
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('answers stats with counts and the date range', async () => {
    const r = await api('/api/stats');
    expect(r.body.articles).toBe(readdirSync(projectPath('demo', 'articles')).filter((f) => f.endsWith('.txt')).length);
    expect(r.body.relations).toBeGreaterThan(50);
    expect(r.body.range.start).toMatch(/^2012-/);
    expect(r.body.range.end).toMatch(/^2016-/);
  });

  it('searches actors by alias and pages the list', async () => {
    const r = await api('/api/actors?q=Nusra%20Front');
    expect(r.body.items[0].id).toBe('jabhat_al_nusra');
    const p1 = await api('/api/actors?limit=5');
    expect(p1.body.items).toHaveLength(5);
    expect(p1.body.next).toBe(5);
    const p2 = await api('/api/actors?limit=5&offset=5');
    expect(p2.body.items[0].id).not.toBe(p1.body.items[0].id);
  });

  it('shows an actor with aliases, allies and enemies on a date, and a timeline; 404 for an unknown one', async () => {
    const r = await api('/api/actors/islamic_state?on=2014-09-01');
    expect(r.status).toBe(200);
    expect(r.body.actor.aliases.length).toBeGreaterThan(3);
    expect(r.body.enemies.map((e: { id: string }) => e.id)).toContain('jabhat_al_nusra');
    expect(r.body.timeline.length).toBeGreaterThan(0);
    const missing = await api('/api/actors/no_such_actor');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('E_UNKNOWN_ACTOR');
  });

  it('filters relations by actor, type, polarity, dates and confidence, with pages', async () => {
    const r = await api('/api/relations?actor=islamic_state&type=fight&polarity=-1&from=2014-01-01&to=2016-12-31&minConfidence=0.1&limit=2');
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    for (const x of r.body.items) {
      expect(x.type).toBe('FIGHT');
      expect([x.source.actor, x.target.actor]).toContain('islamic_state');
    }
    const all = await api('/api/relations?limit=500');
    const pageA = await api('/api/relations?limit=3&offset=3');
    expect(pageA.body.items.map((x: { id: number }) => x.id)).toEqual(all.body.items.slice(3, 6).map((x: { id: number }) => x.id));
  });

  it('rejects bad input with a 400 that names the field', async () => {
    const cases: [string, string][] = [
      ['/api/relations?limit=0', 'limit'],
      ['/api/relations?limit=100000', 'limit'],
      ['/api/relations?type=HUG', 'type'],
      ['/api/relations?from=2014-02-30', 'from'],
      ['/api/network', 'on'],
      ['/api/network?on=2014-01-01&actorTypes=dragon', 'actorTypes'],
      ['/api/changes?from=2015-01-01&to=2014-01-01', 'to'],
      ['/api/export?format=pdf', 'format'],
      ['/api/relations?minConfidence=7', 'minConfidence'],
    ];
    for (const [path, field] of cases) {
      const r = await api(path);
      expect(r.status, path).toBe(400);
      expect(r.body.error.field, path).toBe(field);
      expect(r.body.error.message, path).toContain(field);
    }
  });

  it('gives the dyad timeline with evidence, actor words located in the sentence', async () => {
    const r = await api('/api/dyads/islamic_state/jabhat_al_nusra?on=2014-09-01');
    expect(r.status).toBe(200);
    expect(r.body.state.sign).toBe(-1);
    expect(r.body.readings.items.length).toBeGreaterThan(0);
    for (const x of r.body.readings.items) {
      expect(x.sentence.text.length).toBeGreaterThan(10);
      expect(x.article.id).toBe(x.doc);
      const [s, e] = x.highlight.source;
      expect(x.sentence.text.slice(s, e)).toBe(x.source.text);
    }
    expect(r.body.history.length).toBeGreaterThan(0);
  });

  it('builds the network on a date: the IS–Nusra edge changes sign over time', async () => {
    const edge = async (on: string) => {
      const r = await api(`/api/network?on=${on}&blocs=true`);
      expect(r.status).toBe(200);
      expect(r.body.nodes.every((n: { bloc?: number }) => typeof n.bloc === 'number')).toBe(true);
      return r.body.edges.find((e: { key: string }) => e.key === 'islamic_state|jabhat_al_nusra');
    };
    expect((await edge('2014-09-01'))?.sign).toBe(-1);
    expect((await edge('2016-06-01'))?.sign).toBe(1);
    const filtered = await api('/api/network?on=2014-09-01&actorTypes=state&relationTypes=FIGHT,OPPOSE&minConfidence=0.3');
    expect(filtered.body.nodes.every((n: { type: string }) => n.type === 'state')).toBe(true);
    expect(filtered.body.edges.every((e: { sign: number; confidence: number }) => e.sign === -1 && e.confidence >= 0.3)).toBe(true);
  });

  it('lists changes, balance, blocs and predictions', async () => {
    const ch = await api('/api/changes?from=2014-01-01&to=2015-01-01&limit=5');
    expect(ch.body.items.length).toBeGreaterThan(0);
    expect(ch.body.items[0].kind).toBe('flip');
    expect(ch.body.items[0].names).toHaveLength(2);
    const bal = await api('/api/balance?on=2015-06-01&samples=50');
    expect(bal.body.triads).toBeGreaterThanOrEqual(0);
    expect(bal.body.nullModel.samples).toBe(50);
    const bl = await api('/api/blocs?on=2015-06-01');
    expect(bl.body.blocs.length).toBeGreaterThan(0);
    const pr = await api('/api/predictions?on=2015-06-01&limit=3');
    expect(pr.body.items.length).toBeLessThanOrEqual(3);
    if (pr.body.items.length) expect(pr.body.items[0].explanation).toBeTypeOf('string');
  });

  it('sends no CORS headers and adds security headers', async () => {
    const r = await api('/api/stats', { headers: { Origin: 'http://evil.example' } });
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('HTTP API: exports', () => {
  it('exports GEXF and GraphML of the network on a date, and relations as CSV, JSONL and PLOVER CSV', async () => {
    const gexf = await api('/api/export?format=gexf&on=2014-09-01');
    expect(gexf.headers.get('content-disposition')).toContain('faultline-network-2014-09-01.gexf');
    const net = await api('/api/network?on=2014-09-01');
    expect((gexf.body as string).match(/<node /g)?.length).toBe(net.body.nodes.length);
    expect((gexf.body as string).match(/<edge /g)?.length).toBe(net.body.edges.length);
    expect(gexf.body).toContain('<attvalue for="sign" value="-1"/>');
    const gml = await api('/api/export?format=graphml&on=2014-09-01');
    expect((gml.body as string).match(/<edge /g)?.length).toBe(net.body.edges.length);
    const csv = await api('/api/export?format=csv');
    const stats = await api('/api/stats');
    expect((csv.body as string).startsWith('id,doc,date,type')).toBe(true);
    const jsonl = await api('/api/export?format=jsonl');
    const lines = (jsonl.body as string).trim().split('\n');
    expect(lines).toHaveLength(stats.body.relations);
    expect(JSON.parse(lines[0]!).source.actor).toBeTypeOf('string');
    const plover = await api('/api/export?format=plover');
    const [header, first] = (plover.body as string).split('\n');
    expect(header).toContain('event_type');
    expect(first).toMatch(/,(COOPERATE|AGREE|CONSULT|AID|ACCUSE|ASSAULT|REJECT),/);
  });
});

describe('HTTP API: changes need the token', () => {
  it('refuses writes without a token or with a wrong one', async () => {
    const none = await postJson('/api/candidates/review', { action: 'ignore', key: 'x' }, { 'Content-Type': 'application/json' });
    expect(none.status).toBe(401);
    expect(none.body.error.field).toBe('authorization');
    const wrong = await postJson('/api/candidates/review', { action: 'ignore', key: 'x' }, { Authorization: 'Bearer nope', 'Content-Type': 'application/json' });
    expect(wrong.status).toBe(401);
  });

  it('validates review bodies and limits their size', async () => {
    const bad = await postJson('/api/candidates/review', { action: 'accept', key: 'x', type: 'dragon' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('type');
    const extra = await postJson('/api/candidates/review', { action: 'ignore', key: 'x', sneaky: 1 });
    expect(extra.status).toBe(400);
    expect(extra.body.error.field).toBe('sneaky');
  });

  it('accepts, merges and ignores candidates, writing the user dictionary next to the database', async () => {
    const list = await api('/api/candidates?limit=100');
    expect(list.body.items.length).toBeGreaterThanOrEqual(3);
    const [c1, c2, c3] = list.body.items as { key: string; text: string }[];

    const acc = await postJson('/api/candidates/review', { action: 'accept', key: c1!.key, name: 'Test Brigade One', type: 'armed_group' });
    expect(acc.status).toBe(200);
    expect(acc.body.actor.id).toBe('test_brigade_one');
    expect(acc.body.mentions).toBeGreaterThan(0);
    const dict = readFileSync(userDictionaryFile(db), 'utf8');
    expect(dict).toContain('id: test_brigade_one');
    expect(dict).toContain(c1!.text);
    const net = await api('/api/network?on=2016-12-24');
    expect(net.body.nodes.find((n: { id: string }) => n.id === 'test_brigade_one')).toMatchObject({ reviewed: true, type: 'armed_group' });
    const detail = await api('/api/actors/test_brigade_one');
    expect(detail.body.reviewed).toBe(true);

    const merge = await postJson('/api/candidates/review', { action: 'merge', key: c2!.key, into: 'islamic_state' });
    expect(merge.status).toBe(200);
    expect(merge.body.actor.aliases).toContain(c2!.text);
    expect(readFileSync(userDictionaryFile(db), 'utf8')).toContain('id: islamic_state');

    const ign = await postJson('/api/candidates/review', { action: 'ignore', key: c3!.key });
    expect(ign.status).toBe(200);
    expect(existsSync(ignoredFile(db))).toBe(true);
    const after = await api('/api/candidates?limit=500');
    const keys = after.body.items.map((c: { key: string }) => c.key);
    expect(keys).not.toContain(c1!.key);
    expect(keys).not.toContain(c2!.key);
    expect(keys).not.toContain(c3!.key);

    const again = await postJson('/api/candidates/review', { action: 'ignore', key: 'no such candidate at all' });
    expect(again.status).toBe(404);
  });

  it('ingests posted JSON articles as a job with progress, and uploaded files', async () => {
    const before = (await api('/api/stats')).body.articles;
    const bad = await postJson('/api/ingest', { articles: [{ date: '2017-13-01', text: 'x' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('articles.0.date');
    const r = await postJson('/api/ingest', {
      articles: [{ id: 'api-1', date: '2017-02-01', title: 'Clashes', text: 'Hayat Tahrir al-Sham fighters clashed with Ahrar al-Sham near Idlib on Tuesday.' }],
    });
    expect(r.status).toBe(202);
    expect(r.body.total).toBe(1);
    const job = await waitJob(r.body.id);
    expect(job.status).toBe('done');
    expect(job.stored).toBe(1);

    const form = new FormData();
    form.append('files', new Blob(['date 2017-03-05\nTurkey and Russia agreed a ceasefire in Syria on Friday.\n']), 'upload-one.txt');
    form.append('files', new Blob([JSON.stringify({ id: 'u2', date: '2017-03-06', text: 'Iran armed Hezbollah.' }) + '\n{bad json\n']), 'more.jsonl');
    const up = await api('/api/ingest', { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` }, body: form });
    expect(up.status).toBe(202);
    const job2 = await waitJob(up.body.id);
    expect(job2.status).toBe('done');
    expect(job2.stored).toBe(2);
    expect(job2.rejected).toBe(1);
    expect((await api('/api/stats')).body.articles).toBe(before + 3);
    const stats = await api('/api/stats');
    expect(stats.body.range.end >= '2017-02-01').toBe(true);

    const wrongType = await api('/api/ingest', { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'text/plain' }, body: 'hello' });
    expect(wrongType.status).toBe(415);
  });
});

describe('HTTP API: limits', () => {
  it('refuses bodies over the size limit with 413', async () => {
    // Last test on this server: the server closes the connection after refusing the body.
    const big = await postJson('/api/candidates/review', { action: 'ignore', key: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('E_TOO_LARGE');
  });
});

describe('HTTP API: access on other hosts', () => {
  it('asks for the token on reads when reads are not open, and disables writes without a token', async () => {
    const store = await openStore(':memory:');
    const closed = createApp({ store, dbPath: join(dir, 'x.db'), token: 't', readAccess: 'token' });
    expect((await closed.request('/api/stats')).status).toBe(401);
    expect((await closed.request('/api/stats', { headers: { Authorization: 'Bearer t' } })).status).toBe(200);
    expect((await closed.request('/api/openapi.json')).status).toBe(200);
    const noToken = createApp({ store, dbPath: join(dir, 'x.db') });
    const w = await noToken.request('/api/candidates/review', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(w.status).toBe(403);
    await store.close();
  });
});
