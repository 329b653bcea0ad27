/**
 * Word clusters (hierarchical, Brown-style binary paths) for the NER features; computed from
 * unlabelled text by `scripts/train-clusters.ts` into `models/ner/clusters.tsv`
 * (`path<TAB>word<TAB>count`), and stored inside the model file as hash → packed path.
 */
import { readFileSync } from 'node:fs';

/** Lower-cases a word and maps every digit to `0` (the cluster vocabulary's normalisation). */
export function normWord(w: string): string {
  return w.toLowerCase().replace(/[0-9]/g, '0');
}

/** Packed path: bits of the path in the low bits, path length in bits 24..31. */
export function packPath(path: string): number {
  let v = 0;
  const n = Math.min(path.length, 24);
  for (let i = 0; i < n; i++) v = (v << 1) | (path.charCodeAt(i) === 49 ? 1 : 0);
  return ((n << 24) | v) >>> 0;
}

/** Prefix of `bits` bits of a packed path (path shorter than `bits`: the whole path), as a distinct id. */
export function pathPrefix(packed: number, bits: number): number {
  const n = packed >>> 24;
  if (n <= bits) return packed;
  return (((bits << 24) | ((packed & 0xffffff) >>> (n - bits))) >>> 0);
}

/** Reads a `clusters.tsv` file into normalised word → packed path. */
export function readClusters(path: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '') continue;
    const [p, w] = line.split('\t');
    if (p === undefined || w === undefined) continue;
    if (!out.has(w)) out.set(w, packPath(p));
  }
  return out;
}
