/**
 * One error hierarchy with stable codes. Tests check `code`, never the wording.
 * Per-record problems while reading are `ReadIssue` records (see types.ts), not exceptions.
 */

export const ERROR_CODES = {
  /** Bad command-line usage or configuration (exit code 2). */
  USAGE: 'E_USAGE',
  /** A file or folder could not be opened. */
  FILE_UNREADABLE: 'E_FILE_UNREADABLE',
  /** An input format could not be recognised. */
  UNKNOWN_FORMAT: 'E_UNKNOWN_FORMAT',
  /** A record has no date, or a date that cannot be parsed or does not exist. */
  NO_DATE: 'E_NO_DATE',
  BAD_DATE: 'E_BAD_DATE',
  /** A record has no text. */
  NO_TEXT: 'E_NO_TEXT',
  /** A record has no id and none can be made. */
  NO_ID: 'E_NO_ID',
  /** A JSON Lines line is not a JSON object. */
  BAD_JSON: 'E_BAD_JSON',
  /** A CSV file is malformed or lacks a mapped column. */
  BAD_CSV: 'E_BAD_CSV',
  /** Text was not valid UTF-8 and was decoded as Windows-1252 (warning). */
  NOT_UTF8: 'W_NOT_UTF8',
  /** Binary content. */
  BINARY: 'E_BINARY',
  /** A dictionary or lexicon file is invalid. */
  BAD_DICTIONARY: 'E_BAD_DICTIONARY',
  /** An actor name or id given by the user is unknown. */
  UNKNOWN_ACTOR: 'E_UNKNOWN_ACTOR',
  /** A store problem (schema version from the future, locked database, ...). */
  STORE: 'E_STORE',
  /** A model file is missing or corrupt. */
  MODEL: 'E_MODEL',
  /** A pipeline was assembled wrongly (missing stage). */
  PIPELINE: 'E_PIPELINE',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export class FaultlineError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FaultlineError';
    this.code = code;
  }
}

/** Raised for usage/configuration errors; the CLI exits with code 2. */
export class UsageError extends FaultlineError {
  constructor(message: string) {
    super(ERROR_CODES.USAGE, message);
    this.name = 'UsageError';
  }
}
