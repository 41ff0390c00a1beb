import nock from 'nock';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import type { DeliveryOptions } from '../../src/delivery/create-delivery.js';
import { DEFAULT_RETRY_SCHEDULE_MS, MAX_TIMER_DELAY_MS } from '../../src/delivery/retry-schedule.js';
import type { SenteraMock } from '../../src/mock/create-mock.js';
import { DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { startReceiver } from '../support/receiver.js';
import { createTestMock } from '../support/test-mock.js';
import { createVirtualTimers } from '../support/virtual-timers.js';

const FAST = [0, 20, 20, 20, 20, 20, 20, 20];

/**
 * A mock delivering to `callback_url` on virtual timers and clock: time moves only when `step()` fires the next timer.
 * Receivers and fetch stay real, so each step waits (`vi.waitFor`) until the attempt that timer started is logged.
 */
function world(
  callback_url: string,
  delivery: Omit<DeliveryOptions, 'events' | 'store'> = {},
  authentication?: { client_id: string; client_secret: string; token_url: string },
) {
  const virtual = createVirtualTimers();
  let logged = 0;
  // Bubbling off: only the subscription made here gets the events (not the fixtures' Acme Child one).
  const mock = createTestMock({
    bubbling: false,
    delivery: {
      schedule: FAST,
      timeoutMs: 1_000,
      timers: virtual.timers,
      now: virtual.now,
      onAttempt: () => logged++,
      ...delivery,
    },
  });
  const created = mock.store.createWebhookSubscription({
    organization_sentera_id: DOCUMENTED_ORGANIZATION,
    callback_url,
    event_types: ['TASK_MODIFIED'],
    ...(authentication ? { authentication } : {}),
  });
  if (!created.ok) throw new Error(created.problem.message);
  /** Waits until every attempt the fired timers started is logged. */
  const attemptsLogged = () => vi.waitFor(() => expect(logged).toBe(virtual.fired()), { timeout: 10_000, interval: 2 });
  /** Fires the next timer and waits for its attempt; false when no timer is pending. */
  const step = async () => {
    await attemptsLogged();
    if (!virtual.fireNext()) return false;
    await attemptsLogged();
    return true;
  };
  /** Steps until no timer is pending: every delivery has ended (bounded). */
  const settle = async () => {
    for (let steps = 0; steps < 100; steps++) if (!(await step())) return;
    throw new Error('deliveries did not end within 100 timers');
  };
  return { mock, subscription: created.value.sentera_id, virtual, step, settle };
}

async function emitAndSettle({ mock, settle }: ReturnType<typeof world>) {
  const emitted = mock.events.emit({ type: 'TASK_MODIFIED', organization_sentera_id: DOCUMENTED_ORGANIZATION });
  if (!emitted.ok) throw new Error(emitted.problem.message);
  await settle();
  return emitted.value.event;
}

async function eventThroughGraphQL(mock: SenteraMock, subscription: string) {
  const result = await mock.execute({
    query: `{ webhook_subscription(sentera_id: "${subscription}") { events(pagination: {page: 1, page_size: 1}, event_type: TASK_MODIFIED) { results { sentera_id status attempts } } } }`,
  });
  return (
    result.data as {
      webhook_subscription: { events: { results: Array<{ sentera_id: string; status: string; attempts: number }> } };
    }
  ).webhook_subscription.events.results[0];
}

describe('webhook delivery', () => {
  it('POSTs the event envelope with a stable id header and a user agent, and marks it SUCCESS in events', async () => {
    const receiver = await startReceiver();
    const delivering = world(receiver.url);
    const { mock, subscription } = delivering;
    const event = await emitAndSettle(delivering);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': event.sentera_id,
      'x-sentera-event-type': 'TASK_MODIFIED',
      'user-agent': 'sentera-mock (webhook delivery)',
    });
    expect(JSON.parse(request?.body ?? '')).toEqual({
      sentera_id: event.sentera_id,
      type: 'TASK_MODIFIED',
      created_at: '2022-01-31T13:27:09Z',
      triggering_object_id: event.triggering_object_id,
      payload: {
        sentera_id: event.triggering_object_id,
        created_by_id: event.payload.created_by_id,
        updated_by_id: event.payload.updated_by_id,
      },
    });
    expect(await eventThroughGraphQL(mock, subscription)).toEqual({
      sentera_id: event.sentera_id,
      status: 'SUCCESS',
      attempts: 1,
    });
    expect(mock.delivery?.list({ event: event.sentera_id, subscription })).toEqual([
      expect.objectContaining({
        status: 'SUCCESS',
        attempts: [
          expect.objectContaining({ attempt: 1, status_code: 200, error: null, response: 'ok', trigger: 'scheduled' }),
        ],
      }),
    ]);
    mock.close();
  });

  it('sends the bare payload when asked', async () => {
    const receiver = await startReceiver();
    const delivering = world(receiver.url, { body: 'payload' });
    const { mock } = delivering;
    const event = await emitAndSettle(delivering);
    expect(JSON.parse(receiver.received[0]?.body ?? '')).toEqual({
      sentera_id: event.triggering_object_id,
      created_by_id: event.payload.created_by_id,
      updated_by_id: event.payload.updated_by_id,
    });
    mock.close();
  });

  it('retries after a 500 with the same webhook-id, then succeeds', async () => {
    const receiver = await startReceiver((_, response, index) =>
      response.writeHead(index === 0 ? 500 : 204).end(index === 0 ? 'database down' : ''),
    );
    const delivering = world(receiver.url);
    const { mock, subscription } = delivering;
    const event = await emitAndSettle(delivering);
    expect(receiver.received.map((request) => request.headers['webhook-id'])).toEqual([
      event.sentera_id,
      event.sentera_id,
    ]);
    expect(mock.delivery?.list()[0]?.attempts.map((attempt) => [attempt.status_code, attempt.response])).toEqual([
      [500, 'database down'],
      [204, ''],
    ]);
    expect(await eventThroughGraphQL(mock, subscription)).toMatchObject({ status: 'SUCCESS', attempts: 2 });
    mock.close();
  });

  it.each([
    [
      'a timeout',
      (_: unknown, response: { writeHead: (s: number) => { end: () => void } }, index: number) =>
        index > 0 && response.writeHead(200).end(),
      200,
      /^timeout after 200 ms$/,
    ],
    [
      'a connection reset',
      (
        request: { socket: { destroy: () => void } },
        response: { writeHead: (s: number) => { end: () => void } },
        index: number,
      ) => (index === 0 ? request.socket.destroy() : response.writeHead(200).end()),
      // Long enough that a slow first connection on a busy machine is not taken for a timeout.
      5_000,
      /^(UND_ERR_SOCKET: other side closed|ECONNRESET.*|socket hang up)$/,
    ],
  ])('counts %s as a failed attempt with its reason, then retries', async (_, handler, timeoutMs, reason) => {
    const receiver = await startReceiver(handler);
    const delivering = world(receiver.url, { timeoutMs });
    const { mock } = delivering;
    await emitAndSettle(delivering);
    const attempts = mock.delivery?.list()[0]?.attempts ?? [];
    expect(attempts[0]).toMatchObject({ status_code: null, error: expect.stringMatching(reason) });
    expect(attempts[1]).toMatchObject({ status_code: 200 });
    mock.close();
  });

  it('fails at once on 410 Gone', async () => {
    const receiver = await startReceiver((_, response) => response.writeHead(410).end());
    const delivering = world(receiver.url);
    const { mock, subscription } = delivering;
    await emitAndSettle(delivering);
    expect(receiver.received).toHaveLength(1);
    expect(await eventThroughGraphQL(mock, subscription)).toMatchObject({ status: 'FAILED', attempts: 1 });
    mock.close();
  });

  it('does not follow redirects: a 3xx is a failed attempt', async () => {
    const target = await startReceiver();
    const receiver = await startReceiver((_, response, index) =>
      index === 0 ? response.writeHead(302, { location: target.url }).end() : response.writeHead(200).end(),
    );
    const delivering = world(receiver.url);
    const { mock } = delivering;
    await emitAndSettle(delivering);
    expect(target.received).toHaveLength(0);
    expect(mock.delivery?.list()[0]?.attempts[0]).toMatchObject({
      status_code: 302,
      error: `redirect to ${target.url} not followed`,
    });
    mock.close();
  });

  it('waits the Retry-After of a 429 rather than the shorter schedule, scaled like the schedule', async () => {
    const receiver = await startReceiver((_, response, index) =>
      index === 0 ? response.writeHead(429, { 'retry-after': '300' }).end() : response.writeHead(200).end(),
    );
    const delivering = world(receiver.url, { timeScale: 0.001 });
    const { mock, virtual } = delivering;
    await emitAndSettle(delivering);
    expect(receiver.received).toHaveLength(2);
    // The schedule says 20 ms, the receiver 300 s: 300 s times 0.001.
    expect(virtual.set.map((timer) => timer.milliseconds)).toEqual([0, 300]);
    const [first, second] = mock.delivery?.list()[0]?.attempts ?? [];
    expect(Date.parse(second?.at ?? '') - Date.parse(first?.at ?? '')).toBe(300);
    mock.close();
  });

  it('runs the whole default schedule (5 s to 10 h apart, in virtual time), then marks the event FAILED after 8 attempts', async () => {
    const receiver = await startReceiver((_, response) => response.writeHead(503).end());
    const delivering = world(receiver.url, { schedule: DEFAULT_RETRY_SCHEDULE_MS });
    const { mock, subscription, virtual } = delivering;
    await emitAndSettle(delivering);
    expect(receiver.received).toHaveLength(8);
    expect(virtual.set.map((timer) => timer.milliseconds)).toEqual(DEFAULT_RETRY_SCHEDULE_MS);
    const starts = (mock.delivery?.list()[0]?.attempts ?? []).map((attempt) => Date.parse(attempt.at));
    expect(starts.slice(1).map((start, index) => start - (starts[index] as number))).toEqual(
      DEFAULT_RETRY_SCHEDULE_MS.slice(1),
    );
    expect(await eventThroughGraphQL(mock, subscription)).toMatchObject({ status: 'FAILED', attempts: 8 });
    mock.close();
  });

  it('signs every attempt the Standard Webhooks way when given a secret', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const receiver = await startReceiver((_, response, index) => response.writeHead(index === 0 ? 500 : 200).end());
    const delivering = world(receiver.url, { signingSecret: secret });
    const { mock } = delivering;
    await emitAndSettle(delivering);
    for (const request of receiver.received) {
      expect(new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).toEqual(
        JSON.parse(request.body),
      );
    }
    mock.close();
  });

  it('in strict mode, fails a delivery to a name that resolves to loopback at once: FAILED after one attempt, nothing sent', async () => {
    const receiver = await startReceiver();
    const delivering = world(receiver.url.replace('127.0.0.1', 'localhost'), { strict: true });
    const { mock, subscription } = delivering;
    const event = await emitAndSettle(delivering);
    expect(receiver.received).toHaveLength(0);
    const [record] = mock.delivery?.list() ?? [];
    expect(record).toMatchObject({ status: 'FAILED', next_attempt_at: null });
    expect(record?.attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        status_code: null,
        error: expect.stringMatching(
          /^blocked: localhost resolves to (127\.0\.0\.1|::1) \(loopback\); strict delivery only sends to public addresses$/,
        ),
      }),
    ]);
    expect(await eventThroughGraphQL(mock, subscription)).toEqual({
      sentera_id: event.sentera_id,
      status: 'FAILED',
      attempts: 1,
    });
    mock.close();
  });

  it('sends duplicates with the same webhook-id in duplicate mode', async () => {
    const receiver = await startReceiver();
    const delivering = world(receiver.url, { faults: { duplicateRate: 1 } });
    const { mock } = delivering;
    const event = await emitAndSettle(delivering);
    expect(receiver.received.map((request) => request.headers['webhook-id'])).toEqual([
      event.sentera_id,
      event.sentera_id,
    ]);
    expect(mock.delivery?.list()[0]?.attempts.map((attempt) => attempt.trigger)).toEqual(['scheduled', 'duplicate']);
    mock.close();
  });

  it('delivers out of emission order in reorder mode, the same way for the same seed', async () => {
    const order = async () => {
      const receiver = await startReceiver();
      // Each step fires one timer and waits for its attempt: the receiver sees the attempts in the order they start.
      const delivering = world(receiver.url, { faults: { reorderWindowMs: 200 } });
      const { mock, settle } = delivering;
      const emitted = [];
      for (let index = 0; index < 8; index++) {
        const result = mock.events.emit({ type: 'TASK_MODIFIED', organization_sentera_id: DOCUMENTED_ORGANIZATION });
        if (result.ok) emitted.push(result.value.event.sentera_id);
      }
      await settle();
      mock.close();
      return { emitted, arrived: receiver.received.map((request) => request.headers['webhook-id'] as string) };
    };
    const first = await order();
    expect(new Set(first.arrived)).toEqual(new Set(first.emitted));
    expect(first.arrived).not.toEqual(first.emitted);
    expect((await order()).arrived).toEqual(first.arrived);
  });

  it('redelivers an event on request, as a manual attempt', async () => {
    const receiver = await startReceiver();
    const delivering = world(receiver.url);
    const { mock, settle } = delivering;
    const event = await emitAndSettle(delivering);
    const response = await mock.execute({ query: '{ __typename }' });
    expect(response.data).toBeDefined();
    const redelivered = mock.delivery?.redeliver(event.sentera_id);
    expect(redelivered?.ok).toBe(true);
    await settle();
    expect(receiver.received).toHaveLength(2);
    expect(mock.delivery?.list()[0]?.attempts.map((attempt) => attempt.trigger)).toEqual(['scheduled', 'manual']);
    mock.close();
  });

  it('labels only the redelivered attempt manual, and its retries scheduled', async () => {
    const receiver = await startReceiver((_, response, index) => response.writeHead(index === 1 ? 500 : 200).end());
    const delivering = world(receiver.url);
    const { mock, settle } = delivering;
    const event = await emitAndSettle(delivering);
    mock.delivery?.redeliver(event.sentera_id);
    await settle();
    expect(mock.delivery?.list()[0]?.attempts.map((attempt) => [attempt.trigger, attempt.status_code])).toEqual([
      ['scheduled', 200],
      ['manual', 500],
      ['scheduled', 200],
    ]);
    mock.close();
  });

  it('keeps only the first 256 characters of a large response, without holding the whole body', async () => {
    const receiver = await startReceiver((_, response) => {
      response.writeHead(500);
      response.end('x'.repeat(5_000_000));
    });
    const delivering = world(receiver.url, { schedule: [0] });
    const { mock } = delivering;
    await emitAndSettle(delivering);
    expect(mock.delivery?.list()[0]?.attempts[0]?.response).toBe('x'.repeat(256));
    mock.close();
  });

  it('stops cleanly: close() cancels pending retries, and idle() then resolves at once', async () => {
    const receiver = await startReceiver((_, response) => response.writeHead(500).end());
    const delivering = world(receiver.url, { schedule: [0, 60_000] });
    const { mock, virtual, step } = delivering;
    mock.events.emit({ type: 'TASK_MODIFIED', organization_sentera_id: DOCUMENTED_ORGANIZATION });
    await step();
    expect(mock.delivery?.list()[0]?.next_attempt_at).toBe(new Date(virtual.now().getTime() + 60_000).toISOString());
    expect(virtual.pending()).toBe(1);
    mock.close();
    expect(virtual.pending()).toBe(0);
    // Nothing in flight or scheduled: idle() resolves without any timer firing, and clears its own.
    await mock.delivery?.idle(5_000);
    expect(virtual.pending()).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  it('bounds idle() with the injected timers: it gives up after its timeout, before a later retry', async () => {
    const receiver = await startReceiver((_, response) => response.writeHead(500).end());
    const delivering = world(receiver.url, { schedule: [0, 60_000] });
    const { mock, virtual, step } = delivering;
    mock.events.emit({ type: 'TASK_MODIFIED', organization_sentera_id: DOCUMENTED_ORGANIZATION });
    await step();
    let gaveUp = false;
    const waiting = mock.delivery?.idle(1_000).then(() => (gaveUp = true));
    await Promise.resolve();
    expect(gaveUp).toBe(false);
    // Retries do not keep the process alive on their own; someone waiting on idle() does.
    expect(virtual.set).toEqual([
      { milliseconds: 0, keepAlive: false },
      { milliseconds: 60_000, keepAlive: false },
      { milliseconds: 1_000, keepAlive: true },
    ]);
    expect(virtual.fireNext()).toBe(true);
    await waiting;
    expect(gaveUp).toBe(true);
    expect(receiver.received).toHaveLength(1);
    expect(mock.delivery?.list()[0]?.status).toBe('PENDING');
    mock.close();
  });
});

