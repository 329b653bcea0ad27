/**
 * The OpenAPI 3.1 description of the HTTP API (served at `/api/openapi.json`) and a small
 * self-contained docs page (`/api/docs`) that renders it without any outside script.
 */
import { EXPORT_FORMATS } from '../export/index.js';
import { ACTOR_TYPES, RELATION_TYPES } from '../types.js';
import { DEFAULT_PAGE, MAX_PAGE, MAX_SAMPLES } from './schemas.js';

type Json = Record<string, unknown>;

const q = (name: string, description: string, schema: Json, required = false): Json => ({ name, in: 'query', required, description, schema });
const p = (name: string, description: string): Json => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
const date = { type: 'string', format: 'date', example: '2014-06-01' };
const paging = [
  q('limit', `page size (1..${MAX_PAGE})`, { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE }),
  q('offset', 'first item of the page', { type: 'integer', minimum: 0, default: 0 }),
];
const ok = (description: string, schema: Json = { type: 'object' }): Json => ({
  200: { description, content: { 'application/json': { schema } } },
  400: { $ref: '#/components/responses/BadRequest' },
});
/** Responses of the heavy routes (computed off the HTTP thread within a time budget). */
const costly = (responses: Json): Json => ({
  ...responses,
  422: { $ref: '#/components/responses/TooCostly' },
  503: { $ref: '#/components/responses/Busy' },
});
const page = (item: string): Json => ({
  type: 'object',
  required: ['items', 'limit', 'offset', 'next'],
  properties: {
    items: { type: 'array', items: { $ref: `#/components/schemas/${item}` } },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
    total: { type: 'integer' },
    next: { type: ['integer', 'null'], description: 'offset of the next page, null at the end' },
  },
});

