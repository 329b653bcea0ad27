/** Builders of `ReadIssue` records and the options every reader shares. */

import { ERROR_CODES } from '../errors.js';
import type { ReadIssue } from '../types.js';
import type { DateFormat } from './dates.js';

export type IssueCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** The input formats the readers know. */
export type InputFormat = 'dated-text' | 'text' | 'jsonl' | 'csv';

/** Reader options after checking: a validated `--date`, a compiled `--date-format`. */
export interface ResolvedOptions {
  readonly date?: string;
  readonly csv: { readonly id?: string; readonly date?: string; readonly text?: string; readonly title?: string };
  readonly dateFormat?: DateFormat;
  readonly format?: InputFormat;
}

/** An error issue: the record (or file) is rejected. */
export function issueError(code: IssueCode, file: string, message: string, record?: number): ReadIssue {
  return makeIssue(code, 'error', file, message, record);
}

/** A warning issue: the record (or file) is kept, or was skipped on purpose. */
export function issueWarning(code: IssueCode, file: string, message: string, record?: number): ReadIssue {
  return makeIssue(code, 'warning', file, message, record);
}

function makeIssue(code: IssueCode, severity: 'error' | 'warning', file: string, message: string, record?: number): ReadIssue {
  const where = record === undefined ? file : `${file} record ${record}`;
  const base = { kind: 'issue' as const, code, severity, file, message: `${where}: ${message}` };
  return record === undefined ? base : { ...base, record };
}

/** The warning for a record (or file) decoded as Windows-1252. */
export function notUtf8Warning(file: string, record?: number): ReadIssue {
  return issueWarning(
    ERROR_CODES.NOT_UTF8,
    file,
    'not valid UTF-8; decoded as Windows-1252 (Latin-1). Convert the file to UTF-8 if characters look wrong',
    record,
  );
}
