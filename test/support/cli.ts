import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import type { CommandIo } from '../../src/cli/command.js';
import { runCli } from '../../src/cli/run-cli.js';

/** The checkout's `sentera-mock` binary (runs dist/ when the build is fresh, else src/ through tsx). */
const CHECKOUT_BIN = fileURLToPath(new URL('../../bin/sentera-mock.js', import.meta.url));

const GRAPHQL_URL = /(http:\/\/[^/\s]+\/graphql)/;

/** An in-process CLI: its {@link CommandIo}, what it printed, and `stop()` to deliver a signal to a long-running command. */
interface CliHarness {
  readonly io: CommandIo;
  stop(signal?: string): void;
  stdout(): string;
  stderr(): string;
}

/** Captures stdout and stderr of an in-process `runCli`; `tty` makes stderr claim to be a terminal. */
export function cliHarness(options: { env?: Record<string, string | undefined>; tty?: boolean } = {}): CliHarness {
  const { env = {}, tty = false } = options;
  let stop: (signal: string) => void = () => undefined;
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: Object.assign({ write: (text: string) => err.push(text) }, tty ? { isTTY: true } : {}),
    env,
    stopSignal: new Promise<string>((resolve) => (stop = resolve)),
  };
  return { io, stop: (signal = 'SIGTERM') => stop(signal), stdout: () => out.join(''), stderr: () => err.join('') };
}

/** Runs `sentera-mock <argv…>` in-process to its end; returns the exit code and what it printed. */
export async function runCommand(argv: readonly string[], env: Record<string, string | undefined> = {}) {
  const cli = cliHarness({ env });
  const code = await runCli(argv, cli.io);
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

/** A `sentera-mock serve` running in-process. */
interface CliServer {
  readonly cli: CliHarness;
  /** The exit code, once stopped. */
  readonly exit: Promise<number>;
  /** The GraphQL endpoint it printed, on 127.0.0.1. */
  readonly url: string;
  readonly origin: string;
  /** Sends SIGTERM and resolves to the exit code. */
  stop(): Promise<number>;
}

/**
 * Runs `sentera-mock serve --port 0 <args…>` in-process and waits until it printed its start-up lines (or ended, which
 * throws with what it printed).
 */
export async function startCliServer(
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; tty?: boolean } = {},
): Promise<CliServer> {
  const cli = cliHarness(options);
  let ended = false;
  const exit = runCli(['serve', '--port', '0', ...args], cli.io).finally(() => (ended = true));
  const failed = await vi.waitFor(
    () => {
      if (ended) return true;
      // The start-up lines are written in one go, so the endpoint line means they are all there.
      if (!GRAPHQL_URL.test(cli.stdout())) throw new Error(`serve has not started yet:\n${cli.stdout()}`);
      return false;
    },
    { timeout: 10_000, interval: 5 },
  );
  if (failed) throw new Error(`serve did not start:\n${cli.stdout()}\n${cli.stderr()}`);
  const url = (GRAPHQL_URL.exec(cli.stdout())?.[1] as string).replace('0.0.0.0', '127.0.0.1');
  return {
    cli,
    exit,
    url,
    origin: new URL(url).origin,
    stop: () => {
      cli.stop();
      return exit;
    },
  };
}

/** A `sentera-mock` child process and what it printed so far. */
interface SpawnedCli {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  stdout(): string;
  stderr(): string;
  /** The exit code (null when killed by a signal), once it exited and its output is read. */
  readonly exited: Promise<number | null>;
  /** Waits until `serve` printed its start-up lines; resolves to the GraphQL endpoint, or rejects if it exited. */
  endpoint(timeoutMs?: number): Promise<string>;
}

/**
 * Spawns `sentera-mock <args…>` as a real process (for what needs one: signals, exit codes, the installed binary):
 * `bin` is the script to run (default: the checkout's, run by this node), or `command` a whole command line prefix.
 */
export function spawnCli(
  args: readonly string[],
  options: { bin?: string; command?: readonly string[]; cwd?: string } = {},
): SpawnedCli {
  const { bin = CHECKOUT_BIN, command = [process.execPath, bin], cwd } = options;
  const [file, ...prefix] = command as [string, ...string[]];
  const child = spawn(file, [...prefix, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close', not 'exit': by then everything it printed has been read.
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    endpoint: async (timeoutMs = 30_000) => {
      const started = await vi.waitFor(
        () => {
          if (child.exitCode !== null || child.signalCode !== null) return false;
          if (!stdout.includes('curl')) throw new Error(`sentera-mock has not started yet:\n${stdout}\n${stderr}`);
          return true;
        },
        { timeout: timeoutMs, interval: 20 },
      );
      if (!started) throw new Error(`sentera-mock exited before serving:\n${stdout}\n${stderr}`);
      return GRAPHQL_URL.exec(stdout)?.[1] as string;
    },
  };
}
