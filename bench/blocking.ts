/**
 * Benchmark: the longest the mock holds its event loop (the longest gap between two turns, measured in-process) while
 * (a) it answers a page of 1,000 events with payloads, the soak's heavy but allowed query, and (b) 48 delivery attempts
 * fall due at once (one emit to 16 subscriptions on each of 3 local receivers answering 500). Every other request
 * waits at least that long. Medians over runs; with BENCH_BEFORE=<another checkout> (its sources, run through tsx) the
 * two alternate in one run, and the ratio is reported (wall-clock gaps: a busy machine inflates both alike).
 *
 *   npm run bench:blocking    (BENCH_RUNS=15, BENCH_BEFORE=../other-checkout)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { createMock as CreateMock } from '../src/mock/create-mock.js';
import type { createManualClock as CreateManualClock } from '../src/runtime/clock.js';
import { ORGANIZATION, SOAK_FIXTURES } from './soak/plan.js';
import { fixed } from './support.js';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 15);
const HEAVY = `query($id: ID!) { webhook_subscription(sentera_id: $id) { events(pagination: { page: 3, page_size: 1000 }) { results { sentera_id type status created_at payload { __typename sentera_id } } } } }`;

/** Runs `work` while measuring the longest gap between two turns of the event loop, in ms. */
async function longestGap(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  running = false;
  await new Promise((done) => setImmediate(done));
  return longest;
}

/** A mock of `checkout`'s sources with the soak's fixtures and 48 subscriptions on the receivers. */
async function mockOf(checkout: string, dir: string, receivers: readonly Server[]) {
  const { createMock } = (await import(pathToFileURL(join(checkout, 'src/mock/create-mock.ts')).href)) as {
    createMock: typeof CreateMock;
  };
  const { createManualClock } = (await import(pathToFileURL(join(checkout, 'src/runtime/clock.ts')).href)) as {
    createManualClock: typeof CreateManualClock;
  };
  const mock = createMock({
    seed: 'soak',
    clock: createManualClock({ start: new Date('2022-01-31T13:27:09Z') }),
    fixturesDir: dir,
    delivery: { timeoutMs: 2_000 },
  });
  const reader = mock.store.createWebhookSubscription({
    organization_sentera_id: ORGANIZATION,
    callback_url: 'http://127.0.0.1:9/reader',
    event_types: ['SURVEY_CREATED'],
  });
  if (!reader.ok) throw new Error(reader.problem.message);
  for (const receiver of receivers)
    for (let index = 0; index < 16; index++)
      mock.store.createWebhookSubscription({
        organization_sentera_id: ORGANIZATION,
        callback_url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/${index}`,
        event_types: ['TASK_MODIFIED'],
      });
  const request = new Request('http://127.0.0.1/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: HEAVY, variables: { id: reader.value.sentera_id } }),
  });
  return {
    page: () => longestGap(async () => (await mock.fetch(request.clone())).text()),
    attempts: () =>
      longestGap(async () => {
        mock.events.emit({ type: 'TASK_MODIFIED', organization_sentera_id: ORGANIZATION });
        await mock.delivery?.idle(1_000); // the first attempts; retries come 5 s later
      }),
    close: () => mock.close(),
  };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sentera-blocking-'));
  writeFileSync(join(dir, 'world.json'), JSON.stringify(SOAK_FIXTURES));
  const receivers = await Promise.all(
    [0, 1, 2].map(async () => {
      const server = createServer((request, response) => {
        request.resume();
        response.writeHead(500).end('down');
      });
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      return server;
    }),
  );
  const checkouts: Array<[string, string]> = [['this checkout', fileURLToPath(new URL('..', import.meta.url))]];
  const before = process.env['BENCH_BEFORE'];
  if (before) checkouts.unshift(['BENCH_BEFORE', resolve(before)]);
  const loadBefore = loadavg()[0] as number;
  try {
    const mocks = await Promise.all(checkouts.map(([, checkout]) => mockOf(checkout, dir, receivers)));
    const gaps = mocks.map(() => ({ page: [] as number[], attempts: [] as number[] }));
    for (let run = 0; run < RUNS; run++)
      for (const [index, mock] of mocks.entries()) {
        gaps[index]?.page.push(await mock.page());
        gaps[index]?.attempts.push(await mock.attempts());
      }
    for (const mock of mocks) mock.close();
    console.log(
      `\nlongest hold of the event loop, median of ${RUNS} runs (load average ${fixed(loadBefore, 1)} before, ${fixed(loadavg()[0] as number, 1)} after)\n`,
    );
    for (const [index, [name]] of checkouts.entries())
      console.log(
        `  ${name.padEnd(14)} page of 1,000 events ${fixed(median(gaps[index]?.page ?? []), 1)} ms, 48 attempts due at once ${fixed(median(gaps[index]?.attempts ?? []), 1)} ms`,
      );
    if (gaps.length === 2)
      console.log(
        `  this / before  page ${fixed(median(gaps[1]?.page ?? []) / median(gaps[0]?.page ?? []))}x, attempts ${fixed(median(gaps[1]?.attempts ?? []) / median(gaps[0]?.attempts ?? []))}x\n`,
      );
  } finally {
    for (const receiver of receivers) {
      receiver.closeAllConnections();
      receiver.close();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
