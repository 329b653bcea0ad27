/**
 * The HTTP API (hono): JSON over HTTP, validated inputs (4xx name the field), a bearer token on
 * routes that change data, pagination on every list, body size limits, no CORS headers. Each
 * handler validates, calls one `Workbench` method and serialises the result. The built web UI is
 * served at `/`.
 */
import { timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ERROR_CODES, FaultlineError } from '../errors.js';
import { projectPath } from '../paths.js';
import { fingerprint } from '../read/fingerprint.js';
import { readText } from '../read/index.js';
import type { Store } from '../store/store.js';
import type { Article, ReadIssue } from '../types.js';
import type { PipelineLoader } from './jobs.js';
import { docsPage, openApiDocument } from './openapi.js';
import * as S from './schemas.js';
import { AnalyticsRunner, BudgetError, type RunnerLimits } from './analytics-runner.js';
import { CostError, Workbench } from './workbench.js';

export interface AppOptions {
  readonly store: Store;
  /** Database location (the user dictionary and the ignored list live next to it). */
  readonly dbPath: string;
  /** Bearer token for routes that change data; without one, those routes answer 403. */
  readonly token?: string;
  /** `open` (default): read routes need no token; `token`: every /api route needs it (for non-loopback hosts). */
  readonly readAccess?: 'open' | 'token';
  /** Folder of the built web UI (default: `web/dist` of the project); no UI when it does not exist. */
  readonly webRoot?: string;
  /** Largest JSON body, bytes (default 1 MiB). */
  readonly maxJsonBytes?: number;
  /** Largest ingest body (JSON articles or uploaded files), bytes (default 50 MiB). */
  readonly maxUploadBytes?: number;
  readonly loadPipeline?: PipelineLoader;
  /** Use this workbench instead of making one (tests). */
  readonly workbench?: Workbench;
  /** Runs the heavy routes off the HTTP thread within a budget (default: one made here, with `limits`). */
  readonly runner?: AnalyticsRunner;
  /** Time budget and queue of the heavy routes (when the runner is made here). */
  readonly limits?: Partial<RunnerLimits>;
}

/** The error body of every 4xx/5xx answer. */
export interface ApiError {
  readonly error: { readonly code: string; readonly message: string; readonly field?: string };
}