export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Faultline API',
      version: '0.1.0',
      description:
        'The temporal, signed, evidence-backed network of conflict actors read from dated news. ' +
        'Read routes are open on loopback; routes that change data need `Authorization: Bearer <FAULTLINE_TOKEN>`. ' +
        'Every list is paged (`limit`, `offset`, `next`). Errors are `{"error": {"code", "message", "field"}}`; 4xx errors name the field. ' +
        'Analyses (network, changes, balance, blocs, predictions, actor detail, dyads, exports) are computed off the request thread, cached per store state, ' +
        'and bounded: 503 when not done within the time budget, 400/422 `E_TOO_COSTLY` when the work asked for is beyond the limits.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'FAULTLINE_TOKEN' } },
      responses: {
        BadRequest: { description: 'invalid input: the field is named', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        Unauthorized: { description: 'missing or wrong token', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        TooCostly: { description: 'E_TOO_COSTLY: the network asked for is too big for this analysis; the message says what to narrow (minConfidence, an earlier date)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        Busy: { description: 'E_BUDGET: not computed within the time budget (4 s by default; the answer is kept when it completes, retry), or E_BUSY: too many analyses waiting. Has Retry-After.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
      schemas: {
        Error: {
          type: 'object',
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } } } },
        },
        Actor: {
          type: 'object',
          required: ['id', 'name', 'type', 'aliases'],
          properties: {
            id: { type: 'string' }, name: { type: 'string' }, type: { enum: [...ACTOR_TYPES] }, aliases: { type: 'array', items: { type: 'string' } },
            country: { type: 'string' }, parent: { type: 'string' },
          },
        },
        ActorSummary: {
          type: 'object',
          properties: { id: { type: 'string' }, name: { type: 'string' }, type: { enum: [...ACTOR_TYPES] }, aliases: { type: 'array', items: { type: 'string' } }, relations: { type: 'integer' }, reviewed: { type: 'boolean' } },
        },
        RelationEnd: { type: 'object', properties: { actor: { type: 'string' }, name: { type: 'string' }, text: { type: 'string' }, start: { type: 'integer' }, end: { type: 'integer' } } },
        Relation: {
          type: 'object',
          description: 'One reading: a relation read from one sentence ("Relations out").',
          properties: {
            id: { type: 'integer' }, doc: { type: 'string' }, date, type: { enum: [...RELATION_TYPES] }, polarity: { enum: [1, -1, 0] },
            source: { $ref: '#/components/schemas/RelationEnd' }, target: { $ref: '#/components/schemas/RelationEnd' },
            time: { type: 'object', properties: { start: date, end: date, text: { type: ['string', 'null'] } } },
            sentence: { type: 'object', properties: { index: { type: 'integer' }, start: { type: 'integer' }, end: { type: 'integer' }, text: { type: 'string' } } },
            confidence: { type: 'number', minimum: 0, maximum: 1 },
          },
        },
        Evidence: {
          allOf: [
            { $ref: '#/components/schemas/Relation' },
            {
              type: 'object',
              properties: {
                article: { type: ['object', 'null'], properties: { id: { type: 'string' }, date, title: { type: 'string' }, source: { type: 'string' }, url: { type: 'string' } } },
                highlight: { type: 'object', description: 'offsets of the actor words inside sentence.text', properties: { source: { type: ['array', 'null'] }, target: { type: ['array', 'null'] } } },
              },
            },
          ],
        },
        Candidate: {
          type: 'object',
          properties: {
            key: { type: 'string' }, text: { type: 'string' }, entity: { type: 'string' }, count: { type: 'integer' }, first: date, last: date,
            examples: { type: 'array', items: { type: 'object', properties: { doc: { type: 'string' }, sentence: { type: 'string' } } } },
          },
        },
        NetworkNode: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' }, activity: { type: 'integer' }, bloc: { type: 'integer' }, reviewed: { type: 'boolean' } } },
        NetworkEdge: {
          type: 'object',
          properties: {
            key: { type: 'string' }, a: { type: 'string' }, b: { type: 'string' }, state: { type: 'string' }, sign: { enum: [1, -1] }, confidence: { type: 'number' },
            direction: { type: ['object', 'null'] }, since: { type: ['string', 'null'] }, readings: { type: 'integer' }, docs: { type: 'integer' }, contradictions: { type: 'integer' },
          },
        },
        Change: { type: 'object', properties: { kind: { enum: ['flip', 'new', 'change', 'ended'] }, a: { type: 'string' }, b: { type: 'string' }, names: { type: 'array' }, before: { type: 'object' }, after: { type: 'object' }, causes: { type: 'array' } } },
        Prediction: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' }, names: { type: 'array' }, predicted: { enum: [1, -1, 0] }, pressure: { type: 'number' }, probability: { type: ['number', 'null'] }, explanation: { type: 'string' }, reasons: { type: 'array' } } },
        IngestJob: {
          type: 'object',
          properties: {
            id: { type: 'string' }, status: { enum: ['queued', 'running', 'done', 'failed'] }, total: { type: 'integer' }, processed: { type: 'integer' },
            stored: { type: 'integer' }, duplicates: { type: 'integer' }, rejected: { type: 'integer' }, relations: { type: 'integer' }, issues: { type: 'array' }, error: { type: 'string' },
          },
        },
      },
    },
    paths: {
      '/api/stats': { get: { summary: 'Counts, date range, candidates pending, readings per type', responses: ok('stats') } },
      '/api/actors': {
        get: {
          summary: 'Search actors (name, id or alias), most active first',
          parameters: [q('q', 'search text', { type: 'string' }), q('type', 'actor type', { enum: [...ACTOR_TYPES] }), ...paging],
          responses: ok('a page of actors', page('ActorSummary')),
        },
      },
      '/api/actors/{id}': {
        get: {
          summary: 'One actor: aliases, type, parent and members, allies and enemies on a date, monthly timeline of its readings',
          parameters: [p('id', 'actor id'), q('on', 'date (default: the latest reading)', date)],
          responses: costly({ ...ok('the actor'), 404: { description: 'unknown actor' } }),
        },
      },
      '/api/relations': {
        get: {
          summary: 'Stored readings, filtered',
          parameters: [
            q('actor', 'actor id (source or target)', { type: 'string' }), q('other', 'with actor: only readings between the two', { type: 'string' }),
            q('type', 'relation type', { enum: [...RELATION_TYPES] }), q('polarity', '1, -1 or 0', { enum: ['1', '-1', '0'] }),
            q('from', 'readings holding on or after', date), q('to', 'readings holding on or before', date),
            q('minConfidence', '0..1', { type: 'number' }), q('doc', 'article id', { type: 'string' }), ...paging,
          ],
          responses: ok('a page of readings', page('Relation')),
        },
      },
      '/api/dyads/{a}/{b}': {
        get: {
          summary: 'Timeline of readings between two actors with evidence sentences (actor words located), the state on a date and its history',
          parameters: [p('a', 'actor id'), p('b', 'actor id'), q('on', 'date of the state', date), ...paging],
          responses: costly({ ...ok('the dyad'), 404: { description: 'unknown actor' } }),
        },
      },
      '/api/network': {
        get: {
          summary: 'The signed network on a date (dyad states), filtered',
          parameters: [
            q('on', 'date', date, true),
            q('actorTypes', 'comma-separated actor types', { type: 'string', example: 'armed_group,state' }),
            q('relationTypes', 'comma-separated relation types counted', { type: 'string', example: 'FIGHT,ALLY' }),
            q('minConfidence', 'drop dyads below this confidence', { type: 'number' }),
            q('blocs', 'compute blocs and colour nodes by bloc', { type: 'boolean' }),
            q('q', 'keep actors matching this text and their neighbours', { type: 'string' }),
          ],
          responses: costly(ok('nodes and edges', { type: 'object', properties: { on: date, nodes: { type: 'array', items: { $ref: '#/components/schemas/NetworkNode' } }, edges: { type: 'array', items: { $ref: '#/components/schemas/NetworkEdge' } } } })),
        },
      },
      '/api/network/overview': { get: { summary: 'Every pair with readings at any time, and the date range (for a stable layout)', responses: costly(ok('overview')) } },
      '/api/changes': {
        get: {
          summary: 'What changed between two dates (sign flips first), with the readings that caused it',
          parameters: [q('from', 'start date', date, true), q('to', 'end date', date, true), q('minConfidence', '0..1', { type: 'number' }), ...paging],
          responses: costly(ok('a page of changes', page('Change'))),
        },
      },
      '/api/balance': {
        get: {
          summary: 'Structural balance on a date: triad census, null model, frustration, unbalanced triads',
          parameters: [
            q('on', 'date', date, true),
            q('samples', `null-model samples (default 200, fewer on a big network); at most ${MAX_SAMPLES}, and at most 4,000,000 / triangles (400 naming samples beyond)`, { type: 'integer', maximum: MAX_SAMPLES }),
            q('minConfidence', 'drop dyads below this confidence (a smaller network)', { type: 'number' }),
          ],
          responses: costly(ok('balance')),
        },
      },
      '/api/blocs': { get: { summary: 'Signed blocs on a date', parameters: [q('on', 'date', date, true), q('minConfidence', 'drop dyads below this confidence', { type: 'number' })], responses: costly(ok('blocs')) } },
      '/api/predictions': {
        get: {
          summary: 'Predicted signs of unlinked or weak pairs from balance pressure, with reasons',
          parameters: [q('on', 'date', date, true), q('minConfidence', 'drop dyads below this confidence (a smaller network)', { type: 'number' }), ...paging],
          responses: costly(ok('a page of predictions', page('Prediction'))),
        },
      },
      '/api/candidates': { get: { summary: 'Candidate actors waiting for review, most frequent first', parameters: paging, responses: ok('a page of candidates', page('Candidate')) } },
      '/api/candidates/review': {
        post: {
          summary: 'Accept a candidate as a new actor, merge it into an actor as an alias, or ignore it (writes the user dictionary next to the database)',
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  oneOf: [
                    { type: 'object', required: ['action', 'key', 'type'], properties: { action: { const: 'accept' }, key: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' }, type: { enum: [...ACTOR_TYPES] }, parent: { type: 'string' }, country: { type: 'string' } } },
                    { type: 'object', required: ['action', 'key', 'into'], properties: { action: { const: 'merge' }, key: { type: 'string' }, into: { type: 'string' } } },
                    { type: 'object', required: ['action', 'key'], properties: { action: { const: 'ignore' }, key: { type: 'string' } } },
                  ],
                },
              },
            },
          },
          responses: { ...ok('what was done'), 401: { $ref: '#/components/responses/Unauthorized' }, 404: { description: 'no such candidate' } },
        },
      },
      '/api/ingest': {
        post: {
          summary: 'Ingest articles: JSON {"articles": [{id?, date, text, title?, source?, url?}]} or uploaded files (multipart, field "files": dated text, .txt, .jsonl, .csv). Answers 202 with a job to poll.',
          security: [{ bearer: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { type: 'object', required: ['articles'], properties: { articles: { type: 'array', items: { type: 'object', required: ['date', 'text'] } } } } },
              'multipart/form-data': { schema: { type: 'object', properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } } } },
            },
          },
          responses: { 202: { description: 'the job', content: { 'application/json': { schema: { $ref: '#/components/schemas/IngestJob' } } } }, 400: { $ref: '#/components/responses/BadRequest' }, 401: { $ref: '#/components/responses/Unauthorized' }, 413: { description: 'body too large' } },
        },
      },
      '/api/ingest/jobs': { get: { summary: 'Recent ingest jobs', responses: ok('jobs') } },
      '/api/ingest/jobs/{id}': { get: { summary: 'One ingest job with its progress', parameters: [p('id', 'job id')], responses: { ...ok('the job', { $ref: '#/components/schemas/IngestJob' }), 404: { description: 'no such job' } } } },
      '/api/export': {
        get: {
          summary: 'Download: readings as CSV, JSON Lines or PLOVER-style event CSV; the network on a date as GEXF or GraphML',
          parameters: [q('format', 'export format', { enum: [...EXPORT_FORMATS] }, true), q('on', 'date of the network (gexf, graphml)', date), q('minConfidence', '0..1', { type: 'number' })],
          responses: costly({ 200: { description: 'the file (Content-Disposition: attachment)' }, 400: { $ref: '#/components/responses/BadRequest' } }),
        },
      },
      '/api/health': { get: { summary: 'Liveness and the auth mode', responses: ok('ok') } },
    },
  };
}

