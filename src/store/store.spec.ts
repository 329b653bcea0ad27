/**
 * The one spec every Store implementation passes (run by `sqlite-store.test.ts`, and by the
 * PostgreSQL store's test when a server is available).
 */
import { describe, expect, it } from 'vitest';
import type { Actor, Mention, ProcessedArticle, Relation, RelationType } from '../types.js';
import { POLARITY } from '../types.js';
import type { Store } from './store.js';

const actor = (id: string, type: Actor['type'] = 'armed_group'): Actor => ({ id, name: id.replace(/_/g, ' '), type, aliases: [`${id} alias`] });

function rel(doc: string, date: string, type: RelationType, s: string, t: string, start = date, end = date): Relation {
  return {
    doc, date, type, polarity: POLARITY[type],
    source: { actor: s, name: s, text: s, start: 0, end: 1 },
    target: { actor: t, name: t, text: t, start: 2, end: 3 },
    time: { start, end, text: start === date ? null : 'last year' },
    sentence: { index: 0, start: 0, end: 10, text: `${s} ${type} ${t}` },
    confidence: 0.8,
  };
}

function article(id: string, date: string, text: string, relations: Relation[] = [], mentions: Mention[] = []): ProcessedArticle {
  return {
    article: { id, date, text, title: `title ${id}` },
    sentences: [{ index: 0, start: 0, end: text.length, tokenStart: 0, tokenEnd: 2 }],
    tokens: { length: 2, start: Uint32Array.of(0, 2), end: Uint32Array.of(1, 3) },
    mentions,
    relations,
  };
}

const mention = (actorId: string | null, text: string, via: Mention['via'] = 'dictionary'): Mention => ({
  sentence: 0, start: 0, end: text.length, text, actor: actorId, via, tokenStart: 0, tokenEnd: 1, ...(via === 'candidate' ? { entity: 'ORG' as const } : {}),
});

