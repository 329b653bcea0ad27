/**
 * Integer views of the words of one sentence: hashes of the normalised form, affixes and word
 * shape, computed from char codes into reusable typed arrays (no strings in the hot loop).
 */

/** 32-bit string hash of `s` lower-cased with digits folded to `0` (FNV-1a on char codes). */
export function normHash(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ normCode(s.charCodeAt(i)), 0x01000193);
  }
  return h;
}

/** Exact (case-sensitive) hash of a string. */
export function exactHash(s: string): number {
  let h = 0x2545f491 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

function normCode(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  if (c >= 48 && c <= 57) return 48;
  if (c === 0x2019 || c === 0x2018) return 39; // curly apostrophes as '
  if (c === 0x201c || c === 0x201d) return 34;
  return c;
}

function shapeClass(c: number): number {
  if (c >= 65 && c <= 90) return 88; // X
  if (c >= 97 && c <= 122) return 120; // x
  if (c >= 48 && c <= 57) return 100; // d
  if (c > 127) {
    if (c >= 0xc0 && c <= 0x24f) return c <= 0xde && c !== 0xd7 ? 88 : 120;
    return c;
  }
  return c;
}

/** Mixes up to three 32-bit values with a template id into one 32-bit hash. */
export function mix(t: number, a: number, b: number, c: number): number {
  let h = Math.imul(t + 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ a, 0xcc9e2d51);
  h = (h << 15) | (h >>> 17);
  h = Math.imul(h ^ b, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  h = Math.imul(h ^ c, 0xe6546b64);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}

export const FLAG_UPPER_INITIAL = 1;
export const FLAG_ALL_UPPER = 2;
export const FLAG_DIGIT = 4;
export const FLAG_HYPHEN = 8;
export const FLAG_PERIOD = 16;
export const FLAG_NO_ALNUM = 32;
export const FLAG_LOWER = 64;

/** Per-word integer features of one sentence, in growable reusable buffers. */
export class LexBuffer {
  n = 0;
  word = new Int32Array(64);
  exact = new Int32Array(64);
  suf1 = new Int32Array(64);
  suf2 = new Int32Array(64);
  suf3 = new Int32Array(64);
  suf4 = new Int32Array(64);
  pre1 = new Int32Array(64);
  pre2 = new Int32Array(64);
  pre3 = new Int32Array(64);
  shape = new Int32Array(64);
  flags = new Int32Array(64);
  len = new Int32Array(64);
  /** Tag-dictionary ambiguity class per word (−1 unknown; −2 past the end), see `setAmb`. */
  amb = new Int32Array(64);
  /** Word-cluster path per word (`path | 1 << 12`, so `clus >> (12 - k)` is the k-bit prefix; 0 unknown), see `setClusters`. */
  clus = new Int32Array(64);

  private grow(n: number): void {
    let cap = this.word.length;
    if (n <= cap) return;
    while (cap < n) cap *= 2;
    for (const k of ['word', 'exact', 'suf1', 'suf2', 'suf3', 'suf4', 'pre1', 'pre2', 'pre3', 'shape', 'flags', 'len', 'amb', 'clus'] as const) {
      this[k] = new Int32Array(cap);
    }
  }

  fill(words: readonly string[]): void {
    const n = words.length;
    this.grow(n + 3);
    this.n = n;
    for (let i = 0; i < n; i++) this.fillOne(i, words[i]);
  }

  /** Fills `amb` from a tag dictionary (normalised word hash → tag bitmask). */
  setAmb(dict: ReadonlyMap<number, number>): void {
    const n = this.n;
    const amb = this.amb;
    for (let i = 0; i < n; i++) amb[i] = dict.get(this.word[i]) ?? -1;
    amb[n] = -2;
    amb[n + 1] = -2;
  }

  /** Fills `clus` from a cluster table (normalised word hash → `path | 1 << 12`). */
  setClusters(table: ReadonlyMap<number, number>): void {
    const n = this.n;
    const cl = this.clus;
    for (let i = 0; i < n; i++) cl[i] = table.get(this.word[i]) ?? 0;
    cl[n] = 0;
    cl[n + 1] = 0;
  }

  private fillOne(i: number, s: string): void {
    const L = s.length;
    let h = 0x811c9dc5 | 0;
    let ex = 0x2545f491 | 0;
    let sh = 0x1234567 | 0;
    let last = -1;
    let run = 0;
    let flags = 0;
    let upper = 0;
    let alpha = 0;
    let p1 = 0, p2 = 0, p3 = 0;
    for (let k = 0; k < L; k++) {
      const c = s.charCodeAt(k);
      const nc = normCode(c);
      h = Math.imul(h ^ nc, 0x01000193);
      ex = Math.imul(ex ^ c, 0x01000193);
      if (k === 0) p1 = h;
      else if (k === 1) p2 = h;
      else if (k === 2) p3 = h;
      const sc = shapeClass(c);
      if (sc === last) run++;
      else run = 0;
      last = sc;
      if (run < 2) sh = Math.imul(sh ^ sc, 0x01000193);
      if (sc === 88) {
        upper++;
        alpha++;
        if (k === 0) flags |= FLAG_UPPER_INITIAL;
      } else if (sc === 120) {
        alpha++;
        flags |= FLAG_LOWER;
      } else if (sc === 100) flags |= FLAG_DIGIT;
      else if (c === 45) flags |= FLAG_HYPHEN;
      else if (c === 46) flags |= FLAG_PERIOD;
    }
    if (upper > 0 && upper === alpha) flags |= FLAG_ALL_UPPER;
    if ((flags & (FLAG_DIGIT | FLAG_LOWER)) === 0 && alpha === 0) flags |= FLAG_NO_ALNUM;
    if (L < 2) p2 = p1;
    if (L < 3) p3 = p2;
    this.word[i] = h;
    this.exact[i] = ex;
    this.pre1[i] = p1;
    this.pre2[i] = p2;
    this.pre3[i] = p3;
    this.shape[i] = sh;
    this.flags[i] = flags;
    this.len[i] = L;
    // Suffixes: hash the last k normalised chars.
    this.suf1[i] = suffixHash(s, 1);
    this.suf2[i] = suffixHash(s, 2);
    this.suf3[i] = suffixHash(s, 3);
    this.suf4[i] = suffixHash(s, 4);
  }
}

function suffixHash(s: string, k: number): number {
  const L = s.length;
  const from = L > k ? L - k : 0;
  let h = (0x3c6ef372 + k) | 0;
  for (let j = from; j < L; j++) h = Math.imul(h ^ normCode(s.charCodeAt(j)), 0x01000193);
  return h;
}
