/**
 * The stage "read": files, folders and in-memory texts → dated articles, plus `ReadIssue`
 * records for what could not be read (a bad record never stops the others).
 */

import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { ERROR_CODES, UsageError } from '../errors.js';
import type { Article, ReadIssue } from '../types.js';
import { readCsvBytes, readCsvChunks } from './csv-reader.js';
import { compileDateFormat, parseIsoDay } from './dates.js';
import { SNIFF_BYTES, sniffBytes, toUtf8Bytes, toUtf8Chunks, type Sniff } from './decode.js';
import { issueError, type InputFormat, type ResolvedOptions } from './issues.js';
import { readJsonlBytes, readJsonlChunks } from './jsonl-reader.js';
import { hasDateHeader, readTextBytes } from './text-reader.js';
import { formatOfName, walkInputs } from './walk.js';

export { fingerprint } from './fingerprint.js';

export interface ReadOptions {
  /** Date for plain text files without a header or a date in the file name (YYYY-MM-DD). */
  readonly date?: string;
  /** CSV column mapping (defaults: id, date, text, title). */
  readonly csv?: { readonly id?: string; readonly date?: string; readonly text?: string; readonly title?: string };
  /** Date format of CSV/JSONL date values, e.g. 'M/D/YY', 'D/M/YYYY', 'YYYY-MM-DD' (default: ISO 8601 date or date-time, else a few unambiguous forms). */
  readonly dateFormat?: string;
  /** Force an input format instead of guessing from the extension. */
  readonly format?: 'dated-text' | 'text' | 'jsonl' | 'csv';
}

/** What the readers stream: articles and issues (`kind: 'issue'`). */
export type ReadItem = Article | ReadIssue;

/** True for an issue record, false for an article. */
export function isReadIssue(item: ReadItem): item is ReadIssue {
  return (item as ReadIssue).kind === 'issue';
}

/** Text files larger than this are not read as one article. */
const MAX_TEXT_FILE_BYTES = 256 * 1024 * 1024;

const FORMATS: readonly InputFormat[] = ['dated-text', 'text', 'jsonl', 'csv'];

/** Checks the options once; bad options are a usage error (thrown), not a record problem. */
function resolveOptions(options: ReadOptions | undefined): ResolvedOptions {
  const o = options ?? {};
  let date: string | undefined;
  if (o.date !== undefined) {
    const d = parseIsoDay(o.date);
    if (!d.ok) throw new UsageError(`--date: ${d.reason} (expected an existing YYYY-MM-DD date)`);
    date = d.date;
  }
  let dateFormat;
  if (o.dateFormat !== undefined) {
    const f = compileDateFormat(o.dateFormat);
    if (typeof f === 'string') throw new UsageError(`--date-format: ${f}`);
    dateFormat = f;
  }
  if (o.format !== undefined && !FORMATS.includes(o.format)) {
    throw new UsageError(`--format: unknown format ${JSON.stringify(o.format)} (expected ${FORMATS.join(', ')})`);
  }
  const csv = o.csv ?? {};
  for (const [role, column] of Object.entries(csv)) {
    if (column !== undefined && column.trim() === '') throw new UsageError(`--csv-${role}: the column name is empty`);
  }
  return {
    ...(date !== undefined ? { date } : {}),
    csv: Object.fromEntries(Object.entries(csv).filter(([, v]) => v !== undefined).map(([k, v]) => [k, (v as string).trim()])),
    ...(dateFormat ? { dateFormat } : {}),
    ...(o.format ? { format: o.format } : {}),
  };
}

/**
 * Streams the articles (and issues) of files and folders (recursively), in a stable order (sorted paths).
 * Paths are read in the order given; folder contents in sorted order. Throws `UsageError` at once for bad options.
 */
export function readInputs(paths: readonly string[], options?: ReadOptions): AsyncGenerator<ReadItem> {
  const resolved = resolveOptions(options);
  return readAll(paths, resolved);
}

async function* readAll(paths: readonly string[], options: ResolvedOptions): AsyncGenerator<ReadItem> {
  for await (const found of walkInputs(paths, options.format)) {
    if (found.kind === 'issue') yield found;
    else yield* readFileItems(found.path, found.format, found.size, options);
  }
}

