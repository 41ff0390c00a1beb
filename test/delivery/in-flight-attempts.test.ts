import { describe, expect, it, vi } from 'vitest';
import { loadFixtures } from '../../src/fixtures/load-fixtures.js';
import { DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { startReceiver } from '../support/receiver.js';
import { createTestMock } from '../support/test-mock.js';

// The receiver answers slowly, so the first attempt is still in flight when the test redelivers or resets.
const SLOW_FAILURE_MS = 150;
const delivery = { schedule: [0, 20, 20], timeoutMs: 2_000 };

async function slowFailingReceiver() {
  return startReceiver((_, response) => setTimeout(() => response.writeHead(500).end('down'), SLOW_FAILURE_MS));
}

async function firstRequest(received: readonly unknown[]) {
  await vi.waitFor(() => expect(received).not.toHaveLength(0), { timeout: 5_000, interval: 5 });
  expect(received).toHaveLength(1);
}

describe('attempts in flight', () => {
  it('a redelivery during an attempt leaves one retry chain, and the log holds every POST the receiver got', async () => {
    const receiver = await slowFailingReceiver();
    const mock = createTestMock({ bubbling: false, delivery });
    const created = mock.store.createWebhookSubscription({
      organization_sentera_id: DOCUMENTED_ORGANIZATION,
      callback_url: receiver.url,
      event_types: ['TASK_MODIFIED'],
    });
    if (!created.ok) throw new Error(created.problem.message);
    const emitted = mock.events.emit({ type: 'TASK_MODIFIED', organization_sentera_id: DOCUMENTED_ORGANIZATION });
    if (!emitted.ok) throw new Error(emitted.problem.message);
    await firstRequest(receiver.received);

    expect(mock.delivery?.redeliver(emitted.value.event.sentera_id).ok).toBe(true);
    await mock.delivery?.idle(10_000);

    // The attempt that was in flight, then the redelivery's three.
    expect(receiver.received).toHaveLength(1 + delivery.schedule.length);
    const [record] = mock.delivery?.list() ?? [];
    expect(record?.attempts.map((attempt) => [attempt.attempt, attempt.status_code])).toEqual(
      receiver.received.map((_, index) => [index + 1, 500]),
    );
    expect(record?.status).toBe('FAILED');
    const read = await mock.execute({
      query: `{ webhook_subscription(sentera_id: "${created.value.sentera_id}") { events(pagination: {page: 1, page_size: 1}) { results { status attempts } } } }`,
    });
    expect(read.data).toEqual({
      webhook_subscription: { events: { results: [{ status: 'FAILED', attempts: receiver.received.length }] } },
    });
    mock.close();
  });

  it('reset during an attempt sends nothing more for the forgotten delivery, even to a subscription that survives reset', async () => {
    const receiver = await slowFailingReceiver();
    const world = loadFixtures({ dir: 'fixtures' });
    const [first] = world.subscriptions ?? [];
    if (!first) throw new Error('the default world has no subscription');
    const mock = createTestMock({
      fixtures: { ...world, subscriptions: [{ ...first, callback_url: receiver.url }] },
      bubbling: false,
      delivery,
    });
    const emitted = mock.events.emit({
      type: first.event_types[0] ?? 'TASK_MODIFIED',
      organization_sentera_id: first.organization_sentera_id,
    });
    if (!emitted.ok) throw new Error(emitted.problem.message);
    await firstRequest(receiver.received);

    mock.reset();
    await mock.delivery?.idle(10_000);

    expect(receiver.received).toHaveLength(1);
    expect(mock.delivery?.list()).toEqual([]);
    mock.close();
  });
});
