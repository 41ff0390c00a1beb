import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { validateResponse } from '../../src/contract/validate-response.js';
import { loadSchema } from '../../src/schema/load-schema.js';

const sentera = loadSchema();

const CREATE = `mutation Create { create_webhook_subscription(organization_sentera_id: "o", callback_url: "https://a.example", event_types: [TASK_MODIFIED]) { sentera_id event_types callback_url } }`;
const created = {
  sentera_id: 'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709',
  event_types: ['TASK_MODIFIED'],
  callback_url: 'https://a.example',
};

const EVENTS = `query Events($withPayload: Boolean!) {
  webhook_subscription(sentera_id: "s") {
    page: events(pagination: { page: 1, page_size: 2 }) {
      total_count
      results { ...Event payload @include(if: $withPayload) { __typename sentera_id ... on TaskModifiedPayload { updated_by_id } } }
    }
  }
}
fragment Event on WebhookEvent { created_at attempts type }`;
const event = {
  created_at: '2022-01-31T12:00:00Z',
  attempts: 2,
  type: 'TASK_MODIFIED',
  payload: { __typename: 'TaskModifiedPayload', sentera_id: 't', updated_by_id: 'u' },
};
const events = (...results: unknown[]) => ({
  webhook_subscription: { page: { total_count: results.length, results } },
});

function findings(query: string, data: unknown, variables: Record<string, unknown> = {}) {
  return validateResponse({ schema: sentera, document: parse(query), variables, data });
}

