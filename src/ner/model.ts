/**
 * NER model: hashed linear emission scores over BIO labels + a first-order transition matrix,
 * decoded with constrained Viterbi (invalid BIO transitions are impossible), and the compact
 * binary file format.
 *
 * File layout (little endian):
 *   8 bytes  magic "FLNER\0\0\0"
 *   u32      FORMAT_VERSION
 *   u32      header length H, then H bytes of UTF-8 JSON (`ModelHeader`), zero-padded to 4 bytes
 *   f32[L*L] transition scores prev→cur, f32[L] start scores, f32[L] end scores
 *   u32 G,   then G × (u32 hash, u32 class bits): gazetteer
 *   u32 K,   then K × (u32 hash, u32 packed path): word clusters (format version ≥ 2)
 *   u8[B/8]  bitmap of non-zero weight rows (B = 2^log2Buckets)
 *   i8|i16   L weights for each non-zero row, in row order; real weight = q × scale
 */
import { FEATURE_VERSION, FeatureExtractor, type ClusterTable, type Gazetteer } from './features.js';

export const FORMAT_VERSION = 2;
const MAGIC = 'FLNER\0\0\0';

export interface ModelHeader {
  featureVersion: number;
  log2Buckets: number;
  labels: string[];
  dtype: 'int8' | 'int16';
  scale: number;
  note?: string;
}

/** BIO constraints: allowed[prev * L + cur], allowedStart[cur]. */
export function bioConstraints(labels: readonly string[]): { allowed: Uint8Array; allowedStart: Uint8Array } {
  const L = labels.length;
  const allowed = new Uint8Array(L * L);
  const allowedStart = new Uint8Array(L);
  for (let c = 0; c < L; c++) {
    const cur = labels[c];
    allowedStart[c] = cur.startsWith('I-') ? 0 : 1;
    for (let p = 0; p < L; p++) {
      const prev = labels[p];
      allowed[p * L + c] = !cur.startsWith('I-') || (prev !== 'O' && prev.slice(2) === cur.slice(2)) ? 1 : 0;
    }
  }
  return { allowed, allowedStart };
}

/** Reusable Viterbi decoder. */
export class Viterbi {
  private score = new Float64Array(0);
  private back = new Int32Array(0);
  constructor(
    readonly L: number,
    private readonly allowed: Uint8Array,
    private readonly allowedStart: Uint8Array,
  ) {}

