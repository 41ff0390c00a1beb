/**
 * Benchmark: sustained webhook deliveries per second from the mock to a local receiver (in its own process), answering
 * 200, and with 20% of attempts failing (retried on the default schedule under a time scale), against a baseline
 * measured in the same run: the same number of plain POSTs with the same fetch and concurrency to the same receiver.
 * RSS before and after each run, and after reset() (which forgets the log): memory must come back, no leak. The
 * delivery log's own memory per kept delivery is the heap that forgetting only the deliveries gives back, divided by
 * how many the log kept (at most `keepDeliveries`).
 *
 *   npm run bench:delivery    (BENCH_DELIVERIES to change the count)
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Delivery } from '../src/delivery/create-delivery.js';
import { createMock } from '../src/mock/create-mock.js';
import { createManualClock } from '../src/runtime/clock.js';
import { fixed, startChild } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const COUNT = Number(process.env['BENCH_DELIVERIES'] ?? 20_000);
const CONCURRENCY = 16;
const ORGANIZATION = '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024';
const rss = () => process.memoryUsage().rss / 2 ** 20;
const heap = () => process.memoryUsage().heapUsed / 2 ** 20;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function baseline(url: string): Promise<number> {
  const body = JSON.stringify({ sentera_id: 'x', type: 'TASK_MODIFIED', payload: {} });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < COUNT) {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await response.text();
      }
    }),
  );
  return COUNT / ((performance.now() - started) / 1000);
}

/**
 * Counts from the delivery log. The list is read in here, not in the caller: a suspended async function keeps its
 * temporaries, and a list held there would be measured as part of the log.
 */
function tally(delivery: Delivery | undefined) {
  const records = delivery?.list() ?? [];
  return {
    attempts: records.reduce((sum, record) => sum + record.attempts.length, 0),
    successes: records.filter((record) => record.status === 'SUCCESS').length,
    kept: records.length,
  };
}

async function viaMock(url: string) {
  const mock = createMock({
    seed: 'bench',
    clock: createManualClock({ start: new Date('2022-01-31T13:27:09Z') }),
    bubbling: false,
    delivery: { concurrencyPerHost: CONCURRENCY, timeScale: 0.00001 },
  });
  const created = mock.store.createWebhookSubscription({
    organization_sentera_id: ORGANIZATION,
    callback_url: url,
    event_types: ['TASK_MODIFIED'],
  });
  if (!created.ok) throw new Error(created.problem.message);
  const results = [];
  for (let round = 0; round < 2; round++) {
    gc();
    const before = rss();
    const heapBefore = heap();
    const started = performance.now();
    for (let index = 0; index < COUNT; index++)
      mock.events.emit({ type: 'TASK_MODIFIED', organization_sentera_id: ORGANIZATION });
    await mock.delivery?.idle(300_000);
    const seconds = (performance.now() - started) / 1000;
    const { attempts, successes, kept } = tally(mock.delivery);
    gc();
    const after = rss();
    const heapKept = heap() - heapBefore;
    // The delivery log's own share: what forgetting only the deliveries (not the events) gives back.
    const heapWithLog = heap();
    mock.delivery?.reset();
    gc();
    const bytesPerKeptDelivery = ((heapWithLog - heap()) * 2 ** 20) / kept;
    mock.reset();
    mock.store.createWebhookSubscription({
      organization_sentera_id: ORGANIZATION,
      callback_url: url,
      event_types: ['TASK_MODIFIED'],
    });
    gc();
    results.push({
      perSecond: COUNT / seconds,
      attemptsPerSecond: attempts / seconds,
      successes,
      attempts,
      kept,
      bytesPerKeptDelivery,
      before,
      after,
      afterReset: rss(),
      heapKept,
      heapAfterReset: heap() - heapBefore,
    });
  }
  mock.close();
  return results;
}

async function main() {
  console.log(
    `\ndelivery benchmark: ${COUNT} events to one subscription, ${CONCURRENCY} attempts in flight per host, receiver in its own process\n`,
  );
  for (const mode of ['200', '20% failing'] as const) {
    const receiver = await startChild(
      process.execPath,
      ['--import', 'tsx', join(root, 'bench', 'servers', 'receiver.ts'), ...(mode === '200' ? [] : ['--fail'])],
      /(http:\/\/127\.0\.0\.1:\d+\/webhooks)/,
    );
    const raw = await baseline(receiver.url);
    const runs = await viaMock(receiver.url);
    await receiver.stop();
    console.log(`  receiver answers ${mode}: baseline (plain fetch POSTs) ${fixed(raw, 0)} req/s`);
    runs.forEach((run, index) => {
      console.log(
        `    run ${index + 1}: ${fixed(run.perSecond, 0)} deliveries/s (${run.successes}/${COUNT} SUCCESS, ${run.attempts} attempts, ${fixed(run.attemptsPerSecond, 0)} attempts/s), ` +
          `attempts/s vs baseline ${fixed(run.attemptsPerSecond / raw)}x; RSS ${fixed(run.before, 0)} -> ${fixed(run.after, 0)} MB (after reset ${fixed(run.afterReset, 0)}); ` +
          `heap kept ${fixed((run.heapKept * 2 ** 20) / COUNT / 1024, 1)} KB per delivered event (the event and its attempt log), ${fixed(run.heapAfterReset, 1)} MB after reset; ` +
          `delivery log ${fixed(run.bytesPerKeptDelivery, 0)} bytes per kept delivery (${run.kept} kept)`,
      );
    });
  }
  console.log('');
}

await main();
