/**
 * command
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The flag definitions of node's `parseArgs`. */
export type FlagOptions = NonNullable<ParseArgsConfig['options']>;

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

/** The report formats of the checking commands (`contract`, `check-receiver`). */
const REPORTERS = ['pretty', 'json', 'junit'] as const;

/** The `--reporter` flag: `pretty` when not given, `json` or `junit`; a {@link UsageError} for any other. */
export function parseReporter(value: string | undefined): (typeof REPORTERS)[number] {
  const reporter = REPORTERS.find((name) => name === (value ?? 'pretty'));
  if (reporter === undefined) throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')}, got "${value}"`);
  return reporter;
}

/** An absolute http(s) URL given to `--<flag>`, as written; a {@link UsageError} otherwise. */
export function parseHttpUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--${flag} must be an absolute http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--${flag} must be an http(s) URL, got "${value}"`);
  return value;
}

/** The items of a repeatable, comma-separated flag (`--only a,b --only c`), trimmed, empty ones left out. */
export function commaList(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((value) => value.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The flags every command takes. */
const HELP_FLAG = { help: { type: 'boolean', short: 'h' } } as const;

/** What {@link parseFlags} reads: a command's arguments, its own flags, and whether it takes positionals. */
export interface ParseFlagsInput<O extends FlagOptions> {
  readonly args: readonly string[];
  readonly options: O;
  /** @default false */
  readonly positionals?: boolean;
}

/** What {@link parseFlags} gives: the flags' values as node's `parseArgs` types them, the positionals, and `help`. */
export interface ParsedFlags<O extends FlagOptions> {
  readonly values: ReturnType<
    typeof parseArgs<{ args: string[]; strict: true; allowPositionals: boolean; options: O & typeof HELP_FLAG }>
  >['values'];
  readonly positionals: string[];
  readonly help: boolean;
}

/**
 * Parses a command's flags strictly (an unknown flag is a usage error), with `--help`/`-h` added: `help` is true
 * when the command should print its usage and exit 0.
 */
export function parseFlags<const O extends FlagOptions>(input: ParseFlagsInput<O>): ParsedFlags<O> {
  const { args, options, positionals = false } = input;
  const parsed = parseArgs<{ args: string[]; strict: true; allowPositionals: boolean; options: O & typeof HELP_FLAG }>({
    args: [...args],
    strict: true,
    allowPositionals: positionals,
    options: { ...options, ...HELP_FLAG },
  });
  return {
    values: parsed.values,
    positionals: parsed.positionals,
    help: (parsed.values as { help?: boolean }).help === true,
  };
}
