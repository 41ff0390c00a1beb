import { describe, expect, it } from 'vitest';
import type { EventsQuery } from '../../src/events/create-event-log.js';
import { createEventStream } from '../../src/events/create-event-stream.js';
import { createUserPool } from '../../src/events/create-user-pool.js';
import type { WebhookEvent } from '../../src/events/event-types.js';
import type { SenteraMock } from '../../src/mock/create-mock.js';
import { createManualClock } from '../../src/runtime/clock.js';
import {
  WEBHOOK_EVENT_TYPES,
  type Organization,
  type WebhookEventType,
  type WebhookSubscription,
} from '../../src/store/types.js';
import { CHILD, eventWorld, GRANDCHILD, OTHER, ROOT } from '../support/event-world.js';
import { createTestMock } from '../support/test-mock.js';

const STATUSES = ['PENDING', 'SUCCESS', 'FAILED'] as const;

function world(options: { bubbling?: boolean; newSubscriptionsSeeHistory?: boolean; seed?: string } = {}) {
  return createTestMock({
    fixtures: eventWorld(),
    clock: createManualClock({ start: new Date('2022-01-01T00:15:00Z') }),
    ...options,
  });
}

function subscribe(
  mock: SenteraMock,
  organization: string,
  event_types: readonly string[] = WEBHOOK_EVENT_TYPES,
): WebhookSubscription {
  const created = mock.store.createWebhookSubscription({
    organization_sentera_id: organization,
    callback_url: 'https://example.com/hook',
    event_types,
  });
  if (!created.ok) throw new Error(created.problem.message);
  return created.value;
}

/** Every event a subscription can see, materialised and filtered naively: the oracle for the arithmetic. */
function oracle(
  mock: SenteraMock,
  subscription: WebhookSubscription,
  query: Omit<EventsQuery, 'pagination'>,
  options: { bubbling: boolean; history: boolean },
): WebhookEvent[] {
  const organizations = new Set([
    subscription.organization_sentera_id,
    ...(options.bubbling
      ? mock.store.descendantsOf(subscription.organization_sentera_id).map((o) => o.sentera_id)
      : []),
  ]);
  const all: WebhookEvent[] = [];
  for (const event of unfilteredEvents(mock)) {
    const second = Math.floor(event.created_at.getTime() / 1000);
    if (!organizations.has(event.organization_sentera_id)) continue;
    if (!subscription.event_types.includes(event.type)) continue;
    if (query.event_type && event.type !== query.event_type) continue;
    if (query.status && event.status !== query.status) continue;
    if (query.date_range?.start_date && second < Math.ceil(query.date_range.start_date.getTime() / 1000)) continue;
    if (query.date_range?.end_date && second > Math.floor(query.date_range.end_date.getTime() / 1000)) continue;
    if (!options.history && second < Math.ceil(subscription.created_at.getTime() / 1000)) continue;
    all.push(event);
  }
  return all.sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || (a.sentera_id < b.sentera_id ? -1 : 1));
}

const worlds = new WeakMap<SenteraMock, WebhookEvent[]>();

/**
 * All events of the world, computed without the log's query code: each stream's events one by one from the generator
 * (event i is a pure function of seed, stream and i), and the fixture events looked up by their derived ids. Built once
 * per world: queries never change its streams and fixture events.
 */
function unfilteredEvents(mock: SenteraMock): WebhookEvent[] {
  let events = worlds.get(mock);
  if (!events) worlds.set(mock, (events = materialise(mock)));
  return events;
}

function materialise(mock: SenteraMock): WebhookEvent[] {
  const fixtures = eventWorld();
  const organization = (id: string) => mock.store.getOrganization(id) as Organization;
  const usersOf = createUserPool({ users: [], seed: mock.seed, ids: mock.ids });
  const events: WebhookEvent[] = [];
  for (const definition of fixtures.streams ?? []) {
    const stream = createEventStream({
      definition,
      organization: organization(definition.organization_sentera_id),
      users: usersOf(organization(definition.organization_sentera_id)),
      seed: mock.seed,
      ids: mock.ids,
    });
    for (let index = 0; index < stream.count; index++) events.push(stream.eventAt(index));
  }
  (fixtures.events ?? []).forEach((fixture, index) => {
    const id = mock.ids.at({
      typeCode: 'WE',
      owner: organization(fixture.organization_sentera_id),
      stream: 'fixture-events',
      index,
      at: fixture.created_at,
    });
    const event = mock.events.getEvent(id);
    if (!event) throw new Error(`fixture event ${index} not found as ${id}`);
    events.push({ ...event, status: fixture.status, attempts: fixture.attempts });
  });
  return events;
}