describe('webhook delivery with OAuth', () => {
  const authentication = {
    client_id: 'sentera',
    client_secret: 'hunter2',
    token_url: 'https://auth.example.test/oauth/token',
  };

  it('sends a client-credentials token as Bearer, and on a 401 fetches a fresh one and retries once', async () => {
    const tokenScope = nock('https://auth.example.test')
      .post('/oauth/token')
      .reply(200, { access_token: 'expired-token', expires_in: 3600 })
      .post('/oauth/token')
      .reply(200, { access_token: 'fresh-token', expires_in: 3600 });
    const receiver = await startReceiver((request, response) =>
      response.writeHead(request.headers['authorization'] === 'Bearer fresh-token' ? 200 : 401).end(),
    );
    const delivering = world(receiver.url, {}, authentication);
    const { mock, subscription } = delivering;
    await emitAndSettle(delivering);
    expect(receiver.received.map((request) => request.headers['authorization'])).toEqual([
      'Bearer expired-token',
      'Bearer fresh-token',
    ]);
    expect(mock.delivery?.list()[0]?.attempts).toEqual([
      expect.objectContaining({ attempt: 1, status_code: 200, token_refreshed: true }),
    ]);
    expect(await eventThroughGraphQL(mock, subscription)).toMatchObject({ status: 'SUCCESS', attempts: 1 });
    tokenScope.done();
    mock.close();
  });

  it('counts a token endpoint that fails as a failed attempt with a clear reason, and sends nothing', async () => {
    nock('https://auth.example.test').post('/oauth/token').times(8).reply(503, 'maintenance');
    const receiver = await startReceiver();
    const delivering = world(receiver.url, {}, authentication);
    const { mock, subscription } = delivering;
    await emitAndSettle(delivering);
    expect(receiver.received).toHaveLength(0);
    const attempts = mock.delivery?.list()[0]?.attempts ?? [];
    expect(attempts).toHaveLength(8);
    expect(attempts[0]?.error).toBe('token_error: https://auth.example.test/oauth/token answered HTTP 503');
    expect(await eventThroughGraphQL(mock, subscription)).toMatchObject({ status: 'FAILED', attempts: 8 });
    mock.close();
  });
});

