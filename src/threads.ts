/**
 * Worker threads from compiled JavaScript or from TypeScript sources (tests, scripts run with tsx).
 */
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on the module `script`. A TypeScript module is loaded through tsx's
 * loader (on Node 20, `execArgv: ['--import', 'tsx']` does not reach a worker's entry module).
 */
export function startWorker(script: URL, workerData: unknown): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, { workerData });
  const load = `import('tsx/esm/api').then((m) => m.tsImport(${JSON.stringify(script.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(load, { eval: true, workerData });
}