function pageOf(mock: SenteraMock, subscription: WebhookSubscription, query: EventsQuery) {
  const result = mock.events.query(subscription, query);
  if (!result.ok) throw new Error(result.problem.message);
  return result.value;
}

function allPages(mock: SenteraMock, subscription: WebhookSubscription): WebhookEvent[] {
  const events: WebhookEvent[] = [];
  for (let page = 1; page < 100; page++) {
    const result = pageOf(mock, subscription, { pagination: { page, page_size: 1000 } });
    if (!result.present) return events;
    events.push(...result.results);
  }
  throw new Error('more than 100 pages');
}

const at = (iso: string) => new Date(iso);
const dateRanges: Array<[string, Exclude<EventsQuery['date_range'], undefined>]> = [
  ['no date range', null],
  ['a start only', { start_date: at('2022-01-01T00:12:00Z') }],
  ['an end only', { end_date: at('2022-01-01T00:05:30Z') }],
  ['both bounds', { start_date: at('2022-01-01T00:09:59Z'), end_date: at('2022-01-01T00:10:00Z') }],
  [
    'bounds with milliseconds',
    { start_date: at('2022-01-01T00:03:00.400Z'), end_date: at('2022-01-01T00:04:00.600Z') },
  ],
  ['an inverted range', { start_date: at('2022-01-01T00:10:00Z'), end_date: at('2022-01-01T00:09:00Z') }],
  ['a range before everything', { end_date: at('2021-01-01T00:00:00Z') }],
];
const eventTypes: Array<WebhookEventType | null> = [null, ...WEBHOOK_EVENT_TYPES];
const statuses = [null, ...STATUSES];