/** A self-contained page listing the routes of the OpenAPI document. */
export function docsPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Faultline API</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222}
h1{margin-bottom:.2em} .route{border:1px solid #ddd;border-radius:6px;margin:.6em 0;padding:.5em .8em}
.m{display:inline-block;min-width:3.5em;font-weight:700;color:#fff;border-radius:3px;padding:0 .4em;text-align:center}
.get{background:#2b7bb9}.post{background:#3a9a4b} code{background:#f3f3f3;padding:0 .25em}
table{border-collapse:collapse;margin:.4em 0} td{padding:.1em .6em;border-bottom:1px solid #eee;vertical-align:top}
</style></head><body>
<h1>Faultline API</h1><p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1). The web UI is at <a href="/">/</a>.</p>
<div id="desc"></div><div id="routes"></div>
<script>
fetch('/api/openapi.json').then(r=>r.json()).then(doc=>{
  const esc=s=>String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
  document.getElementById('desc').textContent=doc.info.description;
  const out=[];
  for(const [path,ops] of Object.entries(doc.paths)) for(const [m,op] of Object.entries(ops)){
    const params=(op.parameters||[]).map(p=>'<tr><td><code>'+esc(p.name)+'</code></td><td>'+esc(p.in)+(p.required?' (required)':'')+'</td><td>'+esc(p.description||'')+'</td></tr>').join('');
    out.push('<div class="route"><span class="m '+m+'">'+m.toUpperCase()+'</span> <code>'+esc(path)+'</code>'+(op.security?' 🔒 token':'')+'<div>'+esc(op.summary||'')+'</div>'+(params?'<table>'+params+'</table>':'')+'</div>');
  }
  document.getElementById('routes').innerHTML=out.join('');
});
</script></body></html>`;
}
