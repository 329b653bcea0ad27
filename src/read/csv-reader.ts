/**
 * CSV: a header row, then one article a row. Columns are found by name (mapped with
 * `options.csv`, defaults `id`, `date`, `text`, `title`; `source` and `url` columns fill those
 * fields); other columns go to `meta`. Fields are parsed as bytes and each row decoded on its
 * own (UTF-8, else Windows-1252 with a warning), so the file streams whatever its size.
 */

import { CsvError, parse as parseStream, type Options as CsvOptions } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { ERROR_CODES } from '../errors.js';
import type { Article, ReadIssue } from '../types.js';
import { parseDate } from './dates.js';
import { decodeUtf8OrCp1252 } from './decode.js';
import { issueError, issueWarning, notUtf8Warning, type ResolvedOptions } from './issues.js';
import { stem } from './text-reader.js';
import type { ReadItem } from './index.js';

const CSV_OPTIONS: CsvOptions = {
  encoding: null,
  bom: false,
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: true,
  skip_records_with_empty_values: true,
};

type Role = 'id' | 'date' | 'text' | 'title' | 'source' | 'url';

interface Layout {
  readonly width: number;
  readonly columns: Readonly<Partial<Record<Role, number>>>;
  /** Index and name of every column that goes to `meta`. */
  readonly meta: readonly (readonly [number, string])[];
}

/** The rows of one CSV file, fed one parsed record (array of field bytes) at a time. */
export class CsvTable {
  private layout: Layout | undefined;
  /** True once the header showed the file cannot be read: the remaining rows are ignored. */
  stopped = false;
  /** Data rows seen so far (the header is not counted). */
  rows = 0;
  private readonly idPrefix: string;

  constructor(
    private readonly file: string,
    private readonly options: ResolvedOptions,
  ) {
    this.idPrefix = stem(file);
  }

  /** Handles one parsed record: the header first, then data rows. */
  record(fields: readonly Buffer[]): ReadItem[] {
    if (this.stopped) return [];
    if (!this.layout) return this.readHeader(fields);
    return this.readRow(fields, ++this.rows);
  }

  /** Issues once the input has ended: an empty file or a header without rows. */
  finish(): ReadItem[] {
    if (this.stopped) return [];
    if (!this.layout) return [issueError(ERROR_CODES.NO_TEXT, this.file, 'the CSV file has no header row and no data')];
    if (this.rows === 0) return [issueWarning(ERROR_CODES.NO_TEXT, this.file, 'the CSV file has a header row but no data rows')];
    return [];
  }

  /** The issue for a CSV syntax error (the file is read no further). */
  syntaxError(err: unknown): ReadIssue {
    this.stopped = true;
    const e = err as { message?: string; lines?: number };
    const where = typeof e.lines === 'number' ? ` near line ${e.lines}` : '';
    return issueError(
      ERROR_CODES.BAD_CSV,
      this.file,
      `malformed CSV${where}: ${e.message ?? String(err)}; the rows after it were not read`,
      this.rows + 1,
    );
  }

  private readHeader(fields: readonly Buffer[]): ReadItem[] {
    const items: ReadItem[] = [];
    let notUtf8 = false;
    const names = fields.map((f) => {
      const d = decodeUtf8OrCp1252(f);
      notUtf8 ||= d.notUtf8;
      return d.text.trim();
    });
    if (notUtf8) items.push(notUtf8Warning(this.file));

    const mapping = this.options.csv;
    const wanted: readonly [Role, string, boolean, string][] = [
      ['id', mapping.id ?? 'id', mapping.id !== undefined, '--csv-id'],
      ['date', mapping.date ?? 'date', true, '--csv-date'],
      ['text', mapping.text ?? 'text', true, '--csv-text'],
      ['title', mapping.title ?? 'title', mapping.title !== undefined, '--csv-title'],
      ['source', 'source', false, ''],
      ['url', 'url', false, ''],
    ];
    const columns: Partial<Record<Role, number>> = {};
    const missing: string[] = [];
    const used = new Set<number>();
    for (const [role, name, required, flag] of wanted) {
      let index = names.indexOf(name);
      if (index === -1) {
        const lower = name.toLowerCase();
        index = names.findIndex((n) => n.toLowerCase() === lower);
      }
      if (index === -1 || used.has(index)) {
        if (required) missing.push(`"${name}" (${role}${flag ? `, set with ${flag}` : ''})`);
        continue;
      }
      columns[role] = index;
      used.add(index);
    }
    if (missing.length > 0) {
      this.stopped = true;
      items.push(
        issueError(
          ERROR_CODES.BAD_CSV,
          this.file,
          `missing column ${missing.join(', ')}; the columns are: ${names.map((n) => JSON.stringify(n)).join(', ')}`,
        ),
      );
      return items;
    }
    const meta: [number, string][] = [];
    const seen = new Set<string>();
    names.forEach((name, i) => {
      if (used.has(i)) return;
      let key = name === '' ? `column_${i + 1}` : name;
      while (seen.has(key)) key = `${key}_${i + 1}`;
      seen.add(key);
      meta.push([i, key]);
    });
    this.layout = { width: names.length, columns, meta };
    return items;
  }