  /** emit[i*L + l]; writes best labels into out[0..n). */
  decode(emit: Float32Array, n: number, trans: Float32Array, start: Float32Array, end: Float32Array, out: Int32Array): void {
    const L = this.L;
    if (n === 0) return;
    if (this.score.length < n * L) {
      this.score = new Float64Array(n * L * 2);
      this.back = new Int32Array(n * L * 2);
    }
    const score = this.score;
    const back = this.back;
    const allowed = this.allowed;
    for (let c = 0; c < L; c++) score[c] = this.allowedStart[c] ? start[c] + emit[c] : -Infinity;
    for (let i = 1; i < n; i++) {
      const base = i * L;
      const pbase = base - L;
      for (let c = 0; c < L; c++) {
        let best = -Infinity;
        let arg = 0;
        for (let p = 0; p < L; p++) {
          if (!allowed[p * L + c]) continue;
          const s = score[pbase + p] + trans[p * L + c];
          if (s > best) {
            best = s;
            arg = p;
          }
        }
        score[base + c] = best + emit[base + c];
        back[base + c] = arg;
      }
    }
    let best = -Infinity;
    let arg = 0;
    const lb = (n - 1) * L;
    for (let c = 0; c < L; c++) {
      const s = score[lb + c] + end[c];
      if (s > best) {
        best = s;
        arg = c;
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      out[i] = arg;
      arg = back[i * L + arg];
    }
  }
}

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/**
 * Forward–backward over the constrained BIO lattice (the CRF's view of the same scores Viterbi
 * decodes): fills log-space `alpha` and `beta` (n × L each, `alpha[i*L+l]` includes position i's
 * emission, `beta[i*L+l]` the scores after i) and returns log Z. Disallowed labels and
 * transitions get −∞. The marginal of label l at i is exp(alpha + beta − log Z); used by the
 * trainer's CRF runs (scripts/train-ner.ts).
 */
export function forwardBackward(
  emit: Float32Array,
  n: number,
  L: number,
  trans: Float32Array,
  start: Float32Array,
  end: Float32Array,
  allowed: Uint8Array,
  allowedStart: Uint8Array,
  alpha: Float64Array,
  beta: Float64Array,
): number {
  if (n === 0) return 0;
  for (let c = 0; c < L; c++) alpha[c] = allowedStart[c] ? start[c] + emit[c] : -Infinity;
  for (let i = 1; i < n; i++) {
    for (let c = 0; c < L; c++) {
      let acc = -Infinity;
      for (let p = 0; p < L; p++) if (allowed[p * L + c]) acc = logAdd(acc, alpha[(i - 1) * L + p] + trans[p * L + c]);
      alpha[i * L + c] = acc + emit[i * L + c];
    }
  }
  for (let c = 0; c < L; c++) beta[(n - 1) * L + c] = end[c];
  for (let i = n - 2; i >= 0; i--) {
    for (let p = 0; p < L; p++) {
      let acc = -Infinity;
      for (let c = 0; c < L; c++) if (allowed[p * L + c]) acc = logAdd(acc, trans[p * L + c] + emit[(i + 1) * L + c] + beta[(i + 1) * L + c]);
      beta[i * L + p] = acc;
    }
  }
  let logZ = -Infinity;
  for (let c = 0; c < L; c++) logZ = logAdd(logZ, alpha[(n - 1) * L + c] + end[c]);
  return logZ;
}

export interface LoadedWeights {
  header: ModelHeader;
  trans: Float32Array;
  start: Float32Array;
  end: Float32Array;
  gazetteer: Gazetteer;
  clusters: ClusterTable;
  /** Dense weights, B × L: quantised (real = q × scale), or float during training (scale 1). */
  q: Int8Array | Int16Array | Float32Array;
}

/** Serialises averaged float weights (B × L) into the compact format. */
export function encodeModel(
  header: Omit<ModelHeader, 'scale' | 'featureVersion'>,
  weights: ArrayLike<number>,
  trans: Float32Array,
  start: Float32Array,
  end: Float32Array,
  gazetteer: Gazetteer,
  clusters: ClusterTable,
): Buffer {
  const L = header.labels.length;
  const B = 1 << header.log2Buckets;
  let maxAbs = 0;
  for (let i = 0; i < weights.length; i++) {
    const a = Math.abs(weights[i]);
    if (a > maxAbs) maxAbs = a;
  }
  const qmax = header.dtype === 'int8' ? 127 : 32767;
  const scale = maxAbs > 0 ? maxAbs / qmax : 1;
  const bitmap = new Uint8Array(B >>> 3);
  const rowsQ: number[] = [];
  let nRows = 0;
  const qrow = new Int32Array(L);
  for (let r = 0; r < B; r++) {
    let nz = false;
    for (let l = 0; l < L; l++) {
      const q = Math.round(weights[r * L + l] / scale);
      qrow[l] = q;
      if (q !== 0) nz = true;
    }
    if (!nz) continue;
    bitmap[r >>> 3] |= 1 << (r & 7);
    nRows++;
    for (let l = 0; l < L; l++) rowsQ.push(qrow[l]);
  }
  const full: ModelHeader = { ...header, featureVersion: FEATURE_VERSION, scale };
  const json = Buffer.from(JSON.stringify(full), 'utf8');
  const jsonPadded = Math.ceil(json.length / 4) * 4;
  const gaz = [...gazetteer.entries()].sort((a, b) => a[0] - b[0]);
  const cls = [...clusters.entries()].sort((a, b) => a[0] - b[0]);
  const bytesPer = header.dtype === 'int8' ? 1 : 2;
  const size = 8 + 4 + 4 + jsonPadded + 4 * (L * L + 2 * L) + 4 + gaz.length * 8 + 4 + cls.length * 8 + bitmap.length + rowsQ.length * bytesPer;
  const buf = Buffer.alloc(size);
  let o = 0;
  buf.write(MAGIC, o, 'latin1');
  o += 8;
  buf.writeUInt32LE(FORMAT_VERSION, o);
  o += 4;
  buf.writeUInt32LE(json.length, o);
  o += 4;
  json.copy(buf, o);
  o += jsonPadded;
  for (const arr of [trans, start, end]) {
    for (let i = 0; i < arr.length; i++) {
      buf.writeFloatLE(arr[i], o);
      o += 4;
    }
  }
  buf.writeUInt32LE(gaz.length, o);
  o += 4;
  for (const table of [gaz, cls]) {
    if (table === cls) {
      buf.writeUInt32LE(cls.length, o);
      o += 4;
    }
    for (const [h, c] of table) {
      buf.writeUInt32LE(h >>> 0, o);
      buf.writeUInt32LE(c >>> 0, o + 4);
      o += 8;
    }
  }
  Buffer.from(bitmap.buffer, bitmap.byteOffset, bitmap.byteLength).copy(buf, o);
  o += bitmap.length;
  for (const q of rowsQ) {
    if (bytesPer === 1) buf.writeInt8(q, o);
    else buf.writeInt16LE(q, o);
    o += bytesPer;
  }
  if (o !== size) throw new Error(`model size mismatch ${o} != ${size}`);
  void nRows;
  return buf;
}

/** Parses a model file; throws a plain Error with the reason (index.ts wraps it). */
export function decodeModel(buf: Buffer): LoadedWeights {
  if (buf.length < 16 || buf.toString('latin1', 0, 8) !== MAGIC) throw new Error('not a Faultline NER model (bad magic)');
  let o = 8;
  const version = buf.readUInt32LE(o);
  o += 4;
  if (version !== FORMAT_VERSION) throw new Error(`model format version ${version}, this code reads version ${FORMAT_VERSION}`);
  const hlen = buf.readUInt32LE(o);
  o += 4;
  const header = JSON.parse(buf.toString('utf8', o, o + hlen)) as ModelHeader;
  o += Math.ceil(hlen / 4) * 4;
  if (header.featureVersion !== FEATURE_VERSION) {
    throw new Error(`model was trained with feature version ${header.featureVersion}, this code extracts version ${FEATURE_VERSION}`);
  }
  const L = header.labels.length;
  const B = 1 << header.log2Buckets;
  const readF = (n: number): Float32Array => {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      a[i] = buf.readFloatLE(o);
      o += 4;
    }
    return a;
  };
  const trans = readF(L * L);
  const start = readF(L);
  const end = readF(L);
  const g = buf.readUInt32LE(o);
  o += 4;
  const gazetteer: Gazetteer = new Map();
  for (let i = 0; i < g; i++) {
    gazetteer.set(buf.readUInt32LE(o), buf.readUInt32LE(o + 4));
    o += 8;
  }
  const kc = buf.readUInt32LE(o);
  o += 4;
  if (o + kc * 8 > buf.length) throw new Error('model file is truncated (cluster table)');
  const clusters: ClusterTable = new Map();
  for (let i = 0; i < kc; i++) {
    clusters.set(buf.readUInt32LE(o), buf.readUInt32LE(o + 4));
    o += 8;
  }
  const bitmap = buf.subarray(o, o + (B >>> 3));
  o += B >>> 3;
  const q = header.dtype === 'int8' ? new Int8Array(B * L) : new Int16Array(B * L);
  const bytesPer = header.dtype === 'int8' ? 1 : 2;
  for (let r = 0; r < B; r++) {
    if ((bitmap[r >>> 3] & (1 << (r & 7))) === 0) continue;
    for (let l = 0; l < L; l++) {
      q[r * L + l] = bytesPer === 1 ? buf.readInt8(o) : buf.readInt16LE(o);
      o += bytesPer;
    }
  }
  if (o !== buf.length) throw new Error('model file is truncated or has trailing bytes');
  return { header, trans, start, end, gazetteer, clusters, q };
}

