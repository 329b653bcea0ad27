/**
 * Binary model file: 8-byte magic, u32 format version, then a gzip-compressed payload
 * (JSON metadata, tag dictionary, four sparse quantised weight tables, word-cluster table).
 * Version 3 added the word-cluster table and cluster features.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LemmaData } from './lemma.js';
import { packedFromRows, packedRowIds, sparseFromColumns, sparseToColumns, type PackedTable, type SparseTable } from './perceptron.js';

export const MODEL_MAGIC = 'FLSYNTX1';
export const MODEL_VERSION = 3;
export const MODEL_FILE = 'syntax.bin';

export interface ModelMeta {
  labels: string[];
  /** Per UPOS id, the XPOS values the fine tagger chooses among (absent: no fine tags). */
  xposLists?: string[][];
  lemma: LemmaData;
  info: Record<string, unknown>;
}

export interface ModelData {
  meta: ModelMeta;
  dict: Map<number, number>;
  tagger: SparseTable;
  /** Second-pass tagger (sees the first pass's tags of the following words). */
  tagger2: SparseTable;
  trans: PackedTable;
  label: SparseTable;
  /** Word clusters: normalised word hash → `path | 1 << 12` (empty: no cluster features). */
  clusters: Map<number, number>;
  /** Fine (XPOS) tagger, or null. */
  xpos: SparseTable | null;
}

