#!/usr/bin/env node
/** Process entry of the CLI. */
import { run } from './main.js';

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
