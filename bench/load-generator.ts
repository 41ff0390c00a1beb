/**
 * A long-lived bench/load.ts process that runs load plans one after another, for benchmarks that interleave many short
 * runs: no process start (and its CPU) between two of them, and the generator stays warm.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LoadPlan, LoadResult } from './load.js';

/** A running load generator. */
export interface LoadGenerator {
  /** The generator's process id (to read its CPU time). */
  readonly pid: number;
  /** Runs one plan (after any still running) and resolves to what it measured. */
  run(plan: LoadPlan): Promise<LoadResult>;
  /** Ends the process once the plans given so far have run. */
  close(): Promise<void>;
}

/** Starts bench/load.ts in its line mode (one plan per stdin line, one result per stdout line). */
export function startLoadGenerator(): LoadGenerator {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./load.ts', import.meta.url))], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting: Array<{ resolve(result: LoadResult): void; reject(error: Error): void }> = [];
  let failure: Error | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      failure = new Error(`bench/load.ts exited with ${code}`);
      for (const pending of waiting.splice(0)) pending.reject(failure);
      resolve();
    }),
  );
  createInterface({ input: child.stdout }).on('line', (line) => {
    const pending = waiting.shift();
    if (pending) pending.resolve(JSON.parse(line) as LoadResult);
  });
  return {
    pid: child.pid as number,
    run(plan) {
      if (failure) return Promise.reject(failure);
      return new Promise<LoadResult>((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin.write(`${JSON.stringify(plan)}\n`);
      });
    },
    close() {
      child.stdin.end();
      return exited;
    },
  };
}
