/**
 * Hashed feature extraction for the NER tagger. Shared by training and inference, so any change
 * here must bump FEATURE_VERSION (the model file records it and the loader checks it).
 *
 * No object is allocated per token: per-token hashes (lower-cased word, exact word, shape, short
 * shape, prefixes, suffixes, cue class) are computed char by char into reused typed arrays, and
 * feature ids are integer mixes of a template id with those hashes.
 */

export const FEATURE_VERSION = 5;

/** 32-bit mix (murmur3 finaliser style). */
function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca77);
  h ^= h >>> 13;
  return h;
}

const FNV = 0x811c9dc5;

function fnv(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

function lowerCode(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  if (c < 128) return c;
  return String.fromCharCode(c).toLowerCase().charCodeAt(0);
}

function isUpper(c: number): boolean {
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  const s = String.fromCharCode(c);
  return s !== s.toLowerCase();
}

function isLower(c: number): boolean {
  if (c >= 97 && c <= 122) return true;
  if (c < 128) return false;
  const s = String.fromCharCode(c);
  return s !== s.toUpperCase();
}

/** Hash of a lower-cased string (same as the per-token `low` hash). */
export function hashLower(s: string): number {
  let h = FNV;
  for (let i = 0; i < s.length; i++) h = fnv(h, lowerCode(s.charCodeAt(i)));
  return h >>> 0;
}

/** Cue classes (head nouns and titles that signal a name next to them). */
export const CUE_NONE = 0;
export const CUE_ORG = 1;
export const CUE_PER = 2;
export const CUE_LOC = 3;
export const CUE_PARTICLE = 4;
export const CUE_MONTHDAY = 5;

const ORG_CUES = [
  'front', 'brigade', 'brigades', 'movement', 'army', 'jabhat', 'harakat', 'liwa', 'ansar', 'jaysh', 'jaish', 'katiba', 'katibat',
  'party', 'council', 'forces', 'force', 'ministry', 'battalion', 'battalions', 'corps', 'committee', 'union', 'organization',
  'organisation', 'group', 'company', 'inc', 'inc.', 'corp', 'corp.', 'ltd', 'ltd.', 'llc', 'co.', 'university', 'college',
  'association', 'institute', 'bank', 'agency', 'department', 'commission', 'league', 'alliance', 'coalition', 'division',
  'regiment', 'police', 'court', 'church', 'foundation', 'society', 'federation', 'authority', 'administration', 'office',
  'services', 'network', 'news', 'times', 'post', 'press', 'airlines', 'club', 'team', 'guard', 'guards', 'militia', 'militias',
  'state', 'legion', 'hezbollah', 'taliban', 'brotherhood', 'mujahideen', 'jihad', 'islamic', 'revolutionary', 'liberation',
  'national', 'democratic', 'unit', 'units', 'squadron', 'school', 'hospital', 'center', 'centre', 'restaurant', 'hotel',
  'bureau', 'assembly', 'parliament', 'congress', 'senate', 'cabinet', 'government', 'tribunal', 'board', 'fund', 'trust',
];
const PER_CUES = [
  'mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.', 'dr', 'dr.', 'president', 'minister', 'gen.', 'general', 'colonel', 'col.', 'sheikh',
  'shaikh', 'king', 'queen', 'prince', 'sen.', 'senator', 'rep.', 'gov.', 'governor', 'mayor', 'commander', 'leader', 'spokesman',
  'spokeswoman', 'chief', 'emir', 'imam', 'cleric', 'ayatollah', 'mullah', 'secretary', 'ambassador', 'envoy', 'officer', 'said',
  'says', 'told', 'lt.', 'capt.', 'sgt.', 'maj.', 'prof.', 'judge', 'founder', 'chairman', 'ceo', 'director', 'brother', 'son',
  'daughter', 'wife', 'husband', 'father', 'mother', 'sir', 'uncle', 'aunt', 'dear', 'hi', 'hello', 'thanks', 'regards', 'cc',
];
const LOC_CUES = [
  'city', 'province', 'county', 'river', 'mountain', 'mountains', 'mount', 'mt.', 'street', 'st.', 'avenue', 'ave', 'ave.',
  'road', 'rd', 'rd.', 'district', 'region', 'valley', 'lake', 'island', 'islands', 'governorate', 'village', 'town', 'near',
  'in', 'at', 'from', 'to', 'border', 'airport', 'base', 'sea', 'ocean', 'gulf', 'bay', 'desert', 'park', 'square', 'bridge',
  'camp', 'neighbourhood', 'neighborhood', 'suburb', 'north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western',
];
const PARTICLES = ['al', 'el', 'al-', 'bin', 'ibn', 'abu', 'abd', 'abdul', 'de', 'van', 'von', 'der', 'la', 'le', 'du', 'da', 'di', 'mc', 'o\'', 'ben'];
const MONTHDAY = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'monday', 'tuesday', 'wednesday',
  'thursday', 'friday', 'saturday', 'sunday', 'i', 'god',
];

