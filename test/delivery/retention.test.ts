import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../src/delivery/create-limiter.js';
import { DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { createTestMock } from '../support/test-mock.js';

const okFetch = (async () => new Response('ok', { status: 200 })) as typeof fetch;

function deliveringMock(overrides: { keepDeliveries?: number; keepEmittedEvents?: number } = {}) {
  const mock = createTestMock({
    bubbling: false,
    delivery: {
      fetch: okFetch,
      schedule: [0],
      ...(overrides.keepDeliveries === undefined ? {} : { keepDeliveries: overrides.keepDeliveries }),
    },
    ...(overrides.keepEmittedEvents === undefined ? {} : { keepEmittedEvents: overrides.keepEmittedEvents }),
  });
  const created = mock.store.createWebhookSubscription({
    organization_sentera_id: DOCUMENTED_ORGANIZATION,
    callback_url: 'https://93.184.216.34/hook',
    event_types: ['TASK_MODIFIED'],
  });
  if (!created.ok) throw new Error(created.problem.message);
  return mock;
}

async function emit(mock: ReturnType<typeof deliveringMock>, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const emitted = mock.events.emit({ type: 'TASK_MODIFIED', organization_sentera_id: DOCUMENTED_ORGANIZATION });
    if (!emitted.ok) throw new Error(emitted.problem.message);
    ids.push(emitted.value.event.sentera_id);
    await mock.delivery?.idle(5_000);
  }
  return ids;
}

describe('retention', () => {
  it('keeps the last keepDeliveries finished deliveries, counts the dropped ones, and saves the count with the state', async () => {
    const mock = deliveringMock({ keepDeliveries: 3 });
    const events = await emit(mock, 7);
    expect(mock.delivery?.list().map((record) => record.event_sentera_id)).toEqual(events.slice(-3).reverse());
    expect(mock.delivery?.dropped).toBe(4);
    const document = JSON.parse(JSON.stringify(mock.state.snapshot())) as {
      parts: { deliveries: { dropped: number; records: unknown[] } };
    };
    expect(document.parts.deliveries).toMatchObject({ dropped: 4, records: expect.any(Array) });
    expect(document.parts.deliveries.records).toHaveLength(3);
    const restored = deliveringMock({ keepDeliveries: 3 });
    expect(restored.state.restore(document)).toEqual({ ok: true, value: undefined });
    expect(restored.delivery?.dropped).toBe(4);
    mock.close();
    restored.close();
  });

  it('keeps the last keepEmittedEvents emitted events, with their delivery states, and counts the dropped ones', async () => {
    const mock = deliveringMock({ keepEmittedEvents: 2 });
    const fixtureEvents = mock.events.findEvents({}).length;
    const events = await emit(mock, 5);
    expect(mock.events.findEvents({}).length).toBe(fixtureEvents + 2);
    expect(mock.events.getEvent(events[0] as string)).toBeUndefined();
    expect(mock.events.getEvent(events[4] as string)).toBeDefined();
    expect(mock.events.droppedEvents).toBe(3);
    const document = mock.state.snapshot() as unknown as { parts: { events: { dropped: number; states: unknown[] } } };
    expect(document.parts.events.dropped).toBe(3);
    expect(document.parts.events.states).toHaveLength(2);
    mock.close();
  });

  it('reads a state saved before retention (a bare list of delivery records)', async () => {
    const mock = deliveringMock();
    await emit(mock, 1);
    const document = mock.state.snapshot() as unknown as { parts: Record<string, unknown> };
    const old = {
      ...document,
      parts: { ...document.parts, deliveries: (document.parts['deliveries'] as { records: unknown[] }).records },
    };
    const other = deliveringMock();
    expect(other.state.restore(JSON.parse(JSON.stringify(old)))).toEqual({ ok: true, value: undefined });
    expect(other.delivery?.list()).toHaveLength(1);
    mock.close();
    other.close();
  });
});

describe('the delivery limiter', () => {
  it('runs at most `total` tasks at once over all hosts and `perKey` per host, and runs them all', async () => {
    const limit = createLimiter({ perKey: 2, total: 3 });
    let running = 0;
    let peak = 0;
    const perHost = new Map<string, number>();
    let peakPerHost = 0;
    const task = (host: string) => async () => {
      running++;
      perHost.set(host, (perHost.get(host) ?? 0) + 1);
      peak = Math.max(peak, running);
      peakPerHost = Math.max(peakPerHost, perHost.get(host) ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running--;
      perHost.set(host, (perHost.get(host) ?? 1) - 1);
      return host;
    };
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) => limit(`h${index % 2}`, task(`h${index % 2}`))),
    );
    expect(results).toHaveLength(40);
    expect(peak).toBe(3);
    expect(peakPerHost).toBe(2);
  });

  it('starts at most `startsPerTurn` tasks per turn of the event loop, the rest on the turns after', async () => {
    const turns: Array<() => void> = [];
    const limit = createLimiter({
      perKey: 10,
      total: 10,
      startsPerTurn: 2,
      nextTurn: (callback) => turns.push(callback),
    });
    const started: number[] = [];
    const done = Array.from({ length: 5 }, (_, index) =>
      limit('h', async () => {
        started.push(index);
        return index;
      }),
    );
    const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
    await settle();
    expect(started).toEqual([0, 1]);
    turns.shift()?.();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    turns.shift()?.();
    await settle();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses a pace without a way to wait for the next turn, or of no start per turn', () => {
    expect(() => createLimiter({ perKey: 1, startsPerTurn: 2 })).toThrow(/startsPerTurn needs nextTurn/);
    expect(() => createLimiter({ perKey: 1, startsPerTurn: 0, nextTurn: () => undefined })).toThrow(/at least 1/);
  });
});
