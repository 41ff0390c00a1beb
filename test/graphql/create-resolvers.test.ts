import { beforeEach, describe, expect, it } from 'vitest';
import type { SenteraMock } from '../../src/mock/create-mock.js';
import type { EventLog } from '../../src/events/create-event-log.js';
import { createResolvers } from '../../src/graphql/create-resolvers.js';
import type { Store } from '../../src/store/create-store.js';
import { DOCUMENTED_MUTATION, DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { createEventWorldMock, createTestMock } from '../support/test-mock.js';

const CREATE = `mutation Create($org: ID!, $url: Url!, $types: [WebhookEventType!]!, $auth: WebhookAuthenticationConfigurationInput) {
  create_webhook_subscription(organization_sentera_id: $org, callback_url: $url, event_types: $types, authentication: $auth) { sentera_id callback_url event_types }
}`;
const UPDATE = `mutation Update($id: ID!, $url: Url, $types: [WebhookEventType!]) {
  update_webhook_subscription(sentera_id: $id, callback_url: $url, event_types: $types) { sentera_id callback_url event_types }
}`;
const DELETE = `mutation Delete($org: ID!, $ids: [ID!]!) { delete_webhook_subscriptions(organization_sentera_id: $org, sentera_ids: $ids) { sentera_id } }`;
const LIST = `query List($org: ID!) { webhook_subscriptions(organization_sentera_id: $org, pagination: { page: 1, page_size: 100 }) { total_count results { sentera_id callback_url event_types } } }`;

describe('resolvers', () => {
  let mock: SenteraMock;
  let created: string;
  beforeEach(async () => {
    mock = createTestMock();
    const result = await mock.execute({ query: DOCUMENTED_MUTATION });
    created = (result.data as { create_webhook_subscription: { sentera_id: string } }).create_webhook_subscription
      .sentera_id;
  });

  const listed = async () => mock.execute({ query: LIST, variables: { org: DOCUMENTED_ORGANIZATION } });

  it('answers the documented example with exactly the documented shape', async () => {
    const result = await createTestMock().execute({ query: DOCUMENTED_MUTATION });
    expect(Object.keys(result)).toEqual(['data']);
    const subscription = (result.data as Record<string, Record<string, unknown>>)['create_webhook_subscription'];
    expect(Object.keys(subscription ?? {})).toEqual(['sentera_id', 'event_types', 'callback_url']);
    expect(subscription).toEqual({
      sentera_id: expect.stringMatching(/^[0-9a-z]{7}_WS_w3njAcmeGrand_CV_deve_[0-9a-f]{9}_220131_132709$/),
      event_types: ['FEATURE_SET_CREATED'],
      callback_url: 'https://example.com/webhooks',
    });
  });

  it('accepts authentication and never returns it', async () => {
    const result = await mock.execute({
      query: CREATE,
      variables: {
        org: DOCUMENTED_ORGANIZATION,
        url: 'https://example.com/hook',
        types: ['TASK_MODIFIED'],
        auth: { client_id: 'c', client_secret: 's', token_url: 'https://auth.example.com/token', scope: 'webhooks' },
      },
    });
    expect(result.errors).toBeUndefined();
    expect(JSON.stringify(result)).not.toContain('client_secret');
  });

  it('reads subscriptions back through the mock-extension queries', async () => {
    const one = await mock.execute({
      query: `{ webhook_subscription(sentera_id: "${created}") { sentera_id callback_url } }`,
    });
    expect(one.data).toEqual({
      webhook_subscription: { sentera_id: created, callback_url: 'https://example.com/webhooks' },
    });
    const none = await mock.execute({
      query:
        '{ webhook_subscription(sentera_id: "b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709") { sentera_id } }',
    });
    expect(none).toEqual({ data: { webhook_subscription: null } });
    expect((await listed()).data).toEqual({
      webhook_subscriptions: {
        total_count: 1,
        results: [
          { sentera_id: created, callback_url: 'https://example.com/webhooks', event_types: ['FEATURE_SET_CREATED'] },
        ],
      },
    });
  });

  it('updates only what it is given', async () => {
    const result = await mock.execute({
      query: UPDATE,
      variables: { id: created, url: 'https://example.com/webhooks/v2' },
    });
    expect(result).toEqual({
      data: {
        update_webhook_subscription: {
          sentera_id: created,
          callback_url: 'https://example.com/webhooks/v2',
          event_types: ['FEATURE_SET_CREATED'],
        },
      },
    });
  });

  it('deletes and returns the deleted ids', async () => {
    expect(await mock.execute({ query: DELETE, variables: { org: DOCUMENTED_ORGANIZATION, ids: [created] } })).toEqual({
      data: { delete_webhook_subscriptions: [{ sentera_id: created }] },
    });
    expect((await listed()).data).toEqual({ webhook_subscriptions: { total_count: 0, results: [] } });
  });

  it('lists the documented organizations', async () => {
    const result = await mock.execute({
      query: '{ organizations(pagination: { page: 1, page_size: 10 }) { total_count results { sentera_id name } } }',
    });
    expect(result.data).toMatchObject({
      organizations: {
        total_count: 4,
        results: expect.arrayContaining([{ sentera_id: DOCUMENTED_ORGANIZATION, name: 'Acme Grandchild' }]),
      },
    });
  });

  // Each case: the request, the code, a fragment of the message, and whether the field is in `data` (null) or
  // the whole request is refused (no data).
  it.each([
    [
      'a relative callback_url literal',
      { query: DOCUMENTED_MUTATION.replace('https://example.com/webhooks', '/webhooks') },
      'INVALID_URL',
      'absolute http(s) URL',
      'no data',
    ],
    [
      'a non-http callback_url variable',
      { query: CREATE, variables: { org: DOCUMENTED_ORGANIZATION, url: 'mailto:a@b.c', types: ['TASK_MODIFIED'] } },
      'INVALID_URL',
      'uses mailto',
      'no data',
    ],
    [
      'a callback_url that is a number',
      { query: CREATE, variables: { org: DOCUMENTED_ORGANIZATION, url: 42, types: ['TASK_MODIFIED'] } },
      'INVALID_URL',
      'got number 42',
      'no data',
    ],
    [
      'an empty event_types',
      { query: CREATE, variables: { org: DOCUMENTED_ORGANIZATION, url: 'https://a.example', types: [] } },
      'EMPTY_EVENT_TYPES',
      'at least one event type',
      'null field',
    ],
    [
      'an unknown enum literal',
      { query: DOCUMENTED_MUTATION.replace('FEATURE_SET_CREATED', 'FEATURE_SET_UPDATED') },
      'GRAPHQL_VALIDATION_FAILED',
      'FEATURE_SET_UPDATED',
      'no data',
    ],
    [
      'an unknown enum variable',
      { query: CREATE, variables: { org: DOCUMENTED_ORGANIZATION, url: 'https://a.example', types: ['ORDER_PLACED'] } },
      'BAD_USER_INPUT',
      'ORDER_PLACED',
      'no data',
    ],
    [
      'a missing required argument',
      {
        query:
          'mutation { create_webhook_subscription(callback_url: "https://a.example", event_types: [TASK_MODIFIED]) { sentera_id } }',
      },
      'GRAPHQL_VALIDATION_FAILED',
      'organization_sentera_id',
      'no data',
    ],
    [
      'an unknown organization',
      {
        query: CREATE,
        variables: {
          org: 'zzzzzzz_OR_nope_CV_deve_0123456_220101_000000',
          url: 'https://a.example',
          types: ['TASK_MODIFIED'],
        },
      },
      'ORGANIZATION_NOT_FOUND',
      'no organization',
      'null field',
    ],
    [
      'an update with neither field',
      { query: UPDATE, variables: { id: 'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709' } },
      'NOTHING_TO_UPDATE',
      'neither was given',
      'null field',
    ],
    [
      'an update of an unknown id',
      {
        query: UPDATE,
        variables: { id: 'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709', types: ['TASK_MODIFIED'] },
      },
      'WEBHOOK_SUBSCRIPTION_NOT_FOUND',
      'no webhook subscription',
      'null field',
    ],
    [
      'a delete of 101 ids',
      {
        query: DELETE,
        variables: { org: DOCUMENTED_ORGANIZATION, ids: Array.from({ length: 101 }, (_, i) => `id${i}`) },
      },
      'TOO_MANY_IDS',
      'maximum of 100',
      'null field',
    ],
    [
      'a delete of an unknown id',
      {
        query: DELETE,
        variables: { org: DOCUMENTED_ORGANIZATION, ids: ['b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709'] },
      },
      'WEBHOOK_SUBSCRIPTION_NOT_FOUND',
      'nothing was changed',
      'null field',
    ],
    [
      'a delete through another organization',
      { query: DELETE, variables: { org: 'k2m9p4x_OR_ecg4Acme_CV_deve_ef64a0fce_220112_110958', ids: ['CREATED'] } },
      'WRONG_ORGANIZATION',
      'another organization',
      'null field',
    ],
    [
      'a page_size over 1000',
      { query: '{ organizations(pagination: { page: 1, page_size: 5000 }) { total_count } }' },
      'INVALID_PAGINATION',
      'between 1 and 1000',
      'no data',
    ],
    [
      'a syntax error',
      { query: 'mutation { create_webhook_subscription(' },
      'GRAPHQL_PARSE_FAILED',
      'Syntax Error',
      'no data',
    ],
  ])('refuses %s with %s and changes nothing', async (_, request, code, message, shape) => {
    const withId = JSON.parse(JSON.stringify(request).replaceAll('CREATED"', `${created}"`)) as typeof request;
    const before = await listed();
    const result = await mock.execute(withId);
    expect(result.errors?.[0]?.extensions?.['code']).toBe(code);
    expect(result.errors?.[0]?.message).toContain(message);
    if (shape === 'no data') expect(result.data ?? null).toBeNull();
    else expect(Object.values(result.data ?? {})).toEqual([null]);
    expect(await listed()).toEqual(before);
  });
});

describe('a long page of events', () => {
  /** A log whose page holds the numbers 0 to count - 1, sliced as asked, recording which slices were read. */
  const numbered = (count: number, read: number[]) =>
    ({
      queryInSlices: (_subscription: unknown, _query: unknown, sliceSize: number) => ({
        ok: true,
        value: {
          page: 1,
          page_size: count,
          present: count > 0,
          total_count: count,
          slices: Array.from({ length: Math.ceil(count / sliceSize) }, (_, slice) => ({
            size: Math.min(sliceSize, count - slice * sliceSize),
            read: () => {
              read.push(slice);
              return [...Array(Math.min(sliceSize, count - slice * sliceSize)).keys()].map(
                (i) => slice * sliceSize + i,
              );
            },
          })),
        },
      }),
    }) as unknown as EventLog;
  const eventsResolver = (count: number, read: number[], turns: { count: number }) =>
    (
      createResolvers({
        store: {} as Store,
        events: numbered(count, read),
        sliceSize: 100,
        yieldToEventLoop: async () => {
          turns.count++;
        },
      }) as { WebhookSubscription: { events: (source: unknown, args: unknown) => { results: unknown[] } } }
    ).WebhookSubscription.events;

  it('is built and handed to GraphQL in slices of 100, each one turn of the event loop after the one before', async () => {
    const turns = { count: 0 };
    const read: number[] = [];
    const { results } = eventsResolver(250, read, turns)({}, {});
    expect(read).toEqual([0]);
    expect(results).toHaveLength(250);
    expect(results.slice(0, 100)).toEqual([...Array(100).keys()]);
    expect(results.slice(100).every((item) => item instanceof Promise)).toBe(true);
    expect(turns.count).toBe(0);
    expect(await Promise.all(results)).toEqual([...Array(250).keys()]);
    expect(read).toEqual([0, 1, 2]);
    expect(turns.count).toBe(2);
  });

  it('of 100 events or fewer is handed over at once', () => {
    const turns = { count: 0 };
    const read: number[] = [];
    expect(eventsResolver(100, read, turns)({}, {}).results).toEqual([...Array(100).keys()]);
    expect(eventsResolver(0, read, turns)({}, {}).results).toEqual([]);
  });

  it.each([
    ['graphql-js (an abstract payload)', 'payload { __typename sentera_id }'],
    ['a compiled plan', 'triggering_object_id'],
  ])('answers a page of 1000 sliced events as ten pages of 100 through %s', async (_, extra) => {
    const { mock, subscriptionId } = createEventWorldMock();
    const page = async (number: number, size: number) => {
      const result = await mock.execute({
        query: `query($id: ID!, $page: Int!, $size: Int!) { webhook_subscription(sentera_id: $id) { events(pagination: { page: $page, page_size: $size }) { results { sentera_id created_at ${extra} } } } }`,
        variables: { id: subscriptionId, page: number, size },
      });
      expect(result.errors).toBeUndefined();
      return (result.data as { webhook_subscription: { events: { results: unknown[] } } }).webhook_subscription.events
        .results;
    };
    const whole = await page(1, 1000);
    expect(whole).toHaveLength(1000);
    const pieces = [];
    for (let number = 1; number <= 10; number++) pieces.push(...(await page(number, 100)));
    expect(whole).toEqual(pieces);
  });
});