const CUES = new Map<number, number>();
for (const [list, cls] of [
  [ORG_CUES, CUE_ORG],
  [PER_CUES, CUE_PER],
  [LOC_CUES, CUE_LOC],
  [PARTICLES, CUE_PARTICLE],
  [MONTHDAY, CUE_MONTHDAY],
] as const) {
  for (const w of list) if (!CUES.has(hashLower(w))) CUES.set(hashLower(w), cls);
}

// Template ids
const T = {
  bias: 1, low: 2, exact: 3, lowM1: 4, lowP1: 5, lowM2: 6, lowP2: 7, shape: 8, shapeM1: 9, shapeP1: 10, shapeM2: 11,
  shapeP2: 12, short: 13, pre: 14, suf: 18, bigramL: 22, bigramR: 23, shortTri: 24, shortPos: 25, lowM1Short: 26,
  shortLowP1: 27, cue0: 28, cueP1: 29, cueP2: 30, cueM1: 31, regime: 32, len: 33, gaz: 34, gazM1: 35, gazP1: 36,
  lowShortM1P1: 37, cueM2: 38, exactM1: 39, exactP1: 40, capRun: 41, quoteCtx: 42, cl: 43, clM1: 47, clP1: 51,
  clCap: 55, clBi: 56, runL: 57, runR: 58,
} as const;

const H_HYPHEN = hashLower('-');
const H_OF = hashLower('of');

/** Cluster path prefix lengths (bits) used as features. */
const CL_BITS = [4, 8, 12, 24] as const;

/** Layout of one word-cache slot (FeatureExtractor): offsets of each word-level value. */
const W_LOW = 0;
const W_EXACT = 1;
const W_SHAPE = 2;
const W_SHORT = 3;
const W_PRE = 4;
const W_SUF = 8;
const W_CUE = 12;
const W_GAZ = 13;
const W_CLP = 14;
const W_CAPV = 18;
const W_LENB = 19;
const W_FLAGS = 20;
const WS = 21;
/** Words kept in the word cache before it is emptied. */
const WORD_CACHE_MAX = 1 << 16;

/** Sentence-boundary pseudo-token hashes. */
const BOS = 0x2b4f1e3d;
const EOS = 0x5a17c3e9;

/** Optional gazetteer: lower-cased token hash → class bits, stored inside the model file. */
export type Gazetteer = Map<number, number>;

/** Word clusters: `hashNorm` of the normalised word → packed path (see clusters.ts). */
export type ClusterTable = Map<number, number>;

/** Hash of a word lower-cased with digits mapped to `0` (the cluster vocabulary's normalisation). */
export function hashNorm(s: string): number {
  let h = FNV;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h = fnv(h, c >= 48 && c <= 57 ? 48 : lowerCode(c));
  }
  return h >>> 0;
}

