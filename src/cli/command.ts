/**
 * command
 */

/**
 * What a command may touch: its output streams and environment, injected so tests can run commands in-process.
 *
 * @category CLI
 */
export interface CommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); long-running commands wait on it. */
  readonly stopSignal: Promise<string>;
}

/**
 * One subcommand of `sentera-mock`.
 *
 * @category CLI
 */
export interface Command {
  readonly name: string;
  /** One line for the list of commands. */
  readonly summary: string;
  /** The full usage text, printed by --help and after a usage error. */
  readonly usage: string;
  /** Runs the command; resolves to the exit code. Throws {@link UsageError} for bad flags. */
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/**
 * A mistake in the command line: printed with the command's usage, exit code 2.
 *
 * @category CLI
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parses a whole number within bounds, or throws a {@link UsageError} naming the flag. */
export function parseInteger(flag: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, got "${value}"`);
  }
  return Number(value);
}
