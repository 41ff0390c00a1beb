/**
 * Shared helpers of the benchmarks: child-process servers, latency statistics, RSS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadPlan, LoadResult } from './load.js';

/** The fixed clock every benchmark's mock starts at (ids and dates then repeat from run to run). */
export const BENCH_CLOCK = '2022-01-31T13:27:09Z';

/**
 * Node's arguments for `sentera-mock serve` of a checkout (this one unless given) on a free port, seeded and on the
 * fixed clock, followed by `extra` flags.
 */
export function serveArgs(options: { checkout?: string; extra?: readonly string[] } = {}): string[] {
  const { checkout = fileURLToPath(new URL('..', import.meta.url)), extra = [] } = options;
  return [
    join(checkout, 'bin', 'sentera-mock.js'),
    'serve',
    '--port',
    '0',
    '--seed',
    'bench',
    '--clock',
    BENCH_CLOCK,
    ...extra,
  ];
}

/** Percentile (0-100) of sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Resident set size of a process, in MB (Linux). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** A child process that prints a line matching `ready` (whose first group is the URL) when it listens. */
export async function startChild(
  command: string,
  args: readonly string[],
  ready: RegExp,
  timeoutMs = 20_000,
): Promise<{ child: ChildProcess; url: string; startedMs: number; stop(): Promise<void> }> {
  const began = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not start in ${timeoutMs} ms: ${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`child exited with ${code}: ${output}`)));
  });
  const startedMs = performance.now() - began;
  return {
    child,
    url,
    startedMs,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Formats a number with a fixed number of decimals. */
export const fixed = (value: number, digits = 2) => value.toFixed(digits);

/** CPU time (user + system) a process has used so far, in ms (Linux; USER_HZ is 100 there). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Runs bench/load.ts (autocannon) in a process of its own against `plan.url` and resolves to what it measured: the
 * load generator never shares a thread with the process that measures, nor with the server.
 */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./load.ts', import.meta.url)), JSON.stringify(plan)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`bench/load.ts exited with ${code}: ${output}`);
  return JSON.parse(output) as LoadResult;
}