/** Label ids → spans `[start, end)` with their type (label names `B-X` / `I-X`). */
export function labelsToSpans(labels: readonly string[], seq: Int32Array, n: number): { start: number; end: number; type: string }[] {
  const spans: { start: number; end: number; type: string }[] = [];
  let i = 0;
  while (i < n) {
    const name = labels[seq[i]];
    if (name === 'O') {
      i++;
      continue;
    }
    const type = name.slice(2);
    let j = i + 1;
    while (j < n && labels[seq[j]] === 'I-' + type) j++;
    spans.push({ start: i, end: j, type });
    i = j;
  }
  return spans;
}

/** Roles of a position's word in a token's features (FeatureExtractor.roleFeatures). */
const ROLES = 5;

/** Runtime tagger over quantised weights. */
export class QuantTagger {
  readonly labels: readonly string[];
  private readonly fx: FeatureExtractor;
  private readonly vit: Viterbi;
  private emit = new Float32Array(0);
  private acc = new Float64Array(0);
  private iacc = new Int32Array(0);
  private out = new Int32Array(0);
  /**
   * Per word-cache slot (the extractor's): for each role (the token itself, its neighbours at
   * -1, -2, +1, +2), the summed quantised weights (L each) of the features that depend on that
   * word alone; valid where `wdone[slot]` is 1 (reset when the extractor's cache is emptied).
   * `bsum` holds the same for the four sentence-boundary positions (constant). Integer sums, so
   * adding them first gives the same scores as adding feature by feature.
   */
  private wsum = new Int32Array(0);
  private wdone = new Uint8Array(0);
  private wgen = 0;
  private readonly bsum: Int32Array;
  private bdone = false;
  private readonly wfeats = new Int32Array(64);
  /**
   * Integer (quantised) weights: sums may be taken in any order. Float weights (training's dev
   * evaluation) are summed feature by feature in the extractor's order, as before, without the cache.
   */
  private readonly intWeights: boolean;

