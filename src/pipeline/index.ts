/**
 * The pipeline: stages assembled once and checked up front (each stage's needs must be added
 * by an earlier stage), then run on one article at a time.
 *
 *   article → segment → mentions → syntax → coref → time → relations → ProcessedArticle
 */
import { ERROR_CODES, FaultlineError } from '../errors.js';
import type { Article, ProcessedArticle } from '../types.js';
import type { DocField, Stage, WorkingDoc } from './stage.js';

export type { DocField, Stage, WorkingDoc } from './stage.js';

export interface Pipeline {
  /** Stage names in order. */
  readonly stages: readonly string[];
  /** Runs every stage on one article. */
  process(article: Article): ProcessedArticle;
  /** Seconds spent in each stage since the pipeline was made (for benchmarks). */
  timings(): Record<string, number>;
}

/** Assembles stages; throws E_PIPELINE naming the first stage whose needs are not met. */
export function createPipeline(stages: readonly Stage[]): Pipeline {
  const have = new Set<DocField>();
  for (const s of stages) {
    const missing = s.needs.filter((f) => !have.has(f));
    if (missing.length) {
      throw new FaultlineError(
        ERROR_CODES.PIPELINE,
        `pipeline stage "${s.name}" needs ${missing.join(', ')}, which no earlier stage adds; add the missing stage before it`,
      );
    }
    for (const f of s.adds) have.add(f);
  }
  for (const f of ['sentences', 'tokens', 'mentions', 'relations'] as const) {
    if (!have.has(f)) throw new FaultlineError(ERROR_CODES.PIPELINE, `pipeline has no stage that adds "${f}"`);
  }
  const spent = new Float64Array(stages.length);
  return {
    stages: stages.map((s) => s.name),
    process(article: Article): ProcessedArticle {
      const doc: WorkingDoc = { article };
      for (let i = 0; i < stages.length; i++) {
        const t0 = performance.now();
        stages[i]!.run(doc);
        spent[i]! += performance.now() - t0;
      }
      return {
        article,
        sentences: doc.sentences!,
        tokens: doc.tokens!,
        mentions: doc.mentions!,
        relations: doc.relations!,
      };
    },
    timings() {
      const out: Record<string, number> = {};
      stages.forEach((s, i) => (out[s.name] = (out[s.name] ?? 0) + spent[i]! / 1000));
      return out;
    },
  };
}
