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

/**
 * Zeroes every row (feature bucket) whose largest weight is below `frac` of the table's largest
 * (i.e. `frac * 32000` in quantised units): a frequency/strength cutoff after training. Fewer
 * stored rows make the file smaller and loading faster; up to a point it also helps a little.
 */
export function pruneRows(t: QuantTable, frac: number): QuantTable {
  const T = Math.round(32000 * frac);
  const nC = t.nClasses;
  const w = t.w.slice();
  const rows = w.length / nC;
  for (let r = 0; r < rows; r++) {
    const base = r * nC;
    let mx = 0;
    for (let c = 0; c < nC; c++) {
      const v = w[base + c] < 0 ? -w[base + c] : w[base + c];
      if (v > mx) mx = v;
    }
    if (mx > 0 && mx < T) w.fill(0, base, base + nC);
  }
  return { ...t, w };
}

/** A trained (averaged, quantised) table. Scores are in units of `1/scale`. */
export interface QuantTable {
  readonly bits: number;
  readonly nClasses: number;
  readonly w: Int16Array;
  readonly scale: number;
  /** Bitmap of the non-zero rows (set when loaded): a zero row is skipped without touching `w`. */
  nz?: Uint32Array;
}

/** Builds the non-zero-row bitmap of a table. */
export function nonZeroRows(t: QuantTable): Uint32Array {
  const nC = t.nClasses;
  const rows = t.w.length / nC;
  const nz = new Uint32Array((rows + 31) >>> 5);
  for (let r = 0; r < rows; r++) {
    const base = r * nC;
    for (let c = 0; c < nC; c++) {
      if (t.w[base + c] !== 0) {
        nz[r >>> 5] |= 1 << (r & 31);
        break;
      }
    }
  }
  return nz;
}

/** Scores into `out[0..nC)` (zeroed first) with Float32 training weights. */
export function scoreF32(w: Float32Array, nC: number, feats: Int32Array, n: number, out: Float64Array): void {
  for (let c = 0; c < nC; c++) out[c] = 0;
  for (let k = 0; k < n; k++) {
    const base = feats[k] * nC;
    for (let c = 0; c < nC; c++) out[c] += w[base + c];
  }
}

const acc32 = new Int32Array(4096);

/**
 * Scores into `out[0..nC)` with quantised weights. Sums in integers (exact, so the same argmax
 * as summing in doubles); three classes (parser transitions) are summed in locals. Rows
 * marked zero in `nz` are skipped (fewer random reads into large tables).
 */
export function scoreI16(w: Int16Array, nC: number, feats: Int32Array, n: number, out: Float64Array, nz: Uint32Array): void {
  if (nC === 3) {
    let a = 0, b = 0, c = 0;
    for (let k = 0; k < n; k++) {
      const r = feats[k];
      if ((nz[r >>> 5] & (1 << (r & 31))) === 0) continue;
      const base = r * 3;
      a += w[base];
      b += w[base + 1];
      c += w[base + 2];
    }
    out[0] = a;
    out[1] = b;
    out[2] = c;
    return;
  }
  const s = acc32;
  for (let c = 0; c < nC; c++) s[c] = 0;
  for (let k = 0; k < n; k++) {
    const r = feats[k];
    if ((nz[r >>> 5] & (1 << (r & 31))) === 0) continue;
    const base = r * nC;
    for (let c = 0; c < nC; c++) s[c] += w[base + c];
  }
  for (let c = 0; c < nC; c++) out[c] = s[c];
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
