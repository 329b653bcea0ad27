/** Every CLI command module, in the order `--help` lists them. */
import type { RegisterCommand } from '../context.js';
import { register as ingest } from './ingest.js';
import { register as extract } from './extract.js';
import { register as query } from './query.js';
import { register as evalCmd } from './eval.js';
import { register as demo } from './demo.js';
import { register as serve } from './serve.js';
import { register as bench } from './bench.js';
import { register as worker } from './worker.js';
import { register as analytics } from './analytics.js';
import { register as parse } from './parse.js';
import { register as actorsPetrarch } from './actors-petrarch.js';
import { register as actorsReview } from './actors-review.js';

export const COMMANDS: readonly RegisterCommand[] = [ingest, extract, query, actorsReview, evalCmd, analytics, actorsPetrarch, parse, demo, serve, bench, worker];
