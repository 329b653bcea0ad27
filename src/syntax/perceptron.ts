/**
 * Hashed multi-class linear models. A feature is a bucket index (already hashed and masked);
 * a bucket holds one weight per class, contiguous (`bucket * nClasses + class`).
 *
 * Training uses Float32 weights and the usual lazy averaging (sum of `t * delta`); the final
 * model is averaged and quantised to Int16 with one scale per table.
 */

export class TrainTable {
  readonly w: Float32Array;
  readonly acc: Float64Array;
  t = 1;
  constructor(
    readonly bits: number,
    readonly nClasses: number,
  ) {
    const size = (1 << bits) * nClasses;
    this.w = new Float32Array(size);
    this.acc = new Float64Array(size);
  }

  get mask(): number {
    return (1 << this.bits) - 1;
  }

  /** Adds `delta` to class `c` of every feature bucket in `feats[0..n)`. */
  update(feats: Int32Array, n: number, c: number, delta: number): void {
    const nC = this.nClasses;
    const w = this.w;
    const acc = this.acc;
    const td = this.t * delta;
    for (let k = 0; k < n; k++) {
      const i = feats[k] * nC + c;
      w[i] += delta;
      acc[i] += td;
    }
  }

  tick(): void {
    this.t++;
  }

  /** Averaged weights, quantised. */
  finish(): QuantTable {
    const size = this.w.length;
    const avg = new Float32Array(size);
    let maxAbs = 0;
    const t = this.t;
    for (let i = 0; i < size; i++) {
      const v = this.w[i] - this.acc[i] / t;
      avg[i] = v;
      const a = v < 0 ? -v : v;
      if (a > maxAbs) maxAbs = a;
    }
    const scale = maxAbs > 0 ? 32000 / maxAbs : 1;
    const q = new Int16Array(size);
    for (let i = 0; i < size; i++) q[i] = Math.round(avg[i] * scale);
    return { bits: this.bits, nClasses: this.nClasses, w: q, scale };
  }
}

/** A trained (averaged, quantised) table. Scores are in units of `1/scale`. */
export interface QuantTable {
  readonly bits: number;
  readonly nClasses: number;
  readonly w: Int16Array;
  readonly scale: number;
}

/** Scores into `out[0..nC)` (zeroed first) with Float32 training weights. */
export function scoreF32(w: Float32Array, nC: number, feats: Int32Array, n: number, out: Float64Array): void {
  for (let c = 0; c < nC; c++) out[c] = 0;
  for (let k = 0; k < n; k++) {
    const base = feats[k] * nC;
    for (let c = 0; c < nC; c++) out[c] += w[base + c];
  }
}

/** Scores into `out[0..nC)` (zeroed first) with quantised weights. */
export function scoreI16(w: Int16Array, nC: number, feats: Int32Array, n: number, out: Float64Array): void {
  for (let c = 0; c < nC; c++) out[c] = 0;
  for (let k = 0; k < n; k++) {
    const base = feats[k] * nC;
    for (let c = 0; c < nC; c++) out[c] += w[base + c];
  }
}

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle with a seeded PRNG. */
export function shuffle<T>(xs: T[], rand: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = xs[i];
    xs[i] = xs[j];
    xs[j] = tmp;
  }
}
