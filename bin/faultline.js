#!/usr/bin/env node
// The `faultline` command: runs the compiled CLI (npm install / npm run build compile it to dist/).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, 'dist', 'cli', 'bin.js');
if (!existsSync(entry)) {
  process.stderr.write('faultline: the compiled code is missing; run "npm install" (or "npm run build") in ' + root + '\n');
  process.exit(2);
}
await import(pathToFileURL(entry).href);
