/**
 * Benchmark: memory of `serve` under a steady load. The mock (a child process, default world, fixed clock, silent)
 * answers the documented mutation and a page of `events` in turn from 10 connections (autocannon in its own process)
 * for STEADY_SECONDS; its RSS is sampled every second. Each mutation adds a subscription, so the store grows: the
 * store's own memory per subscription is measured in this process (heap after GC, a mock of its own, the same
 * mutation), and the report says how much the server's RSS grew beyond that.
 *
 * Goal: no growth beyond the store's own data (and the room V8's heap keeps to grow in proportion to it); then, with
 * events pages only (the store no longer grows), no growth at all.
 *
 *   npm run bench:steady    (STEADY_SECONDS, default 60)
 */
import { createMock } from '../src/mock/create-mock.js';
import { createManualClock } from '../src/runtime/clock.js';
import { BENCH_CLOCK, fixed, rssOf, runLoad, serveArgs, startChild } from './support.js';

const SECONDS = Number(process.env['STEADY_SECONDS'] ?? 60);
const ORGANIZATION = '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024';
const mutation = `mutation CreateWebhookSubscription {
  create_webhook_subscription(organization_sentera_id: "${ORGANIZATION}", callback_url: "https://example.com/webhooks", event_types: [FEATURE_SET_CREATED]) {
  sentera_id
  event_types
  callback_url
  }
}`;
const eventsQuery = (subscription: string) =>
  `{ webhook_subscription(sentera_id: "${subscription}") { events(pagination: { page: 3, page_size: 50 }) { total_count results { sentera_id type created_at status attempts payload { sentera_id created_by_id } } } } }`;

const gc = (globalThis as { gc?: () => void }).gc;

/** Heap bytes one created subscription keeps in a mock's store (in this process, after GC). */
async function storeBytesPerSubscription(count: number): Promise<number> {
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:steady does)');
  const mock = createMock({
    seed: 'bench',
    clock: createManualClock({ start: new Date(BENCH_CLOCK) }),
    delivery: false,
  });
  await mock.execute({ query: mutation }); // first-use work (plans, caches) out of the measure
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let index = 0; index < count; index++) await mock.execute({ query: mutation });
  gc();
  const bytes = (process.memoryUsage().heapUsed - before) / count;
  mock.close();
  return bytes;
}

async function post(url: string, query: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return response.json();
}

async function main() {
  const perSubscription = await storeBytesPerSubscription(20_000);
  const server = await startChild(
    process.execPath,
    serveArgs({ extra: ['--log-level', 'silent'] }),
    /(http:\/\/127\.0\.0\.1:\d+\/graphql)/,
    90_000,
  );
  try {
    const pid = server.child.pid as number;
    const listed = (await post(
      server.url,
      `{ webhook_subscriptions(organization_sentera_id: "${ORGANIZATION}", pagination: { page: 1, page_size: 1 }) { results { sentera_id } } }`,
    )) as { data: { webhook_subscriptions: { results: Array<{ sentera_id: string }> } } };
    const subscription = listed.data.webhook_subscriptions.results[0]?.sentera_id as string;
    const requests = [
      { body: JSON.stringify({ query: mutation }) },
      { body: JSON.stringify({ query: eventsQuery(subscription) }) },
    ];
    // Warm-up (compiled plans, caches, JIT): memory that is not growth.
    await runLoad({ url: server.url, connections: 10, seconds: 3, requests });
    const start = rssOf(pid);
    const samples: number[] = [start];
    const sampler = setInterval(() => samples.push(rssOf(pid)), 1000);
    const load = await runLoad({ url: server.url, connections: 10, seconds: SECONDS, requests }).finally(() =>
      clearInterval(sampler),
    );
    const end = rssOf(pid);
    samples.push(end);
    // Then events pages only: the store no longer grows, so neither should memory.
    const readsSeconds = Math.max(10, Math.round(SECONDS / 3));
    const reads = await runLoad({
      url: server.url,
      connections: 10,
      seconds: readsSeconds,
      requests: requests.slice(1),
    });
    const afterReads = rssOf(pid);
    const created = Math.round(load.ok / 2);
    const store = (created * perSubscription) / 2 ** 20;
    const grown = end - start;
    const third = Math.floor(samples.length / 3);
    const meanOf = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    console.log(
      `\nserve under ${SECONDS} s of the documented mutation and an events page in turn (10 connections): ${fixed(load.requests, 0)} req/s, ${load.ok} answers, ${load.errors} errors, p99 ${fixed(load.p99)} ms\n`,
    );
    console.log(
      `  RSS start ${fixed(start, 1)} MB, peak ${fixed(Math.max(...samples), 1)} MB, end ${fixed(end, 1)} MB (mean of the first third ${fixed(meanOf(samples.slice(0, third)), 1)}, last third ${fixed(meanOf(samples.slice(-third)), 1)})`,
    );
    console.log(
      `  store's own data: ~${created} subscriptions created x ${fixed(perSubscription, 0)} bytes (heap per subscription, measured in-process) = ${fixed(store, 1)} MB`,
    );
    console.log(
      `  RSS growth ${fixed(grown, 1)} MB; beyond the store's data: ${fixed(grown - store, 1)} MB (goal: ~0 beyond the heap's room to grow, which V8 keeps in proportion to the live data)`,
    );
    console.log(
      `  then ${readsSeconds} s of events pages only (${fixed(reads.requests, 0)} req/s, ${reads.errors} errors): RSS ${fixed(end, 1)} -> ${fixed(afterReads, 1)} MB (goal: no growth)\n`,
    );
  } finally {
    await server.stop();
  }
}

await main();