/** Prefix of `bits` bits of a packed path (shorter paths whole), as a distinct id. */
function prefixOf(packed: number, bits: number): number {
  const n = packed >>> 24;
  if (n <= bits) return packed;
  return ((bits << 24) | ((packed & 0xffffff) >>> (n - bits))) >>> 0;
}

/**
 * Extracts features for one sentence into `feats` (bucket ids) with `offsets[i]..offsets[i+1]`
 * for token i. Buffers grow as needed and are reused between calls.
 */
export class FeatureExtractor {
  readonly mask: number;
  feats: Int32Array = new Int32Array(4096);
  offsets: Int32Array = new Int32Array(129);
  private cap = 0;
  private low = new Int32Array(0);
  private exact = new Int32Array(0);
  private shape = new Int32Array(0);
  private short = new Int32Array(0);
  private pre = new Int32Array(0);
  private suf = new Int32Array(0);
  private cue = new Int32Array(0);
  private gazc = new Int32Array(0);
  private capv = new Int32Array(0);
  private lenb = new Int32Array(0);
  /** Cluster path prefixes per token: CL_BITS.length entries each (0 = unknown word). */
  private clp = new Int32Array(0);
  /**
   * Per-word cache of everything that depends only on the word (its hashes, prefixes, suffixes,
   * cue and gazetteer classes, cluster prefixes, capitalisation and length classes): word → slot
   * in `pool` (WS entries each). Bounded: emptied when full (`generation` then changes).
   */
  private readonly slotOf = new Map<string, number>();
  private pool = new Int32Array(0);
  private slotCount = 0;
  /** Bumped whenever the word cache is emptied (slot numbers are then reused). */
  generation = 0;
  /** Cache slot of each token of the last sentence (index i, not shifted). */
  slots: Int32Array = new Int32Array(0);

  constructor(
    readonly log2Buckets: number,
    private readonly gazetteer: Gazetteer | null = null,
    private readonly clusters: ClusterTable | null = null,
  ) {
    this.mask = (1 << log2Buckets) - 1;
  }

  private ensure(n: number): void {
    if (n + 4 <= this.cap) return;
    const cap = Math.max(64, (n + 4) * 2);
    this.cap = cap;
    this.low = new Int32Array(cap);
    this.exact = new Int32Array(cap);
    this.shape = new Int32Array(cap);
    this.short = new Int32Array(cap);
    this.pre = new Int32Array(cap * 4);
    this.suf = new Int32Array(cap * 4);
    this.cue = new Int32Array(cap);
    this.gazc = new Int32Array(cap);
    this.capv = new Int32Array(cap);
    this.lenb = new Int32Array(cap);
    this.clp = new Int32Array(cap * CL_BITS.length);
    this.offsets = new Int32Array(cap + 1);
    this.feats = new Int32Array(cap * 80);
    this.slots = new Int32Array(cap);
  }

  /** The cache slot of `w`, computing its word-level values on a miss. */
  private slotFor(w: string): number {
    const hit = this.slotOf.get(w);
    if (hit !== undefined) return hit;
    const slot = this.slotCount++;
    if ((slot + 1) * WS > this.pool.length) {
      const g = new Int32Array(Math.max(slot + 1, Math.min(WORD_CACHE_MAX, Math.max(1024, (slot + 1) * 2))) * WS);
      g.set(this.pool);
      this.pool = g;
    }
    this.computeWord(w, slot * WS);
    this.slotOf.set(w, slot);
    return slot;
  }

