/**
 * Worker thread body of `AnalyticsRunner`: its own store connection and `Workbench` (relations
 * loaded once per store state, results memoised), answering one call at a time. JSON results go
 * back as strings so that the main thread neither clones nor serialises big objects.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FaultlineError } from '../errors.js';
import { openStore } from '../store/index.js';
import { CostError, Workbench, type CostLimits } from './workbench.js';

export interface WorkerCall {
  readonly id: number;
  readonly method: string;
  readonly args: readonly unknown[];
  /** The main thread's store state: a different one drops the worker's caches. */
  readonly version: string;
}

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly kind: 'cost' | 'faultline' | 'internal'; readonly code: string; readonly message: string; readonly field?: string; readonly status?: 400 | 422 } };

const { dbPath, limits } = workerData as { dbPath: string; limits?: Partial<CostLimits> };
const store = await openStore(dbPath);
// The main thread checks the store state and passes it with each call.
const wb = new Workbench({ store, dbPath, versionCheckMs: Number.POSITIVE_INFINITY, ...(limits ? { limits } : {}) });
let seen: string | undefined;

parentPort!.on('message', async (call: WorkerCall) => {
  let reply: WorkerReply;
  try {
    if (seen !== undefined && seen !== call.version) wb.invalidate();
    seen = call.version;
    const fn = (wb as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[call.method];
    if (typeof fn !== 'function') throw new Error(`no workbench method ${call.method}`);
    const value = await fn.apply(wb, [...call.args]);
    reply = { id: call.id, ok: true, value: call.method === 'export' ? value : JSON.stringify(value) };
  } catch (e) {
    const err = e as Error;
    reply = {
      id: call.id,
      ok: false,
      error: e instanceof CostError
        ? { kind: 'cost', code: 'E_TOO_COSTLY', message: err.message, field: e.field, status: e.status }
        : e instanceof FaultlineError
          ? { kind: 'faultline', code: e.code, message: err.message }
          : { kind: 'internal', code: 'E_INTERNAL', message: err.stack ?? err.message },
    };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true });
