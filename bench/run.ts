/**
 * Benchmark: create_webhook_subscription over loopback, the mock against two servers measured in the same run:
 * - baseline: graphql-http's node:http handler + graphql-js, parse/validate cache, a Map-backed resolver;
 * - Apollo Server 5 (standalone) with the same schema and resolver.
 *
 * The same work for every server in every round: each round starts every server afresh (so every store starts at the
 * fixtures, instead of growing from round to round), warms each up alike, then interleaves them: in each of SLICES
 * slices, at each connection count, the servers take turns of SECONDS each, in an order that rotates from slice to
 * slice, so background load falls on all of them alike and two servers compared are measured seconds apart. Ratios
 * are taken per turn set (the servers back to back) and their median over all of them is the figure, with its
 * range; the table gives medians of the turns. Only the server measured has work: the others wait idle. The load
 * comes from autocannon in one long-lived process of its own (bench/load.ts, bench/load-generator.ts), so neither
 * the load generator nor an idle server shares a thread with the server measured, and no process starts between
 * turns. Latency percentiles come from every response's time. On a shared 2-core machine req/s moves with other
 * load; the servers' CPU time per request (from /proc) is the steadier figure, printed alongside; the 1-minute load
 * average is printed (min-max over the turns).
 *
 *   npm run bench    (BENCH_ROUNDS (5), BENCH_SLICES (3), BENCH_SECONDS (3), BENCH_CONNECTIONS=10,50 to change the run;
 *                     BENCH_STATE=1 adds "mock+state": the mock with --state, every acknowledged create written first;
 *                     BENCH_BEFORE=<checkout> adds "mock-before": that checkout's serve, to compare two implementations)
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLoadGenerator } from './load-generator.js';
import { cpuMsOf, fixed, rssOf, serveArgs, startChild } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 3);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const SLICES = Number(process.env['BENCH_SLICES'] ?? 3);
const CONNECTIONS = (process.env['BENCH_CONNECTIONS'] ?? '10,50').split(',').map(Number);
const WARM_UP_SECONDS = 2;
const ORGANIZATION = '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024';

/** The documented example, inline, byte for byte the same request to every server. */
const body = JSON.stringify({
  query: `mutation CreateWebhookSubscription {
  create_webhook_subscription(organization_sentera_id: "${ORGANIZATION}", callback_url: "https://example.com/webhooks", event_types: [FEATURE_SET_CREATED]) {
  sentera_id
  event_types
  callback_url
  }
}`,
});

const stateDir = process.env['BENCH_STATE'] === '1' ? mkdtempSync(join(tmpdir(), 'sentera-bench-state-')) : undefined;
const before = process.env['BENCH_BEFORE'];
const mockArgs = serveArgs({ extra: ['--log-level', 'silent'] });
// --log-level silent: the other servers log nothing either (serve's default writes one line per operation to stderr).
const servers: ReadonlyArray<{ name: string; args: readonly string[] }> = [
  { name: 'mock', args: mockArgs },
  { name: 'baseline', args: ['--import', 'tsx', join(root, 'bench', 'servers', 'baseline.ts')] },
  { name: 'apollo', args: ['--import', 'tsx', join(root, 'bench', 'servers', 'apollo.ts')] },
  ...(stateDir ? [{ name: 'mock+state', args: [...mockArgs, '--state', join(stateDir, 'state.json')] }] : []),
  ...(before ? [{ name: 'mock-before', args: serveArgs({ checkout: before, extra: ['--log-level', 'silent'] }) }] : []),
];

interface Run {
  /** Mean requests per second. */
  requests: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  /** 2xx answers: subscriptions created. */
  created: number;
  /** RSS of the server right after the run, MB. */
  rss: number;
  /** The server's CPU time (user + system) per answered request, µs: unlike req/s, barely moved by other load. */
  cpu: number;
  /** The load generator's CPU time per answered request, µs. */
  generatorCpu: number;
}

async function post(url: string, query: string): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query });
  return response.text();
}

/** What the mock's store holds for the organization, by its read-back query. */
async function countSubscriptions(url: string): Promise<number> {
  const query = `{ webhook_subscriptions(organization_sentera_id: "${ORGANIZATION}", pagination: { page: 1, page_size: 1 }) { total_count } }`;
  const answer = JSON.parse(await post(url, JSON.stringify({ query }))) as {
    data: { webhook_subscriptions: { total_count: number } };
  };
  return answer.data.webhook_subscriptions.total_count;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle)
    ? ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
    : (sorted[Math.floor(middle)] as number);
}
const range = (values: readonly number[]) => `${fixed(Math.min(...values))}-${fixed(Math.max(...values))}`;