export function runStoreSpec(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store spec: ${name}`, () => {
    it('starts empty and migrates idempotently', async () => {
      const s = await makeStore();
      await s.init();
      expect(await s.stats()).toEqual({ articles: 0, sentences: 0, actors: 0, mentions: 0, relations: 0 });
      await s.close();
    });

    it('stores articles with sentences, mentions and relations, and reads them back', async () => {
      const s = await makeStore();
      await s.upsertActors([actor('a'), actor('b'), actor('c', 'state')]);
      const r = await s.saveArticles([
        article('d1', '2014-01-05', 'A fought B.', [rel('d1', '2014-01-05', 'FIGHT', 'a', 'b')], [mention('a', 'A'), mention('b', 'B')]),
        article('d2', '2014-06-01', 'A and B made a truce.', [rel('d2', '2014-06-01', 'TRUCE', 'a', 'b'), rel('d2', '2014-06-01', 'SUPPORT', 'c', 'a', '2013-01-01', '2013-12-31')]),
      ]);
      expect(r).toEqual({ stored: 2, duplicates: 0, relations: 3, mentions: 2 });
      expect(await s.stats()).toEqual({ articles: 2, sentences: 2, actors: 3, mentions: 2, relations: 3 });
      const all = await s.listRelations();
      expect(all.map((x) => x.type)).toEqual(['SUPPORT', 'FIGHT', 'TRUCE']);
      expect(all[1]).toMatchObject({ doc: 'd1', source: { actor: 'a' }, target: { actor: 'b' }, polarity: -1, time: { text: null } });
      expect((await s.getArticle('d2'))?.title).toBe('title d2');
      expect((await s.getActor('c'))?.type).toBe('state');
      await s.close();
    });

    it('filters relations by actor, pair, type, dates, confidence and pages', async () => {
      const s = await makeStore();
      await s.saveArticles([
        article('d1', '2014-01-05', 'x', [rel('d1', '2014-01-05', 'FIGHT', 'a', 'b'), rel('d1', '2014-01-05', 'ALLY', 'a', 'c')]),
        article('d2', '2015-01-05', 'y', [rel('d2', '2015-01-05', 'FIGHT', 'b', 'c')]),
      ]);
      expect((await s.listRelations({ actor: 'a' })).length).toBe(2);
      expect((await s.listRelations({ actor: 'b', other: 'a' })).length).toBe(1);
      expect((await s.listRelations({ type: 'FIGHT' })).length).toBe(2);
      expect((await s.listRelations({ type: ['FIGHT', 'ALLY'] })).length).toBe(3);
      expect((await s.listRelations({ polarity: 1 })).length).toBe(1);
      expect((await s.listRelations({ from: '2014-06-01' })).map((r) => r.doc)).toEqual(['d2']);
      expect((await s.listRelations({ to: '2014-06-01' })).length).toBe(2);
      expect((await s.listRelations({ minConfidence: 0.9 })).length).toBe(0);
      expect((await s.listRelations({ limit: 2 })).length).toBe(2);
      expect((await s.listRelations({ limit: 2, offset: 2 })).length).toBe(1);
      expect((await s.listRelations({ doc: 'd2' })).length).toBe(1);
      await s.close();
    });

    it('gives the relation version and a summary (range, types, activity) computed in the database', async () => {
      const s = await makeStore();
      expect(await s.relationVersion()).toEqual({ count: 0, maxId: 0 });
      expect(await s.relationSummary()).toEqual({ count: 0, maxId: 0, start: null, end: null, types: {}, activity: {} });
      await s.saveArticles([
        article('d1', '2014-01-05', 'x', [rel('d1', '2014-01-05', 'FIGHT', 'a', 'b'), rel('d1', '2014-01-05', 'ALLY', 'a', 'c')]),
        article('d2', '2015-01-05', 'y', [rel('d2', '2015-01-05', 'FIGHT', 'b', 'c', '2013-02-01', '2013-03-01')]),
      ]);
      const v = await s.relationVersion();
      expect(v.count).toBe(3);
      expect(v.maxId).toBe(Math.max(...(await s.listRelations()).map((r) => r.id)));
      expect(await s.relationSummary()).toEqual({
        ...v, start: '2013-02-01', end: '2014-01-05', types: { FIGHT: 2, ALLY: 1 }, activity: { a: 2, b: 2, c: 2 },
      });
      await s.saveArticles([article('d3', '2016-01-05', 'z', [rel('d3', '2016-01-05', 'TRUCE', 'a', 'b')])]);
      const w = await s.relationVersion();
      expect(w.count).toBe(4);
      expect(w.maxId).toBeGreaterThan(v.maxId);
      await s.close();
    });

    it('stores nothing twice: same id, or same normalised text under another id', async () => {
      const s = await makeStore();
      const first = await s.saveArticles([article('d1', '2014-01-05', 'Some  Text here.', [rel('d1', '2014-01-05', 'FIGHT', 'a', 'b')])]);
      expect(first.stored).toBe(1);
      const again = await s.saveArticles([
        article('d1', '2014-01-05', 'Some Text here.'),
        article('other-id', '2014-01-05', 'some text   HERE.', [rel('other-id', '2014-01-05', 'FIGHT', 'a', 'b')]),
      ]);
      expect(again).toEqual({ stored: 0, duplicates: 2, relations: 0, mentions: 0 });
      expect((await s.stats()).relations).toBe(1);
      expect(await s.hasArticle('d1')).toBe(true);
      expect(await s.hasArticle('nope')).toBe(false);
      await s.close();
    });

    it('a batch is one transaction: a failing batch stores nothing of itself and keeps what was stored before', async () => {
      const s = await makeStore();
      await s.saveArticles([article('ok', '2014-01-05', 'kept', [rel('ok', '2014-01-05', 'FIGHT', 'a', 'b')])]);
      const bad = article('bad2', '2014-01-06', 'second', [rel('bad2', '2014-01-06', 'FIGHT', 'a', 'b')]);
      // A relation with a missing (null) actor violates NOT NULL in the middle of the batch.
      const broken = { ...bad, relations: [{ ...bad.relations[0]!, source: { ...bad.relations[0]!.source, actor: null as unknown as string } }] };
      await expect(s.saveArticles([article('new1', '2014-01-06', 'first new'), broken])).rejects.toThrow();
      const st = await s.stats();
      expect(st.articles).toBe(1);
      expect(st.relations).toBe(1);
      expect(await s.hasArticle('new1')).toBe(false);
      await s.close();
    });

    it('lists mentions, candidates, and reassigns candidate mentions to an actor', async () => {
      const s = await makeStore();
      await s.saveArticles([
        article('d1', '2014-01-05', 'Liwa Foo attacked.', [], [mention(null, 'Liwa Foo', 'candidate'), mention('a', 'A')]),
        article('d2', '2014-02-05', 'Liwa Foo again.', [], [mention(null, 'Liwa Foo', 'candidate')]),
      ]);
      const cands = await s.listCandidates(10);
      expect(cands).toHaveLength(1);
      expect(cands[0]).toMatchObject({ key: 'liwa foo', count: 2, first: '2014-01-05', last: '2014-02-05' });
      expect(cands[0]!.examples.length).toBeGreaterThan(0);
      expect((await s.listMentions({ doc: 'd1' })).length).toBe(2);
      expect(await s.reassignMentions({ text: 'liwa foo' }, 'liwa_foo')).toBe(2);
      expect((await s.listMentions({ actor: 'liwa_foo' })).length).toBe(2);
      expect(await s.listCandidates(10)).toHaveLength(0);
      await s.close();
    });
  });
}
