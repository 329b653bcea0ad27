#!/usr/bin/env node
// The `faultline` command: runs the compiled CLI (npm install / npm run build compile it to dist/).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, 'dist', 'cli', 'bin.js');
if (!existsSync(entry)) {
  process.stderr.write('faultline: the compiled code is missing; run "npm install" (or "npm run build") in ' + root + '\n');
  process.exit(2);
}
// V8 compiles the pipeline's hot functions again in every thread (each worker is an isolate of its
// own); not inlining the array built-ins (map, filter, find, ...) into them makes those compilations
// far cheaper at no measured cost in speed (docs/performance.md, "Worker scaling"). Set before any
// of the code below is compiled; V8 flags hold for the whole process, workers included.
setFlagsFromString('--no-turbo-inline-array-builtins');
await import(pathToFileURL(entry).href);