describe('the events of a subscription', () => {
  const mock = world();
  const everything = subscribe(mock, ROOT);
  const tasksOnly = subscribe(mock, CHILD, ['TASK_MODIFIED']);
  const cases = dateRanges.flatMap(([label, date_range]) =>
    eventTypes.flatMap((event_type) => statuses.map((status) => ({ label, date_range, event_type, status }))),
  );

  it.each(cases)(
    'match the naive filter for $label, event_type $event_type, status $status',
    ({ date_range, event_type, status }) => {
      for (const subscription of [everything, tasksOnly]) {
        const expected = oracle(
          mock,
          subscription,
          { date_range, event_type, status },
          { bubbling: true, history: true },
        );
        for (const page_size of [1, 7, 250]) {
          const last = Math.max(1, Math.ceil(expected.length / page_size));
          for (const page of [...new Set([1, 2, Math.ceil(last / 2), last, last + 1])]) {
            const result = pageOf(mock, subscription, {
              pagination: { page, page_size },
              date_range,
              event_type,
              status,
            });
            const want = expected.slice((page - 1) * page_size, page * page_size);
            expect(result.total_count).toBe(expected.length);
            expect(result.present).toBe(want.length > 0);
            expect(result.results.map((event) => event.sentera_id)).toEqual(want.map((event) => event.sentera_id));
          }
        }
      }
    },
  );

  it('are ordered by created_at descending, then sentera_id ascending, across streams and fixture events', () => {
    const { results } = pageOf(mock, everything, { pagination: { page: 1, page_size: 1000 } });
    const seconds = results.map((event) => event.created_at.getTime());
    expect(seconds).toEqual([...seconds].sort((a, b) => b - a));
    const tied = results.filter(
      (event, index) =>
        index > 0 && event.created_at.getTime() === (results[index - 1] as WebhookEvent).created_at.getTime(),
    );
    expect(tied.length).toBeGreaterThan(100);
    for (let index = 1; index < results.length; index++) {
      const [previous, current] = [results[index - 1] as WebhookEvent, results[index] as WebhookEvent];
      if (previous.created_at.getTime() === current.created_at.getTime())
        expect(previous.sentera_id < current.sentera_id).toBe(true);
    }
  });

  it.each([
    ['a whole page', 1, 250],
    ['the last, short page', 3, 900],
    ['a page beyond the last', 50, 1000],
  ])('give, read in slices of 100, what query gives: %s', (_, page, page_size) => {
    const mock = world();
    const subscription = subscribe(mock, ROOT);
    mock.events.emit({ type: 'TASK_MODIFIED', organization_sentera_id: ROOT });
    const query = { pagination: { page, page_size } };
    const whole = pageOf(mock, subscription, query);
    const sliced = mock.events.queryInSlices(subscription, query, 100);
    if (!sliced.ok) throw new Error(sliced.problem.message);
    const { slices, ...rest } = sliced.value;
    const { results, ...wholeRest } = whole;
    expect(rest).toEqual(wholeRest);
    expect(slices.every((slice) => slice.size <= 100)).toBe(true);
    expect(slices.flatMap((slice) => slice.read())).toEqual(results);
  });

  it('return an empty page beyond the last, with the total', () => {
    expect(pageOf(mock, everything, { pagination: { page: 10_000, page_size: 1000 } })).toMatchObject({
      page: 10_000,
      page_size: 1000,
      present: false,
      results: [],
      total_count: expect.any(Number),
    });
  });

  it.each([
    [{ page: 0, page_size: 10 }, 'pagination.page must be 1 or more'],
    [{ page: 1, page_size: 0 }, 'between 1 and 1000'],
    [{ page: 1, page_size: 1001 }, 'between 1 and 1000'],
  ])('refuse pagination %o with INVALID_PAGINATION', (pagination, message) => {
    const result = mock.events.query(everything, { pagination });
    expect(!result.ok && result.problem).toMatchObject({
      code: 'INVALID_PAGINATION',
      message: expect.stringContaining(message),
    });
  });

  it('carry payloads whose ids have the right type codes and copy the organization token', () => {
    const { results } = pageOf(mock, everything, { pagination: { page: 1, page_size: 300 } });
    const codes = { TASK_MODIFIED: 'TA', SURVEY_CREATED: 'CO', FEATURE_SET_CREATED: 'FS' } as const;
    for (const event of results) {
      const token = event.organization_sentera_id.split('_')[2];
      expect(event.sentera_id).toMatch(new RegExp(`^[0-9a-z]{7}_WE_${token}_CV_deve_[0-9a-f]{9}_\\d{6}_\\d{6}$`));
      expect(event.triggering_object_id).toMatch(new RegExp(`_${codes[event.type]}_${token}_`));
      expect(event.payload.sentera_id).toBe(event.triggering_object_id);
      expect(event.payload.created_by_id).toMatch(/^[0-9a-z]{7}_US_[a-z0-9]{4}[A-Za-z]+_CV_/);
      expect(event.payload.__typename).toBe(
        {
          TASK_MODIFIED: 'TaskModifiedPayload',
          SURVEY_CREATED: 'SurveyCreatedPayload',
          FEATURE_SET_CREATED: 'FeatureSetCreatedPayload',
        }[event.type],
      );
    }
  });
});

describe('bubbling', () => {
  it.each([
    [true, [ROOT, CHILD, GRANDCHILD]],
    [false, [ROOT]],
  ])('with bubbling %s, a root subscription sees the events of %j', (bubbling, organizations) => {
    const mock = world({ bubbling });
    const subscription = subscribe(mock, ROOT);
    const results = allPages(mock, subscription);
    expect(new Set(results.map((event) => event.organization_sentera_id))).toEqual(new Set(organizations));
    expect(results.length).toBe(oracle(mock, subscription, {}, { bubbling, history: true }).length);
  });

  it("never sends a child subscription its ancestors' events", () => {
    const mock = world({ bubbling: true });
    const subscription = subscribe(mock, GRANDCHILD);
    const results = allPages(mock, subscription);
    expect(results.length).toBeGreaterThan(0);
    expect(new Set(results.map((event) => event.organization_sentera_id))).toEqual(new Set([GRANDCHILD]));
  });
});

describe('history', () => {
  it('limits a new subscription to events from its creation on when history is off', () => {
    const mock = world({ newSubscriptionsSeeHistory: false });
    const subscription = subscribe(mock, ROOT);
    const { results, total_count } = pageOf(mock, subscription, { pagination: { page: 1, page_size: 1000 } });
    expect(results.every((event) => event.created_at >= subscription.created_at)).toBe(true);
    expect(total_count).toBe(oracle(mock, subscription, {}, { bubbling: true, history: false }).length);
    expect(total_count).toBeGreaterThan(0);
  });
});

