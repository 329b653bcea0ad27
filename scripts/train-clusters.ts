/**
 * Word clusters for the NER tagger, computed from unlabelled text: hierarchical (bisecting,
 * spherical) 2-means over PPMI context vectors, which yields a binary path per word like Brown
 * clusters (`0110…`), so the tagger can use path prefixes of several lengths as features.
 *
 * Unlabelled text (no labels are read): UD English EWT word forms (train, dev, test), GUM word
 * forms (reddit texts are withheld upstream and skipped), FA-KES article contents, the Wikipedia
 * Syria pages, the re3d-dev documents and the QuadClass sentences, all from `../shared/data`.
 * Words are lower-cased and digits mapped to `0` (`normWord`, the same normalisation the tagger
 * applies before its lookup).
 *
 * Context vector of a word: PPMI (context-distribution smoothing 0.75) of the word at positions
 * −2, −1, +1, +2 of each of the most frequent context words (+ sentence boundaries); positions ±1
 * weigh 1, ±2 weigh 0.5; vectors are L2-normalised. A node of the tree is split by spherical
 * 2-means (deterministic seeding: the most frequent word, then the word least similar to it),
 * words weighted by log(1 + count), until depth MAX_DEPTH or fewer than MIN_LEAF words.
 *
 * Output: `models/ner/clusters.tsv`, one `path<TAB>word<TAB>count` line per word (Brown's `paths`
 * layout), most frequent words first. Deterministic; single-threaded.
 *
 *   npx tsx scripts/train-clusters.ts [--vocab 80000] [--min-count 1] [--contexts 1000] [--depth 14] [--out models/ner]
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { normWord } from '../src/ner/clusters.js';
import { mulberry32 } from '../src/random.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const data = resolve(root, '../shared/data');

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : def;
}
const MAX_VOCAB = Number(arg('--vocab', '80000'));
const MIN_COUNT = Number(arg('--min-count', '1'));
const N_CONTEXTS = Number(arg('--contexts', '1000'));
const DIMS = Number(arg('--dims', '64'));
const BRANCH = Number(arg('--branch', '16'));
const LEVELS = Number(arg('--levels', '3'));
const ITERS = Number(arg('--iters', '10'));
const OUT = resolve(root, arg('--out', 'models/ner'));

const t0 = Date.now();

// ---------- unlabelled sentences ----------
const sentences: string[][] = [];

/** Word forms of a CoNLL-U file (multi-word token lines and empty nodes skipped). */
function readConlluForms(path: string): void {
  let cur: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') {
      if (cur.length > 0 && !cur.includes('_')) sentences.push(cur);
      cur = [];
      continue;
    }
    if (line.startsWith('#')) continue;
    const tab = line.indexOf('\t');
    const id = line.slice(0, tab);
    if (!/^\d+$/.test(id)) continue;
    const tab2 = line.indexOf('\t', tab + 1);
    cur.push(line.slice(tab + 1, tab2));
  }
  if (cur.length > 0 && !cur.includes('_')) sentences.push(cur);
}

/** A plain tokeniser close to UD English: punctuation split off, clitics ('s, n't, 're…) split. */
function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.replace(/(\p{L})n't\b/giu, "$1 n't").split(/\s+/u)) {
    if (raw === '') continue;
    for (const p of raw.match(/n't|'(?:s|re|ve|ll|m|d)\b|[\p{L}\p{M}]+(?:\.[\p{L}]\.?)*|\d+(?:[.,]\d+)*|[^\s\p{L}\p{M}\d]/giu) ?? []) out.push(p);
  }
  return out;
}