class Writer {
  private chunks: Buffer[] = [];
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    this.chunks.push(b);
  }
  f64(v: number): void {
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v);
    this.chunks.push(b);
  }
  bytes(b: Uint8Array): void {
    this.chunks.push(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  }
  done(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

class Reader {
  pos = 0;
  constructor(private readonly b: Buffer) {}
  u32(): number {
    const v = this.b.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  f64(): number {
    const v = this.b.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }
  take(n: number): Uint8Array {
    if (this.pos + n > this.b.length) throw new Error('truncated model file');
    const out = new Uint8Array(n);
    out.set(this.b.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }
}

/** A table as stored: its non-zero rows (ascending) and their weights class by class. */
interface StoredTable {
  bits: number;
  nClasses: number;
  scale: number;
  rowIds: Uint32Array;
  cols: Int16Array;
}

function stored(t: PackedTable | SparseTable): StoredTable {
  if ('offsets' in t) return { bits: t.bits, nClasses: t.nClasses, scale: t.scale, ...sparseToColumns(t) };
  const rowIds = packedRowIds(t);
  const nC = t.nClasses;
  const cols = new Int16Array(rowIds.length * nC);
  for (let c = 0; c < nC; c++) for (let i = 0; i < rowIds.length; i++) cols[c * rowIds.length + i] = t.w[i * nC + c];
  return { bits: t.bits, nClasses: nC, scale: t.scale, rowIds, cols };
}

function writeTable(w: Writer, table: PackedTable | SparseTable): void {
  const t = stored(table);
  const keep = t.rowIds;
  w.u32(t.bits);
  w.u32(t.nClasses);
  w.f64(t.scale);
  w.u32(keep.length);
  const deltas = new Uint32Array(keep.length);
  let prev = 0;
  for (let i = 0; i < keep.length; i++) {
    deltas[i] = keep[i] - prev;
    prev = keep[i];
  }
  w.bytes(new Uint8Array(deltas.buffer));
  // Column-major by class within the kept rows compresses better.
  w.bytes(new Uint8Array(t.cols.buffer, t.cols.byteOffset, t.cols.byteLength));
}

function readTable(r: Reader): StoredTable {
  const bits = r.u32();
  const nClasses = r.u32();
  const scale = r.f64();
  const nRows = r.u32();
  if (bits > 26 || nClasses > 4096 || nRows > 1 << bits) throw new Error('corrupt table header');
  const deltas = new Uint32Array(r.take(nRows * 4).buffer);
  const cols = new Int16Array(r.take(nRows * nClasses * 2).buffer);
  const rowIds = deltas;
  let row = 0;
  for (let i = 0; i < nRows; i++) {
    if (i > 0 && deltas[i] === 0) throw new Error('corrupt table rows');
    row += deltas[i];
    if (row >= 1 << bits) throw new Error('corrupt table rows');
    rowIds[i] = row;
  }
  return { bits, nClasses, scale, rowIds, cols };
}

function packedOf(t: StoredTable): PackedTable {
  const nR = t.rowIds.length;
  const nC = t.nClasses;
  const w = new Int16Array(nR * nC);
  for (let c = 0; c < nC; c++) for (let i = 0; i < nR; i++) w[i * nC + c] = t.cols[c * nR + i];
  return packedFromRows(t.bits, nC, t.scale, t.rowIds, w);
}

const sparseOf = (t: StoredTable): SparseTable => sparseFromColumns(t.bits, t.nClasses, t.scale, t.rowIds, t.cols);

export function encodeModel(m: ModelData): Buffer {
  const w = new Writer();
  const json = Buffer.from(JSON.stringify(m.meta), 'utf8');
  w.u32(json.length);
  w.bytes(json);
  const keys = [...m.dict.keys()].sort((a, b) => a - b);
  w.u32(keys.length);
  w.bytes(new Uint8Array(Int32Array.from(keys).buffer));
  w.bytes(new Uint8Array(Int32Array.from(keys.map((k) => m.dict.get(k)!)).buffer));
  writeTable(w, m.tagger);
  writeTable(w, m.tagger2);
  writeTable(w, m.trans);
  writeTable(w, m.label);
  const ck = [...m.clusters.keys()].sort((a, b) => a - b);
  w.u32(ck.length);
  w.bytes(new Uint8Array(Int32Array.from(ck).buffer));
  w.bytes(new Uint8Array(Int32Array.from(ck.map((k) => m.clusters.get(k)!)).buffer));
  writeTable(w, m.xpos ?? packedFromRows(0, 1, 1, new Uint32Array(0), new Int16Array(0)));
  const payload = gzipSync(w.done(), { level: 9 });
  const head = Buffer.alloc(12);
  head.write(MODEL_MAGIC, 0, 'latin1');
  head.writeUInt32LE(MODEL_VERSION, 8);
  return Buffer.concat([head, payload]);
}

/** Decodes a model file; throws a plain Error with a reason when it is not a usable model. */
export function decodeModel(file: Buffer): ModelData {
  if (file.length < 12 || file.toString('latin1', 0, 8) !== MODEL_MAGIC) throw new Error('not a Faultline syntax model (bad magic)');
  const version = file.readUInt32LE(8);
  if (version !== MODEL_VERSION) throw new Error(`syntax model version ${version}, expected ${MODEL_VERSION}; retrain with npm run train:syntax`);
  const r = new Reader(gunzipSync(file.subarray(12)));
  const meta = JSON.parse(Buffer.from(r.take(r.u32())).toString('utf8')) as ModelMeta;
  const n = r.u32();
  const keys = new Int32Array(r.take(n * 4).buffer);
  const vals = new Int32Array(r.take(n * 4).buffer);
  const dict = new Map<number, number>();
  for (let i = 0; i < n; i++) dict.set(keys[i], vals[i]);
  const tagger = sparseOf(readTable(r));
  const tagger2 = sparseOf(readTable(r));
  const trans = packedOf(readTable(r));
  const label = sparseOf(readTable(r));
  const nc = r.u32();
  const ckeys = new Int32Array(r.take(nc * 4).buffer);
  const cvals = new Int32Array(r.take(nc * 4).buffer);
  const clusters = new Map<number, number>();
  for (let i = 0; i < nc; i++) clusters.set(ckeys[i], cvals[i]);
  const xt = readTable(r);
  const xpos = meta.xposLists ? sparseOf(xt) : null;
  return { meta, dict, tagger, tagger2, trans, label, clusters, xpos };
}
