/**
 * The job queue against a real PostgreSQL (`FAULTLINE_TEST_PG`), with a tiny stand-in pipeline
 * so that only the queue's own behaviour is under test: dedup at enqueue, idempotent
 * re-delivery, retries then parking with the reason, graceful stop.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoadedPipeline } from '../pipeline/default.js';
import { PostgresStore, parsePostgresUrl } from '../store/postgres-store.js';
import type { Actor, Article, ProcessedArticle } from '../types.js';
import { QUEUE_NAME, closeBoss, enqueueInputs, jobIdFor, openBoss, queueSchema, queueStatus, retryFailed, runWorker, sendArticles } from './index.js';

const PG = process.env.FAULTLINE_TEST_PG;
const schemas: string[] = [];

function freshUrl(): string {
  const schema = `fl_q_${randomBytes(5).toString('hex')}`;
  schemas.push(schema, `${schema}_queue`);
  const u = new URL(PG!);
  u.searchParams.set('schema', schema);
  return u.toString();
}

const ACTOR: Actor = { id: 'boomers', name: 'Boomers', type: 'armed_group', aliases: [] };

/** Stand-in pipeline: one sentence, one mention of `boomers`; throws on texts containing BOOM. */
function fakeLoad(): LoadedPipeline {
  return {
    dictionary: { actors: [ACTOR], get: (id) => (id === ACTOR.id ? ACTOR : undefined) },
    pipeline: {
      stages: ['fake'],
      timings: () => ({}),
      process(article: Article): ProcessedArticle {
        if (article.text.includes('BOOM')) throw new Error(`cannot process ${article.id}: BOOM`);
        return {
          article,
          sentences: [{ index: 0, start: 0, end: article.text.length, tokenStart: 0, tokenEnd: 1 }],
          tokens: { length: 1, start: Uint32Array.of(0), end: Uint32Array.of(article.text.length) },
          mentions: [{ sentence: 0, start: 0, end: 1, text: 'B', actor: 'boomers', via: 'dictionary', tokenStart: 0, tokenEnd: 1 }],
          relations: [],
        };
      },
    },
  } as LoadedPipeline;
}

const art = (id: string, text: string): Article => ({ id, date: '2015-03-01', text });