/** Newest modification time under a folder (ms). */
function newest(folder: string): number {
  let time = statSync(folder).mtimeMs;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

/** How bin/sentera-mock.js will run the mock: the build when it is newer than src/ (as a user runs it), else tsx. */
function mockBuild(): string {
  const main = join(root, 'dist', 'src', 'cli', 'main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newest(join(root, 'src'))) return 'the mock runs from dist/';
  return 'the mock runs from src/ through tsx (dist/ is older than src/: `npm run build` to measure the build)';
}

async function main() {
  type Running = (typeof servers)[number] & Awaited<ReturnType<typeof startChild>>;
  let running: Running[] = [];
  const generator = startLoadGenerator();
  const stopAll = async () => {
    const stopping = running;
    running = [];
    await Promise.all(stopping.map((server) => server.stop()));
  };
  // Interrupted (Ctrl-C, a timeout), stop the servers rather than leave them running.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const server of running) server.child.kill('SIGTERM');
      process.exit(130);
    });
  }
  const load = async (url: string, connections: number, seconds: number) =>
    generator.run({ url, connections, seconds, requests: [{ body }] });
  /** Per server and connection count, one run per turn; turn t of every server belongs to the same turn set. */
  const runs = new Map<string, Run[]>();
  const rssStart = new Map<string, number[]>();
  const loads: number[] = [];
  const checks: string[] = [];
  const began = performance.now();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Each mock+state round starts from the fixtures, as the mock's does.
      if (stateDir) rmSync(join(stateDir, 'state.json'), { force: true });
      running = await Promise.all(
        servers.map(async (server) => ({
          ...server,
          ...(await startChild(process.execPath, server.args, /(http:\/\/127\.0\.0\.1:\d+\/graphql)/, 90_000)),
        })),
      );
      let fixtures = 0;
      for (const server of running) {
        rssStart.set(server.name, [...(rssStart.get(server.name) ?? []), rssOf(server.child.pid as number)]);
        if (server.name === 'mock') fixtures = await countSubscriptions(server.url);
        const text = await post(server.url, body);
        if (!text.includes('"callback_url":"https://example.com/webhooks"'))
          throw new Error(`${server.name} does not answer the mutation: ${text}`);
        for (const connections of CONNECTIONS) await load(server.url, connections, WARM_UP_SECONDS);
      }
      let answered = 0;
      for (let slice = 0; slice < SLICES; slice++) {
        const turn = round * SLICES + slice;
        const order = running.map((_, index) => running[(index + turn) % running.length] as Running);
        for (const connections of CONNECTIONS) {
          for (const server of order) {
            loads.push(loadavg()[0] as number);
            const pid = server.child.pid as number;
            const cpuBefore = cpuMsOf(pid);
            const generatorBefore = cpuMsOf(generator.pid);
            const { requests, p50, p99, errors, ok } = await load(server.url, connections, SECONDS);
            const cpu = (1000 * (cpuMsOf(pid) - cpuBefore)) / ok;
            const generatorCpu = (1000 * (cpuMsOf(generator.pid) - generatorBefore)) / ok;
            if (server.name === 'mock') answered += ok;
            const key = `${server.name}@${connections}`;
            runs.set(key, [
              ...(runs.get(key) ?? []),
              { requests, p50, p99, errors, created: ok, rss: rssOf(pid), cpu, generatorCpu },
            ]);
          }
        }
      }
      const mock = running.find((server) => server.name === 'mock');
      if (mock && round === ROUNDS - 1) {
        const holds = await countSubscriptions(mock.url);
        checks.push(
          `the mock holds ${holds} subscriptions of the organization at the end of the last round (read back; fixtures ${fixtures}, measured answers ${answered}, the rest from the checks and warm-ups or in flight when a turn stopped)`,
        );
      }
      await stopAll();
    }
    const minutes = (performance.now() - began) / 60_000;

    console.log(
      `\ncreate_webhook_subscription over loopback: ${ROUNDS} rounds of fresh server processes (each warmed up ${WARM_UP_SECONDS} s per connection count), ${SLICES} slices per round in which the servers take ${SECONDS} s turns at each connection count, order rotating: ${ROUNDS * SLICES} turns per server and connection count; ${fixed(minutes, 1)} min; 1-minute load average ${fixed(Math.min(...loads))}-${fixed(Math.max(...loads))} (median ${fixed(median(loads))}) over the turns, on ${availableParallelism()} cores; ${mockBuild()}\n`,
    );
    console.log(
      `  ${'server'.padEnd(11)} ${'conns'.padStart(5)} ${'req/s'.padStart(7)} ${'spread'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'CPU µs/req'.padStart(10)} ${'spread'.padStart(7)} ${'load µs/req'.padStart(11)} ${'errors'.padStart(6)} ${'RSS start'.padStart(9)} ${'RSS max'.padStart(8)}`,
    );
    const spread = (values: readonly number[]) =>
      `${fixed((100 * (Math.max(...values) - Math.min(...values))) / median(values), 0)}%`;
    for (const connections of CONNECTIONS) {
      for (const server of servers) {
        const list = runs.get(`${server.name}@${connections}`) ?? [];
        const requests = list.map((run) => run.requests);
        const cpu = list.map((run) => run.cpu);
        console.log(
          `  ${server.name.padEnd(11)} ${String(connections).padStart(5)} ${fixed(median(requests), 0).padStart(7)} ${spread(requests).padStart(7)} ${fixed(median(list.map((r) => r.p50))).padStart(7)} ${fixed(median(list.map((r) => r.p99))).padStart(7)} ${fixed(median(cpu), 1).padStart(10)} ${spread(cpu).padStart(7)} ${fixed(median(list.map((r) => r.generatorCpu)), 1).padStart(11)} ${String(list.reduce((sum, r) => sum + r.errors, 0)).padStart(6)} ${`${fixed(median(rssStart.get(server.name) ?? []), 0)} MB`.padStart(9)} ${`${fixed(Math.max(...list.map((r) => r.rss)), 0)} MB`.padStart(8)}`,
        );
      }
    }
    console.log(
      `\n  (medians over the turns; spread = (max - min) / median; load µs/req: the load generator's CPU per answer: when it is near or above the server's, req/s says more about the generator than about the server)\n\n  ratios per turn set (the servers back to back), median over the ${ROUNDS * SLICES} sets [min-max]:\n`,
    );
    /** Per turn set: f(ours, theirs) at a connection count. */
    const perTurn = (connections: number, ours: string, theirs: string, f: (a: Run, b: Run) => number) => {
      const a = runs.get(`${ours}@${connections}`) ?? [];
      const b = runs.get(`${theirs}@${connections}`) ?? [];
      return a.map((run, turn) => f(run, b[turn] as Run));
    };
    const figure = (values: readonly number[], goal: number) =>
      `${fixed(median(values))}x [${range(values)}] (goal >= ${goal}${median(values) >= goal ? ', met' : ', NOT met'})`;
    for (const connections of CONNECTIONS) {
      for (const [theirs, goal, label] of [
        ['baseline', 1, 'baseline'],
        ['apollo', 2.5, 'Apollo'],
      ] as const) {
        const rps = perTurn(connections, 'mock', theirs, (a, b) => a.requests / b.requests);
        const cpu = perTurn(connections, 'mock', theirs, (a, b) => b.cpu / a.cpu);
        console.log(
          `  ${String(connections).padStart(3)} connections: req/s mock/${label} ${figure(rps, goal)}; CPU per request ${label}/mock ${figure(cpu, goal)}`,
        );
      }
    }
    if (stateDir) {
      for (const connections of CONNECTIONS) {
        const rps = perTurn(connections, 'mock+state', 'mock', (a, b) => a.requests / b.requests);
        const cpu = perTurn(connections, 'mock+state', 'mock', (a, b) => a.cpu / b.cpu);
        const p99 = (name: string) => median((runs.get(`${name}@${connections}`) ?? []).map((run) => run.p99));
        console.log(
          `  ${String(connections).padStart(3)} connections, durability cost: mock+state/mock req/s ${fixed(median(rps))}x [${range(rps)}], CPU per request ${fixed(median(cpu))}x [${range(cpu)}], p99 ${fixed(p99('mock+state'))} vs ${fixed(p99('mock'))} ms`,
        );
      }
    }
    if (before) {
      for (const connections of CONNECTIONS) {
        const rps = perTurn(connections, 'mock', 'mock-before', (a, b) => a.requests / b.requests);
        const cpu = perTurn(connections, 'mock', 'mock-before', (a, b) => b.cpu / a.cpu);
        console.log(
          `  ${String(connections).padStart(3)} connections, this checkout against ${before}: req/s mock/mock-before ${fixed(median(rps))}x [${range(rps)}], CPU per request mock-before/mock ${fixed(median(cpu))}x [${range(cpu)}]`,
        );
      }
    }
    console.log(`\n  ${checks.join('\n  ')}\n`);
  } finally {
    await stopAll();
    await generator.close();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
