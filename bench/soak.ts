/**
 * Soak: the mock (a child process, loopback only, its own fixtures) under a fixed mix of work for a fixed time:
 * documented mutations, events pages, emits delivered to receivers that succeed, fail, hang, reset and redirect,
 * malformed requests and costly queries. Reports the p50/p99 of a simple query measured during the run, RSS at
 * start/peak/end, deliveries completed, 5xx answers and deliveries still unfinished after a bounded drain.
 *
 * Goals: 0 5xx, 0 unfinished, simple-query p99 under 50 ms, RSS at the end within 1.5x the start plus the retention
 * budget (--keep-deliveries, --keep-events).
 *
 *   npm run bench:soak    (SOAK_SECONDS=20, SOAK_BIN=path/to/bin/sentera-mock.js and SOAK_LEGACY=1 to soak another
 *                          build without the new flags)
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixed, percentile, rssOf, startChild } from './support.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.env['SOAK_SECONDS'] ?? 20);
const BIN = process.env['SOAK_BIN'] ?? join(root, 'bin', 'sentera-mock.js');
const LEGACY = process.env['SOAK_LEGACY'] === '1';
const DRAIN_SECONDS = 60;
const KEEP = 2_000;
const ORGANIZATION = '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024';
const MODES = ['ok', 'fail', 'hang', 'reset', 'redirect'] as const;

/**
 * A receiver answering by mode: ok 200, fail 500, hang never, reset (socket destroyed), redirect 302. One server per
 * mode, so each is its own host for the mock's per-host limit, as distinct receivers would be.
 */
async function startReceiver(
  mode: (typeof MODES)[number],
  received: Record<string, number>,
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    request.resume();
    received[mode] = (received[mode] ?? 0) + 1;
    if (mode === 'ok') response.writeHead(200).end('ok');
    else if (mode === 'fail') response.writeHead(500).end('down');
    else if (mode === 'reset') request.socket.destroy();
    else if (mode === 'redirect') response.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
    // hang: never answers; the mock's per-attempt timeout ends it.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/${mode}` };
}

