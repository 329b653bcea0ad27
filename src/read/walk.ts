/**
 * Files and folders → the files to read, with their format. Folders are walked recursively in
 * sorted order; hidden entries are skipped, as are Markdown and README files (silently) and
 * files of other types (with a warning).
 */

import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { ERROR_CODES } from '../errors.js';
import type { ReadIssue } from '../types.js';
import { issueError, issueWarning, type InputFormat } from './issues.js';

/** One file to read. */
export interface FoundFile {
  readonly kind: 'file';
  readonly path: string;
  readonly format: InputFormat;
  /** Size in bytes. */
  readonly size: number;
}

const EXTENSIONS: ReadonlyMap<string, InputFormat> = new Map([
  ['.txt', 'text'],
  ['.text', 'text'],
  ['.jsonl', 'jsonl'],
  ['.ndjson', 'jsonl'],
  ['.csv', 'csv'],
]);

/** The format a file name's extension stands for (`text` = dated when it has the header, plain otherwise). */
export function formatOfName(name: string): InputFormat | undefined {
  return EXTENSIONS.get(extname(name).toLowerCase());
}

/** Documentation inside an input folder: skipped without a word. */
function isDocumentation(name: string): boolean {
  const ext = extname(name).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return true;
  const base = ext ? name.slice(0, -ext.length) : name;
  return base.toUpperCase() === 'README';
}

/** Code-point order, the same on every machine and locale. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  // Node's messages already start with the code ("ENOENT: no such file or directory, ...").
  return e.message ?? String(err);
}

/** Walks the paths (in the order given; folder contents in sorted order). */
export async function* walkInputs(paths: readonly string[], format: InputFormat | undefined): AsyncGenerator<FoundFile | ReadIssue> {
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (err) {
      yield issueError(ERROR_CODES.FILE_UNREADABLE, path, `cannot open: ${reason(err)}`);
      continue;
    }
    if (info.isDirectory()) {
      yield* walkFolder(path, format, new Set());
    } else if (info.isFile()) {
      const f = format ?? formatOfName(path);
      if (f) yield { kind: 'file', path, format: f, size: info.size };
      else {
        yield issueError(
          ERROR_CODES.UNKNOWN_FORMAT,
          path,
          `unknown file type "${extname(path)}": expected .txt, .jsonl, .ndjson or .csv (or give --format)`,
        );
      }
    } else {
      yield issueError(ERROR_CODES.FILE_UNREADABLE, path, 'not a regular file or folder');
    }
  }
}

async function* walkFolder(dir: string, format: InputFormat | undefined, visited: Set<string>): AsyncGenerator<FoundFile | ReadIssue> {
  let entries: Dirent[];
  try {
    const real = await realpath(dir);
    if (visited.has(real)) return; // a symbolic link back up the tree
    visited.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    yield issueError(ERROR_CODES.FILE_UNREADABLE, dir, `cannot read the folder: ${reason(err)}`);
    return;
  }
  entries.sort((a, b) => byCodePoint(a.name, b.name));
  for (const entry of entries) {
    const name = entry.name;
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    let size = -1;
    if (entry.isSymbolicLink() || isFile) {
      try {
        const info = await stat(path);
        isDir = info.isDirectory();
        isFile = info.isFile();
        size = info.size;
      } catch (err) {
        yield issueError(ERROR_CODES.FILE_UNREADABLE, path, `cannot open: ${reason(err)}`);
        continue;
      }
    }
    if (isDir) {
      yield* walkFolder(path, format, visited);
      continue;
    }
    if (!isFile || isDocumentation(name)) continue;
    const f = format ?? formatOfName(name);
    if (f) {
      yield { kind: 'file', path, format: f, size };
    } else {
      yield issueWarning(
        ERROR_CODES.UNKNOWN_FORMAT,
        path,
        `skipped: unknown file type "${extname(name) || basename(name)}" (expected .txt, .jsonl, .ndjson or .csv)`,
      );
    }
  }
}
