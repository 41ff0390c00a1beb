/**
 * run-cli
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../runtime/package-root.js';
import { UsageError, type CommandIo } from './command.js';
import { commands } from './commands.js';

/** The top-level usage text. */
function topUsage(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: sentera-mock <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run "sentera-mock <command> --help" for the options of a command, "sentera-mock --version" for the version.',
  ].join('\n');
}

/** The version in sentera-mock's package.json. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Runs the CLI on `argv` (without node and the script) and resolves to the exit code: 0 success, 1 failure,
 * 2 usage error. Never throws for a user's mistake.
 *
 * @category CLI
 */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(`${topUsage()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const entry = commands.find((candidate) => candidate.name === name);
  if (!entry) {
    const names = commands.map((candidate) => candidate.name);
    const { closest, distance } = await import('fastest-levenshtein');
    const guess = closest(name, names);
    const near = distance(name, guess) <= Math.max(2, Math.floor(guess.length / 3));
    io.stderr.write(
      `sentera-mock: unknown command "${name}"${near ? `; did you mean "${guess}"?` : `; the commands are ${names.join(', ')}`}\nsee sentera-mock --help\n`,
    );
    return 2;
  }
  const command = await entry.load();
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr.write(
        `sentera-mock ${command.name}: ${(error as Error).message}\nsee sentera-mock ${command.name} --help\n`,
      );
      return 2;
    }
    // Imported here: errors.js loads graphql, which `--help` does not need.
    const { ConfigurationError } = await import('../errors.js');
    if (error instanceof ConfigurationError) {
      io.stderr.write(`sentera-mock ${command.name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
