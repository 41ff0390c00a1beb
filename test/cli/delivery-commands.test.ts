import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { RunningMockServer } from '../../src/server/start-mock-server.js';
import { DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { startReceiver } from '../support/receiver.js';
import { runCommand } from '../support/cli.js';
import { startTestServer } from '../support/test-mock.js';

const FAST = [0, 5, 5];

/** A served mock with two subscriptions: one whose receiver accepts, one whose receiver always answers 500. */
async function world() {
  const good = await startReceiver();
  const bad = await startReceiver((_, response) => response.writeHead(500).end('down'));
  const server = await startTestServer({ bubbling: false, delivery: { schedule: FAST, timeoutMs: 1_000 } });
  const subscribe = (url: string) => {
    const created = server.mock.store.createWebhookSubscription({
      organization_sentera_id: DOCUMENTED_ORGANIZATION,
      callback_url: url,
      event_types: ['TASK_MODIFIED'],
    });
    if (!created.ok) throw new Error(created.problem.message);
    return created.value.sentera_id;
  };
  return { server, good, bad, goodSubscription: subscribe(good.url), badSubscription: subscribe(bad.url) };
}

async function trigger(server: RunningMockServer) {
  const { code, stdout } = await runCommand([
    'trigger',
    'TASK_MODIFIED',
    '--org',
    DOCUMENTED_ORGANIZATION,
    '--endpoint',
    server.url,
    '--json',
  ]);
  expect(code).toBe(0);
  await server.mock.delivery?.idle(5_000);
  return JSON.parse(stdout) as {
    event: { sentera_id: string; type: string };
    deliveries: Array<{ subscription_sentera_id: string; status: string; attempts: unknown[] }>;
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('trigger --json', () => {
  it('prints one JSON document with the event and its deliveries after their first attempt', async () => {
    const { server, goodSubscription, badSubscription } = await world();
    const document = await trigger(server);
    expect(document.event).toMatchObject({ type: 'TASK_MODIFIED', sentera_id: expect.stringMatching(/_WE_/) });
    expect(document.deliveries.map((record) => record.subscription_sentera_id).sort()).toEqual(
      [goodSubscription, badSubscription].sort(),
    );
    expect(document.deliveries.every((record) => record.attempts.length >= 1)).toBe(true);
  });
});

describe('sentera-mock deliveries', () => {
  it('lists every delivery, one line each, and filters by event, subscription and status', async () => {
    const { server, goodSubscription, badSubscription } = await world();
    const { event } = await trigger(server);
    const all = await runCommand(['deliveries', '--endpoint', server.url]);
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split('\n').sort()).toEqual(
      [
        `${event.sentera_id} TASK_MODIFIED → ${badSubscription} FAILED attempts=3 last=HTTP 500 ${server.mock.store.getWebhookSubscription(badSubscription)?.callback_url}`,
        `${event.sentera_id} TASK_MODIFIED → ${goodSubscription} SUCCESS attempts=1 last=HTTP 200 ${server.mock.store.getWebhookSubscription(goodSubscription)?.callback_url}`,
      ].sort(),
    );
    const failed = await runCommand(['deliveries', '--endpoint', server.url, '--status', 'FAILED', '--json']);
    const document = JSON.parse(failed.stdout) as {
      deliveries: Array<{
        subscription_sentera_id: string;
        attempts: Array<{ status_code: number; response: string }>;
      }>;
    };
    expect(document.deliveries.map((record) => record.subscription_sentera_id)).toEqual([badSubscription]);
    expect(document.deliveries[0]?.attempts.map((attempt) => [attempt.status_code, attempt.response])).toEqual([
      [500, 'down'],
      [500, 'down'],
      [500, 'down'],
    ]);
    expect(
      (await runCommand(['deliveries', '--endpoint', server.url, '--subscription', goodSubscription])).stdout,
    ).toMatch(/^\S+ TASK_MODIFIED → \S+ SUCCESS /);
    expect((await runCommand(['deliveries', '--endpoint', server.url, '--event', 'nope'])).stdout).toBe(
      'no deliveries\n',
    );
  });

  it("exits 1 with the mock's reason when delivery is off", async () => {
    const server = await startTestServer({ delivery: false });
    const { code, stderr } = await runCommand(['deliveries', '--endpoint', server.url]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'sentera-mock deliveries: DELIVERY_OFF: webhook delivery is off in this mock (serve --delivery off)\n',
    );
  });

  it('exits 2 without a mock, and for a bad --status', async () => {
    const missing = await runCommand(['deliveries', '--endpoint', `http://127.0.0.1:${await closedPort()}/graphql`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /cannot reach a mock at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); start one with sentera-mock serve/,
    );
    const bad = await runCommand(['deliveries', '--status', 'DONE']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--status must be one of PENDING, SUCCESS, FAILED, got "DONE"/);
  });
});

describe('sentera-mock redeliver', () => {
  it('sends an event again to one subscription as a manual attempt and prints the outcome', async () => {
    const { server, good, goodSubscription } = await world();
    const { event } = await trigger(server);
    const before = good.received.length;
    const { code, stdout } = await runCommand([
      'redeliver',
      event.sentera_id,
      '--subscription',
      goodSubscription,
      '--endpoint',
      server.url,
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      `${event.sentera_id} TASK_MODIFIED → ${goodSubscription} SUCCESS attempts=2 last=HTTP 200 ${good.url}\n`,
    );
    expect(good.received.slice(before).map((request) => request.headers['webhook-id'])).toEqual([event.sentera_id]);
    expect(
      server.mock.delivery?.get(`${event.sentera_id}:${goodSubscription}`)?.attempts.map((attempt) => attempt.trigger),
    ).toEqual(['scheduled', 'manual']);
  });

  it('prints JSON with --json', async () => {
    const { server, badSubscription } = await world();
    const { event } = await trigger(server);
    const { stdout } = await runCommand([
      'redeliver',
      event.sentera_id,
      '--subscription',
      badSubscription,
      '--endpoint',
      server.url,
      '--json',
    ]);
    const document = JSON.parse(stdout) as { deliveries: Array<{ attempts: Array<{ trigger: string }> }> };
    expect(document.deliveries[0]?.attempts.at(3)?.trigger).toBe('manual');
  });

  it.each([
    [['WE-unknown'], 1, /^sentera-mock redeliver: NOT_FOUND: no emitted or fixture event "WE-unknown"/],
    [[], 2, /give exactly one EVENT_ID/],
    [['a', '--wait', 'long'], 2, /--wait must be a whole number/],
  ])('refuses %j (exit %i)', async (args, exit, message) => {
    const server = await startTestServer({ delivery: {} });
    const { code, stderr } = await runCommand(['redeliver', ...args, '--endpoint', server.url]);
    expect(code).toBe(exit);
    expect(stderr).toMatch(message);
  });
});