  /** Word-level values of `w` into pool[o .. o + WS). */
  private computeWord(w: string, o: number): void {
    const pool = this.pool;
    const len = w.length;
    let hl = FNV;
    let hn = FNV;
    let he = FNV;
    let hs = FNV;
    let hss = FNV;
    let lastCls = -1;
    let run = 0;
    let lastShort = -1;
    let nUp = 0;
    let nLow = 0;
    let nDig = 0;
    for (let k = 0; k < len; k++) {
      const c = w.charCodeAt(k);
      const lc = lowerCode(c);
      hl = fnv(hl, lc);
      hn = fnv(hn, c >= 48 && c <= 57 ? 48 : lc);
      he = fnv(he, c);
      let cls: number;
      if (c >= 48 && c <= 57) {
        cls = 100;
        nDig++;
      } else if (isUpper(c)) {
        cls = 101;
        nUp++;
      } else if (isLower(c)) {
        cls = 102;
        nLow++;
      } else cls = c > 255 ? 103 : c;
      if (cls === lastCls) run++;
      else run = 1;
      lastCls = cls;
      if (run <= 4) hs = fnv(hs, cls);
      if (cls !== lastShort) {
        hss = fnv(hss, cls);
        lastShort = cls;
      }
      if (k < 4) pool[o + W_PRE + k] = hl;
    }
    for (let k = len; k < 4; k++) pool[o + W_PRE + k] = hl;
    let hsuf = FNV;
    for (let k = 0; k < 4; k++) {
      const pos = len - 1 - k;
      if (pos >= 0) hsuf = fnv(hsuf, lowerCode(w.charCodeAt(pos)));
      pool[o + W_SUF + k] = hsuf;
    }
    pool[o + W_LOW] = hl;
    pool[o + W_EXACT] = he;
    pool[o + W_SHAPE] = hs;
    pool[o + W_SHORT] = hss;
    const lowU = hl >>> 0;
    pool[o + W_CUE] = CUES.get(lowU) ?? 0;
    pool[o + W_GAZ] = this.gazetteer ? (this.gazetteer.get(lowU) ?? 0) : 0;
    const packed = this.clusters ? (this.clusters.get(hn >>> 0) ?? 0) : 0;
    for (let q = 0; q < CL_BITS.length; q++) pool[o + W_CLP + q] = packed === 0 ? 0 : prefixOf(packed, CL_BITS[q]) | 0;
    // capitalisation class: 0 none, 1 Init, 2 ALL, 3 digits, 4 mixed/lower-first
    const first = len > 0 ? w.charCodeAt(0) : 0;
    pool[o + W_CAPV] = nUp === 0 ? (nDig > 0 ? 3 : 0) : nLow === 0 ? 2 : isUpper(first) ? 1 : 4;
    pool[o + W_LENB] = len <= 1 ? 1 : len <= 3 ? 2 : len <= 6 ? 3 : len <= 10 ? 4 : 5;
    pool[o + W_FLAGS] = (nLow + nUp > 0 ? 1 : 0) | (isUpper(first) ? 2 : 0);
  }

