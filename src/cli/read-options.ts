/** The input options shared by `ingest`, `extract` and `mentions`. */
import type { Command } from 'commander';
import type { ReadOptions } from '../read/index.js';
import { dateArg } from './shared.js';

export function withReadOptions(cmd: Command): Command {
  return cmd
    .option('--date <YYYY-MM-DD>', 'date of plain text files that have no date header or date in their name')
    .option('--input-format <format>', 'force the input format: dated-text, text, jsonl, csv (default: by extension)')
    .option('--csv-id <column>', 'CSV column holding the article id (default: id; made from file and row when absent)')
    .option('--csv-date <column>', 'CSV column holding the date (default: date)')
    .option('--csv-text <column>', 'CSV column holding the text (default: text)')
    .option('--csv-title <column>', 'CSV column holding the title (default: title)')
    .option('--date-format <pattern>', 'date format of CSV/JSONL dates, e.g. M/D/YY, D/M/YYYY (default: ISO 8601)');
}

export interface ReadFlags {
  date?: string;
  inputFormat?: string;
  csvId?: string;
  csvDate?: string;
  csvText?: string;
  csvTitle?: string;
  dateFormat?: string;
}

export function readOptionsFrom(o: ReadFlags): ReadOptions {
  const csv = {
    ...(o.csvId ? { id: o.csvId } : {}),
    ...(o.csvDate ? { date: o.csvDate } : {}),
    ...(o.csvText ? { text: o.csvText } : {}),
    ...(o.csvTitle ? { title: o.csvTitle } : {}),
  };
  const date = dateArg(o.date, '--date');
  return {
    ...(date ? { date } : {}),
    ...(Object.keys(csv).length ? { csv } : {}),
    ...(o.dateFormat ? { dateFormat: o.dateFormat } : {}),
    ...(o.inputFormat ? { format: o.inputFormat as ReadOptions['format'] } : {}),
  };
}