function fail(c: Context, status: ContentfulStatusCode, code: string, message: string, field?: string) {
  return c.json<ApiError>({ error: { code, message, ...(field ? { field } : {}) } }, status);
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given), b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearer(c: Context): string | undefined {
  const h = c.req.header('authorization');
  const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
  return m?.[1];
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** The project's `web/dist` folder (works from `src/` and `dist/`); `./web/dist` outside a project. */
export function defaultWebRoot(): string {
  try {
    return projectPath('web', 'dist');
  } catch {
    return resolve('web', 'dist');
  }
}

function articleOf(a: S.ArticleInputT, i: number): Article {
  return {
    id: a.id ?? `upload-${fingerprint(a.text).slice(0, 16)}`,
    date: a.date,
    text: a.text,
    ...(a.title ? { title: a.title } : {}),
    ...(a.source ? { source: a.source } : {}),
    ...(a.url ? { url: a.url } : {}),
    origin: { file: 'api', record: i + 1 },
  };
}

/** Builds the hono app. */
export function createApp(options: AppOptions): Hono {
  const wb = options.workbench ?? new Workbench({ store: options.store, dbPath: options.dbPath, ...(options.loadPipeline ? { loadPipeline: options.loadPipeline } : {}) });
  const token = options.token;
  const readAccess = options.readAccess ?? 'open';
  const maxJson = options.maxJsonBytes ?? 1024 * 1024;
  const maxUpload = options.maxUploadBytes ?? 50 * 1024 * 1024;
  const webRoot = options.webRoot ?? defaultWebRoot();
  const runner = options.runner ?? new AnalyticsRunner({ workbench: wb, store: options.store, dbPath: options.dbPath, ...(options.limits ? { limits: options.limits } : {}) });
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof S.ValidationError) return fail(c, 400, 'E_VALIDATION', err.message, err.field);
    if (err instanceof CostError) return fail(c, err.status, 'E_TOO_COSTLY', err.message, err.field);
    if (err instanceof BudgetError) {
      c.header('Retry-After', '5');
      return fail(c, 503, err.code, err.message);
    }
    if (err instanceof HTTPException) {
      if (err.status === 413) return fail(c, 413, 'E_TOO_LARGE', 'request body is too large');
      return fail(c, err.status as ContentfulStatusCode, 'E_HTTP', err.message);
    }
    if (err instanceof FaultlineError) {
      if (err.code === ERROR_CODES.UNKNOWN_ACTOR) return fail(c, 404, err.code, err.message);
      if (err.code === ERROR_CODES.USAGE) {
        const field = /^(\w+):/.exec(err.message)?.[1];
        return fail(c, 400, err.code, err.message, field);
      }
      if (err.code === ERROR_CODES.BAD_DICTIONARY) return fail(c, 409, err.code, err.message);
      return fail(c, 500, err.code, err.message);
    }
    process.stderr.write(`faultline serve: ${err.stack ?? err.message}\n`);
    return fail(c, 500, 'E_INTERNAL', 'internal error');
  });
  app.notFound((c) => (c.req.path.startsWith('/api/') ? fail(c, 404, 'E_NOT_FOUND', `no route ${c.req.method} ${c.req.path}`) : c.text('not found', 404)));

  // Security headers on every answer; no CORS headers at all (same-origin only).
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
  });

  const needToken: MiddlewareHandler = async (c, next) => {
    if (!token) return fail(c, 403, 'E_FORBIDDEN', 'this server has no token configured (FAULTLINE_TOKEN): changes are disabled');
    const given = bearer(c);
    if (!given) return fail(c, 401, 'E_UNAUTHORIZED', 'this route changes data: send "Authorization: Bearer <token>"', 'authorization');
    if (!sameToken(given, token)) return fail(c, 401, 'E_UNAUTHORIZED', 'wrong token', 'authorization');
    await next();
  };
  if (readAccess === 'token') {
    app.use('/api/*', async (c, next) => {
      if (c.req.path === '/api/openapi.json' || c.req.path === '/api/docs') return next();
      return needToken(c, next);
    });
  }
  const jsonLimit = bodyLimit({ maxSize: maxJson, onError: (c) => fail(c, 413, 'E_TOO_LARGE', `request body is larger than ${maxJson} bytes`) });
  const uploadLimit = bodyLimit({ maxSize: maxUpload, onError: (c) => fail(c, 413, 'E_TOO_LARGE', `upload is larger than ${maxUpload} bytes`) });

  const query = (c: Context) => c.req.query();
  const jsonBody = async (c: Context): Promise<unknown> => {
    try {
      return await c.req.json();
    } catch {
      throw new S.ValidationError('body', 'body must be JSON');
    }
  };

  // --- documentation -------------------------------------------------------------------------
  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/api/docs', (c) => c.html(docsPage()));
  app.get('/api/health', (c) => c.json({ ok: true, auth: { writes: token ? 'token' : 'disabled', reads: readAccess } }));

  // --- read routes ---------------------------------------------------------------------------
  app.get('/api/stats', async (c) => c.json(await wb.stats()));

  app.get('/api/actors', async (c) => c.json(await wb.searchActors(S.parse(S.ActorSearchQuery, query(c)))));

  /** A heavy route's JSON answer, computed by the runner (already serialised). */
  const heavy = async (c: Context, method: Parameters<AnalyticsRunner['run']>[0] & string, args: unknown[], narrow: string) => {
    const text = await runner.run(method as 'network', args, narrow);
    return c.body(text, 200, { 'Content-Type': 'application/json' });
  };
  const NARROW_NETWORK = 'narrow it (relationTypes, minConfidence, actorTypes, q for an actor) or retry shortly';
  const NARROW_DATE = 'narrow it (minConfidence) or retry shortly';

  app.get('/api/actors/:id', async (c) => {
    const id = S.parse(S.ActorId, c.req.param('id'), 'path');
    const q = S.parse(S.OnQuery, query(c));
    return heavy(c, 'actorDetail', [id, q.on], 'retry shortly');
  });

  app.get('/api/relations', async (c) => {
    const q = S.parse(S.RelationsQuery, query(c));
    return c.json(await wb.relations(q));
  });

  app.get('/api/dyads/:a/:b', async (c) => {
    const a = S.parse(S.ActorId, c.req.param('a'), 'path'), b = S.parse(S.ActorId, c.req.param('b'), 'path');
    return heavy(c, 'dyad', [a, b, S.parse(S.DyadQuery, query(c))], 'retry shortly');
  });

  app.get('/api/network', async (c) => heavy(c, 'network', [S.parse(S.NetworkQuery, query(c))], NARROW_NETWORK));
  app.get('/api/network/overview', async (c) => heavy(c, 'networkOverview', [], 'retry shortly'));

  app.get('/api/changes', async (c) => heavy(c, 'changes', [S.parse(S.ChangesQuery, query(c))], 'narrow it (a shorter from–to window, minConfidence) or retry shortly'));
  app.get('/api/balance', async (c) => heavy(c, 'balance', [S.parse(S.BalanceQuery, query(c))], 'narrow it (fewer samples, minConfidence) or retry shortly'));
  app.get('/api/blocs', async (c) => heavy(c, 'blocs', [S.parse(S.BlocsQuery, query(c))], NARROW_DATE));
  app.get('/api/predictions', async (c) => heavy(c, 'predictions', [S.parse(S.PredictionsQuery, query(c))], NARROW_DATE));
  app.get('/api/candidates', async (c) => c.json(await wb.candidates(S.parse(S.CandidatesQuery, query(c)))));

  app.get('/api/export', async (c) => {
    const r = await runner.run('export', [S.parse(S.ExportQuery, query(c))], 'narrow it (minConfidence) or retry shortly');
    c.header('Content-Type', r.contentType);
    c.header('Content-Disposition', `attachment; filename="${r.filename}"`);
    return c.body(r.body);
  });

  app.get('/api/ingest/jobs', (c) => c.json({ items: wb.jobs.list() }));
  app.get('/api/ingest/jobs/:id', (c) => {
    const job = wb.jobs.get(c.req.param('id'));
    return job ? c.json(job) : fail(c, 404, 'E_NOT_FOUND', `no ingest job "${c.req.param('id')}"`, 'id');
  });

  // --- write routes (token) ------------------------------------------------------------------
  app.post('/api/candidates/review', needToken, jsonLimit, async (c) => {
    const body = S.parse(S.ReviewBody, await jsonBody(c), 'body');
    return c.json(await wb.review(body));
  });

  app.post('/api/ingest', needToken, uploadLimit, async (c) => {
    const type = c.req.header('content-type') ?? '';
    let items: (Article | ReadIssue)[];
    let label: string;
    if (type.startsWith('multipart/form-data')) {
      const form = await c.req.parseBody({ all: true });
      const files = Object.values(form).flat().filter((f): f is File => typeof f === 'object' && f !== null && 'arrayBuffer' in f);
      if (files.length === 0) throw new S.ValidationError('files', 'body field "files" must hold at least one file');
      items = [];
      for (const f of files) {
        const name = f.name.replace(/[\\/]/g, '_') || 'upload.txt';
        items.push(...readText(name, Buffer.from(await f.arrayBuffer())));
      }
      label = files.map((f) => f.name).join(', ').slice(0, 200);
    } else if (type.startsWith('application/json')) {
      const body = S.parse(S.IngestBody, await jsonBody(c), 'body');
      items = body.articles.map(articleOf);
      label = `${items.length} article(s) posted`;
    } else {
      return fail(c, 415, 'E_MEDIA_TYPE', 'send application/json ({"articles": [...]}) or multipart/form-data (files)', 'content-type');
    }
    const job = wb.ingest(items, label);
    return c.json(job, 202);
  });

  // --- the web UI ----------------------------------------------------------------------------
  const root = resolve(webRoot);
  app.get('*', (c) => {
    if (c.req.path.startsWith('/api/')) return fail(c, 404, 'E_NOT_FOUND', `no route GET ${c.req.path}`);
    if (!existsSync(join(root, 'index.html'))) {
      return c.html('<!doctype html><title>Faultline</title><p>The web UI is not built: run <code>npm run build</code>. The API is at <a href="/api/docs">/api/docs</a>.</p>');
    }
    let rel = decodeURIComponent(c.req.path);
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep)) return c.text('not found', 404);
    const target = existsSync(file) && statSync(file).isFile() ? file : join(root, 'index.html');
    const body = readFileSync(target);
    c.header('Content-Type', CONTENT_TYPES[extname(target)] ?? 'application/octet-stream');
    if (target.includes(`${sep}assets${sep}`)) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(body);
  });

  return app;
}
