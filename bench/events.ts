/**
 * Benchmark: WebhookSubscription.events over 1,000,000 generated events on one subscription.
 *
 * Measures the mock's start-up (in-process createMock, and the whole `serve` process), its RSS, and the latency of
 * pages with every filter combination over loopback HTTP, against a baseline measured in the same run: the same
 * queries on a subscription whose organization has 1,000 events. Bounded: a fixed number of requests.
 *
 *   npm run bench:events
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMock } from '../src/mock/create-mock.js';
import { createManualClock } from '../src/runtime/clock.js';
import { fixed, percentile, rssOf, serveArgs, startChild } from './support.js';

const BIG = '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024';
const SMALL = 'zuhhzlj_OR_b2muTheMosaic_CV_deve_faffd93_210608_225434';
const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sentera-bench-events-'));
copyFileSync(join(root, 'fixtures', 'organizations.yaml'), join(dir, 'organizations.yaml'));
writeFileSync(
  join(dir, 'streams.yaml'),
  `streams:
  - name: million
    organization_sentera_id: ${BIG}
    count: 1000000
    from: 2021-01-01T00:00:00Z
    to: 2022-01-01T00:00:00Z
    types: { TASK_MODIFIED: 6, FEATURE_SET_CREATED: 3, SURVEY_CREATED: 1 }
    statuses: { SUCCESS: 90, FAILED: 4, PENDING: 6 }
  - name: thousand
    organization_sentera_id: ${SMALL}
    count: 1000
    from: 2021-01-01T00:00:00Z
    to: 2022-01-01T00:00:00Z
    types: { TASK_MODIFIED: 6, FEATURE_SET_CREATED: 3, SURVEY_CREATED: 1 }
    statuses: { SUCCESS: 90, FAILED: 4, PENDING: 6 }
`,
);

const REPEAT = Number(process.env['BENCH_REPEAT'] ?? 3);
const PAGE_SIZE = Number(process.env['BENCH_PAGE_SIZE'] ?? 100);

async function main() {
  const rssBefore = process.memoryUsage().rss / 2 ** 20;
  let began = performance.now();
  const mock = createMock({
    seed: 'bench',
    clock: createManualClock({ start: new Date('2022-01-31T13:27:09Z') }),
    fixturesDir: dir,
  });
  const createMs = performance.now() - began;
  const rssAfter = process.memoryUsage().rss / 2 ** 20;
  void mock;

  const server = await startChild(
    process.execPath,
    serveArgs({ extra: ['--fixtures', dir] }),
    /(http:\/\/127\.0\.0\.1:\d+\/graphql)/,
  );
  const pid = server.child.pid as number;
  const rssServeStart = rssOf(pid);
  const post = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as {
      data?: Record<string, { sentera_id: string; events?: unknown }>;
      errors?: unknown;
    };
  };
  const create = async (organization: string) => {
    const result = await post(
      `mutation { create_webhook_subscription(organization_sentera_id: "${organization}", callback_url: "https://example.com/h", event_types: [TASK_MODIFIED, FEATURE_SET_CREATED, SURVEY_CREATED]) { sentera_id } }`,
    );
    return (result.data?.['create_webhook_subscription'] as { sentera_id: string }).sentera_id;
  };
  const big = await create(BIG);
  const small = await create(SMALL);
  const query = `query ($id: ID!, $page: Int!, $size: Int!, $type: WebhookEventType, $status: WebhookEventStatus, $range: DateRange) {
    webhook_subscription(sentera_id: $id) { events(pagination: {page: $page, page_size: $size}, event_type: $type, status: $status, date_range: $range) {
      total_count present results { sentera_id type status attempts created_at triggering_object_id payload { sentera_id created_by_id updated_by_id } } } } }`;

  const types = [null, 'TASK_MODIFIED', 'FEATURE_SET_CREATED', 'SURVEY_CREATED'];
  const statuses = [null, 'SUCCESS', 'FAILED', 'PENDING'];
  const ranges = [
    null,
    { start_date: '2021-06-01T00:00:00Z' },
    { end_date: '2021-03-01T00:00:00Z' },
    { start_date: '2021-04-01T00:00:00Z', end_date: '2021-04-02T12:00:00Z' },
  ];

  async function measure(id: string) {
    const latencies: number[] = [];
    let requests = 0;
    for (let round = 0; round < REPEAT; round++) {
      for (const type of types) {
        for (const status of statuses) {
          for (const range of ranges) {
            const variables = { id, size: PAGE_SIZE, type, status, range };
            const first = await post(query, { ...variables, page: 1 });
            const total = (
              (first.data?.['webhook_subscription'] as { events: { total_count: number } }) ?? {
                events: { total_count: 0 },
              }
            ).events.total_count;
            const last = Math.max(1, Math.ceil(total / PAGE_SIZE));
            for (const page of [1, Math.ceil(last / 2), last, last + 1]) {
              const started = performance.now();
              await post(query, { ...variables, page });
              latencies.push(performance.now() - started);
              requests++;
            }
          }
        }
      }
    }
    latencies.sort((a, b) => a - b);
    return {
      requests,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] as number,
    };
  }

  // Warm up both, then measure interleaved so background load hits both alike.
  await measure(small);
  await measure(big);
  began = performance.now();
  const baseline = await measure(small);
  const million = await measure(big);
  const elapsed = performance.now() - began;
  const rssServeEnd = rssOf(pid);
  await server.stop();
  rmSync(dir, { recursive: true, force: true });

  const rows = [
    [
      'createMock with a 1,000,000-event stream (in-process)',
      `${fixed(createMs, 1)} ms`,
      `RSS +${fixed(rssAfter - rssBefore, 1)} MB`,
    ],
    [
      'serve process start (node + tsx + mock) to listening',
      `${fixed(server.startedMs, 0)} ms`,
      `RSS ${fixed(rssServeStart, 1)} MB`,
    ],
    ['serve process RSS after all queries', '', `${fixed(rssServeEnd, 1)} MB`],
  ];
  console.log(
    `\nevents benchmark: ${REPEAT} rounds of 64 filter combinations x 4 pages (first, middle, last, beyond), page_size ${PAGE_SIZE}, over loopback HTTP (${fixed(elapsed / 1000, 1)} s)\n`,
  );
  for (const [what, time, memory] of rows)
    console.log(`  ${(what as string).padEnd(58)} ${(time as string).padStart(10)}  ${memory}`);
  console.log(
    `\n  ${'subscription'.padEnd(30)} ${'requests'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)}`,
  );
  for (const [label, result] of [
    ['baseline: 1,000 events', baseline],
    ['1,000,000 events', million],
  ] as const) {
    console.log(
      `  ${label.padEnd(30)} ${String(result.requests).padStart(8)} ${fixed(result.p50).padStart(8)} ${fixed(result.p99).padStart(8)} ${fixed(result.max).padStart(8)}`,
    );
  }
  console.log(
    `\n  ratio 1,000,000 / baseline: p50 ${fixed(million.p50 / baseline.p50)}x, p99 ${fixed(million.p99 / baseline.p99)}x\n`,
  );
}

await main();