if (!PG) {
  describe('job queue', () => {
    it.skip('skipped: FAULTLINE_TEST_PG is not set (source .ci/pg-setup.sh to run against a real PostgreSQL)', () => undefined);
  });
} else {
  afterAll(async () => {
    const client = new pg.Client({ connectionString: parsePostgresUrl(PG).connectionString });
    await client.connect();
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await client.end();
  });

  describe('job queue', () => {
    it('job ids are derived from article ids (UUID layout)', () => {
      expect(jobIdFor('a')).toBe(jobIdFor('a'));
      expect(jobIdFor('a')).not.toBe(jobIdFor('b'));
      expect(jobIdFor('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('enqueues each article once; a worker drains the queue; re-delivered jobs store nothing twice', async () => {
      const url = freshUrl();
      const dir = mkdtempSync(join(tmpdir(), 'fl-queue-'));
      for (let i = 0; i < 6; i++) writeFileSync(join(dir, `2015-03-0${i + 1}-a${i}.txt`), `Article number ${i} about the Boomers.\n`);
      // A copy of article 0 under another name: same text, so a duplicate.
      writeFileSync(join(dir, '2015-03-09-copy.txt'), 'article number 0 about the  boomers.\n');
      const first = await enqueueInputs([dir], undefined, url);
      expect(first).toMatchObject({ read: 7, queued: 6, duplicates: 1, alreadyQueued: 0 });
      const again = await enqueueInputs([dir], undefined, url);
      expect(again).toMatchObject({ read: 7, queued: 0, alreadyQueued: 6, duplicates: 1 });

      const w = await runWorker({ pgUrl: url, untilIdle: true, pollSeconds: 0.1, load: fakeLoad, batchSize: 4 });
      expect(w).toMatchObject({ jobs: 6, stored: 6, duplicates: 0, failed: 0 });
      const store = new PostgresStore(url);
      expect(await store.stats()).toEqual({ articles: 6, sentences: 6, actors: 1, mentions: 6, relations: 0 });

      // Stored articles are not queued again.
      expect(await enqueueInputs([dir], undefined, url)).toMatchObject({ queued: 0, duplicates: 7 });

      // Re-delivery: the same article in new jobs (other job ids, as after a lost completion).
      const boss = await openBoss(url);
      const stored = (await store.listMentions({ limit: 1 }))[0]!.doc;
      const a = (await store.getArticle(stored))!;
      await boss.send(QUEUE_NAME, { article: a }, { id: randomUUID() });
      await boss.send(QUEUE_NAME, { article: a }, { id: randomUUID() });
      await closeBoss(boss);
      const w2 = await runWorker({ pgUrl: url, untilIdle: true, pollSeconds: 0.1, load: fakeLoad });
      expect(w2).toMatchObject({ jobs: 2, stored: 0, duplicates: 2 });
      expect(await store.stats()).toEqual({ articles: 6, sentences: 6, actors: 1, mentions: 6, relations: 0 });
      const st = await queueStatus(url);
      expect(st).toMatchObject({ queued: 0, active: 0, retry: 0, failed: 0, completed: 8 });
      await store.close();
    });

    it('two workers saving concurrently store each article once', async () => {
      const url = freshUrl();
      const boss = await openBoss(url);
      const arts = Array.from({ length: 40 }, (_, i) => art(`c${i}`, `Concurrent article ${i}.`));
      await sendArticles(boss, url, arts);
      // The same articles again under other job ids: both workers may get the same article.
      for (const a of arts) await boss.send(QUEUE_NAME, { article: a }, { id: randomUUID() });
      await closeBoss(boss);
      const [w1, w2] = await Promise.all([
        runWorker({ pgUrl: url, untilIdle: true, pollSeconds: 0.1, load: fakeLoad, batchSize: 3 }),
        runWorker({ pgUrl: url, untilIdle: true, pollSeconds: 0.1, load: fakeLoad, batchSize: 5, concurrency: 2 }),
      ]);
      expect(w1.jobs + w2.jobs).toBe(80);
      expect(w1.stored + w2.stored).toBe(40);
      expect(w1.duplicates + w2.duplicates).toBe(40);
      const store = new PostgresStore(url);
      expect(await store.stats()).toMatchObject({ articles: 40, mentions: 40, actors: 1 });
      await store.close();
    });

    it('a failing job is retried, then parked as failed with its reason; queue retry re-queues it', async () => {
      const url = freshUrl();
      const boss = await openBoss(url);
      await sendArticles(boss, url, [art('good', 'A good article.'), art('bad', 'This one goes BOOM.')], { retryLimit: 1, retryDelay: 1 });
      await boss.send(QUEUE_NAME, { nonsense: true }, { retryLimit: 0 });
      await closeBoss(boss);
      const w = await runWorker({ pgUrl: url, untilIdle: true, pollSeconds: 0.2, load: fakeLoad });
      expect(w).toMatchObject({ jobs: 1, stored: 1, failed: 3 }); // bad twice (try + 1 retry), nonsense once
      const st = await queueStatus(url);
      expect(st).toMatchObject({ queued: 0, retry: 0, active: 0, completed: 1, failed: 2 });
      const bad = st.failures.find((f) => f.article === 'bad');
      expect(bad).toMatchObject({ attempts: 2, reason: 'cannot process bad: BOOM' });
      expect(st.failures.find((f) => f.article === null)?.reason).toBe('job data has no article');
      expect(await retryFailed(url)).toBe(2);
      expect((await queueStatus(url)).retry).toBe(2);
    }, 60_000);

    it('stops gracefully when signalled: finishes the jobs in hand (the batch being processed and the one fetched ahead), leaves the rest queued', async () => {
      const url = freshUrl();
      const boss = await openBoss(url);
      await sendArticles(boss, url, Array.from({ length: 30 }, (_, i) => art(`s${i}`, `Slow article ${i}.`)));
      await closeBoss(boss);
      const ac = new AbortController();
      let processed = 0;
      const slowLoad = (): LoadedPipeline => {
        const base = fakeLoad();
        return {
          ...base,
          pipeline: {
            ...base.pipeline,
            process: (a: Article) => {
              processed++;
              if (processed === 3) ac.abort(); // the signal arrives mid-batch
              const until = Date.now() + 20;
              while (Date.now() < until) { /* busy, like the real pipeline */ }
              return base.pipeline.process(a);
            },
          },
        };
      };
      const w = await runWorker({ pgUrl: url, signal: ac.signal, load: slowLoad, batchSize: 5 });
      // the whole batch being processed, and the next one, fetched while it was processed; nothing more
      expect(w.jobs).toBe(10);
      const st = await queueStatus(url);
      expect(st).toMatchObject({ completed: 10, active: 0, queued: 20 });
      const store = new PostgresStore(url);
      expect((await store.stats()).articles).toBe(10);
      await store.close();
    });

    it('keeps the queue in its own schema next to the store schema', () => {
      expect(queueSchema('postgres://h/db')).toBe('pgboss');
      expect(queueSchema('postgres://h/db?schema=abc')).toBe('abc_queue');
    });
  });
}
