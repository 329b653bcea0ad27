import { describe, expect, it } from 'vitest';
import { steadyFit } from './index.js';

describe('steadyFit', () => {
  it('reads the steady cost per sentence and the warm-up from a CPU curve', () => {
    // 2 CPU s of warm-up spent over the first 1,000 sentences, then 1 ms per sentence
    const curve: [number, number][] = [];
    for (let x = 250; x <= 10_000; x += 250) curve.push([x, x * 0.001 + (x >= 1000 ? 2 : (2 * x) / 1000)]);
    const f = steadyFit(curve)!;
    expect(f.slope).toBeCloseTo(0.001, 9);
    expect(f.warmup).toBeCloseTo(2, 6);
  });

  it('fits only the second half of the sentences', () => {
    // slow at first (3 ms per sentence up to 5,000), 1 ms after: the slope is the late one
    const curve: [number, number][] = [];
    for (let x = 500; x <= 10_000; x += 500) curve.push([x, x <= 5000 ? x * 0.003 : 15 + (x - 5000) * 0.001]);
    const f = steadyFit(curve)!;
    expect(f.slope).toBeCloseTo(0.001, 9);
    expect(f.warmup).toBeCloseTo(10, 6);
  });

  it('gives nothing for too few points', () => {
    expect(steadyFit([])).toBeUndefined();
    expect(steadyFit([[100, 1], [200, 2], [300, 3]])).toBeUndefined();
  });
});