describe('webhook delivery under abuse', () => {
  /** A fetch that answers every request with `respond()` and records the URLs it was asked for. */
  function recordingFetch(respond: () => Response) {
    const urls: string[] = [];
    const fetchStub = (async (input: string | URL | Request) => {
      urls.push(String(input instanceof Request ? input.url : input));
      return respond();
    }) as typeof fetch;
    return { urls, fetch: fetchStub };
  }

  // token_urls strict mode must refuse: the stub fetch records what would have been asked for, nothing is contacted.
  it.each([
    'http://127.0.0.1:9/token',
    'http://169.254.169.254/latest/token',
    'http://10.0.0.1/token',
    'http://[::a9fe:a9fe]/token',
    'http://[::ffff:127.0.0.1]/token',
  ])('in strict mode, never sends the client credentials to the token_url %s', async (token_url) => {
    const { urls, fetch: fetchStub } = recordingFetch(
      () => new Response('{"access_token":"t"}', { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    const delivering = world(
      'https://93.184.216.34/hook',
      { strict: true, fetch: fetchStub },
      { client_id: 'id', client_secret: 's3cret', token_url },
    );
    const { mock } = delivering;
    await emitAndSettle(delivering);
    expect(urls).toEqual([]);
    const attempts = mock.delivery?.list()[0]?.attempts ?? [];
    expect(attempts[0]?.error).toMatch(/^token_error: blocked: /);
    expect(JSON.stringify(mock.delivery?.list())).not.toContain('s3cret');
    mock.close();
  });

  it('caps a huge Retry-After at the longest timer delay instead of overflowing it (which fires after 1 ms)', async () => {
    const { fetch: fetchStub } = recordingFetch(
      () => new Response('slow down', { status: 429, headers: { 'retry-after': '99999999999' } }),
    );
    const delivering = world('https://93.184.216.34/hook', { fetch: fetchStub, schedule: DEFAULT_RETRY_SCHEDULE_MS });
    const { mock, virtual, step } = delivering;
    mock.events.emit({ type: 'TASK_MODIFIED', organization_sentera_id: DOCUMENTED_ORGANIZATION });
    await step();
    expect(MAX_TIMER_DELAY_MS).toBe(2 ** 31 - 1);
    expect(virtual.set.map((timer) => timer.milliseconds)).toEqual([0, MAX_TIMER_DELAY_MS]);
    expect(mock.delivery?.list()[0]).toMatchObject({
      status: 'PENDING',
      attempts: [expect.objectContaining({ status_code: 429 })],
      next_attempt_at: new Date(virtual.now().getTime() + MAX_TIMER_DELAY_MS).toISOString(),
    });
    mock.close();
  });
});