describe('validateResponse', () => {
  it('accepts data that matches the selection exactly', () => {
    expect(findings(CREATE, { create_webhook_subscription: created })).toEqual([]);
    expect(
      findings(EVENTS, events(event, { ...event, payload: { __typename: 'SurveyCreatedPayload', sentera_id: 's' } }), {
        withPayload: true,
      }),
    ).toEqual([]);
  });

  it('accepts null where the schema allows it', () => {
    expect(findings(CREATE, { create_webhook_subscription: null })).toEqual([]);
    expect(findings(EVENTS, { webhook_subscription: null }, { withPayload: true })).toEqual([]);
  });

  it.each([
    [
      'a requested field missing',
      { ...created, callback_url: undefined },
      { path: 'create_webhook_subscription.callback_url', expected: 'Url! (requested)', actual: 'absent' },
    ],
    [
      'null in a non-null field',
      { ...created, sentera_id: null },
      { path: 'create_webhook_subscription.sentera_id', expected: 'ID! (non-null)', actual: 'null' },
    ],
    [
      'an ID that is a number',
      { ...created, sentera_id: 7 },
      { path: 'create_webhook_subscription.sentera_id', expected: 'ID: a string', actual: '7' },
    ],
    [
      'a relative Url',
      { ...created, callback_url: '/webhooks' },
      {
        path: 'create_webhook_subscription.callback_url',
        expected: 'Url: a string holding an absolute http(s) URL',
        actual: '"/webhooks"',
      },
    ],
    [
      'a Url of another scheme',
      { ...created, callback_url: 'ftp://a.example' },
      {
        path: 'create_webhook_subscription.callback_url',
        expected: 'Url: a string holding an absolute http(s) URL',
        actual: '"ftp://a.example"',
      },
    ],
    [
      'a list that is not a list',
      { ...created, event_types: 'TASK_MODIFIED' },
      {
        path: 'create_webhook_subscription.event_types',
        expected: '[WebhookEventType!]! (a list)',
        actual: '"TASK_MODIFIED"',
      },
    ],
    [
      'null in a list of non-null items',
      { ...created, event_types: [null] },
      { path: 'create_webhook_subscription.event_types[0]', expected: 'WebhookEventType! (non-null)', actual: 'null' },
    ],
    [
      'an enum value outside the set',
      { ...created, event_types: ['TASK_MODIFIED', 'task_modified'] },
      {
        path: 'create_webhook_subscription.event_types[1]',
        expected: 'WebhookEventType: one of FEATURE_SET_CREATED, SURVEY_CREATED, TASK_MODIFIED',
        actual: '"task_modified"',
      },
    ],
    [
      'a field that was not requested',
      { ...created, events: [] },
      { path: 'create_webhook_subscription.events', expected: 'absent (not requested)', actual: '[]' },
    ],
    [
      'an object that is a list',
      [created],
      {
        path: 'create_webhook_subscription',
        expected: 'WebhookSubscription (an object)',
        actual: expect.stringMatching(/^\[\{"sentera_id"/),
      },
    ],
  ])('reports %s with its path, expected and actual value', (_, value, finding) => {
    const data = { create_webhook_subscription: JSON.parse(JSON.stringify(value)) as unknown };
    expect(findings(CREATE, data)).toEqual([finding]);
  });

  it.each([
    [
      'Int out of the 32-bit range',
      { attempts: 2 ** 31 },
      {
        path: 'webhook_subscription.page.results[0].attempts',
        expected: 'Int: a whole number from -2^31 to 2^31-1',
        actual: '2147483648',
      },
    ],
    [
      'Int with a fraction',
      { attempts: 1.5 },
      {
        path: 'webhook_subscription.page.results[0].attempts',
        expected: 'Int: a whole number from -2^31 to 2^31-1',
        actual: '1.5',
      },
    ],
    [
      'a date-time without a time',
      { created_at: '2022-01-31' },
      {
        path: 'webhook_subscription.page.results[0].created_at',
        expected: expect.stringMatching(/^ISO8601DateTime: /),
        actual: '"2022-01-31"',
      },
    ],
    [
      'a date-time that is no instant',
      { created_at: '2022-13-31T12:00:00Z' },
      {
        path: 'webhook_subscription.page.results[0].created_at',
        expected: expect.stringMatching(/^ISO8601DateTime: /),
        actual: '"2022-13-31T12:00:00Z"',
      },
    ],
    [
      'a field of a spread fragment missing',
      { type: undefined },
      {
        path: 'webhook_subscription.page.results[0].type',
        expected: 'WebhookEventType! (requested)',
        actual: 'absent',
      },
    ],
    [
      'a field of an inline fragment missing',
      { payload: { __typename: 'TaskModifiedPayload', sentera_id: 't' } },
      {
        path: 'webhook_subscription.page.results[0].payload.updated_by_id',
        expected: 'ID! (requested)',
        actual: 'absent',
      },
    ],
    [
      'a fragment field on a type it does not apply to',
      { payload: { __typename: 'SurveyCreatedPayload', sentera_id: 't', updated_by_id: null } },
      {
        path: 'webhook_subscription.page.results[0].payload.updated_by_id',
        expected: 'absent (not requested)',
        actual: 'null',
      },
    ],
    [
      'an impossible __typename',
      { payload: { __typename: 'WebhookEvent', sentera_id: 't' } },
      {
        path: 'webhook_subscription.page.results[0].payload.__typename',
        expected: 'one of "TaskModifiedPayload", "SurveyCreatedPayload", "FeatureSetCreatedPayload"',
        actual: '"WebhookEvent"',
      },
    ],
  ])('walks aliases and fragments: reports %s', (_, change, finding) => {
    const data = JSON.parse(JSON.stringify(events({ ...event, ...change }))) as unknown;
    expect(findings(EVENTS, data, { withPayload: true })).toEqual([finding]);
  });

  it('follows @include and @skip with the variables sent', () => {
    const { payload: _, ...withoutPayload } = event;
    expect(findings(EVENTS, events(withoutPayload), { withPayload: false })).toEqual([]);
    expect(findings(EVENTS, events(event), { withPayload: false })).toEqual([
      {
        path: 'webhook_subscription.page.results[0].payload',
        expected: 'absent (not requested)',
        actual: expect.any(String),
      },
    ]);
  });

  it('checks an abstract type without __typename against every possible type', () => {
    const query =
      '{ webhook_subscription(sentera_id: "s") { events(pagination: { page: 1, page_size: 1 }) { results { payload { sentera_id ... on TaskModifiedPayload { updated_by_id } } } } } }';
    const data = (payload: unknown) => ({ webhook_subscription: { events: { results: [{ payload }] } } });
    expect(findings(query, data({ sentera_id: 's' }))).toEqual([]);
    expect(findings(query, data({ sentera_id: 's', updated_by_id: 'u' }))).toEqual([]);
    expect(findings(query, data({ sentera_id: 's', updated_by_id: null }))).toEqual([
      {
        path: 'webhook_subscription.events.results[0].payload.updated_by_id',
        expected: 'ID! (non-null)',
        actual: 'null',
      },
    ]);
  });

  it('validates the operation named, with any schema and custom scalar rules', () => {
    const schema = buildSchema('scalar Money type Query { price: Money! ratio: Float ok: Boolean! tags: [[String]] }');
    const document = parse('query A { price } query B { ratio ok tags }');
    const rules = {
      Money: {
        expected: 'a string like "12.50 EUR"',
        test: (value: unknown) => typeof value === 'string' && /^\d+\.\d\d [A-Z]{3}$/.test(value),
      },
    };
    expect(validateResponse({ schema, document, operationName: 'A', data: { price: 12.5 } })).toEqual([]);
    expect(validateResponse({ schema, document, operationName: 'A', data: { price: 12.5 }, scalars: rules })).toEqual([
      { path: 'price', expected: 'Money: a string like "12.50 EUR"', actual: '12.5' },
    ]);
    expect(
      validateResponse({ schema, document, operationName: 'B', data: { ratio: 'x', ok: 1, tags: [['a', null], 'b'] } }),
    ).toEqual([
      { path: 'ratio', expected: 'Float: a finite number', actual: '"x"' },
      { path: 'ok', expected: 'Boolean: true or false', actual: '1' },
      { path: 'tags[1]', expected: '[String] (a list)', actual: '"b"' },
    ]);
  });

  it('reports data that is not an object', () => {
    expect(findings(CREATE, 'oops')).toEqual([{ path: '(data)', expected: 'Mutation (an object)', actual: '"oops"' }]);
  });
});