/** Reads one file, turning any failure to read it into a FILE_UNREADABLE issue. */
async function* readFileItems(file: string, format: InputFormat, size: number, options: ResolvedOptions): AsyncGenerator<ReadItem> {
  try {
    if (format === 'text' || format === 'dated-text') {
      if (size > MAX_TEXT_FILE_BYTES) {
        yield issueError(ERROR_CODES.FILE_UNREADABLE, file, `too large for one article (${size} bytes); split it, or use JSON Lines or CSV`);
        return;
      }
      const bytes = await readFile(file);
      yield* readTextBytes(file, bytes, format === 'dated-text' ? 'dated' : 'auto', options);
      return;
    }
    yield* readRecordsFile(file, format, options);
  } catch (err) {
    // Only system errors (EACCES, EISDIR, EIO, ...) become issues; anything else is a bug and is thrown.
    const e = err as NodeJS.ErrnoException;
    if (typeof e?.syscall !== 'string' && !(typeof e?.code === 'string' && e.code.startsWith('E'))) throw err;
    yield issueError(ERROR_CODES.FILE_UNREADABLE, file, `cannot read: ${e.code ? `${e.code}: ` : ''}${e.message}`);
  }
}

/** Streams a JSON Lines or CSV file: sniffs its first bytes, then reads it chunk by chunk. */
async function* readRecordsFile(file: string, format: 'jsonl' | 'csv', options: ResolvedOptions): AsyncGenerator<ReadItem> {
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  try {
    const head: Buffer[] = [];
    let headSize = 0;
    let ended = false;
    while (headSize < SNIFF_BYTES) {
      const r = await it.next();
      if (r.done) {
        ended = true;
        break;
      }
      head.push(r.value);
      headSize += r.value.length;
    }
    const first = Buffer.concat(head);
    const sniff = sniffBytes(first);
    const bad = unreadable(file, sniff, format);
    if (bad) {
      yield bad;
      return;
    }
    async function* raw(): AsyncGenerator<Buffer> {
      yield first;
      if (ended) return;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    }
    const chunks = toUtf8Chunks(raw(), sniff as Extract<Sniff, { kind: 'text' }>);
    if (format === 'jsonl') yield* readJsonlChunks(file, chunks, options);
    else yield* readCsvChunks(file, chunks, options);
  } finally {
    stream.destroy();
  }
}

/** The file-level issue for empty or binary content, if any. */
function unreadable(file: string, sniff: Sniff, format: InputFormat): ReadIssue | undefined {
  if (sniff.kind === 'empty') return issueError(ERROR_CODES.NO_TEXT, file, 'the file is empty');
  if (sniff.kind === 'binary') {
    return issueError(ERROR_CODES.BINARY, file, `not a ${format === 'csv' ? 'CSV' : format === 'jsonl' ? 'JSON Lines' : 'text'} file: ${sniff.reason}`);
  }
  return undefined;
}

/**
 * Reads one in-memory text (for the HTTP API: pasted or uploaded content). The format comes from
 * `options.format`, else the name's extension, else the content (a `date` header → dated text,
 * a leading `{` → JSON Lines, otherwise plain text). Throws `UsageError` for bad options.
 */
export function readText(name: string, content: Buffer | string, options?: ReadOptions): ReadItem[] {
  const resolved = resolveOptions(options);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const sniff = sniffBytes(bytes);
  const format = resolved.format ?? formatOfName(name) ?? guessFormat(bytes, sniff);
  if (format === 'text' || format === 'dated-text') {
    return readTextBytes(name, bytes, format === 'dated-text' ? 'dated' : 'auto', resolved);
  }
  const bad = unreadable(name, sniff, format);
  if (bad) return [bad];
  const utf8 = toUtf8Bytes(bytes, sniff as Extract<Sniff, { kind: 'text' }>);
  return format === 'jsonl' ? readJsonlBytes(name, utf8, resolved) : readCsvBytes(name, utf8, resolved);
}

/** The format of content whose name says nothing: dated text, JSON Lines or plain text. */
function guessFormat(bytes: Buffer, sniff: Sniff): InputFormat {
  if (sniff.kind !== 'text') return 'text';
  const head = toUtf8Bytes(bytes.subarray(0, SNIFF_BYTES), sniff).toString('utf8');
  if (hasDateHeader(head)) return 'dated-text';
  if (head.trimStart().startsWith('{')) return 'jsonl';
  return 'text';
}
