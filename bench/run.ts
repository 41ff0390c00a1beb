/**
 * Benchmark: create_webhook_subscription over loopback, the mock against two servers measured in the same run:
 * - baseline: graphql-http's node:http handler + graphql-js, parse/validate cache, a Map-backed resolver;
 * - Apollo Server 5 (standalone) with the same schema and resolver.
 *
 * Fair by construction: each server runs alone, in its own child process started for its turn (started, warmed up
 * with the same load for the same time, measured at each connection count, stopped), and the load comes from
 * autocannon in another process of its own (bench/load.ts), so neither the load generator nor an idle server shares
 * a thread with the server measured. Bounded runs, the server order rotating from round to round so that background
 * load falls on all of them alike, medians over rounds. Latency percentiles come from every response's time. On a
 * shared 2-core machine req/s moves with other load; the servers' CPU time per request (from /proc) is the steadier
 * figure, printed alongside.
 *
 *   npm run bench    (BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS=10,50 to change the run;
 *                     BENCH_STATE=1 adds "mock+state": the mock with --state, every acknowledged create written first)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuMsOf, fixed, rssOf, runLoad, serveArgs, startChild } from './support.js';

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
const mockArgs = serveArgs({ extra: ['--log-level', 'silent'] });
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

async function load(url: string, connections: number, seconds: number): Promise<Omit<Run, 'rss' | 'cpu'>> {
  const { requests, p50, p99, errors, ok } = await runLoad({ url, connections, seconds, requests: [{ body }] });
  return { requests, p50, p99, errors, created: ok };
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
  type Running = (typeof servers)[number] & Awaited<ReturnType<typeof startChild>>;
  let running: Running | undefined;
  // Interrupted (Ctrl-C, a timeout), stop the server rather than leave it running.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      running?.child.kill('SIGTERM');
      process.exit(130);
    });
  }
  const runs = new Map<string, Run[]>();
  const rssStart = new Map<string, number[]>();
  const created = new Map<string, number>();
  let mockCheck = '';
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const order = servers.map((_, index) => servers[(index + round) % servers.length] as (typeof servers)[number]);
      for (const server of order) {
        // Each mock+state turn starts from the fixtures, as the mock's does.
        if (stateDir) rmSync(join(stateDir, 'state.json'), { force: true });
        running = {
          ...server,
          ...(await startChild(process.execPath, server.args, /(http:\/\/127\.0\.0\.1:\d+\/graphql)/, 90_000)),
        };
        const pid = running.child.pid as number;
        rssStart.set(server.name, [...(rssStart.get(server.name) ?? []), rssOf(pid)]);
        const fixtures = server.name === 'mock' ? await countSubscriptions(running.url) : 0;
        const text = await post(running.url, body);
        if (!text.includes('"callback_url":"https://example.com/webhooks"'))
          throw new Error(`${server.name} does not answer the mutation: ${text}`);
        let answered = 1 + (await load(running.url, 10, WARM_UP_SECONDS)).created;
        for (const connections of CONNECTIONS) {
          const cpuBefore = cpuMsOf(pid);
          const run = await load(running.url, connections, SECONDS);
          const cpu = (1000 * (cpuMsOf(pid) - cpuBefore)) / run.created;
          answered += run.created;
          const key = `${server.name}@${connections}`;
          runs.set(key, [...(runs.get(key) ?? []), { ...run, rss: rssOf(pid), cpu }]);
        }
        created.set(server.name, (created.get(server.name) ?? 0) + answered);
        if (server.name === 'mock') {
          const holds = await countSubscriptions(running.url);
          mockCheck = `the mock holds ${holds} subscriptions of the organization after its last round (read back; fixtures and counted answers make ${fixtures + answered}, the rest were in flight when runs stopped)`;
        }
        await running.stop();
        running = undefined;
      }
    }

    console.log(
      `\ncreate_webhook_subscription over loopback: ${ROUNDS} rounds of ${SECONDS} s per server and connection count, server order rotating; medians (spread = (max - min) / median of req/s over rounds; each server alone, load from its own process)\n`,
    );
    console.log(
      `  ${'server'.padEnd(9)} ${'conns'.padStart(5)} ${'req/s'.padStart(7)} ${'spread'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'CPU µs/req'.padStart(10)} ${'errors'.padStart(6)} ${'RSS start'.padStart(9)} ${'RSS max'.padStart(8)}`,
    );
    const summary = new Map<string, Run>();
    for (const connections of CONNECTIONS) {
      for (const server of servers) {
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
          `  ${server.name.padEnd(9)} ${String(connections).padStart(5)} ${fixed(run.requests, 0).padStart(7)} ${`${fixed(spread, 0)}%`.padStart(7)} ${fixed(run.p50).padStart(7)} ${fixed(run.p99).padStart(7)} ${fixed(run.cpu, 1).padStart(10)} ${String(run.errors).padStart(6)} ${`${fixed(median(rssStart.get(server.name) ?? []), 0)} MB`.padStart(9)} ${`${fixed(run.rss, 0)} MB`.padStart(8)}`,
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
    const answered = servers.map((server) => `${server.name} ${created.get(server.name) ?? 0}`).join(', ');
    console.log(`\n  ${mockCheck}; answers counted over all rounds: ${answered}\n`);
  } finally {
    await running?.stop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  }
}

await main();
