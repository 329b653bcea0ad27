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

  /** Averaged weights (Float32). */
  averaged(): Float32Array {
    const size = this.w.length;
    const avg = new Float32Array(size);
    const t = this.t;
    for (let i = 0; i < size; i++) avg[i] = this.w[i] - this.acc[i] / t;
    return avg;
  }

  /** Averaged weights, quantised. */
  finish(): QuantTable {
    return quantise(this.bits, this.nClasses, this.averaged());
  }
}

/** Quantises float weights to Int16 with one scale (the largest magnitude becomes 32000). */
export function quantise(bits: number, nClasses: number, avg: Float32Array): QuantTable {
  const size = avg.length;
  let maxAbs = 0;
  for (let i = 0; i < size; i++) {
    const a = avg[i] < 0 ? -avg[i] : avg[i];
    if (a > maxAbs) maxAbs = a;
  }
  const scale = maxAbs > 0 ? 32000 / maxAbs : 1;
  const q = new Int16Array(size);
  for (let i = 0; i < size; i++) q[i] = Math.round(avg[i] * scale);
  return { bits, nClasses, w: q, scale };
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

/**
 * Zeroes every single weight below `frac` of the table's largest (after `pruneRows`): in the
 * sparse run-time form fewer entries are stored and added.
 */
export function pruneEntries(t: QuantTable, frac: number): QuantTable {
  const T = Math.round(32000 * frac);
  const w = t.w.slice();
  for (let i = 0; i < w.length; i++) if (w[i] !== 0 && (w[i] < 0 ? -w[i] : w[i]) < T) w[i] = 0;
  return { ...t, w };
}

/** A trained (averaged, quantised) table, dense. Scores are in units of `1/scale`. */
export interface QuantTable {
  readonly bits: number;
  readonly nClasses: number;
  readonly w: Int16Array;
  readonly scale: number;
}

/**
 * The runtime form of a quantised table: only its non-zero rows are stored, in row order.
 * `index` holds two Int32 per group of 32 rows: the bitmap of the group's non-zero rows and the
 * packed position of its first one, so row `r`'s weights start at
 * `(index[2g + 1] + popcount(index[2g] & ((1 << (r & 31)) - 1))) * nClasses` in `w` (g = r >>> 5).
 * NOTE: shaped by performance: the weights in use fit the CPU caches far better than the dense
 * table (a third to a quarter of its size), and a zero row is skipped after one read of `index`.
 */
export interface PackedTable {
  readonly bits: number;
  readonly nClasses: number;
  readonly scale: number;
  readonly index: Int32Array;
  readonly w: Int16Array;
  /** Number of stored rows. */
  readonly rows: number;
}

/** The packed form of a dense table. */
export function pack(t: QuantTable): PackedTable {
  const bits = t.bits;
  const nRows = 1 << bits;
  const nC = t.nClasses;
  const index = new Int32Array(2 * ((nRows + 31) >>> 5));
  let rows = 0;
  for (let r = 0; r < nRows; r++) {
    if ((r & 31) === 0) index[2 * (r >>> 5) + 1] = rows;
    if (rowIsNonZero(t, r)) {
      index[2 * (r >>> 5)] |= 1 << (r & 31);
      rows++;
    }
  }
  const w = new Int16Array(rows * nC);
  let k = 0;
  for (let r = 0; r < nRows; r++) {
    if ((index[2 * (r >>> 5)] & (1 << (r & 31))) === 0) continue;
    w.set(t.w.subarray(r * nC, (r + 1) * nC), k * nC);
    k++;
  }
  return { bits, nClasses: nC, scale: t.scale, index, w, rows };
}

function rowIsNonZero(t: QuantTable, r: number): boolean {
  const base = r * t.nClasses;
  for (let c = 0; c < t.nClasses; c++) if (t.w[base + c] !== 0) return true;
  return false;
}

/** Builds a packed table from its stored rows (ascending row numbers) and their weights (`rows.length * nClasses`, row-major). */
export function packedFromRows(bits: number, nClasses: number, scale: number, rowIds: Uint32Array, w: Int16Array): PackedTable {
  const index = new Int32Array(2 * (((1 << bits) + 31) >>> 5));
  let g = 0;
  for (let i = 0; i < rowIds.length; i++) {
    const r = rowIds[i];
    const gr = r >>> 5;
    while (g <= gr) index[2 * g++ + 1] = i;
    index[2 * gr] |= 1 << (r & 31);
  }
  while (2 * g < index.length) index[2 * g++ + 1] = rowIds.length;
  return { bits, nClasses, scale, index, w, rows: rowIds.length };
}

/** The stored row numbers of a packed table, ascending. */
export function packedRowIds(t: PackedTable): Uint32Array {
  const out = new Uint32Array(t.rows);
  let k = 0;
  for (let g = 0; 2 * g < t.index.length; g++) {
    let m = t.index[2 * g];
    while (m !== 0) {
      const b = 31 - Math.clz32(m & -m);
      out[k++] = g * 32 + b;
      m &= m - 1;
    }
  }
  return out;
}

/** Scores into `out[0..nC)` (zeroed first) with Float32 training weights. */
export function scoreF32(w: Float32Array, nC: number, feats: Int32Array, n: number, out: Float64Array): void {
  for (let c = 0; c < nC; c++) out[c] = 0;
  for (let k = 0; k < n; k++) {
    const base = feats[k] * nC;
    for (let c = 0; c < nC; c++) out[c] += w[base + c];
  }
}

const starts = new Int32Array(4096);

/**
 * Where the stored rows of `feats[0..n)` start in `t.w`, into `starts`; returns how many are stored.
 * NOTE: branch-free and separate from the weight reads, so that the index reads (and then the
 * weight reads) of all features are independent and overlap in the CPU.
 */
function rowStarts(t: PackedTable, feats: Int32Array, n: number): number {
  const index = t.index;
  const nC = t.nClasses;
  const out = starts;
  let cnt = 0;
  for (let k = 0; k < n; k++) {
    const r = feats[k];
    const g = (r >>> 5) << 1;
    const m = index[g];
    const sh = r & 31;
    let x = m & ~(-1 << sh);
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    x = (x + (x >>> 4)) & 0x0f0f0f0f;
    out[cnt] = (index[g + 1] + (Math.imul(x, 0x01010101) >>> 24)) * nC;
    cnt += (m >>> sh) & 1;
  }
  return cnt;
}

/**
 * A quantised table with sparse rows (the run-time form of the many-class tables: a row of the
 * label table holds ~7 non-zero weights of 51). Row `r`'s entries are
 * `entries[offsets[r] .. offsets[r + 1])`, each `weight << 8 | class` (Int16 weight, class < 256).
 * NOTE: shaped by performance: a third of the bytes of a dense row, and only non-zero weights are added.
 */
export interface SparseTable {
  readonly bits: number;
  readonly nClasses: number;
  readonly scale: number;
  readonly offsets: Int32Array;
  readonly entries: Int32Array;
}

/**
 * Builds a sparse table from its stored rows (ascending row numbers) and their weights stored
 * class by class (`cols[c * rowIds.length + i]`: class `c` of row `rowIds[i]`; the file layout).
 */
export function sparseFromColumns(bits: number, nClasses: number, scale: number, rowIds: Uint32Array, cols: Int16Array): SparseTable {
  if (nClasses > 256) throw new Error('sparse table: at most 256 classes');
  const nRows = rowIds.length;
  const count = new Int32Array(nRows);
  for (let c = 0; c < nClasses; c++) {
    const base = c * nRows;
    for (let i = 0; i < nRows; i++) if (cols[base + i] !== 0) count[i]++;
  }
  const offsets = new Int32Array((1 << bits) + 1);
  const at = new Int32Array(nRows);
  let e = 0;
  let r = 0;
  for (let i = 0; i < nRows; i++) {
    const row = rowIds[i];
    while (r <= row) offsets[r++] = e;
    at[i] = e;
    e += count[i];
  }
  while (r < offsets.length) offsets[r++] = e;
  const entries = new Int32Array(e);
  for (let c = 0; c < nClasses; c++) {
    const base = c * nRows;
    for (let i = 0; i < nRows; i++) {
      const v = cols[base + i];
      if (v !== 0) entries[at[i]++] = (v << 8) | c;
    }
  }
  return { bits, nClasses, scale, offsets, entries };
}

/** The sparse form of a dense table. */
export function sparseFromDense(t: QuantTable): SparseTable {
  const nC = t.nClasses;
  const ids: number[] = [];
  for (let r = 0; r < 1 << t.bits; r++) if (rowIsNonZero(t, r)) ids.push(r);
  const cols = new Int16Array(ids.length * nC);
  for (let i = 0; i < ids.length; i++) for (let c = 0; c < nC; c++) cols[c * ids.length + i] = t.w[ids[i] * nC + c];
  return sparseFromColumns(t.bits, nC, t.scale, Uint32Array.from(ids), cols);
}

/** The stored rows of a sparse table (ascending) and their weights class by class (see `sparseFromColumns`). */
export function sparseToColumns(t: SparseTable): { rowIds: Uint32Array; cols: Int16Array } {
  const off = t.offsets;
  const ids: number[] = [];
  for (let r = 0; r + 1 < off.length; r++) if (off[r + 1] > off[r]) ids.push(r);
  const nRows = ids.length;
  const cols = new Int16Array(nRows * t.nClasses);
  for (let i = 0; i < nRows; i++) {
    for (let j = off[ids[i]]; j < off[ids[i] + 1]; j++) {
      const v = t.entries[j];
      cols[(v & 255) * nRows + i] = v >> 8;
    }
  }
  return { rowIds: Uint32Array.from(ids), cols };
}

/** Two sparse tables (same `bits`) side by side: class `c` of `b` becomes class `a.nClasses + c`. */
export function sparseSideBySide(a: SparseTable, b: SparseTable): SparseTable {
  if (a.bits !== b.bits) throw new Error('sparseSideBySide: tables of different sizes');
  if (a.nClasses + b.nClasses > 256) throw new Error('sparse table: at most 256 classes');
  const nA = a.nClasses;
  const offsets = new Int32Array(a.offsets.length);
  const entries = new Int32Array(a.entries.length + b.entries.length);
  const ao = a.offsets, bo = b.offsets;
  let e = 0;
  for (let r = 0; r + 1 < offsets.length; r++) {
    offsets[r] = e;
    for (let j = ao[r]; j < ao[r + 1]; j++) entries[e++] = a.entries[j];
    for (let j = bo[r]; j < bo[r + 1]; j++) entries[e++] = b.entries[j] + nA;
  }
  offsets[offsets.length - 1] = e;
  return { bits: a.bits, nClasses: nA + b.nClasses, scale: a.scale, offsets, entries };
}

const ends = new Int32Array(4096);

/**
 * The entry ranges of the rows of `feats[0..n)`, into `starts`/`ends`.
 * NOTE: all offsets first (independent reads that overlap in the CPU), then the entries.
 */
function rowRanges(t: SparseTable, feats: Int32Array, n: number): void {
  const off = t.offsets;
  for (let k = 0; k < n; k++) {
    const r = feats[k];
    starts[k] = off[r];
    ends[k] = off[r + 1];
  }
}

/** Adds the weights of the features `feats[0..n)` into `out[at + class]` (integers, exact). */
export function addSparse(t: SparseTable, feats: Int32Array, n: number, out: Int32Array, at: number): void {
  rowRanges(t, feats, n);
  const en = t.entries;
  for (let k = 0; k < n; k++) {
    const e = ends[k];
    for (let j = starts[k]; j < e; j++) {
      const v = en[j];
      out[at + (v & 255)] += v >> 8;
    }
  }
}

/**
 * For a table made by `sparseSideBySide` (each row's entries of the first table, then those of
 * the second, `split` = the first table's class count): adds only the first table's weights
 * (`second` false) or only the second's (`second` true; class `split + c` into `out[at + c]`).
 * Each row is walked from its own side's end and left at the first entry of the other side.
 */
export function addSparseSide(t: SparseTable, feats: Int32Array, n: number, split: number, second: boolean, out: Int32Array, at: number): void {
  rowRanges(t, feats, n);
  const en = t.entries;
  if (!second) {
    for (let k = 0; k < n; k++) {
      const e = ends[k];
      for (let j = starts[k]; j < e; j++) {
        const v = en[j];
        const c = v & 255;
        if (c >= split) break;
        out[at + c] += v >> 8;
      }
    }
  } else {
    const base = at - split;
    for (let k = 0; k < n; k++) {
      const b = starts[k];
      for (let j = ends[k] - 1; j >= b; j--) {
        const v = en[j];
        const c = v & 255;
        if (c < split) break;
        out[base + c] += v >> 8;
      }
    }
  }
}

/** Scores of a three-class table (parser transitions) into `out[0..3)`, summed in locals. */
export function score3(t: PackedTable, feats: Int32Array, n: number, out: Int32Array): void {
  const cnt = rowStarts(t, feats, n);
  const w = t.w;
  let a = 0, b = 0, c = 0;
  for (let k = 0; k < cnt; k++) {
    const base = starts[k];
    a += w[base];
    b += w[base + 1];
    c += w[base + 2];
  }
  out[0] = a;
  out[1] = b;
  out[2] = c;
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
