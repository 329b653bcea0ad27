/** `faultline serve`: the HTTP API and the web UI over a database. */
import { UsageError } from '../../errors.js';
import { startServer, type RunningServer } from '../../server/index.js';
import type { CliContext, RegisterCommand } from '../context.js';
import { openStore, withDb } from '../shared.js';

export function portArg(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new UsageError(`--port must be a port number 0..65535, got "${v}"`);
  return n;
}

/** Serves `db` until the process is stopped (SIGINT/SIGTERM close it cleanly); prints the URL. */
export async function runServer(ctx: CliContext, db: string, port: number, host: string): Promise<RunningServer> {
  const store = await openStore(db, true);
  const server = await startServer({ db, port, host, store });
  const stop = async (): Promise<void> => {
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  ctx.io.out(`\nFaultline workbench: ${server.uiUrl}\n`);
  ctx.io.out(`API docs: ${server.url}api/docs  (OpenAPI: ${server.url}api/openapi.json)\n`);
  if (!process.env.FAULTLINE_TOKEN) ctx.io.out('Changes (review, upload) need the token in the link above; set FAULTLINE_TOKEN to choose it.\n');
  ctx.io.out('Press Ctrl+C to stop.\n');
  return server;
}

export const register: RegisterCommand = (program, ctx) => {
  withDb(program.command('serve'))
    .description('serve the HTTP API and the web UI (network, actors, dyads, changes, balance, review, upload, exports)')
    .option('--port <port>', 'port (0 picks a free one)', portArg, 8080)
    .option('--host <host>', 'interface to bind (reads need the token on non-loopback hosts)', '127.0.0.1')
    .action(async (o: { db: string; port: number; host: string }) => {
      await runServer(ctx, o.db, o.port, o.host);
      await new Promise<never>(() => {});
    });
};
