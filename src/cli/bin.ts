#!/usr/bin/env node
/** Process entry of the CLI. */
import { run } from './main.js';

// A closed pipe (`faultline relations | head`) ends the output quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