  /**
   * Writes the features of the token at shifted position `t` (i + 2; boundaries included) that
   * depend on that one position's word alone, seen from the token whose features they are:
   * role 0 the token itself, 1 its left neighbour (j - 1), 2 the one before (j - 2), 3 its right
   * neighbour (j + 1), 4 the one after (j + 2). Together they are the features `extract` leaves
   * out when `wordLevel` is false. Valid after `extract` of the sentence holding `t`.
   */
  roleFeatures(t: number, role: number, out: Int32Array): number {
    const mask = this.mask;
    const NB = CL_BITS.length;
    const clp = this.clp;
    let p = 0;
    if (role === 0) {
      const capv = this.capv[t];
      out[p++] = mix(T.bias, 0x1234) & mask;
      out[p++] = mix(T.low, this.low[t]) & mask;
      out[p++] = mix(T.exact, this.exact[t]) & mask;
      out[p++] = mix(T.shape, this.shape[t]) & mask;
      out[p++] = mix(T.short, this.short[t]) & mask;
      for (let k = 0; k < 4; k++) {
        out[p++] = mix(T.pre + k, this.pre[t * 4 + k]) & mask;
        out[p++] = mix(T.suf + k, this.suf[t * 4 + k]) & mask;
      }
      out[p++] = mix(mix(T.len, this.lenb[t]), capv) & mask;
      if (this.cue[t] !== 0) out[p++] = mix(mix(T.cue0, this.cue[t]), capv) & mask;
      if (this.gazc[t] !== 0) out[p++] = mix(mix(T.gaz, this.gazc[t]), capv) & mask;
      if (this.clusters) {
        for (let q = 0; q < NB; q++) out[p++] = mix(mix(T.cl + q, clp[t * NB + q]), 1) & mask;
        out[p++] = mix(mix(T.clCap, clp[t * NB + 2]), capv) & mask;
      }
    } else if (role === 1) {
      out[p++] = mix(T.lowM1, this.low[t]) & mask;
      out[p++] = mix(T.shapeM1, this.shape[t]) & mask;
      if (this.clusters) for (let q = 0; q < NB; q++) out[p++] = mix(mix(T.clM1 + q, clp[t * NB + q]), 2) & mask;
    } else if (role === 2) {
      out[p++] = mix(T.lowM2, this.low[t]) & mask;
      out[p++] = mix(T.shapeM2, this.short[t]) & mask;
    } else if (role === 3) {
      out[p++] = mix(T.lowP1, this.low[t]) & mask;
      out[p++] = mix(T.shapeP1, this.shape[t]) & mask;
      if (this.clusters) for (let q = 0; q < NB; q++) out[p++] = mix(mix(T.clP1 + q, clp[t * NB + q]), 3) & mask;
    } else {
      out[p++] = mix(T.lowP2, this.low[t]) & mask;
      out[p++] = mix(T.shapeP2, this.short[t]) & mask;
    }
    return p;
  }

  /** Fills per-token hashes, index shifted by 2 so that i-2..i+2 are always in range. */
  private tokenHashes(words: readonly string[], n: number): number {
    let upperWords = 0;
    let lowerWords = 0;
    const NB = CL_BITS.length;
    // the cache is emptied only between sentences, so that a sentence's slots stay distinct
    if (this.slotCount + n > WORD_CACHE_MAX && this.slotCount > 0) {
      this.slotOf.clear();
      this.slotCount = 0;
      this.generation++;
    }
    for (let i = 0; i < n; i++) {
      const slot = this.slotFor(words[i]);
      this.slots[i] = slot;
      const pool = this.pool;
      const o = slot * WS;
      const j = i + 2;
      const base = j * 4;
      for (let k = 0; k < 4; k++) {
        this.pre[base + k] = pool[o + W_PRE + k];
        this.suf[base + k] = pool[o + W_SUF + k];
      }
      this.low[j] = pool[o + W_LOW];
      this.exact[j] = pool[o + W_EXACT];
      this.shape[j] = pool[o + W_SHAPE];
      this.short[j] = pool[o + W_SHORT];
      this.cue[j] = pool[o + W_CUE];
      this.gazc[j] = pool[o + W_GAZ];
      const cb = j * NB;
      for (let q = 0; q < NB; q++) this.clp[cb + q] = pool[o + W_CLP + q];
      this.capv[j] = pool[o + W_CAPV];
      this.lenb[j] = pool[o + W_LENB];
      const flags = pool[o + W_FLAGS];
      if (flags & 1) {
        if (flags & 2) upperWords++;
        else lowerWords++;
      }
    }
    for (const j of [0, 1]) {
      this.low[j] = BOS + j;
      this.exact[j] = BOS + j;
      this.shape[j] = BOS + j;
      this.short[j] = BOS + j;
      this.cue[j] = 0;
      this.gazc[j] = 0;
      this.capv[j] = 7;
      for (let q = 0; q < CL_BITS.length; q++) this.clp[j * CL_BITS.length + q] = 0x7f000001;
    }
    for (const j of [n + 2, n + 3]) {
      this.low[j] = EOS + j - n;
      this.exact[j] = EOS + j - n;
      this.shape[j] = EOS + j - n;
      this.short[j] = EOS + j - n;
      this.cue[j] = 0;
      this.gazc[j] = 0;
      this.capv[j] = 8;
      for (let q = 0; q < CL_BITS.length; q++) this.clp[j * CL_BITS.length + q] = 0x7f000002;
    }
    // casing regime of the sentence: 0 normal, 1 mostly capitalised (titles/all caps), 2 all lower
    const words2 = upperWords + lowerWords;
    if (words2 === 0) return 0;
    if (upperWords === 0) return 2;
    if (upperWords / words2 > 0.7 && words2 >= 3) return 1;
    return 0;
  }

