/**
 * End to end on the example article (shared/examples): ingest with the default pipeline, then
 * ask for the IS–Nusra state before and after the truce, and for the changes in between.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { register } from '../cli/commands/analytics.js';
import type { CliContext } from '../cli/context.js';
import { run } from '../cli/main.js';
import { projectPath } from '../paths.js';

const EXAMPLE = projectPath('..', 'shared', 'examples', '2014-11-17-is-nusra-truce.txt');
const dir = mkdtempSync(join(tmpdir(), 'faultline-example-'));
const db = join(dir, 'example.db');
const quiet = { out: () => {}, err: () => {}, isTTY: false };

async function analytics(...argv: string[]): Promise<string> {
  let out = '';
  const ctx: CliContext = { io: { out: (s) => void (out += s), err: () => {}, isTTY: false }, exitWith: () => {} };
  const program = new Command('faultline').exitOverride();
  register(program, ctx);
  await program.parseAsync([...argv, '--db', db, '--format', 'json'], { from: 'user' });
  return out;
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(existsSync(EXAMPLE))('the example article end to end', () => {
  it('reads IS–Nusra hostile on 2014-06-01 and truce on 2014-11-17, the flip first among the changes', async () => {
    expect(await run(['ingest', EXAMPLE, '--db', db], quiet)).toBe(0);
    const before = JSON.parse(await analytics('state', 'Islamic State', 'Jabhat al-Nusra', '--on', '2014-06-01'));
    expect(before.state).toBe('hostile');
    const after = JSON.parse(await analytics('state', 'ISIS', 'Nusra', '--on', '2014-11-17'));
    expect(after.state).toBe('truce');
    expect(after.contradictions.some((e: { type: string }) => e.type === 'FIGHT')).toBe(true);
    const changes = JSON.parse(await analytics('changes', '--from', '2014-06-01', '--to', '2014-11-17'));
    expect(changes.changes[0]).toMatchObject({
      kind: 'flip',
      a: 'islamic_state',
      b: 'jabhat_al_nusra',
      before: { state: 'hostile' },
      after: { state: 'truce' },
    });
  }, 60_000);
});
