/**
 * Benchmark: create_webhook_subscription over loopback, the mock against two servers measured in the same run:
 * - baseline: graphql-http's node:http handler + graphql-js, parse/validate cache, a Map-backed resolver;
 * - Apollo Server 5 (standalone) with the same schema and resolver.
 *
 * Each server runs in its own child process; autocannon runs here. Bounded runs, interleaved server order per round,
 * medians over rounds.
 *
 *   npm run bench    (BENCH_SECONDS, BENCH_ROUNDS to change the run length)
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { fixed, rssOf, startChild } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 5);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CONNECTIONS = [10, 50];

const body = JSON.stringify({
  query: `mutation CreateWebhookSubscription {
  create_webhook_subscription(organization_sentera_id: "6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024", callback_url: "https://example.com/webhooks", event_types: [FEATURE_SET_CREATED]) {
  sentera_id
  event_types
  callback_url
  }
}`,
});


const servers = [
  { name: 'mock', args: [join(root, 'bin', 'sentera-mock.js'), 'serve', '--port', '0', '--seed', 'bench', '--clock', '2022-01-31T13:27:09Z'] },
  { name: 'baseline', args: ['--import', 'tsx', join(root, 'bench', 'servers', 'baseline.ts')] },
  { name: 'apollo', args: ['--import', 'tsx', join(root, 'bench', 'servers', 'apollo.ts')] },
] as const;

interface Sample {
  requests: number;
  p50: number;
  p99: number;
  errors: number;
  rss: number;
}

function load(url: string, connections: number, duration: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, method: 'POST', headers: { 'content-type': 'application/json' }, body }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function main() {
  const running: Array<(typeof servers)[number] & Awaited<ReturnType<typeof startChild>>> = [];
  for (const server of servers) running.push({ ...server, ...(await startChild(process.execPath, server.args, /(http:\/\/127\.0\.0\.1:\d+\/graphql)/)) });
  const rssStart = Object.fromEntries(running.map((server) => [server.name, rssOf(server.child.pid as number)]));
  for (const server of running) {
    const check = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await check.text();
    if (!text.includes('"callback_url":"https://example.com/webhooks"')) throw new Error(`${server.name} does not answer the mutation: ${text}`);
    await load(server.url, 10, 2); // warm-up
  }
  const samples = new Map<string, Sample[]>();
  for (const connections of CONNECTIONS) {
    for (let round = 0; round < ROUNDS; round++) {
      const order = running.map((_, index) => running[(index + round) % running.length] as (typeof running)[number]);
      for (const server of order) {
        const result = await load(server.url, connections, SECONDS);
        const key = `${server.name}@${connections}`;
        samples.set(key, [...(samples.get(key) ?? []), { requests: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx, rss: rssOf(server.child.pid as number) }]);
      }
    }
  }
  for (const server of running) await server.stop();

  console.log(`\ncreate_webhook_subscription over loopback: ${ROUNDS} rounds of ${SECONDS} s per server and connection count, medians (autocannon)\n`);
  console.log(`  ${'server'.padEnd(10)} ${'conns'.padStart(5)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(7)} ${'RSS start'.padStart(10)} ${'RSS end'.padStart(9)}`);
  const summary = new Map<string, Sample>();
  for (const connections of CONNECTIONS) {
    for (const server of running) {
      const list = samples.get(`${server.name}@${connections}`) ?? [];
      const sample = { requests: median(list.map((s) => s.requests)), p50: median(list.map((s) => s.p50)), p99: median(list.map((s) => s.p99)), errors: list.reduce((sum, s) => sum + s.errors, 0), rss: Math.max(...list.map((s) => s.rss)) };
      summary.set(`${server.name}@${connections}`, sample);
      console.log(`  ${server.name.padEnd(10)} ${String(connections).padStart(5)} ${fixed(sample.requests, 0).padStart(9)} ${fixed(sample.p50, 1).padStart(7)} ${fixed(sample.p99, 1).padStart(7)} ${String(sample.errors).padStart(7)} ${`${fixed(rssStart[server.name] as number, 0)} MB`.padStart(10)} ${`${fixed(sample.rss, 0)} MB`.padStart(9)}`);
    }
  }
  console.log('');
  for (const connections of CONNECTIONS) {
    const mock = summary.get(`mock@${connections}`) as Sample;
    const baseline = summary.get(`baseline@${connections}`) as Sample;
    const apollo = summary.get(`apollo@${connections}`) as Sample;
    console.log(`  ${connections} connections: mock/baseline ${fixed(mock.requests / baseline.requests)}x (goal >= 0.8), mock/Apollo ${fixed(mock.requests / apollo.requests)}x (goal >= 1.0)`);
  }
  console.log('');
}

await main();
