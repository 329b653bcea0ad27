/**
 * What every CLI command gets: output streams and the exit code it reports.
 * Commands are thin: parse options, call one library function, format the result.
 */
import type { Command } from 'commander';

export interface CliIo {
  /** Writes to standard output (no newline added). */
  out(text: string): void;
  /** Writes to standard error (no newline added). */
  err(text: string): void;
  /** True when standard error is a terminal (progress bars go there). */
  readonly isTTY: boolean;
}

export interface CliContext {
  readonly io: CliIo;
  /** Raises the process exit code (0 ok, 1 some records rejected, 2 usage/configuration error); never lowers it. */
  exitWith(code: 0 | 1 | 2): void;
}

/** A CLI command module registers its subcommand(s) on the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;
