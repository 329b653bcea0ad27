/**
 * The `faultline` command line. Exit codes: 0 everything read; 1 some records rejected, the rest
 * processed; 2 usage or configuration error; 3 internal error (a bug: please report it).
 */
import { Command, CommanderError } from 'commander';
import { FaultlineError } from '../errors.js';
import { COMMANDS } from './commands/index.js';
import type { CliContext, CliIo } from './context.js';

export const processIo: CliIo = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
  isTTY: process.stderr.isTTY === true,
};

/** Runs the CLI on `argv` (without the node and script entries); resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let code = 0;
  const ctx: CliContext = { io, exitWith: (c) => void (code = Math.max(code, c)) };
  const program = new Command('faultline')
    .description('Faultline: dated news in, a temporal, signed, evidence-backed network of conflict actors out')
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();
  for (const register of COMMANDS) register(program, ctx);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof FaultlineError) {
      io.err(`faultline: ${e.message} [${e.code}]\n`);
      return 2;
    }
    io.err(`faultline: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 3;
  }
  return code;
}
