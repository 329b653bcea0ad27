/**
 * Worker thread of `scripts/train-syntax.ts`: loads the training corpus from the options in
 * `workerData`, then runs the jobs it is sent one at a time (`runJob`) and posts back their
 * results (buffers transferred), log lines, trace tables and its own CPU time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { QuantTable } from '../src/syntax/perceptron.js';
import { loadCorpus, resultBuffers, runJob, threadCpuSeconds, type Job, type TrainOptions, type WorkerMessage } from './train-syntax-jobs.js';

const port = parentPort!;
const corpus = loadCorpus(workerData as TrainOptions);
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

port.on('message', (job: Job) => {
  const c0 = threadCpuSeconds();
  try {
    const result = runJob(corpus, job, {
      log: (msg) => post({ kind: 'log', msg }),
      trace: (epoch: number, trans: QuantTable, label: QuantTable) =>
        post({ kind: 'trace', epoch, trans, label }, [trans.w.buffer as ArrayBuffer, label.w.buffer as ArrayBuffer]),
    });
    const threadCpu = threadCpuSeconds();
    post({ kind: 'done', result, cpu: threadCpu - c0, threadCpu }, resultBuffers(result));
  } catch (e) {
    post({ kind: 'error', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