const fixtures = {
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

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'sentera-soak-'));
  writeFileSync(join(dir, 'world.json'), JSON.stringify(fixtures));
  const received: Record<string, number> = Object.fromEntries(MODES.map((mode) => [mode, 0]));
  const receivers = Object.fromEntries(
    await Promise.all(MODES.map(async (mode) => [mode, await startReceiver(mode, received)] as const)),
  );
  const flags = [
    'serve',
    '--port',
    '0',
    '--seed',
    'soak',
    '--fixtures',
    dir,
    '--time-scale',
    '0.0001',
    '--delivery-timeout',
    '200',
    ...(LEGACY ? [] : ['--keep-deliveries', String(KEEP), '--keep-events', String(KEEP)]),
  ];
  const mock = await startChild(process.execPath, [BIN, ...flags], /(http:\/\/127\.0\.0\.1:\d+\/graphql)/, 90_000);
  const origin = mock.url.replace(/\/graphql$/, '');
  const pid = mock.child.pid as number;
  let fiveHundreds = 0;
  let requests = 0;
  const post = async (path: string, body: string, contentType = 'application/json') => {
    requests++;
    const response = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, accept: 'application/graphql-response+json' },
      body,
    });
    if (response.status >= 500) fiveHundreds++;
    return response.text();
  };
  const graphql = (query: string, variables?: Record<string, unknown>) =>
    post('/graphql', JSON.stringify({ query, variables }));

  try {
    const subscriptionIds: string[] = [];
    for (const mode of MODES) {
      const answer = JSON.parse(
        await graphql(
          `mutation { create_webhook_subscription(organization_sentera_id: "${ORGANIZATION}", callback_url: "${receivers[mode]?.url}", event_types: [TASK_MODIFIED]) { sentera_id } }`,
        ),
      ) as { data: { create_webhook_subscription: { sentera_id: string } } };
      subscriptionIds.push(answer.data.create_webhook_subscription.sentera_id);
    }
    const rssStart = rssOf(pid);
    let rssPeak = rssStart;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(pid))), 250);
    const deadline = performance.now() + SECONDS * 1000;
    const running = () => performance.now() < deadline;
    const counts = { mutations: 0, pages: 0, emits: 0, malformed: 0, costly: 0 };
    const latencies: number[] = [];

    const loop = async (work: () => Promise<unknown>, pauseMs = 0) => {
      while (running()) {
        await work();
        if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    };
    const eventsPage = `query($id: ID!, $page: Int!) { webhook_subscription(sentera_id: $id) { events(pagination: { page: $page, page_size: 100 }) { total_count results { sentera_id type status created_at } } } }`;
    const costly = `query($id: ID!) { webhook_subscription(sentera_id: $id) { ${Array.from({ length: 40 }, (_, index) => `e${index}: events(pagination: { page: 1, page_size: 1000 }) { results { sentera_id type status } }`).join(' ')} } }`;
    const heavyButAllowed = `query($id: ID!) { webhook_subscription(sentera_id: $id) { events(pagination: { page: 3, page_size: 1000 }) { results { sentera_id type status created_at payload { __typename sentera_id } } } } }`;
    const malformed = [
      '{',
      '{"query": "{ organizations(pagination: {page: 1, page_size: 1}) { results { sentera_id } "}',
      '{"query": 5}',
      `{"query": "${'{a'.repeat(3000)}"}`,
      '{"query": "{ __typename }", "variables": {"x": [[[[[[]]]]]]}}',
    ];

    await Promise.all([
      loop(async () => {
        await graphql(
          `mutation { create_webhook_subscription(organization_sentera_id: "${ORGANIZATION}", callback_url: "${receivers['ok']?.url}", event_types: [FEATURE_SET_CREATED]) { sentera_id } }`,
        );
        counts.mutations++;
      }),
      loop(async () => {
        await graphql(eventsPage, {
          id: subscriptionIds[counts.pages % subscriptionIds.length],
          page: 1 + (counts.pages % 150),
        });
        counts.pages++;
      }),
      loop(async () => {
        await post('/_mock/events', JSON.stringify({ type: 'TASK_MODIFIED', organization_sentera_id: ORGANIZATION }));
        counts.emits++;
      }, 50),
      loop(async () => {
        await post(
          '/graphql',
          malformed[counts.malformed % malformed.length] as string,
          counts.malformed % 7 === 0 ? 'text/plain' : 'application/json',
        );
        counts.malformed++;
      }),
      loop(async () => {
        await graphql(counts.costly % 2 === 0 ? costly : heavyButAllowed, { id: subscriptionIds[0] });
        counts.costly++;
      }, 50),
      loop(async () => {
        const started = performance.now();
        await graphql('{ __typename }');
        latencies.push(performance.now() - started);
      }, 20),
    ]);
    const rssLoadEnd = rssOf(pid);

    // Drain: let pending deliveries finish (retries are scaled down; hung attempts time out after 200 ms).
    let unfinished = Number.NaN;
    for (let waited = 0; waited < DRAIN_SECONDS * 1000; waited += 500) {
      const pending = JSON.parse(await (await fetch(`${origin}/_mock/deliveries?status=PENDING`)).text()) as {
        deliveries: unknown[];
      };
      unfinished = pending.deliveries.length;
      if (unfinished === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    clearInterval(sampler);
    const state = JSON.parse(await (await fetch(`${origin}/_mock/state`)).text()) as {
      parts: { deliveries: { dropped?: number; records?: Array<{ status: string }> } | Array<{ status: string }> };
    };
    const part = state.parts.deliveries;
    const records = Array.isArray(part) ? part : (part.records ?? []);
    const dropped = Array.isArray(part) ? 0 : (part.dropped ?? 0);
    const completed = records.filter((record) => record.status !== 'PENDING').length + dropped;
    const rssEnd = rssOf(pid);
    latencies.sort((a, b) => a - b);

    console.log(
      `\nsoak: ${SECONDS} s of mixed load on ${LEGACY ? BIN : 'this build'} (loopback only), then up to ${DRAIN_SECONDS} s of drain\n`,
    );
    console.log(
      `  work done          ${counts.mutations} mutations, ${counts.pages} events pages, ${counts.emits} emits (x5 receivers), ${counts.malformed} malformed, ${counts.costly} costly; ${requests} requests in all`,
    );
    console.log(`  receivers got      ${MODES.map((mode) => `${mode} ${received[mode]}`).join(', ')}`);
    console.log(
      `  simple query       p50 ${fixed(percentile(latencies, 50))} ms, p99 ${fixed(percentile(latencies, 99))} ms over ${latencies.length} probes (goal p99 < 50 ms)`,
    );
    console.log(
      `  RSS                start ${fixed(rssStart, 0)} MB, peak ${fixed(rssPeak, 0)} MB, end of load ${fixed(rssLoadEnd, 0)} MB, after drain ${fixed(rssEnd, 0)} MB (${fixed(rssEnd / rssStart)}x start)`,
    );
    console.log(
      `  deliveries         ${completed} completed (${dropped} of them dropped from the log by retention), ${unfinished} unfinished after drain (goal 0)`,
    );
    console.log(`  5xx answers        ${fiveHundreds} (goal 0)\n`);
  } finally {
    await mock.stop();
    for (const { server } of Object.values(receivers)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
