/**
 * The analyst's workbench server: the HTTP API (`createApp`) and the web UI, served by one
 * process (`startServer`). Binds 127.0.0.1 by default; read routes are open on loopback, routes
 * that change data need the token (`FAULTLINE_TOKEN`, or a random one printed in the URL).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { openStore } from '../store/index.js';
import type { Store } from '../store/store.js';
import { AnalyticsRunner, type RunnerLimits } from './analytics-runner.js';
import { createApp, type AppOptions } from './app.js';
import type { PipelineLoader } from './jobs.js';
import { Workbench } from './workbench.js';

export { createApp, defaultWebRoot, type ApiError, type AppOptions } from './app.js';
export { Workbench, CostError, DEFAULT_COST_LIMITS, type CostLimits, type Page, type ReviewAction } from './workbench.js';
export { AnalyticsRunner, BudgetError, DEFAULT_RUNNER_LIMITS, type RunnerLimits } from './analytics-runner.js';
export { userDictionaryFile, ignoredFile, type ReviewResult } from '../actors/review.js';
export { defaultPipelineLoader, type IngestJob, type PipelineLoader } from './jobs.js';
export { openApiDocument } from './openapi.js';

export interface StartOptions {
  /** Database file (SQLite) or URL. */
  readonly db: string;
  /** Port; 0 picks a free one. Default 8080. */
  readonly port?: number;
  /** Interface to bind; default 127.0.0.1. */
  readonly host?: string;
  /** Token for write routes; default `$FAULTLINE_TOKEN`, else a random one (shown in `url`). */
  readonly token?: string;
  /** Reads need the token too (default: only when the host is not loopback). */
  readonly readAccess?: 'open' | 'token';
  readonly webRoot?: string;
  readonly loadPipeline?: PipelineLoader;
  /** Use an already open store (it is not closed by `close`). */
  readonly store?: Store;
  /** Time budget and queue of the heavy routes (`DEFAULT_RUNNER_LIMITS`). */
  readonly limits?: Partial<RunnerLimits>;
}

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8080/`. */
  readonly url: string;
  /** The URL to open in a browser: carries the token in the fragment (never sent to the server). */
  readonly uiUrl: string;
  readonly port: number;
  readonly token: string;
  readonly workbench: Workbench;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** Opens the store and serves the API and the UI until `close`. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? process.env.FAULTLINE_TOKEN ?? randomBytes(18).toString('base64url');
  const store = options.store ?? (await openStore(options.db));
  const workbench = new Workbench({ store, dbPath: options.db, ...(options.loadPipeline ? { loadPipeline: options.loadPipeline } : {}) });
  const runner = new AnalyticsRunner({ workbench, store, dbPath: options.db, ...(options.limits ? { limits: options.limits } : {}) });
  const appOptions: AppOptions = {
    store,
    dbPath: options.db,
    token,
    readAccess: options.readAccess ?? (isLoopback(host) ? 'open' : 'token'),
    workbench,
    runner,
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
  };
  const app = createApp(appOptions);
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 8080, hostname: host }, () => resolveServer(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown}:${port}/`;
  return {
    url,
    uiUrl: `${url}#token=${encodeURIComponent(token)}`,
    port,
    token,
    workbench,
    async close() {
      await new Promise<void>((r) => {
        const s = server as unknown as { closeAllConnections?: () => void };
        server.close(() => r());
        s.closeAllConnections?.();
      });
      await workbench.jobs.idle();
      await runner.close();
      if (!options.store) await store.close();
    },
  };
}