  private readRow(fields: readonly Buffer[], row: number): ReadItem[] {
    const layout = this.layout!;
    const file = this.file;
    const items: ReadItem[] = [];
    if (fields.length > layout.width) {
      return [issueError(ERROR_CODES.BAD_CSV, file, `${fields.length} fields where the header has ${layout.width} (a quoting problem?)`, row)];
    }
    if (fields.length < layout.width) {
      items.push(issueWarning(ERROR_CODES.BAD_CSV, file, `${fields.length} fields where the header has ${layout.width}; the missing ones are taken as empty`, row));
    }
    let notUtf8 = false;
    const cell = (index: number | undefined): string | undefined => {
      if (index === undefined || index >= fields.length) return undefined;
      const d = decodeUtf8OrCp1252(fields[index]);
      notUtf8 ||= d.notUtf8;
      return d.text;
    };
    const { columns } = layout;
    const rawId = cell(columns.id);
    const rawDate = cell(columns.date);
    const text = cell(columns.text) ?? '';
    const title = cell(columns.title)?.trim();
    const source = cell(columns.source)?.trim();
    const url = cell(columns.url)?.trim();
    const meta: Record<string, string> = {};
    for (const [index, key] of layout.meta) meta[key] = cell(index) ?? '';
    if (notUtf8) items.push(notUtf8Warning(file, row));

    let rejected = false;
    let id: string | undefined;
    if (columns.id === undefined) {
      id = `${this.idPrefix}-${row}`;
    } else {
      id = rawId?.trim();
      if (!id) {
        items.push(issueError(ERROR_CODES.NO_ID, file, 'the id column is empty', row));
        rejected = true;
      }
    }
    const date = parseDate(rawDate, this.options.dateFormat);
    if (!date.ok) {
      items.push(issueError(date.missing ? ERROR_CODES.NO_DATE : ERROR_CODES.BAD_DATE, file, date.missing ? 'the date column is empty' : date.reason, row));
      rejected = true;
    }
    if (text.trim() === '') {
      items.push(issueError(ERROR_CODES.NO_TEXT, file, 'the text column is empty', row));
      rejected = true;
    }
    if (rejected || !id || !date.ok) return items;

    const article: Article = {
      id,
      date: date.date,
      text,
      ...(title ? { title } : {}),
      ...(source ? { source } : {}),
      ...(url ? { url } : {}),
      ...(layout.meta.length > 0 ? { meta } : {}),
      origin: { file, record: row },
    };
    items.push(article);
    return items;
  }
}

/** Streams the rows of UTF-8-compatible byte chunks. */
export async function* readCsvChunks(file: string, chunks: AsyncIterable<Buffer>, options: ResolvedOptions): AsyncGenerator<ReadItem> {
  const table = new CsvTable(file, options);
  let items: ReadItem[] = [];
  // NOTE: rows are taken in `on_record`, which the parser calls synchronously while it parses a
  // written chunk; the parser's readable side stays empty. Rows parsed before a syntax error are
  // therefore never lost in a stream buffer, and at most one chunk's rows are held at a time.
  const parser = parseStream({
    ...CSV_OPTIONS,
    on_record: (record: unknown) => {
      if (!table.stopped) items.push(...table.record(record as Buffer[]));
      return null;
    },
  });
  let failure: unknown;
  parser.on('error', (err) => {
    failure ??= err;
  });
  const step = (run: (done: () => void) => void): Promise<void> => new Promise((resolve) => run(resolve));
  try {
    for await (const chunk of chunks) {
      await step((done) => parser.write(chunk, () => done()));
      yield* items;
      items = [];
      if (failure !== undefined || table.stopped) break;
    }
    if (failure === undefined && !table.stopped) {
      await step((done) => {
        parser.once('finish', done);
        parser.once('error', done);
        parser.end();
      });
      yield* items;
      items = [];
    }
  } finally {
    parser.destroy();
  }
  if (failure !== undefined) {
    if (!isCsvError(failure)) throw failure;
    yield table.syntaxError(failure);
    return;
  }
  yield* table.finish();
}

/** Reads the rows of UTF-8-compatible bytes held in memory. */
export function readCsvBytes(file: string, bytes: Buffer, options: ResolvedOptions): ReadItem[] {
  const table = new CsvTable(file, options);
  const items: ReadItem[] = [];
  try {
    parseSync(bytes, {
      ...CSV_OPTIONS,
      on_record: (record: unknown) => {
        if (!table.stopped) items.push(...table.record(record as Buffer[]));
        return null;
      },
    });
  } catch (err) {
    if (!isCsvError(err)) throw err;
    items.push(table.syntaxError(err));
    return items;
  }
  items.push(...table.finish());
  return items;
}

function isCsvError(err: unknown): boolean {
  return err instanceof CsvError;
}
