import { describe, expect, it } from 'vitest';
import { JobPool, type JobRunner } from '../scripts/job-pool.js';
import { foldSplit, gatherTokens, scatterTokens } from '../scripts/train-syntax-jobs.js';

/** A runner that records the jobs it starts and finishes each after `delay(job)` ms. */
class FakeRunner implements JobRunner<number, number> {
  constructor(
    private readonly started: number[],
    private readonly delay: (job: number) => number,
  ) {}
  run(job: number): Promise<number> {
    this.started.push(job);
    if (job < 0) return Promise.reject(new Error(`bad job ${job}`));
    return new Promise((resolve) => setTimeout(() => resolve(job * job), this.delay(job)));
  }
  async close(): Promise<void> {}
}

describe('JobPool', () => {
  it('starts queued jobs by priority, then submission order', async () => {
    const started: number[] = [];
    const pool = new JobPool([new FakeRunner(started, () => 1)]);
    const results = await Promise.all([pool.submit(1, 5), pool.submit(2, 0), pool.submit(3, 5), pool.submit(4, 1)]);
    expect(results).toEqual([1, 4, 9, 16]);
    expect(started).toEqual([2, 4, 1, 3]);
    await pool.close();
  });

  it('gives each job its own result whatever the number of runners and finishing order', async () => {
    const jobs = Array.from({ length: 12 }, (_, i) => i);
    for (const size of [1, 2, 3]) {
      const started: number[] = [];
      // Later jobs finish first on some runners: completion order differs from submission order.
      const pool = new JobPool(Array.from({ length: size }, () => new FakeRunner(started, (j) => 12 - j)));
      const out = await Promise.all(jobs.map((j) => pool.submit(j, 0)));
      expect(out).toEqual(jobs.map((j) => j * j));
      expect([...started].sort((a, b) => a - b)).toEqual(jobs);
      await pool.close();
    }
  });

  it('runs jobs submitted after others finished, and passes errors on without stopping', async () => {
    const started: number[] = [];
    const pool = new JobPool([new FakeRunner(started, () => 1), new FakeRunner(started, () => 1)]);
    await expect(pool.submit(-1, 0)).rejects.toThrow('bad job -1');
    const first = await Promise.all([pool.submit(2, 0), pool.submit(3, 0)]);
    const second = await pool.submit(first[0] + first[1], 0);
    expect(second).toBe(169);
    await pool.close();
  });

  it('refuses to close while jobs run', async () => {
    const pool = new JobPool([new FakeRunner([], () => 5)]);
    const p = pool.submit(1, 0);
    await new Promise((r) => setImmediate(r));
    await expect(pool.close()).rejects.toThrow('still queued or running');
    await p;
    await pool.close();
  });
});

describe('jackknife folds', () => {
  it('splits items into disjoint folds covering all', () => {
    const seen = new Int32Array(11);
    for (let f = 0; f < 3; f++) {
      const { held, rest } = foldSplit(11, 3, f);
      expect(held.length + rest.length).toBe(11);
      for (const i of held) {
        expect(i % 3).toBe(f);
        seen[i]++;
      }
      expect(rest.every((i) => i % 3 !== f)).toBe(true);
    }
    expect([...seen]).toEqual(new Array(11).fill(1));
  });

  it('scatters the folds’ token tags back to exactly where gatherTokens took them from', () => {
    // Items of 2, 0, 3, 1 and 4 tokens.
    const offsets = Int32Array.from([0, 2, 2, 5, 6, 10]);
    const flat = Int32Array.from({ length: 10 }, (_, i) => 100 + i);
    const back = new Int32Array(10);
    for (let f = 0; f < 2; f++) {
      const { held } = foldSplit(5, 2, f);
      const part = gatherTokens(flat, offsets, held);
      expect(part.length).toBe(held.reduce((t, i) => t + offsets[i + 1] - offsets[i], 0));
      scatterTokens(part, back, offsets, held);
    }
    expect([...back]).toEqual([...flat]);
    expect(() => scatterTokens(new Int32Array(3), back, offsets, [0])).toThrow('3 tags for 2 tokens');
  });
});
