/**
 * Input schemas of the HTTP API (valibot). Query values arrive as strings and are converted
 * here; a failed check becomes a 400 naming the field (`ValidationError`).
 */
import * as v from 'valibot';
import { EXPORT_FORMATS } from '../export/index.js';
import { ACTOR_TYPES, RELATION_TYPES } from '../types.js';

/** Largest page any list returns. */
export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 50;

export class ValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export const DateStr = v.pipe(v.string('must be a date YYYY-MM-DD'), v.check(isRealDate, 'must be a real date YYYY-MM-DD'));

const IntStr = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, 'must be a whole number'),
    v.transform(Number),
    v.number(),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

const UnitStr = v.pipe(
  v.string(),
  v.regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, 'must be a number from 0 to 1'),
  v.transform(Number),
);

/** A comma-separated list of allowed values (`FIGHT,ALLY`). */
const ListOf = <T extends string>(allowed: readonly T[], name: string) =>
  v.pipe(
    v.string(),
    v.transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)),
    v.check((xs) => xs.every((x) => (allowed as readonly string[]).includes(x)), `must be ${name} from: ${allowed.join(', ')}`),
    v.transform((xs) => xs as T[]),
  );

const RelationTypeStr = v.pipe(
  v.string(),
  v.transform((s) => s.toUpperCase()),
  v.picklist(RELATION_TYPES, `must be one of ${RELATION_TYPES.join(', ')}`),
);

export const Paging = {
  limit: v.optional(IntStr(1, MAX_PAGE), String(DEFAULT_PAGE)),
  offset: v.optional(IntStr(0, 1_000_000_000), '0'),
};

export const ActorSearchQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.maxLength(200, 'must be at most 200 characters'))),
  type: v.optional(v.picklist(ACTOR_TYPES, `must be one of ${ACTOR_TYPES.join(', ')}`)),
  ...Paging,
});

export const OnQuery = v.object({ on: v.optional(DateStr) });

export const ActorId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,200}$/, 'must be an actor id'));

export const RelationsQuery = v.object({
  actor: v.optional(ActorId),
  other: v.optional(ActorId),
  type: v.optional(RelationTypeStr),
  polarity: v.optional(v.pipe(v.picklist(['1', '-1', '0', '+1'], 'must be 1, -1 or 0'), v.transform((s) => Number(s) as 1 | -1 | 0))),
  from: v.optional(DateStr),
  to: v.optional(DateStr),
  minConfidence: v.optional(UnitStr),
  doc: v.optional(v.pipe(v.string(), v.maxLength(500))),
  ...Paging,
});

export const DyadQuery = v.object({ on: v.optional(DateStr), ...Paging });

export const NetworkQuery = v.object({
  on: DateStr,
  actorTypes: v.optional(ListOf(ACTOR_TYPES, 'actor types')),
  relationTypes: v.optional(ListOf(RELATION_TYPES, 'relation types')),
  minConfidence: v.optional(UnitStr),
  blocs: v.optional(v.pipe(v.picklist(['true', 'false', '1', '0']), v.transform((s) => s === 'true' || s === '1'))),
  q: v.optional(v.pipe(v.string(), v.maxLength(200))),
});

export const ChangesQuery = v.pipe(
  v.object({ from: DateStr, to: DateStr, minConfidence: v.optional(UnitStr), ...Paging }),
  v.forward(v.partialCheck([['from'], ['to']], (o) => o.to >= o.from, 'must not be before from'), ['to']),
);

/** Largest `samples` of a balance null model (fewer may be allowed on a big network: 400 naming `samples`). */
export const MAX_SAMPLES = 1000;

export const BalanceQuery = v.object({ on: DateStr, samples: v.optional(IntStr(0, MAX_SAMPLES)), minConfidence: v.optional(UnitStr) });

export const DateQuery = v.object({ on: DateStr });

export const BlocsQuery = v.object({ on: DateStr, minConfidence: v.optional(UnitStr) });

export const PredictionsQuery = v.object({ on: DateStr, minConfidence: v.optional(UnitStr), ...Paging });

export const CandidatesQuery = v.object({ ...Paging });

export const ExportQuery = v.object({
  format: v.picklist(EXPORT_FORMATS, `must be one of ${EXPORT_FORMATS.join(', ')}`),
  on: v.optional(DateStr),
  minConfidence: v.optional(UnitStr),
});

const Key = v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty'), v.maxLength(300, 'must be at most 300 characters'));

export const ReviewBody = v.variant('action', [
  v.strictObject({
    action: v.literal('accept'),
    key: Key,
    name: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(200))),
    id: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9]+(?:_[a-z0-9]+)*$/, 'must be snake_case ASCII'))),
    type: v.picklist(ACTOR_TYPES, `must be one of ${ACTOR_TYPES.join(', ')}`),
    parent: v.optional(ActorId),
    country: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, 'must be an ISO 3166-1 alpha-3 code'))),
  }),
  v.strictObject({ action: v.literal('merge'), key: Key, into: ActorId }),
  v.strictObject({ action: v.literal('ignore'), key: Key }),
], 'must be "accept", "merge" or "ignore"');

export const ArticleInput = v.strictObject({
  id: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(300))),
  date: DateStr,
  text: v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty')),
  title: v.optional(v.string()),
  source: v.optional(v.string()),
  url: v.optional(v.string()),
});

export const IngestBody = v.strictObject({
  articles: v.pipe(v.array(ArticleInput, 'must be a list of articles'), v.minLength(1, 'must hold at least one article'), v.maxLength(10_000, 'at most 10000 articles per request')),
});

/** Validates `input` or throws a `ValidationError` naming the first bad field. */
export function parse<S extends v.GenericSchema>(schema: S, input: unknown, where: 'query' | 'body' | 'path' = 'query'): v.InferOutput<S> {
  const r = v.safeParse(schema, input);
  if (r.success) return r.output;
  const issue = r.issues[0]!;
  const path = v.getDotPath(issue) ?? (issue.kind === 'schema' && issue.type === 'strict_object' ? '' : '');
  let field = path || where;
  let message = issue.message;
  if (issue.type === 'strict_object' && issue.input !== undefined) {
    // Unknown key: valibot puts the key in the path.
    field = path || where;
    message = 'is not a known field';
  } else if (issue.input === undefined && issue.kind === 'schema' && path) {
    message = 'is required';
  }
  throw new ValidationError(field, `${where} field "${field}" ${message}`);
}

export type ArticleInputT = v.InferOutput<typeof ArticleInput>;
