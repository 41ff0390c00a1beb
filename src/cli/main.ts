/**
 * main
 *
 * The CLI entry: the only module with side effects at import (reads argv, handles signals, exits).
 */
import { runCli } from './run-cli.js';

const stopSignal = new Promise<string>((resolve) => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
});

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, stopSignal }).then(
  (code) => {
    process.exitCode = code;
    // Long-running commands have closed their servers by now; don't wait on stray timers.
    setImmediate(() => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(
      `sentera-mock: internal error, please report it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(70);
  },
);
