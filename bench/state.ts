/**
 * Benchmark: what durability costs. create_webhook_subscription over loopback, 1 and 10 clients, against the mock
 * without `--state` (the baseline) and with it, measured in the same run:
 * - mock: no state file;
 * - mock+state: `--state`, every create acknowledged only once it is in the journal (fsync, group commit);
 * - before+state (with BENCH_BEFORE=<checkout>): the same with another checkout's code (e.g. `git archive` of main
 *   unpacked there, its node_modules linked), to compare two implementations in one run.
 *
 * Each server runs in its own child process, and autocannon in another (`runLoad`). Bounded runs, the server order
 * rotating from round to round so that background load falls on all of them alike, medians over rounds. fsync time
 * depends on the disk and on what else writes to it: read the ratios to the baseline, not the absolute figures.
 *
 *   npm run bench:state    (BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS=1,10, BENCH_BEFORE=<dir>)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from './load.js';
import { cpuMsOf, fixed, runLoad, serveArgs, startChild } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 4);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONNECTIONS = (process.env['BENCH_CONNECTIONS'] ?? '1,10').split(',').map(Number);
const BEFORE = process.env['BENCH_BEFORE'];
const ORGANIZATION = '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024';

const body = JSON.stringify({
  query: `mutation { create_webhook_subscription(organization_sentera_id: "${ORGANIZATION}", callback_url: "https://example.com/webhooks", event_types: [FEATURE_SET_CREATED]) { sentera_id } }`,
});

const stateDir = mkdtempSync(join(tmpdir(), 'sentera-bench-state-'));
const mockArgs = (checkout: string) => serveArgs({ checkout, extra: ['--log-level', 'silent'] });
const servers: ReadonlyArray<{ name: string; args: readonly string[]; state?: string }> = [
  { name: 'mock', args: mockArgs(root) },
  {
    name: 'mock+state',
    args: [...mockArgs(root), '--state', join(stateDir, 'after.json')],
    state: join(stateDir, 'after.json'),
  },
  ...(BEFORE
    ? [
        {
          name: 'before+state',
          args: [...mockArgs(BEFORE), '--state', join(stateDir, 'before.json')],
          state: join(stateDir, 'before.json'),
        },
      ]
    : []),
];

/** What bench/load.ts measured, its 2xx answers counted as created subscriptions, and the server's CPU per one. */
interface Run extends Omit<LoadResult, 'ok'> {
  created: number;
  /** Server CPU time per created subscription, µs. */
  cpu: number;
}

async function load(url: string, connections: number, seconds: number): Promise<Omit<Run, 'cpu'>> {
  const { ok, ...rest } = await runLoad({ url, connections, seconds, requests: [{ body }] });
  return { ...rest, created: ok };
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const sizeOf = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

async function main() {
  const load0 = loadavg();
  const running: Array<(typeof servers)[number] & Awaited<ReturnType<typeof startChild>>> = [];
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const server of running) server.child.kill('SIGTERM');
      process.exit(130);
    });
  }
  try {
    for (const server of servers)
      running.push({
        ...server,
        ...(await startChild(process.execPath, server.args, /(http:\/\/127\.0\.0\.1:\d+\/graphql)/, 90_000)),
      });
    for (const server of running) await load(server.url, 1, 1);
    const runs = new Map<string, Run[]>();
    for (const connections of CONNECTIONS) {
      for (let round = 0; round < ROUNDS; round++) {
        const order = running.map((_, index) => running[(index + round) % running.length] as (typeof running)[number]);
        for (const server of order) {
          const pid = server.child.pid as number;
          const cpuBefore = cpuMsOf(pid);
          const run = await load(server.url, connections, SECONDS);
          const cpu = (1000 * (cpuMsOf(pid) - cpuBefore)) / Math.max(1, run.created);
          const key = `${server.name}@${connections}`;
          runs.set(key, [...(runs.get(key) ?? []), { ...run, cpu }]);
        }
      }
    }
    const load1 = loadavg();
    console.log(
      `\ncreate_webhook_subscription, ${ROUNDS} rounds of ${SECONDS} s per server and client count, order rotating; medians. Load average ${load0.map((value) => fixed(value)).join(' ')} at start, ${load1.map((value) => fixed(value)).join(' ')} at end (2 cores)\n`,
    );
    console.log(
      `  ${'server'.padEnd(13)} ${'clients'.padStart(7)} ${'req/s'.padStart(7)} ${'vs mock'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'CPU µs/req'.padStart(10)} ${'errors'.padStart(6)}`,
    );
    for (const connections of CONNECTIONS) {
      const of = (name: string) => runs.get(`${name}@${connections}`) ?? [];
      const baseline = median(of('mock').map((run) => run.requests));
      for (const server of running) {
        const list = of(server.name);
        const requests = median(list.map((run) => run.requests));
        console.log(
          `  ${server.name.padEnd(13)} ${String(connections).padStart(7)} ${fixed(requests, 0).padStart(7)} ${`${fixed(requests / baseline)}x`.padStart(7)} ${fixed(median(list.map((run) => run.p50))).padStart(7)} ${fixed(median(list.map((run) => run.p99))).padStart(7)} ${fixed(median(list.map((run) => run.cpu)), 1).padStart(10)} ${String(list.reduce((sum, run) => sum + run.errors, 0)).padStart(6)}`,
        );
      }
    }
    for (const server of running)
      if (server.state)
        console.log(
          `\n  ${server.name}: state file ${fixed(sizeOf(server.state) / 1024, 0)} KiB, journal ${fixed(sizeOf(`${server.state}.journal`) / 1024, 0)} KiB at the end`,
        );
  } finally {
    await Promise.all(running.map((server) => server.stop()));
    rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
