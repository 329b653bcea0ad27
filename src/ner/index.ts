/**
 * Named-entity recogniser (ORG, PER, LOC; GPE/NORP reserved): an averaged structured perceptron
 * over hashed features with constrained Viterbi decoding. Trained by `scripts/train-ner.ts`;
 * see docs/ner.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES, FaultlineError } from '../errors.js';
import { ENTITY_TYPES, type EntityType } from '../types.js';
import { documentConsistency } from './document.js';
import { QuantTagger, decodeModel, labelsToSpans } from './model.js';
import { projectPath } from '../paths.js';

export interface EntitySpan {
  /** First token index within the sentence. */
  start: number;
  /** One past the last token index. */
  end: number;
  type: EntityType;
}

export interface NerModel {
  /** Entity spans of one tokenised sentence, in order, non-overlapping. */
  tag(words: readonly string[]): EntitySpan[];
  /**
   * Entity spans of every sentence of one document (an article, an e-mail, a thread): `tag` per
   * sentence, then document-level consistency (a name's majority type throughout the document,
   * and its untagged repetitions tagged too; see document.ts). One span list per sentence.
   */
  tagDocument(sentences: readonly (readonly string[])[]): EntitySpan[][];
}

export const NER_MODEL_FILE = 'ner.bin';

/** The project's `models/ner/` folder. */
export function defaultNerModelDir(): string {
  return projectPath('models', 'ner');
}

const TYPES = new Set<string>(ENTITY_TYPES);

export function loadNerModel(dir?: string): NerModel {
  const folder = dir ?? defaultNerModelDir();
  const file = join(folder, NER_MODEL_FILE);
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (cause) {
    throw new FaultlineError(ERROR_CODES.MODEL, `NER model not found at ${file}; run \`npm run train:ner\` to train it`, { cause });
  }
  let tagger: QuantTagger;
  try {
    tagger = new QuantTagger(decodeModel(buf));
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new FaultlineError(ERROR_CODES.MODEL, `NER model ${file} cannot be used (${why}); retrain it with \`npm run train:ner\``, { cause });
  }
  for (const l of tagger.labels) {
    if (l !== 'O' && !(/^[BI]-/.test(l) && TYPES.has(l.slice(2)))) {
      throw new FaultlineError(ERROR_CODES.MODEL, `NER model ${file} has an unknown label ${l}; retrain it with \`npm run train:ner\``);
    }
  }
  const tag = (words: readonly string[]): EntitySpan[] => {
    if (words.length === 0) return [];
    const ids = tagger.labelIds(words);
    return labelsToSpans(tagger.labels, ids, words.length) as EntitySpan[];
  };
  return {
    tag,
    tagDocument(sentences: readonly (readonly string[])[]): EntitySpan[][] {
      return documentConsistency(sentences, sentences.map(tag));
    },
  };
}
