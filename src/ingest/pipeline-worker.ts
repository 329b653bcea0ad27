/** Worker thread body of `WorkerPool`: loads the default pipeline once, processes batches. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadDefaultPipeline, type DefaultPipelineOptions } from '../pipeline/default.js';
import type { Article, ProcessedArticle } from '../types.js';

const { pipeline } = loadDefaultPipeline({ ...(workerData as DefaultPipelineOptions), warn: () => {} });

parentPort!.on('message', (job: { id: number; articles: Article[] }) => {
  try {
    const result: ProcessedArticle[] = job.articles.map((a) => pipeline.process(a));
    const transfer = [...new Set(result.flatMap((p) => [p.tokens.start.buffer, p.tokens.end.buffer]))] as ArrayBuffer[];
    parentPort!.postMessage({ id: job.id, ok: true, result, timings: pipeline.timings() }, transfer);
  } catch (e) {
    parentPort!.postMessage({ id: job.id, ok: false, error: (e as Error).stack ?? String(e) });
  }
});
