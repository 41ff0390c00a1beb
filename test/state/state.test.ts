import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SenteraMock } from '../../src/mock/create-mock.js';
import { createSystemClock } from '../../src/runtime/clock.js';
import { attachStatePersistence } from '../../src/state/attach-state-persistence.js';
import { DOCUMENTED_MUTATION, DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { savedIds } from '../support/saved-state.js';
import { createTestMock, startTestServer } from '../support/test-mock.js';

const dir = mkdtempSync(join(tmpdir(), 'sentera-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const stateFile = () => join(dir, `state-${files++}.json`);
const nextTick = () => new Promise((resolve) => setImmediate(resolve));

async function create(mock: SenteraMock): Promise<string> {
  const result = await mock.execute({ query: DOCUMENTED_MUTATION });
  return (result.data as { create_webhook_subscription: { sentera_id: string } }).create_webhook_subscription
    .sentera_id;
}

describe('the state registry', () => {
  it('round-trips the whole state through a document', async () => {
    const mock = createTestMock();
    await create(mock);
    const document = mock.state.snapshot();
    const other = createTestMock();
    expect(other.state.restore(JSON.parse(JSON.stringify(document)))).toEqual({ ok: true, value: undefined });
    expect(other.store.allWebhookSubscriptions()).toEqual(mock.store.allWebhookSubscriptions());
    expect(await create(other)).toBe(await create(mock));
  });

  it.each([
    ['not an object', [], 'expected a JSON object'],
    ['a foreign document', { hello: 'world' }, '"format" is undefined'],
    [
      'another version',
      { format: 'sentera-mock-state', version: 99, seed: 'test', parts: {} },
      'version 99 is not supported',
    ],
    ['another seed', { format: 'sentera-mock-state', version: 1, seed: 'other', parts: {} }, 'saved with seed "other"'],
    [
      'an unknown part',
      { format: 'sentera-mock-state', version: 1, seed: 'test', parts: { nope: {} } },
      'unknown state parts "nope"',
    ],
    [
      'a bad subscription',
      {
        format: 'sentera-mock-state',
        version: 1,
        seed: 'test',
        parts: { store: { subscriptions: [{ sentera_id: 'x' }] } },
      },
      'parts.store.subscriptions[0].sentera_id',
    ],
    [
      'a subscription of an unknown organization',
      {
        format: 'sentera-mock-state',
        version: 1,
        seed: 'test',
        parts: {
          store: {
            subscriptions: [
              {
                sentera_id: 'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709',
                organization_sentera_id: 'zzzzzzz_OR_x_CV_deve_0123456_220101_000000',
                callback_url: 'https://a.example',
                event_types: ['TASK_MODIFIED'],
                created_at: '2022-01-31T13:27:09Z',
              },
            ],
          },
        },
      },
      'organization_sentera_id: unknown organization',
    ],
    [
      'bad counters',
      { format: 'sentera-mock-state', version: 1, seed: 'test', parts: { ids: { a: -1 } } },
      'parts.ids: expected an object of counters',
    ],
    [
      'a counter at 2^53 - 1 (every later id would repeat)',
      { format: 'sentera-mock-state', version: 1, seed: 'test', parts: { ids: { a: 2 ** 53 - 1 } } },
      'parts.ids: expected an object of counters (whole numbers from 0 to 78364164096)',
    ],
  ])('refuses %s and changes nothing', async (_, document, message) => {
    const mock = createTestMock();
    await create(mock);
    const before = JSON.stringify(mock.state.snapshot());
    const result = mock.state.restore(document);
    expect(!result.ok && result.problem.message).toContain(message);
    expect(JSON.stringify(mock.state.snapshot())).toBe(before);
  });

  const mockState = (parts: Record<string, unknown>) => ({
    format: 'sentera-mock-state',
    version: 1,
    seed: 'test',
    parts: { ...createTestMock().state.snapshot().parts, ...parts },
  });
  const COUNTERS = 'expected an object of counters (whole numbers from 0 to 78364164096)';
  const CLOCK = 'expected {"now": "<ISO 8601 date-time>"} or null';

  it.each([
    ['null', null, 'not a sentera-mock state: expected a JSON object'],
    ['a list', [{ format: 'sentera-mock-state' }], 'not a sentera-mock state: expected a JSON object'],
    ['another format', { format: 'x' }, 'not a sentera-mock state: "format" is "x", expected "sentera-mock-state"'],
    [
      'a document without a version',
      { format: 'sentera-mock-state', seed: 'other' },
      'state version undefined is not supported; this sentera-mock reads version 1',
    ],
    [
      'a version given as a string (before the seed is checked)',
      { format: 'sentera-mock-state', version: '1', seed: 'other' },
      'state version "1" is not supported; this sentera-mock reads version 1',
    ],
    [
      'a document without a seed',
      { format: 'sentera-mock-state', version: 1, parts: 5 },
      'the state was saved with seed undefined, this mock has seed "test"; start with that seed or use another state file',
    ],
    ['parts that are missing', { format: 'sentera-mock-state', version: 1, seed: 'test' }, '"parts" must be an object'],
    [
      'parts that are a list',
      { format: 'sentera-mock-state', version: 1, seed: 'test', parts: [] },
      '"parts" must be an object',
    ],
    [
      'parts that are null',
      { format: 'sentera-mock-state', version: 1, seed: 'test', parts: null },
      '"parts" must be an object',
    ],
    [
      'two unknown parts (before any part is checked)',
      mockState({ nope: 1, ids: 5, other: 2 }),
      'unknown state parts "nope", "other"; expected store, ids, events, deliveries, clock',
    ],
    [
      'a part named constructor (a key schema libraries tend to drop)',
      { ...mockState({}), parts: JSON.parse('{"constructor": {}, "__proto__": {}}') as unknown },
      'unknown state parts "constructor", "__proto__"; expected store, ids, events, deliveries, clock',
    ],
    [
      'a bad counter named __proto__',
      mockState({ ids: JSON.parse('{"__proto__": -1}') as unknown }),
      `parts.ids: ${COUNTERS}`,
    ],
    ['counters that are a number', mockState({ ids: 5 }), `parts.ids: ${COUNTERS}`],
    ['counters that are a list', mockState({ ids: [] }), `parts.ids: ${COUNTERS}`],
    ['counters that are null', mockState({ ids: null }), `parts.ids: ${COUNTERS}`],
    ['a counter that is a fraction', mockState({ ids: { a: 1, b: 1.5 } }), `parts.ids: ${COUNTERS}`],
    ['a counter given as a string', mockState({ ids: { a: '1' } }), `parts.ids: ${COUNTERS}`],
    ['a counter past the last', mockState({ ids: { a: 78364164097 } }), `parts.ids: ${COUNTERS}`],
    ['bad counters and a bad clock (the ids come first)', mockState({ ids: 5, clock: 5 }), `parts.ids: ${COUNTERS}`],
    ['a clock that is a number', mockState({ clock: 5 }), `parts.clock: ${CLOCK}`],
    ['a clock that is a list', mockState({ clock: [] }), `parts.clock: ${CLOCK}`],
    ['a clock without its time', mockState({ clock: {} }), `parts.clock: ${CLOCK}`],
    ['a clock at no date', mockState({ clock: { now: 'yesterday' } }), `parts.clock: ${CLOCK}`],
    ['a clock whose time is a number', mockState({ clock: { now: 5 } }), `parts.clock: ${CLOCK}`],
  ])('refuses %s with the exact message and changes nothing', (_, document, message) => {
    const mock = createTestMock();
    const before = JSON.stringify(mock.state.snapshot());
    expect(mock.state.restore(document)).toEqual({ ok: false, problem: { code: 'BAD_USER_INPUT', message } });
    expect(JSON.stringify(mock.state.snapshot())).toBe(before);
  });

  it.each([
    ['no counters (back to the first ids)', mockState({ ids: undefined }), undefined],
    ['empty counters', mockState({ ids: {} }), undefined],
    ['the last counter', mockState({ ids: { a: 78364164096 } }), undefined],
    ['a null clock (the clock stays)', mockState({ clock: null }), '2022-01-31T13:27:09.000Z'],
    ['no clock (the clock stays)', mockState({ clock: undefined }), '2022-01-31T13:27:09.000Z'],
    [
      'a clock with a field it does not read',
      mockState({ clock: { now: '2023-05-01T00:00:00Z', zone: 'UTC' } }),
      '2023-05-01T00:00:00.000Z',
    ],
  ])('takes a state with %s', (_, document, now) => {
    const mock = createTestMock();
    expect(mock.state.restore(document)).toEqual({ ok: true, value: undefined });
    if (now !== undefined) expect(mock.clock.now().toISOString()).toBe(now);
  });

  it('takes any clock data when the clock is the system clock (it is not part of the state)', () => {
    const mock = createTestMock({ clock: createSystemClock() });
    expect(mock.state.restore(mockState({ clock: 'anything' }))).toEqual({
      ok: true,
      value: undefined,
    });
  });
});

describe('state persistence', () => {
  it('continues ids after a restart exactly as if there had been none', async () => {
    const uninterrupted = createTestMock();
    const expected = [await create(uninterrupted), await create(uninterrupted), await create(uninterrupted)];

    const path = stateFile();
    const first = createTestMock();
    const persistence = attachStatePersistence({ state: first.state, path });
    if (!persistence.ok) throw new Error(persistence.problem.message);
    const before = [await create(first), await create(first)];
    await nextTick();
    persistence.value.close();

    const second = createTestMock();
    const restored = attachStatePersistence({ state: second.state, path });
    expect(restored.ok && restored.value.restored).toBe(true);
    expect([...before, await create(second)]).toEqual(expected);
    expect(
      second.store
        .allWebhookSubscriptions()
        .filter((subscription) => subscription.organization_sentera_id === DOCUMENTED_ORGANIZATION)
        .map((subscription) => subscription.sentera_id),
    ).toEqual(expected);
    if (restored.ok) restored.value.close();
  });

  it('journals a burst of changes with one write and one fsync for all of them (group commit)', async () => {
    const path = stateFile();
    const mock = createTestMock();
    const persistence = attachStatePersistence({ state: mock.state, path });
    if (!persistence.ok) throw new Error(persistence.problem.message);
    const ids = await Promise.all(Array.from({ length: 20 }, () => create(mock)));
    const lines = readFileSync(`${path}.journal`, 'utf8').trim().split('\n');
    const records = lines
      .slice(1)
      .map((line) => JSON.parse(line) as { part: string; change?: { put?: { sentera_id: string } } });
    expect(records.filter((record) => record.part === 'store').map((record) => record.change?.put?.sentera_id)).toEqual(
      ids,
    );
    // The id counters are saved once per batch: one batch.
    expect(records.filter((record) => record.part === 'ids')).toHaveLength(1);
    expect(savedIds(path)).toEqual(ids);
    persistence.value.close();
  });

  it.each([
    ['corrupt JSON', '{"format": "sentera-mock-st', 'is not valid JSON'],
    ['a foreign file', '{"name": "my-app", "version": "1.0.0"}', 'not a sentera-mock state'],
    [
      'a state of another seed',
      JSON.stringify({ format: 'sentera-mock-state', version: 1, seed: 'other', parts: {} }),
      'saved with seed "other"',
    ],
  ])('refuses %s at start-up and leaves the file untouched', (_, content, message) => {
    const path = stateFile();
    writeFileSync(path, content);
    const result = attachStatePersistence({ state: createTestMock().state, path });
    expect(!result.ok && result.problem.message).toContain(message);
    expect(!result.ok && result.problem.message).toContain('refusing to start rather than overwrite it');
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('keeps a manual clock across a restart, so later events are not dated before earlier ones', async () => {
    const path = stateFile();
    const first = await startTestServer({ stateFile: path });
    await fetch(`${first.origin}/_mock/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"advance_ms": 86400500}',
    });
    await first.close();
    const second = await startTestServer({ stateFile: path });
    expect(await (await fetch(`${second.origin}/_mock/clock`)).json()).toEqual({
      now: '2022-02-01T13:27:09Z',
      manual: true,
    });
    expect(second.mock.clock.now().toISOString()).toBe('2022-02-01T13:27:09.500Z');
  });

  it('refuses a state file in a directory that does not exist with a message saying so', () => {
    const path = join(dir, 'missing-dir', 'x.json');
    const result = attachStatePersistence({ state: createTestMock().state, path });
    expect(!result.ok && result.problem.message).toBe(
      `cannot write the state file ${path}: its directory ${join(dir, 'missing-dir')} does not exist; create it first`,
    );
  });

  it('exports and imports state through the control API', async () => {
    const source = await startTestServer();
    await fetch(source.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: DOCUMENTED_MUTATION }),
    });
    const exported = await (await fetch(`${source.origin}/_mock/state`)).json();
    const target = await startTestServer();
    const imported = await fetch(`${target.origin}/_mock/state`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(exported),
    });
    expect(await imported.json()).toEqual({ restored: true });
    const query = `{ webhook_subscriptions(organization_sentera_id: "${DOCUMENTED_ORGANIZATION}", pagination: {page: 1, page_size: 10}) { results { sentera_id } } }`;
    const read = async (url: string) => (await fetch(`${url}?query=${encodeURIComponent(query)}`)).text();
    expect(await read(target.url)).toBe(await read(source.url));
    const refused = await fetch(`${target.origin}/_mock/state`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{"format": "x"}',
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: { code: 'BAD_USER_INPUT', message: expect.stringContaining('not a sentera-mock state') },
    });
  });
});
