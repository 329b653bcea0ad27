/**
 * Syntax stage contract: load the trained tagger + lemmatiser + dependency parser and analyse
 * one tokenised sentence. Also re-exports the CoNLL-U helpers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES, FaultlineError } from '../errors.js';
import type { SentenceSyntax } from '../types.js';
import { decodeModel, MODEL_FILE, type ModelData } from './io.js';
import { Lemmatiser } from './lemma.js';
import { LexBuffer } from './lex.js';
import { Parser } from './parser.js';
import { TwoPassTagger, UPOS } from './tagger.js';
import { XposTagger } from './xpos.js';
import { projectPath } from '../paths.js';

export { parseConllu, writeConllu, blankSentence, conlluComment, type ConlluSentence } from './conllu.js';
export { MODEL_VERSION, MODEL_FILE } from './io.js';

export interface SyntaxModel {
  /** Tags, lemmatises and parses one sentence given as words (gold or segmenter tokens). */
  analyse(words: readonly string[]): SentenceSyntax;
}

/** The project's `models/syntax/` folder. */
export function defaultModelDir(): string {
  return projectPath('models', 'syntax');
}

/** Loads the model from `dir` (default: the project's `models/syntax/`). */
export function loadSyntaxModel(dir?: string): SyntaxModel {
  const path = join(dir ?? defaultModelDir(), MODEL_FILE);
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch (e) {
    throw new FaultlineError(ERROR_CODES.MODEL, `syntax model missing: ${path} (run npm run train:syntax)`, { cause: e });
  }
  let data: ModelData;
  try {
    data = decodeModel(file);
  } catch (e) {
    throw new FaultlineError(ERROR_CODES.MODEL, `syntax model unusable: ${path}: ${(e as Error).message}`, { cause: e });
  }
  return new Pipeline(data);
}

const PROPN = UPOS.indexOf('PROPN');
const PARTICLES = new Set(['al', 'el', 'ad', 'ash', 'as', 'az', 'ar', 'an', 'at', 'ibn', 'bin', 'bint', 'abu', 'abd', 'ben', 'bani', 'umm']);

/** "al-Nusra", "Abu-Bakr": a name particle, a hyphen, then a capital. */
function isParticleName(w: string): boolean {
  const h = w.indexOf('-');
  if (h < 2 || h > 4 || h + 1 >= w.length) return false;
  const c = w.charCodeAt(h + 1);
  if (!(c >= 65 && c <= 90)) return false;
  return PARTICLES.has(w.slice(0, h).toLowerCase());
}

/** Tagger + parser + lemmatiser over a decoded model (exported for the evaluation tools). */
export class Pipeline implements SyntaxModel {
  readonly tagger: TwoPassTagger;
  readonly parser: Parser;
  readonly lemmatiser: Lemmatiser;
  readonly xposTagger: XposTagger | null;
  readonly labels: readonly string[];
  private readonly lex = new LexBuffer();
  private tags = new Int32Array(64);
  private tags1 = new Int32Array(64);
  private heads = new Int32Array(64);
  private labs = new Int32Array(64);
  private fine = new Int32Array(64);

  constructor(readonly data: ModelData) {
    const cl = data.clusters.size > 0 ? data.clusters : null;
    this.tagger = new TwoPassTagger(data.dict, data.tagger, data.tagger2, cl);
    this.labels = data.meta.labels;
    this.xposTagger = data.xpos && data.meta.xposLists ? new XposTagger(data.meta.xposLists, null, data.xpos) : null;
    this.parser = new Parser(this.labels, { trans: data.trans, label: data.label }, cl !== null, Number(data.meta.info.parserFeatures ?? 1), this.xposTagger !== null);
    this.lemmatiser = new Lemmatiser(data.meta.lemma);
  }

  private run(words: readonly string[]): number {
    const n = words.length;
    if (this.tags.length < n) {
      const c = Math.max(n, 2 * this.tags.length);
      this.tags = new Int32Array(c);
      this.tags1 = new Int32Array(c);
      this.heads = new Int32Array(c);
      this.labs = new Int32Array(c);
      this.fine = new Int32Array(c);
    }
    if (n === 0) return 0;
    this.lex.fill(words);
    this.tagger.tag(this.lex, words, this.tags1, this.tags);
    // UD splits "al - Nusra"; our segmenter keeps "al-Nusra" whole, which the tagger never saw.
    for (let i = 0; i < n; i++) if (isParticleName(words[i])) this.tags[i] = PROPN;
    if (this.xposTagger) this.xposTagger.tag(this.lex, this.tags, this.fine);
    this.parser.parse(this.lex, this.tags, this.heads, this.labs, this.xposTagger ? this.fine : null);
    return n;
  }

  /** Tags and parses without building output strings; results in the returned views (valid until the next call). */
  analyseRaw(words: readonly string[]): { tags: Int32Array; heads: Int32Array; labels: Int32Array } {
    const n = this.run(words);
    return { tags: this.tags.subarray(0, n), heads: this.heads.subarray(0, n), labels: this.labs.subarray(0, n) };
  }

  analyse(words: readonly string[]): SentenceSyntax {
    const n = this.run(words);
    const upos = new Array<string>(n);
    const lemma = new Array<string>(n);
    const deprel = new Array<string>(n);
    const head = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const t = UPOS[this.tags[i]];
      upos[i] = t;
      lemma[i] = this.lemmatiser.lemma(words[i], t);
      head[i] = this.heads[i];
      deprel[i] = this.labels[this.labs[i]] ?? 'dep';
    }
    return { upos, lemma, head, deprel };
  }
}
