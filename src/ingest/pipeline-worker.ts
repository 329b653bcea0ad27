/** Worker thread body of `WorkerPool`: loads the default pipeline once, processes batches. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadDefaultPipeline, type DefaultPipelineOptions } from '../pipeline/default.js';
import type { Article } from '../types.js';
import { threadCpuSeconds } from './thread-cpu.js';

const { pipeline } = loadDefaultPipeline({ ...(workerData as DefaultPipelineOptions), warn: () => {} });
/** CPU seconds of this thread once the pipeline is loaded: what processing costs is counted from here. */
const cpu0 = threadCpuSeconds();

parentPort!.on('message', (job: { id: number; articles: Article[] }) => {
  try {
    // NOTE: the article itself does not go back (the pool still holds it): its text is not cloned twice.
    const result = job.articles.map((a) => {
      const { article: _article, ...rest } = pipeline.process(a);
      return rest;
    });
    const transfer = [...new Set(result.flatMap((p) => [p.tokens.start.buffer, p.tokens.end.buffer]))] as ArrayBuffer[];
    const cpu = threadCpuSeconds();
    parentPort!.postMessage(
      { id: job.id, ok: true, result, timings: pipeline.timings(), ...(cpu !== undefined && cpu0 !== undefined ? { cpu: cpu - cpu0 } : {}) },
      transfer,
    );
  } catch (e) {
    parentPort!.postMessage({ id: job.id, ok: false, error: (e as Error).stack ?? String(e) });
  }
});