/** Splits running text into sentences (rough: after . ! ? followed by space + capital/quote). */
function splitSentences(text: string): string[] {
  return text
    .replace(/\r/g, '')
    .split(/\n+|(?<=[.!?])\s+(?=["'“(]?[A-Z0-9])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function addText(text: string): void {
  for (const s of splitSentences(text)) {
    const toks = tokenize(s);
    if (toks.length > 0) sentences.push(toks);
  }
}

for (const f of ['en_ewt-ud-train.conllu', 'en_ewt-ud-dev.conllu', 'en_ewt-ud-test.conllu']) readConlluForms(join(data, 'ud-ewt', f));
const nEwt = sentences.length;
for (const f of readdirSync(join(data, 'gum/dep')).sort()) if (f.endsWith('.conllu')) readConlluForms(join(data, 'gum/dep', f));
const nGum = sentences.length - nEwt;
{
  const csv = readFileSync(join(data, 'news/fa-kes.csv')).toString('latin1');
  const rows = parse(csv, { columns: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as Record<string, string>[];
  for (const r of rows) addText(r.article_content ?? '');
}
const nFakes = sentences.length - nEwt - nGum;
{
  const dir = join(data, 'news/wikipedia-syria');
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.md')) continue;
    let text = readFileSync(join(dir, f), 'utf8');
    // drop the YAML front matter (infobox)
    if (text.startsWith('---')) {
      const end = text.indexOf('\n---', 3);
      if (end > 0) text = text.slice(end + 4);
    }
    addText(text.replace(/[#*_`[\]]/g, ' '));
  }
}
const nWiki = sentences.length - nEwt - nGum - nFakes;
{
  const dir = join(data, 're3d-dev');
  for (const sub of readdirSync(dir).sort()) {
    const p = join(dir, sub, 'documents.json');
    if (!existsSync(p)) continue;
    const raw = readFileSync(p, 'utf8');
    // one JSON object per line or a JSON array; take every "text" string
    for (const m of raw.matchAll(/"text"\s*:\s*"((?:[^"\\]|\\.)*)"/g)) addText(JSON.parse(`"${m[1]}"`) as string);
  }
}
{
  const p = join(data, 'quadclass/en_annotations_quad_multiclass.tsv');
  const lines = readFileSync(p, 'utf8').split('\n').slice(1);
  for (const l of lines) addText(l.split('\t')[0] ?? '');
}
let nTokens = 0;
for (const s of sentences) nTokens += s.length;
console.log(
  `text: ${sentences.length} sentences, ${nTokens} tokens (EWT ${nEwt}, GUM ${nGum}, FA-KES ${nFakes}, Wikipedia ${nWiki}, re3d+QuadClass ${sentences.length - nEwt - nGum - nFakes - nWiki} sentences) in ${Date.now() - t0} ms`,
);

// ---------- vocabulary ----------
const counts = new Map<string, number>();
const sentIds: Int32Array[] = [];
const idOf = new Map<string, number>();
const words: string[] = [];
const rawCounts: number[] = [];
for (const s of sentences) {
  const ids = new Int32Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const w = normWord(s[i]);
    let id = idOf.get(w);
    if (id === undefined) {
      id = words.length;
      idOf.set(w, id);
      words.push(w);
      rawCounts.push(0);
    }
    rawCounts[id]++;
    ids[i] = id;
  }
  sentIds.push(ids);
}
void counts;
// order by count desc, then word (deterministic)
const order = words.map((_, i) => i).sort((a, b) => rawCounts[b] - rawCounts[a] || (words[a] < words[b] ? -1 : words[a] > words[b] ? 1 : 0));
const rank = new Int32Array(words.length);
order.forEach((id, r) => (rank[id] = r));
const V = Math.min(MAX_VOCAB, order.filter((id) => rawCounts[id] >= MIN_COUNT).length);
const C = Math.min(N_CONTEXTS, order.length);
const BOS_CTX = C;
const EOS_CTX = C + 1;
const CW = C + 2; // context words incl. boundaries
const POS = [-2, -1, 1, 2];
const POS_W = [0.5, 1, 1, 0.5];
const D = POS.length * CW;
console.log(`vocabulary ${words.length} types; clustering the top ${V} (count ≥ ${MIN_COUNT}), ${C} context words × ${POS.length} positions`);

// ---------- co-occurrence counts (sorted keys) ----------
let nPairs = 0;
for (const s of sentIds) nPairs += s.length * POS.length;
const keys = new Float64Array(nPairs);
let k = 0;
for (const s of sentIds) {
  for (let i = 0; i < s.length; i++) {
    const w = rank[s[i]];
    if (w >= V) continue;
    for (let p = 0; p < POS.length; p++) {
      const j = i + POS[p];
      let c: number;
      if (j < 0) c = BOS_CTX;
      else if (j >= s.length) c = EOS_CTX;
      else {
        c = rank[s[j]];
        if (c >= C) continue;
      }
      keys[k++] = w * D + p * CW + c;
    }
  }
}
const sorted = keys.subarray(0, k).sort();
// per-dimension totals and per-word rows
const rowStart = new Int32Array(V + 1);
const colIdx: number[] = [];
const colVal: number[] = [];
const dimTotal = new Float64Array(D);
const wordTotal = new Float64Array(V);
{
  let i = 0;
  let row = 0;
  while (i < sorted.length) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    const key = sorted[i];
    const w = Math.floor(key / D);
    const d = key - w * D;
    while (row <= w) rowStart[row++] = colIdx.length;
    colIdx.push(d);
    colVal.push(j - i);
    dimTotal[d] += j - i;
    wordTotal[w] += j - i;
    i = j;
  }
  while (row <= V) rowStart[row++] = colIdx.length;
}
// PPMI with context smoothing
let total = 0;
let smoothTotal = 0;
const dimSmooth = new Float64Array(D);
for (let d = 0; d < D; d++) {
  total += dimTotal[d];
  dimSmooth[d] = dimTotal[d] > 0 ? Math.pow(dimTotal[d], 0.75) : 0;
  smoothTotal += dimSmooth[d];
}
const val = new Float32Array(colVal.length);
const idx = Int32Array.from(colIdx);
for (let w = 0; w < V; w++) {
  let norm = 0;
  for (let q = rowStart[w]; q < rowStart[w + 1]; q++) {
    const d = idx[q];
    const pmi = Math.log((colVal[q] / wordTotal[w]) / (dimSmooth[d] / smoothTotal));
    const v = pmi > 0 ? pmi * POS_W[Math.floor(d / CW)] : 0;
    val[q] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let q = rowStart[w]; q < rowStart[w + 1]; q++) val[q] /= norm;
}
const weight = new Float64Array(V);
for (let w = 0; w < V; w++) weight[w] = Math.log(1 + rawCounts[order[w]]);
console.log(`context vectors: ${val.length} non-zeros (${Date.now() - t0} ms)`);

// ---------- randomized truncated SVD of the PPMI matrix ----------
const rnd = mulberry32(12345);
const gauss = (): number => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
const R = DIMS + 16;
/** Y(V×R) = A · X(D×R) */
function mulA(X: Float64Array, Y: Float64Array): void {
  Y.fill(0);
  for (let w = 0; w < V; w++) {
    const yo = w * R;
    for (let q = rowStart[w]; q < rowStart[w + 1]; q++) {
      const v = val[q];
      const xo = idx[q] * R;
      for (let r = 0; r < R; r++) Y[yo + r] += v * X[xo + r];
    }
  }
}
/** X(D×R) = Aᵀ · Y(V×R) */
function mulAt(Y: Float64Array, X: Float64Array): void {
  X.fill(0);
  for (let w = 0; w < V; w++) {
    const yo = w * R;
    for (let q = rowStart[w]; q < rowStart[w + 1]; q++) {
      const v = val[q];
      const xo = idx[q] * R;
      for (let r = 0; r < R; r++) X[xo + r] += v * Y[yo + r];
    }
  }
}
/** Orthonormalises the R columns of M (n×R, row-major) in place (modified Gram-Schmidt). */
function orthonormalize(M: Float64Array, n: number): void {
  for (let a = 0; a < R; a++) {
    for (let b = 0; b < a; b++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += M[i * R + a] * M[i * R + b];
      for (let i = 0; i < n; i++) M[i * R + a] -= d * M[i * R + b];
    }
    let nn = 0;
    for (let i = 0; i < n; i++) nn += M[i * R + a] * M[i * R + a];
    nn = Math.sqrt(nn) || 1;
    for (let i = 0; i < n; i++) M[i * R + a] /= nn;
  }
}
const Om = new Float64Array(D * R);
for (let i = 0; i < Om.length; i++) Om[i] = gauss();
const Y = new Float64Array(V * R);
mulA(Om, Y);
for (let it = 0; it < 2; it++) {
  orthonormalize(Y, V);
  mulAt(Y, Om);
  orthonormalize(Om, D);
  mulA(Om, Y);
}
orthonormalize(Y, V); // Q
// B = Qᵀ A (R×D), stored as Bt (D×R); small eigenproblem of B Bᵀ (R×R)
const Bt = new Float64Array(D * R);
mulAt(Y, Bt);
const G = new Float64Array(R * R);
for (let d = 0; d < D; d++) for (let a = 0; a < R; a++) for (let b = 0; b < R; b++) G[a * R + b] += Bt[d * R + a] * Bt[d * R + b];
/** Cyclic Jacobi eigen-decomposition of the symmetric R×R matrix G; returns eigenvectors as columns. */
function jacobi(A: Float64Array, n: number): { vals: Float64Array; vecs: Float64Array } {
  const Vv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) Vv[i * n + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q] * A[p * n + q];
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (Math.abs(apq) < 1e-15) continue;
        const theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p];
          const akq = A[k * n + q];
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k];
          const aqk = A[q * n + k];
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = Vv[k * n + p];
          const vkq = Vv[k * n + q];
          Vv[k * n + p] = c * vkp - s * vkq;
          Vv[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) vals[i] = A[i * n + i];
  return { vals, vecs: Vv };
}
const eig = jacobi(G, R);
const byVal = [...Array(R).keys()].sort((a, b) => eig.vals[b] - eig.vals[a]).slice(0, DIMS);
// embedding = Q · U_k · S_k^0.5  (S = sqrt(eigenvalue))
const E = new Float64Array(V * DIMS);
for (let w = 0; w < V; w++) {
  for (let j = 0; j < DIMS; j++) {
    const col = byVal[j];
    const sv = Math.pow(Math.max(eig.vals[col], 0), 0.25);
    let s = 0;
    for (let r = 0; r < R; r++) s += Y[w * R + r] * eig.vecs[r * R + col];
    E[w * DIMS + j] = s * sv;
  }
  let n = 0;
  for (let j = 0; j < DIMS; j++) n += E[w * DIMS + j] ** 2;
  n = Math.sqrt(n) || 1;
  for (let j = 0; j < DIMS; j++) E[w * DIMS + j] /= n;
}
console.log(`SVD: ${DIMS} dimensions (${Date.now() - t0} ms)`);

// ---------- hierarchical spherical k-means (BRANCH-way per level) ----------
const paths = new Array<string>(V).fill('');
const DIGITS = Math.round(Math.log2(BRANCH));
function kmeans(members: Int32Array, K: number): Int32Array {
  const n = members.length;
  const assign = new Int32Array(n);
  if (n <= K) {
    for (let m = 0; m < n; m++) assign[m] = m;
    return assign;
  }
  // deterministic k-means++ seeding (weighted by log count)
  const cen = new Float64Array(K * DIMS);
  const best = new Float64Array(n).fill(Infinity);
  let first = 0;
  for (let kk = 0; kk < K; kk++) {
    let pick = first;
    if (kk > 0) {
      let sum = 0;
      for (let m = 0; m < n; m++) sum += best[m] * weight[members[m]];
      let x = rnd() * sum;
      pick = n - 1;
      for (let m = 0; m < n; m++) {
        x -= best[m] * weight[members[m]];
        if (x <= 0) {
          pick = m;
          break;
        }
      }
    } else first = 0;
    const w = members[pick];
    for (let j = 0; j < DIMS; j++) cen[kk * DIMS + j] = E[w * DIMS + j];
    for (let m = 0; m < n; m++) {
      const u = members[m];
      let d = 0;
      for (let j = 0; j < DIMS; j++) d += E[u * DIMS + j] * cen[kk * DIMS + j];
      const dist = Math.max(0, 1 - d);
      if (dist < best[m]) best[m] = dist;
    }
  }
  for (let it = 0; it < ITERS; it++) {
    let changed = 0;
    for (let m = 0; m < n; m++) {
      const u = members[m];
      let bk = 0;
      let bs = -Infinity;
      for (let kk = 0; kk < K; kk++) {
        let d = 0;
        for (let j = 0; j < DIMS; j++) d += E[u * DIMS + j] * cen[kk * DIMS + j];
        if (d > bs) {
          bs = d;
          bk = kk;
        }
      }
      if (bk !== assign[m] || it === 0) changed++;
      assign[m] = bk;
    }
    if (changed === 0 && it > 0) break;
    cen.fill(0);
    for (let m = 0; m < n; m++) {
      const u = members[m];
      const wt = weight[u];
      for (let j = 0; j < DIMS; j++) cen[assign[m] * DIMS + j] += wt * E[u * DIMS + j];
    }
    for (let kk = 0; kk < K; kk++) {
      let nn = 0;
      for (let j = 0; j < DIMS; j++) nn += cen[kk * DIMS + j] ** 2;
      nn = Math.sqrt(nn) || 1;
      for (let j = 0; j < DIMS; j++) cen[kk * DIMS + j] /= nn;
    }
  }
  // order clusters by total weight (largest first) for readable, stable paths
  const tot = new Float64Array(K);
  for (let m = 0; m < n; m++) tot[assign[m]] += weight[members[m]];
  const ordK = [...Array(K).keys()].sort((a, b) => tot[b] - tot[a] || a - b);
  const remap = new Int32Array(K);
  ordK.forEach((kk, i) => (remap[kk] = i));
  for (let m = 0; m < n; m++) assign[m] = remap[assign[m]];
  return assign;
}
function split(members: Int32Array, path: string, level: number): void {
  if (level >= LEVELS || members.length < 2) {
    for (const w of members) paths[w] = path;
    return;
  }
  const assign = kmeans(members, BRANCH);
  for (let kk = 0; kk < BRANCH; kk++) {
    const sub: number[] = [];
    for (let m = 0; m < members.length; m++) if (assign[m] === kk) sub.push(members[m]);
    if (sub.length === 0) continue;
    split(Int32Array.from(sub), path + kk.toString(2).padStart(DIGITS, '0'), level + 1);
  }
}
const all = new Int32Array(V);
for (let w = 0; w < V; w++) all[w] = w;
split(all, '', 0);
const leaves = new Set(paths).size;
let depthSum = 0;
for (const p of paths) depthSum += p.length;
console.log(`tree: ${leaves} leaves, mean depth ${(depthSum / V).toFixed(1)} bits (${Date.now() - t0} ms)`);

mkdirSync(OUT, { recursive: true });
const lines: string[] = [];
for (let w = 0; w < V; w++) lines.push(`${paths[w] || '0'}\t${words[order[w]]}\t${rawCounts[order[w]]}`);
writeFileSync(join(OUT, 'clusters.tsv'), lines.join('\n') + '\n');
console.log(`wrote ${join(OUT, 'clusters.tsv')} (${V} words) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