describe('emitted events', () => {
  it('go to the matching subscriptions only, as PENDING with no attempts, newest first', () => {
    const mock = world();
    const root = subscribe(mock, ROOT, ['TASK_MODIFIED']);
    const grandchild = subscribe(mock, GRANDCHILD, ['SURVEY_CREATED']);
    const other = subscribe(mock, OTHER);
    const emitted = mock.events.emit({
      type: 'TASK_MODIFIED',
      organization_sentera_id: GRANDCHILD,
      created_at: new Date('2022-01-01T01:00:00Z'),
    });
    if (!emitted.ok) throw new Error(emitted.problem.message);
    expect(emitted.value.subscriptions.map((subscription) => subscription.sentera_id)).toEqual([root.sentera_id]);
    expect(pageOf(mock, root, { pagination: { page: 1, page_size: 1 } }).results[0]).toMatchObject({
      sentera_id: emitted.value.event.sentera_id,
      status: 'PENDING',
      attempts: 0,
    });
    for (const subscription of [grandchild, other]) {
      expect(allPages(mock, subscription).map((event) => event.sentera_id)).not.toContain(
        emitted.value.event.sentera_id,
      );
    }
  });

  it('show the delivery state set for each subscription, and filter by it', () => {
    const mock = world();
    const first = subscribe(mock, ROOT, ['SURVEY_CREATED']);
    const second = subscribe(mock, ROOT, ['SURVEY_CREATED']);
    const emitted = mock.events.emit({ type: 'SURVEY_CREATED', organization_sentera_id: ROOT });
    if (!emitted.ok) throw new Error(emitted.problem.message);
    expect(
      mock.events.setDeliveryState(first.sentera_id, emitted.value.event.sentera_id, {
        status: 'SUCCESS',
        attempts: 2,
      }),
    ).toEqual({ ok: true, value: undefined });
    expect(mock.events.get(first.sentera_id, emitted.value.event.sentera_id)).toMatchObject({
      status: 'SUCCESS',
      attempts: 2,
    });
    expect(mock.events.get(second.sentera_id, emitted.value.event.sentera_id)).toMatchObject({
      status: 'PENDING',
      attempts: 0,
    });
    const successes = pageOf(mock, first, { pagination: { page: 1, page_size: 1000 }, status: 'SUCCESS' });
    expect(successes.results.map((event) => event.sentera_id)).toContain(emitted.value.event.sentera_id);
    const pending = pageOf(mock, first, { pagination: { page: 1, page_size: 1000 }, status: 'PENDING' });
    expect(pending.results.map((event) => event.sentera_id)).not.toContain(emitted.value.event.sentera_id);
  });

  it.each([
    [{ type: 'ORDER_PLACED', organization_sentera_id: ROOT }, 'BAD_USER_INPUT', 'type must be one of'],
    [{ type: 'TASK_MODIFIED', organization_sentera_id: 'nope' }, 'ORGANIZATION_NOT_FOUND', 'no organization'],
    [
      { type: 'TASK_MODIFIED', organization_sentera_id: ROOT, payload: { created_by_id: 'someone' } },
      'INVALID_SENTERA_ID',
      'payload.created_by_id',
    ],
    [
      {
        type: 'TASK_MODIFIED',
        organization_sentera_id: ROOT,
        triggering_object_id: 'b6i0chc_FS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709',
      },
      'INVALID_SENTERA_ID',
      'type code TA',
    ],
  ])('refuse %o with %s and record nothing', (input, code, message) => {
    const mock = world();
    const before = JSON.stringify(mock.state.snapshot());
    const result = mock.events.emit(input);
    expect(!result.ok && result.problem).toMatchObject({ code, message: expect.stringContaining(message) });
    expect(JSON.stringify(mock.state.snapshot())).toBe(before);
  });
});

describe('determinism', () => {
  const dump = (mock: SenteraMock) => {
    const subscription = subscribe(mock, ROOT);
    mock.events.emit({ type: 'TASK_MODIFIED', organization_sentera_id: CHILD });
    return JSON.stringify(
      [1, 3, 7].map((page) => pageOf(mock, subscription, { pagination: { page, page_size: 100 } })),
    );
  };

  it('gives byte-identical pages for the same seed and different ids for another', () => {
    expect(dump(world({ seed: 'a' }))).toBe(dump(world({ seed: 'a' })));
    expect(dump(world({ seed: 'a' }))).not.toBe(dump(world({ seed: 'b' })));
  });

  it('forgets emitted events on reset', () => {
    const mock = world();
    const before = dump(mock);
    mock.reset();
    expect(dump(mock)).toBe(before);
  });
});
