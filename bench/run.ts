/**
 * Benchmark: create_webhook_subscription over loopback, the mock against two servers measured in the same run:
 * - baseline: graphql-http's node:http handler + graphql-js, parse/validate cache, a Map-backed resolver;
 * - Apollo Server 5 (standalone) with the same schema and resolver.
 *
 * Each server runs in its own child process; autocannon runs here. Bounded runs, the server order rotating from round
 * to round so that background load falls on all of them alike, medians over rounds. Latency percentiles come from
 * every response's time (autocannon's own histogram rounds to whole milliseconds). On a shared 2-core machine req/s
 * moves with other load; the servers' CPU time per request (from /proc) is the steadier figure, printed alongside.
 *
 *   npm run bench    (BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS=10,50 to change the run;
 *                     BENCH_STATE=1 adds "mock+state": the mock with --state, every acknowledged create written first)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { cpuMsOf, fixed, percentile, rssOf, startChild } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
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
const mockArgs = [
  join(root, 'bin', 'sentera-mock.js'),
  'serve',
  '--port',
  '0',
  '--seed',
  'bench',
  '--clock',
  '2022-01-31T13:27:09Z',
  '--log-level',
  'silent',
];
// --log-level silent: the other servers log nothing either (serve's default writes one line per operation to stderr).
const servers: ReadonlyArray<{ name: string; args: readonly string[] }> = [
  { name: 'mock', args: mockArgs },
  { name: 'baseline', args: ['--import', 'tsx', join(root, 'bench', 'servers', 'baseline.ts')] },
  { name: 'apollo', args: ['--import', 'tsx', join(root, 'bench', 'servers', 'apollo.ts')] },
  ...(stateDir ? [{ name: 'mock+state', args: [...mockArgs, '--state', join(stateDir, 'state.json')] }] : []),
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
}

async function load(url: string, connections: number, duration: number): Promise<Omit<Run, 'rss' | 'cpu'>> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url, connections, duration, method: 'POST', headers: { 'content-type': 'application/json' }, body },
      (error: unknown, done) =>
        error
          ? reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error }))
          : resolve(done),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) times.push(responseTime);
    });
  });
  times.sort((a, b) => a - b);
  return {
    requests: result.requests.average,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    errors: result.errors + result.non2xx,
    created: result['2xx'],
  };
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

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function main() {
  const running: Array<(typeof servers)[number] & Awaited<ReturnType<typeof startChild>> & { created: number }> = [];
  // Interrupted (Ctrl-C, a timeout), stop the servers rather than leave them running.
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
        created: 0,
      });
    const rssStart = new Map(running.map((server) => [server.name, rssOf(server.child.pid as number)]));
    const mock = running.find((server) => server.name === 'mock') as (typeof running)[number];
    mock.created = await countSubscriptions(mock.url); // the fixtures' own
    for (const server of running) {
      const text = await post(server.url, body);
      if (!text.includes('"callback_url":"https://example.com/webhooks"'))
        throw new Error(`${server.name} does not answer the mutation: ${text}`);
      server.created += 1 + (await load(server.url, 10, WARM_UP_SECONDS)).created;
    }

    const runs = new Map<string, Run[]>();
    for (const connections of CONNECTIONS) {
      for (let round = 0; round < ROUNDS; round++) {
        const order = running.map((_, index) => running[(index + round) % running.length] as (typeof running)[number]);
        for (const server of order) {
          const pid = server.child.pid as number;
          const cpuBefore = cpuMsOf(pid);
          const run = await load(server.url, connections, SECONDS);
          const cpu = (1000 * (cpuMsOf(pid) - cpuBefore)) / run.created;
          server.created += run.created;
          const key = `${server.name}@${connections}`;
          runs.set(key, [...(runs.get(key) ?? []), { ...run, rss: rssOf(pid), cpu }]);
        }
      }
    }

    const mockHolds = await countSubscriptions(mock.url);

    console.log(
      `\ncreate_webhook_subscription over loopback: ${ROUNDS} rounds of ${SECONDS} s per server and connection count, server order rotating; medians (spread = (max - min) / median of req/s over rounds)\n`,
    );
    console.log(
      `  ${'server'.padEnd(9)} ${'conns'.padStart(5)} ${'req/s'.padStart(7)} ${'spread'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'CPU µs/req'.padStart(10)} ${'errors'.padStart(6)} ${'RSS start'.padStart(9)} ${'RSS max'.padStart(8)}`,
    );
    const summary = new Map<string, Run>();
    for (const connections of CONNECTIONS) {
      for (const server of running) {
        const list = runs.get(`${server.name}@${connections}`) ?? [];
        const requests = list.map((run) => run.requests);
        const run: Run = {
          requests: median(requests),
          p50: median(list.map((r) => r.p50)),
          p99: median(list.map((r) => r.p99)),
          errors: list.reduce((sum, r) => sum + r.errors, 0),
          created: list.reduce((sum, r) => sum + r.created, 0),
          rss: Math.max(...list.map((r) => r.rss)),
          cpu: median(list.map((r) => r.cpu)),
        };
        summary.set(`${server.name}@${connections}`, run);
        const spread = (100 * (Math.max(...requests) - Math.min(...requests))) / run.requests;
        console.log(
          `  ${server.name.padEnd(9)} ${String(connections).padStart(5)} ${fixed(run.requests, 0).padStart(7)} ${`${fixed(spread, 0)}%`.padStart(7)} ${fixed(run.p50).padStart(7)} ${fixed(run.p99).padStart(7)} ${fixed(run.cpu, 1).padStart(10)} ${String(run.errors).padStart(6)} ${`${fixed(rssStart.get(server.name) as number, 0)} MB`.padStart(9)} ${`${fixed(run.rss, 0)} MB`.padStart(8)}`,
        );
      }
    }
    console.log('');
    for (const connections of CONNECTIONS) {
      const of = (name: string) => summary.get(`${name}@${connections}`) as Run;
      console.log(
        `  ${connections} connections: mock/baseline ${fixed(of('mock').requests / of('baseline').requests)}x (goal >= 1.0), mock/Apollo ${fixed(of('mock').requests / of('apollo').requests)}x (goal >= 2.5); CPU per request baseline/mock ${fixed(of('baseline').cpu / of('mock').cpu)}x (goal >= 1.0), Apollo/mock ${fixed(of('apollo').cpu / of('mock').cpu)}x (goal >= 2.5)`,
      );
    }
    if (stateDir) {
      for (const connections of CONNECTIONS) {
        const of = (name: string) => summary.get(`${name}@${connections}`) as Run;
        console.log(
          `  ${connections} connections, durability cost: mock+state/mock req/s ${fixed(of('mock+state').requests / of('mock').requests)}x, CPU per request ${fixed(of('mock+state').cpu / of('mock').cpu)}x, p99 ${fixed(of('mock+state').p99)} vs ${fixed(of('mock').p99)} ms`,
        );
      }
    }
    const others = running.filter((server) => server !== mock).map((server) => `${server.name} ~${server.created}`);
    console.log(
      `\n  store size at the end: the mock holds ${mockHolds} subscriptions of the organization (read back; fixtures and counted answers make ${mock.created}, the rest were in flight when runs stopped), ${others.join(', ')} (counted answers)\n`,
    );
  } finally {
    await Promise.all(running.map((server) => server.stop()));
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
