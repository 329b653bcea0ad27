/**
 * Text files: the dated text file (`date YYYY-MM-DD` header, then the text) and the plain text
 * file (date from `--date`, else a `YYYY-MM-DD` in the file name). One file is one article.
 */

import { basename, extname } from 'node:path';
import { ERROR_CODES } from '../errors.js';
import type { Article } from '../types.js';
import { parseIsoDay } from './dates.js';
import { decodeText, sniffBytes } from './decode.js';
import { issueError, notUtf8Warning, type ResolvedOptions } from './issues.js';
import type { ReadItem } from './index.js';

/** `auto`: dated when the header is there, plain otherwise; `dated`: the header is required. */
export type TextMode = 'auto' | 'dated';

/** Header: optional BOM/whitespace, the token `date`, whitespace, a date-like token followed by whitespace or the end. */
const HEADER_RE = /^\uFEFF?\s*date\s+(\d{4}-\d{1,2}-\d{1,2})(?=\s|$)\s*/i;
/** Something that starts like a header but whose date is malformed (for the `dated` mode). */
const LOOSE_HEADER_RE = /^\uFEFF?\s*date[\s:]+(\S*)/i;
const NAME_DATE_RE = /(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)/;

/** File name without its directory and extension. */
export function stem(file: string): string {
  const base = basename(file);
  const ext = extname(base);
  return ext ? base.slice(0, -ext.length) : base;
}

/** True when decoded text starts with a `date YYYY-MM-DD` header. */
export function hasDateHeader(text: string): boolean {
  return HEADER_RE.test(text);
}

/** Reads one text file's bytes as one article (or the issues that prevent it). */
export function readTextBytes(file: string, bytes: Buffer, mode: TextMode, options: ResolvedOptions): ReadItem[] {
  const sniff = sniffBytes(bytes);
  if (sniff.kind === 'empty') return [issueError(ERROR_CODES.NO_TEXT, file, 'the file is empty')];
  if (sniff.kind === 'binary') return [issueError(ERROR_CODES.BINARY, file, `not a text file: ${sniff.reason}`)];
  const { text, notUtf8 } = decodeText(bytes, sniff);
  const items: ReadItem[] = notUtf8 ? [notUtf8Warning(file)] : [];
  items.push(...readTextString(file, text, mode, options));
  return items;
}

/** Reads one decoded text as one article (or the issues that prevent it). */
export function readTextString(file: string, content: string, mode: TextMode, options: ResolvedOptions): ReadItem[] {
  const header = HEADER_RE.exec(content);
  if (header) {
    const date = parseIsoDay(header[1]);
    if (!date.ok) return [issueError(ERROR_CODES.BAD_DATE, file, `the date header: ${date.reason}`)];
    const text = content.slice(header[0].length);
    if (text.trim() === '') return [issueError(ERROR_CODES.NO_TEXT, file, 'no text after the date header')];
    return [article(stem(file), date.date, text, file)];
  }
  if (mode === 'dated') {
    const loose = LOOSE_HEADER_RE.exec(content);
    if (loose && loose[1] !== '') {
      return [issueError(ERROR_CODES.BAD_DATE, file, `the date header has ${JSON.stringify(loose[1])}, expected YYYY-MM-DD`)];
    }
    return [issueError(ERROR_CODES.NO_DATE, file, 'no "date YYYY-MM-DD" header at the start of the file')];
  }

  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  if (text.trim() === '') return [issueError(ERROR_CODES.NO_TEXT, file, 'the file has no text')];
  const id = basename(file);
  if (options.date !== undefined) return [article(id, options.date, text, file)];
  const named = NAME_DATE_RE.exec(basename(file));
  if (named) {
    const date = parseIsoDay(named[1]);
    if (!date.ok) return [issueError(ERROR_CODES.BAD_DATE, file, `the date in the file name: ${date.reason}`)];
    return [article(id, date.date, text, file)];
  }
  return [
    issueError(
      ERROR_CODES.NO_DATE,
      file,
      'no date: start the file with "date YYYY-MM-DD", put YYYY-MM-DD in the file name, or give --date',
    ),
  ];
}

function article(id: string, date: string, text: string, file: string): Article {
  return { id, date, text, origin: { file, record: 1 } };
}