  /**
   * Extracts all features; returns the total number of feature ids written. With `wordLevel`
   * false, the features that depend on one position's word alone (`roleFeatures`) are left out,
   * for a caller that caches their weights per word.
   */
  extract(words: readonly string[], n: number, wordLevel = true): number {
    this.ensure(n);
    const regime = this.tokenHashes(words, n);
    const mask = this.mask;
    let f = this.feats;
    let p = 0;
    const low = this.low;
    const shape = this.shape;
    const short = this.short;
    const cue = this.cue;
    const gazc = this.gazc;
    const capv = this.capv;
    for (let i = 0; i < n; i++) {
      if (p + 96 > f.length) {
        const g = new Int32Array(f.length * 2);
        g.set(f);
        this.feats = f = g;
      }
      this.offsets[i] = p;
      const j = i + 2;
      const b = j * 4;
      if (wordLevel) {
        f[p++] = mix(T.bias, 0x1234) & mask;
        f[p++] = mix(T.low, low[j]) & mask;
        f[p++] = mix(T.exact, this.exact[j]) & mask;
      }
      if (wordLevel) {
        f[p++] = mix(T.lowM1, low[j - 1]) & mask;
        f[p++] = mix(T.lowP1, low[j + 1]) & mask;
        f[p++] = mix(T.lowM2, low[j - 2]) & mask;
        f[p++] = mix(T.lowP2, low[j + 2]) & mask;
        f[p++] = mix(T.shape, shape[j]) & mask;
        f[p++] = mix(T.shapeM1, shape[j - 1]) & mask;
        f[p++] = mix(T.shapeP1, shape[j + 1]) & mask;
        f[p++] = mix(T.shapeM2, short[j - 2]) & mask;
        f[p++] = mix(T.shapeP2, short[j + 2]) & mask;
      }
      if (wordLevel) {
        f[p++] = mix(T.short, short[j]) & mask;
        for (let k = 0; k < 4; k++) {
          f[p++] = mix(T.pre + k, this.pre[b + k]) & mask;
          f[p++] = mix(T.suf + k, this.suf[b + k]) & mask;
        }
      }
      f[p++] = mix(mix(T.bigramL, low[j - 1]), low[j]) & mask;
      f[p++] = mix(mix(T.bigramR, low[j]), low[j + 1]) & mask;
      f[p++] = mix(mix(mix(T.shortTri, short[j - 1]), short[j]), short[j + 1]) & mask;
      f[p++] = mix(mix(T.shortPos, short[j]), i === 0 ? 0 : i === 1 ? 1 : 2) & mask;
      f[p++] = mix(mix(T.lowM1Short, low[j - 1]), short[j]) & mask;
      f[p++] = mix(mix(T.shortLowP1, short[j]), low[j + 1]) & mask;
      f[p++] = mix(mix(mix(T.lowShortM1P1, short[j - 1]), low[j]), short[j + 1]) & mask;
      f[p++] = mix(mix(mix(T.regime, regime), capv[j]), i === 0 ? 1 : 0) & mask;
      if (wordLevel) f[p++] = mix(mix(T.len, this.lenb[j]), capv[j]) & mask;
      f[p++] = mix(mix(T.exactM1, this.exact[j - 1]), capv[j]) & mask;
      f[p++] = mix(mix(T.exactP1, this.exact[j + 1]), capv[j]) & mask;
      // cue class of the outermost capitalised word of the name run around i (joined by
      // particles, "of", "-"; up to 5 tokens each way): "Jabhat … al - Sham", "… Brigade"
      {
        let a = j;
        let lc = capv[j] === 1 || capv[j] === 2 ? cue[j] : -1;
        for (let q = 0; q < 5; q++) {
          const t = a - 1;
          if (t < 2) break;
          if (capv[t] === 1 || capv[t] === 2) {
            a = t;
            lc = cue[t];
          } else if (cue[t] === CUE_PARTICLE || low[t] >>> 0 === H_HYPHEN || low[t] >>> 0 === H_OF) a = t;
          else break;
        }
        let b = j;
        let rc = capv[j] === 1 || capv[j] === 2 ? cue[j] : -1;
        for (let q = 0; q < 5; q++) {
          const t = b + 1;
          if (t >= n + 2) break;
          if (capv[t] === 1 || capv[t] === 2) {
            b = t;
            rc = cue[t];
          } else if (cue[t] === CUE_PARTICLE || low[t] >>> 0 === H_HYPHEN || low[t] >>> 0 === H_OF) b = t;
          else break;
        }
        if (lc > 0 && a < j) f[p++] = mix(mix(T.runL, lc), capv[j]) & mask;
        if (rc > 0 && b > j) f[p++] = mix(mix(T.runR, rc), capv[j]) & mask;
      }
      // run of capitalised tokens around i (left, right), capped at 3
      let l = 0;
      while (l < 3 && capv[j - 1 - l] === 1) l++;
      let r = 0;
      while (r < 3 && capv[j + 1 + r] === 1) r++;
      f[p++] = mix(mix(mix(T.capRun, l), r), capv[j]) & mask;
      if (wordLevel && cue[j] !== 0) f[p++] = mix(mix(T.cue0, cue[j]), capv[j]) & mask;
      if (cue[j + 1] !== 0) f[p++] = mix(mix(mix(T.cueP1, cue[j + 1]), capv[j]), capv[j + 1]) & mask;
      if (cue[j + 2] !== 0) f[p++] = mix(mix(mix(T.cueP2, cue[j + 2]), capv[j]), capv[j + 2]) & mask;
      if (cue[j - 1] !== 0) f[p++] = mix(mix(mix(T.cueM1, cue[j - 1]), capv[j]), capv[j - 1]) & mask;
      if (cue[j - 2] !== 0) f[p++] = mix(mix(T.cueM2, cue[j - 2]), capv[j]) & mask;
      if (gazc[j] !== 0) {
        if (wordLevel) f[p++] = mix(mix(T.gaz, gazc[j]), capv[j]) & mask;
        f[p++] = mix(mix(mix(T.gaz, gazc[j]), gazc[j - 1]), gazc[j + 1]) & mask;
      }
      if (this.clusters) {
        const NB = CL_BITS.length;
        const clp = this.clp;
        const c0 = j * NB;
        if (wordLevel) {
          for (let q = 0; q < NB; q++) {
            f[p++] = mix(mix(T.cl + q, clp[c0 + q]), 1) & mask;
            f[p++] = mix(mix(T.clM1 + q, clp[c0 - NB + q]), 2) & mask;
            f[p++] = mix(mix(T.clP1 + q, clp[c0 + NB + q]), 3) & mask;
          }
        }
        if (wordLevel) f[p++] = mix(mix(T.clCap, clp[c0 + 2]), capv[j]) & mask;
        f[p++] = mix(mix(mix(T.clBi, clp[c0 - NB + 1]), clp[c0 + 1]), 4) & mask;
      }
      if (gazc[j - 1] !== 0) f[p++] = mix(mix(T.gazM1, gazc[j - 1]), capv[j]) & mask;
      if (gazc[j + 1] !== 0) f[p++] = mix(mix(T.gazP1, gazc[j + 1]), capv[j]) & mask;
    }
    this.offsets[n] = p;
    return p;
  }
}
