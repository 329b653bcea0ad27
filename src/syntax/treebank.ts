/**
 * Treebank access and scoring shared by the training, evaluation and benchmark programs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseConllu, type ConlluSentence } from './conllu.js';
import { defaultModelDir, type Pipeline } from './index.js';
import { UPOS_ID } from './tagger.js';

/** `../shared/data` next to the project (override with FAULTLINE_DATA). */
export function dataDir(): string {
  if (process.env.FAULTLINE_DATA) return process.env.FAULTLINE_DATA;
  const root = dirname(dirname(defaultModelDir()));
  return join(root, '..', 'shared', 'data');
}

export function readTreebank(path: string): ConlluSentence[] {
  return parseConllu(readFileSync(path, 'utf8'));
}

/** GUM document names per split, from `gum/splits.md`. */
export function gumSplits(dir = dataDir()): Record<string, string[]> {
  const text = readFileSync(join(dir, 'gum', 'splits.md'), 'utf8');
  const out: Record<string, string[]> = {};
  let cur = '';
  for (const line of text.split(/\r?\n/)) {
    const h = /^##\s+(\S+)/.exec(line);
    if (h) {
      cur = h[1];
      out[cur] = [];
      continue;
    }
    const item = /^\s*\*\s+(\S+)/.exec(line);
    if (item && cur) out[cur].push(item[1]);
  }
  return out;
}

export function readGumDocs(names: readonly string[], dir = dataDir()): ConlluSentence[] {
  const out: ConlluSentence[] = [];
  for (const name of names) {
    const p = join(dir, 'gum', 'dep', name + '.conllu');
    if (existsSync(p)) out.push(...readTreebank(p));
  }
  return out;
}

/** Gold UPOS ids (unknown tags map to X). */
export function tagIds(s: ConlluSentence): Int32Array {
  const out = new Int32Array(s.form.length);
  for (let i = 0; i < out.length; i++) out[i] = UPOS_ID.get(s.upos[i]) ?? UPOS_ID.get('X')!;
  return out;
}

export interface Scores {
  tokens: number;
  sentences: number;
  upos: number;
  uas: number;
  /** Full label (with subtype) must match. */
  las: number;
  /** Universal label (part before `:`) must match, as in the CoNLL 2018 shared task. */
  lasUniversal: number;
  seconds: number;
}

/** Tags and parses gold-tokenised sentences with predicted tags and scores them (all tokens, punctuation included). */
export function scorePipeline(p: Pipeline, sentences: readonly ConlluSentence[]): Scores {
  let tokens = 0, upos = 0, uas = 0, las = 0, lasU = 0;
  const t0 = process.hrtime.bigint();
  for (const s of sentences) {
    const r = p.analyseRaw(s.form);
    for (let i = 0; i < s.form.length; i++) {
      tokens++;
      if (UPOS_ID.get(s.upos[i]) === r.tags[i]) upos++;
      if (r.heads[i] === s.head[i]) {
        uas++;
        const pl = p.labels[r.labels[i]];
        const gl = s.deprel[i];
        if (pl === gl) las++;
        if (pl.split(':')[0] === gl.split(':')[0]) lasU++;
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const pct = (x: number): number => (tokens ? (100 * x) / tokens : 0);
  return { tokens, sentences: sentences.length, upos: pct(upos), uas: pct(uas), las: pct(las), lasUniversal: pct(lasU), seconds };
}
