/**
 * What the soak's processes share: the organization, the receivers' modes, the plan the coordinator (bench/soak.ts)
 * gives its load generator and probe, and a child process that answers one JSON line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The organization of the soak's fixtures. */
export const ORGANIZATION = '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024';

/** The soak's fixtures (also bench/blocking.ts's): one organization and a stream of 20,000 past events. */
export const SOAK_FIXTURES = {
  organizations: [{ sentera_id: ORGANIZATION, name: 'Soak' }],
  streams: [
    {
      name: 'soak-history',
      organization_sentera_id: ORGANIZATION,
      count: 20_000,
      from: '2021-01-01T00:00:00Z',
      to: '2022-01-01T00:00:00Z',
      types: { TASK_MODIFIED: 1, SURVEY_CREATED: 1 },
      statuses: { SUCCESS: 9, FAILED: 1 },
    },
  ],
};

/** How each receiver answers: ok 200, fail 500, hang never, reset (socket destroyed), redirect 302. */
export const MODES = ['ok', 'fail', 'hang', 'reset', 'redirect'] as const;

/** A receiver's mode. */
export type Mode = (typeof MODES)[number];

/** What the load generator and the probe are given (as their one argument, JSON). */
export interface SoakPlan {
  /** The mock's origin, e.g. http://127.0.0.1:4321. */
  origin: string;
  /** How long to run, in seconds. */
  seconds: number;
  /** The receivers' URLs by mode. */
  receivers: Record<Mode, string>;
  /** One subscription per mode (events pages and costly queries read them). */
  subscriptionIds: string[];
}

/**
 * Runs `bench/soak/<script>.ts` in a process of its own at scheduling priority `nice` (0 normal, higher yields the
 * CPU to others) and resolves to the JSON line it prints last. `ready` resolves with the first line it prints.
 */
export function runSoakChild<T>(
  script: string,
  argument: unknown,
  nice: number,
): { child: ChildProcess; ready: Promise<string>; result: Promise<T> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL(`./${script}.ts`, import.meta.url)), JSON.stringify(argument)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  if (nice !== 0 && child.pid !== undefined) setPriority(child.pid, nice);
  let output = '';
  let resolveReady: (line: string) => void = () => {};
  const ready = new Promise<string>((resolve) => (resolveReady = resolve));
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const newline = output.indexOf('\n');
    if (newline !== -1) resolveReady(output.slice(0, newline));
  });
  const result = new Promise<T>((resolve, reject) =>
    child.once('exit', (code) => {
      const lines = output.trim().split('\n');
      if (code !== 0) reject(new Error(`bench/soak/${script}.ts exited with ${code}: ${output}`));
      else resolve(JSON.parse(lines[lines.length - 1] as string) as T);
    }),
  );
  return { child, ready, result };
}