  constructor(private readonly w: LoadedWeights) {
    this.labels = w.header.labels;
    this.fx = new FeatureExtractor(w.header.log2Buckets, w.gazetteer, w.clusters.size > 0 ? w.clusters : null);
    const { allowed, allowedStart } = bioConstraints(this.labels);
    this.vit = new Viterbi(this.labels.length, allowed, allowedStart);
    const L = this.labels.length;
    this.acc = new Float64Array(L);
    this.iacc = new Int32Array(L);
    this.bsum = new Int32Array(4 * ROLES * L);
    this.intWeights = !(w.q instanceof Float32Array);
  }

  /** Sums the role features of shifted position `t` into dst[o + role * L] for every role. */
  private roleSums(t: number, dst: Int32Array, o: number, L: number): void {
    const q = this.w.q;
    const wf = this.wfeats;
    for (let role = 0; role < ROLES; role++) {
      const nf = this.fx.roleFeatures(t, role, wf);
      const ro = o + role * L;
      for (let l = 0; l < L; l++) dst[ro + l] = 0;
      for (let k = 0; k < nf; k++) {
        const row = wf[k] * L;
        for (let l = 0; l < L; l++) dst[ro + l] += q[row + l];
      }
    }
  }

  /** Makes sure wsum holds slot `slot`'s sums (its word is at shifted position t now). */
  private wordSum(slot: number, t: number, L: number): void {
    if (slot >= this.wdone.length) {
      const cap = Math.max(1024, (slot + 1) * 2);
      const d = new Uint8Array(cap);
      d.set(this.wdone);
      this.wdone = d;
      const g = new Int32Array(cap * ROLES * L);
      g.set(this.wsum);
      this.wsum = g;
    }
    if (this.wdone[slot]) return;
    this.roleSums(t, this.wsum, slot * ROLES * L, L);
    this.wdone[slot] = 1;
  }

  /** Adds role `role` of shifted position t (boundary or word) into acc. */
  private addRole(acc: Int32Array, t: number, n: number, role: number, slots: Int32Array, L: number): void {
    let src: Int32Array;
    let o: number;
    if (t < 2 || t >= n + 2) {
      src = this.bsum;
      o = ((t < 2 ? t : t - n) * ROLES + role) * L;
    } else {
      src = this.wsum;
      o = (slots[t - 2] * ROLES + role) * L;
    }
    for (let l = 0; l < L; l++) acc[l] += src[o + l];
  }

  /** Best label ids for `words` (valid for the next call only). */
  labelIds(words: readonly string[]): Int32Array {
    const n = words.length;
    const L = this.labels.length;
    if (this.emit.length < n * L) {
      this.emit = new Float32Array(n * L * 2);
      this.out = new Int32Array(n * 2);
    }
    if (n === 0) return this.out;
    const cached = this.intWeights;
    this.fx.extract(words, n, !cached);
    const feats = this.fx.feats;
    const offs = this.fx.offsets;
    const q = this.w.q;
    const scale = this.w.header.scale;
    const emit = this.emit;
    if (!cached) {
      const acc = this.acc;
      for (let i = 0; i < n; i++) {
        acc.fill(0);
        for (let k = offs[i], e = offs[i + 1]; k < e; k++) {
          const row = feats[k] * L;
          for (let l = 0; l < L; l++) acc[l] += q[row + l];
        }
        for (let l = 0; l < L; l++) emit[i * L + l] = acc[l] * scale;
      }
    } else {
      if (this.fx.generation !== this.wgen) {
        this.wgen = this.fx.generation;
        this.wdone.fill(0);
      }
      if (!this.bdone) {
        // boundary positions 0, 1, n + 2, n + 3 hold the same pseudo-words in every sentence
        for (let b = 0; b < 4; b++) this.roleSums(b < 2 ? b : n + b, this.bsum, b * ROLES * L, L);
        this.bdone = true;
      }
      const slots = this.fx.slots;
      for (let i = 0; i < n; i++) this.wordSum(slots[i], i + 2, L);
      const acc = this.iacc;
      for (let i = 0; i < n; i++) {
        const j = i + 2;
        const o = slots[i] * ROLES * L;
        const ws = this.wsum;
        for (let l = 0; l < L; l++) acc[l] = ws[o + l];
        this.addRole(acc, j - 1, n, 1, slots, L);
        this.addRole(acc, j - 2, n, 2, slots, L);
        this.addRole(acc, j + 1, n, 3, slots, L);
        this.addRole(acc, j + 2, n, 4, slots, L);
        for (let k = offs[i], e = offs[i + 1]; k < e; k++) {
          const row = feats[k] * L;
          for (let l = 0; l < L; l++) acc[l] += q[row + l];
        }
        for (let l = 0; l < L; l++) emit[i * L + l] = acc[l] * scale;
      }
    }
    this.vit.decode(emit, n, this.w.trans, this.w.start, this.w.end, this.out);
    return this.out;
  }
}
