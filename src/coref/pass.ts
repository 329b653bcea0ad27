/**
 * What every co-reference pass (descriptions and pronouns, generic phrases, persons) reads of the
 * document. Each pass is a class with one method per kind of phrase (so V8 re-optimises a small
 * method, not the whole pass, when a rare phrase turns up) that extends this one.
 */
import type { WorkingDoc } from '../pipeline/stage.js';
import { lowerOf } from '../pipeline/stages.js';
import type { Sentence, TokenTable } from '../types.js';

export abstract class DocumentPass {
  readonly text: string;
  readonly sentences: readonly Sentence[];
  readonly tokens: TokenTable;
  /** Lower-cased token texts. */
  readonly L: readonly string[];
  /** How many sentences back an antecedent may stand (default 3). */
  readonly window: number;

  constructor(doc: WorkingDoc, window: number | undefined) {
    this.text = doc.article.text;
    this.sentences = doc.sentences ?? [];
    this.tokens = doc.tokens!;
    this.L = lowerOf(doc);
    this.window = window ?? 3;
  }
}
