/**
 * JSON Lines: one object a line, `{"id","date","text","title"?,"source"?,"url"?}`; other fields
 * go to `meta` as strings. Lines are split on bytes and decoded one by one, so a 1 GB file is
 * never one string and a Latin-1 line costs only that line a warning.
 */

import { ERROR_CODES } from '../errors.js';
import type { Article } from '../types.js';
import { parseDate } from './dates.js';
import { decodeUtf8OrCp1252 } from './decode.js';
import { issueError, notUtf8Warning, type ResolvedOptions } from './issues.js';
import type { ReadItem } from './index.js';

/** Splits byte chunks into lines (without `\n` or `\r\n`). */
export class LineSplitter {
  private pending: Buffer[] = [];

  /** Feeds a chunk; returns the lines it completed. */
  push(chunk: Buffer): Buffer[] {
    const lines: Buffer[] = [];
    let from = 0;
    for (let nl = chunk.indexOf(0x0a, from); nl !== -1; nl = chunk.indexOf(0x0a, from)) {
      const piece = chunk.subarray(from, nl);
      if (this.pending.length > 0) {
        this.pending.push(piece);
        lines.push(trimCr(Buffer.concat(this.pending)));
        this.pending = [];
      } else {
        lines.push(trimCr(piece));
      }
      from = nl + 1;
    }
    if (from < chunk.length) this.pending.push(chunk.subarray(from));
    return lines;
  }

  /** The last line when the input does not end with a line break. */
  end(): Buffer | undefined {
    if (this.pending.length === 0) return undefined;
    const last = trimCr(Buffer.concat(this.pending));
    this.pending = [];
    return last;
  }
}

function trimCr(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, -1) : line;
}

const KNOWN = new Set(['id', 'date', 'text', 'title', 'source', 'url']);

function asString(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** Reads one JSON Lines line (`line` is its 1-based number); blank lines yield nothing. */
export function readJsonlLine(file: string, line: number, bytes: Buffer, options: ResolvedOptions): ReadItem[] {
  const { text: raw, notUtf8 } = decodeUtf8OrCp1252(bytes);
  if (raw.trim() === '') return [];
  const items: ReadItem[] = notUtf8 ? [notUtf8Warning(file, line)] : [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    items.push(issueError(ERROR_CODES.BAD_JSON, file, `malformed JSON (${(err as Error).message})`, line));
    return items;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    items.push(issueError(ERROR_CODES.BAD_JSON, file, 'the line is not a JSON object', line));
    return items;
  }
  const record = value as Record<string, unknown>;
  let rejected = false;

  const id = asString(record.id)?.trim();
  if (!id) {
    items.push(issueError(ERROR_CODES.NO_ID, file, 'no "id" field', line));
    rejected = true;
  }
  let date: string | undefined;
  if (record.date !== undefined && record.date !== null && typeof record.date !== 'string') {
    items.push(issueError(ERROR_CODES.BAD_DATE, file, `"date" is not a string: ${JSON.stringify(record.date)}`, line));
    rejected = true;
  } else {
    const parsed = parseDate(record.date as string | undefined, options.dateFormat);
    if (parsed.ok) {
      date = parsed.date;
    } else {
      items.push(issueError(parsed.missing ? ERROR_CODES.NO_DATE : ERROR_CODES.BAD_DATE, file, parsed.missing ? 'no "date" field' : parsed.reason, line));
      rejected = true;
    }
  }
  const text = record.text;
  if (typeof text !== 'string' || text.trim() === '') {
    const why = text === undefined || text === null ? 'no "text" field' : typeof text === 'string' ? '"text" is empty' : '"text" is not a string';
    items.push(issueError(ERROR_CODES.NO_TEXT, file, why, line));
    rejected = true;
  }
  if (rejected || id === undefined || date === undefined || typeof text !== 'string') return items;

  const meta: Record<string, string> = {};
  let hasMeta = false;
  for (const key of Object.keys(record)) {
    if (KNOWN.has(key)) continue;
    const s = asString(record[key]);
    if (s === undefined) continue;
    meta[key] = s;
    hasMeta = true;
  }
  const title = asString(record.title)?.trim() || undefined;
  const source = asString(record.source)?.trim() || undefined;
  const url = asString(record.url)?.trim() || undefined;
  const article: Article = {
    id,
    date,
    text,
    ...(title !== undefined ? { title } : {}),
    ...(source !== undefined ? { source } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(hasMeta ? { meta } : {}),
    origin: { file, record: line },
  };
  items.push(article);
  return items;
}

/** Streams the records of UTF-8-compatible byte chunks. */
export async function* readJsonlChunks(file: string, chunks: AsyncIterable<Buffer>, options: ResolvedOptions): AsyncGenerator<ReadItem> {
  const splitter = new LineSplitter();
  let line = 0;
  for await (const chunk of chunks) {
    for (const bytes of splitter.push(chunk)) yield* readJsonlLine(file, ++line, bytes, options);
  }
  const last = splitter.end();
  if (last) yield* readJsonlLine(file, ++line, last, options);
}

/** Reads the records of UTF-8-compatible bytes held in memory. */
export function readJsonlBytes(file: string, bytes: Buffer, options: ResolvedOptions): ReadItem[] {
  const items: ReadItem[] = [];
  const splitter = new LineSplitter();
  let line = 0;
  for (const b of splitter.push(bytes)) items.push(...readJsonlLine(file, ++line, b, options));
  const last = splitter.end();
  if (last) items.push(...readJsonlLine(file, ++line, last, options));
  return items;
}
