/**
 * The pipeline's contract: a stage is a function from the working document to the working
 * document; it declares which fields it needs and which it adds, and the pipeline checks the
 * chain once, when it is assembled.
 */
import type { TimeMention } from '../time/index.js';
import type { Article, Mention, Relation, Sentence, SentenceSyntax, TokenTable } from '../types.js';

/** The record that flows through the stages; each stage fills its own fields. */
export interface WorkingDoc {
  readonly article: Article;
  /** segment */
  sentences?: readonly Sentence[];
  tokens?: TokenTable;
  /** segment: each token's text lower-cased, ’ straightened to ' (made once, read by mentions, syntax and coref). */
  lower?: readonly string[];
  /** mentions: actor mentions (dictionary, candidates, co-reference) sorted by start. */
  mentions?: readonly Mention[];
  /** syntax: per sentence; undefined for sentences not parsed (nothing to read there). */
  syntax?: readonly (SentenceSyntax | undefined)[];
  /** time: time expressions per sentence. */
  times?: readonly (readonly TimeMention[])[];
  /** relations */
  relations?: readonly Relation[];
}

export type DocField = Exclude<keyof WorkingDoc, 'article'>;

export interface Stage {
  /** The stage's name, as its folder is named. */
  readonly name: string;
  readonly needs: readonly DocField[];
  readonly adds: readonly DocField[];
  run(doc: WorkingDoc): void;
}
