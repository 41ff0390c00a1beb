import { describe, expect, it } from 'vitest';
import { startAdapters, type TestRequest } from '../support/adapters.js';
import { DOCUMENTED_MUTATION, DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';

const JSON_TYPE = { 'content-type': 'application/json' };
const GRAPHQL = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
const ALLOWED = 'http://localhost:5173';
const graphql = (body: unknown, headers: Record<string, string> = GRAPHQL): TestRequest => ({
  method: 'POST',
  path: '/graphql',
  headers,
  body: JSON.stringify(body),
});
const get = (path: string, headers: Record<string, string> = {}): TestRequest => ({ method: 'GET', path, headers });
const post = (path: string, body?: unknown, headers: Record<string, string> = JSON_TYPE): TestRequest => ({
  method: 'POST',
  path,
  headers,
  ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
});

/** Each row: a request, and the status every adapter must answer it with. Rows run in order, on one mock per adapter. */
const cases: ReadonlyArray<readonly [string, TestRequest, number]> = [
  ['the documented mutation', graphql({ query: DOCUMENTED_MUTATION }), 200],
  [
    'a query answered as application/json',
    graphql({ query: '{ organizations(pagination: { page: 1, page_size: 2 }) { total_count } }' }, JSON_TYPE),
    200,
  ],
  [
    'a query over GET',
    get(
      `/graphql?query=${encodeURIComponent('{ organizations(pagination: { page: 1, page_size: 1 }) { total_count } }')}`,
      { accept: 'application/graphql-response+json' },
    ),
    200,
  ],
  ['a syntax error', graphql({ query: '{' }), 400],
  [
    'a syntax error with the plain JSON accept',
    graphql({ query: '{' }, { ...JSON_TYPE, accept: 'application/json' }),
    200,
  ],
  ["a syntax error with no Accept header (the banner's curl)", graphql({ query: '{' }, JSON_TYPE), 200],
  ['a validation error', graphql({ query: DOCUMENTED_MUTATION.replace('FEATURE_SET_CREATED', 'NOPE') }), 400],
  [
    'a bad variable (400 with application/graphql-response+json, as the GraphQL-over-HTTP spec requires)',
    graphql({
      query: 'query ($p: Pagination!) { organizations(pagination: $p) { total_count } }',
      variables: { p: { page: 'one', page_size: 1 } },
    }),
    400,
  ],
  [
    'a resolver error',
    graphql({
      query: `mutation { delete_webhook_subscriptions(organization_sentera_id: "${DOCUMENTED_ORGANIZATION}", sentera_ids: ["nope"]) { sentera_id } }`,
    }),
    200,
  ],
  [
    'an invalid URL literal',
    graphql({ query: DOCUMENTED_MUTATION.replace('https://example.com/webhooks', 'ftp://x') }),
    400,
  ],
  ['malformed JSON to /graphql', { method: 'POST', path: '/graphql', headers: GRAPHQL, body: '{"query": ' }, 400],
  [
    'a GraphQL request as text/plain',
    {
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    },
    415,
  ],
  [
    'a GraphQL request accepting only HTML',
    graphql({ query: '{ __typename }' }, { 'content-type': 'application/json', accept: 'text/html' }),
    406,
  ],
  [
    'a mutation over GET',
    get(`/graphql?query=${encodeURIComponent(DOCUMENTED_MUTATION)}`, { accept: 'application/graphql-response+json' }),
    405,
  ],
  ['PUT /graphql', { method: 'PUT', path: '/graphql', headers: GRAPHQL, body: '{}' }, 405],
  ['GET /graphql without a query', get('/graphql', { accept: 'application/graphql-response+json' }), 400],
  ['the control API listing', get('/_mock'), 200],
  ['health', get('/_mock/health'), 200],
  ['the clock', get('/_mock/clock'), 200],
  ['moving the clock', post('/_mock/clock', { advance_ms: 1000 }), 200],
  [
    'a clock move sent as text/plain',
    post('/_mock/clock', '{"advance_ms":1000}', { 'content-type': 'text/plain' }),
    415,
  ],
  ['malformed JSON to the control API', post('/_mock/clock', '{nope'), 400],
  ['an unknown field', post('/_mock/clock', { advance_ms: 1, colour: 'red' }), 400],
  ['a negative advance', post('/_mock/clock', { advance_ms: -5 }), 400],
  ['a bad date', post('/_mock/clock', { set: 'yesterday' }), 400],
  ['the state export', get('/_mock/state'), 200],
  [
    'a state import of a foreign document',
    { method: 'PUT', path: '/_mock/state', headers: JSON_TYPE, body: '{"format": "x"}' },
    400,
  ],
  ['a state import without a body', { method: 'PUT', path: '/_mock/state', headers: JSON_TYPE }, 400],
  [
    'an event emitted',
    post('/_mock/events', { type: 'TASK_MODIFIED', organization_sentera_id: DOCUMENTED_ORGANIZATION }),
    201,
  ],
  ['an event with a missing field', post('/_mock/events', { organization_sentera_id: DOCUMENTED_ORGANIZATION }), 400],
  [
    'an event payload with an unknown field',
    post('/_mock/events', {
      type: 'TASK_MODIFIED',
      organization_sentera_id: DOCUMENTED_ORGANIZATION,
      payload: { colour: 'red' },
    }),
    400,
  ],
  [
    'an event for an unknown organization',
    post('/_mock/events', {
      type: 'TASK_MODIFIED',
      organization_sentera_id: DOCUMENTED_ORGANIZATION.replace('6aeagny', '7aeagny'),
    }),
    400,
  ],
  ['events filtered', get(`/_mock/events?organization_sentera_id=${DOCUMENTED_ORGANIZATION}`), 200],
  ['events filtered by an unknown type', get('/_mock/events?type=NOPE'), 400],
  ['events filtered by an unknown parameter', get('/_mock/events?colour=red'), 400],
  ['the delivery log with delivery off', get('/_mock/deliveries'), 409],
  ['a malformed percent-escape in a path', get('/_mock/deliveries/%ZZ'), 400],
  ['redelivering with delivery off', post('/_mock/events/nope/redeliver'), 409],
  ['a reset', post('/_mock/reset'), 200],
  ['a reset with a body', post('/_mock/reset', { hard: true }), 400],
  ['a wrong method', { method: 'DELETE', path: '/_mock/reset' }, 405],
  ['an unknown control route', get('/_mock/nope'), 404],
  ['an unknown path', get('/nope'), 404],
  [
    'a body over the limit',
    post('/_mock/clock', JSON.stringify({ set: '2022-01-31T13:27:09Z', pad: 'x'.repeat(2048) })),
    413,
  ],
  [
    'a CORS preflight from an allowed origin',
    {
      method: 'OPTIONS',
      path: '/graphql',
      headers: {
        origin: ALLOWED,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    },
    204,
  ],
  [
    'a CORS preflight from another origin',
    {
      method: 'OPTIONS',
      path: '/graphql',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    },
    403,
  ],
  [
    'a GraphQL request from an allowed origin',
    graphql({ query: '{ __typename }' }, { ...GRAPHQL, origin: ALLOWED }),
    200,
  ],
  ['a cross-origin reset from an allowed origin', post('/_mock/reset', undefined, { origin: ALLOWED }), 200],
  ['a cross-origin reset from another origin', post('/_mock/reset', undefined, { origin: 'http://evil.example' }), 403],
  ['a cross-origin read of the control API', get('/_mock/health', { origin: 'http://evil.example' }), 200],
];

describe('every adapter (node:http, mock.fetch, express) answers the same requests the same way', async () => {
  const adapters = await startAdapters({ http: { corsOrigins: [ALLOWED], bodyLimit: 1024 } });

  it.each(cases)('%s: the same status, headers and bytes everywhere', async (_, request, status) => {
    const [first, ...others] = await Promise.all(
      adapters.map(async (adapter) => ({ adapter: adapter.name, ...(await adapter.send(request)) })),
    );
    if (!first) throw new Error('no adapters');
    expect(first.status, first.body).toBe(status);
    for (const other of others) expect({ ...other, adapter: first.adapter }).toEqual(first);
    if (status >= 300) {
      const body = JSON.parse(first.body) as { error?: { message: string }; errors?: Array<{ message: string }> };
      expect(
        (body.error ?? body.errors?.[0])?.message.length,
        `a non-2xx answer says what to fix: ${first.body}`,
      ).toBeGreaterThan(20);
    }
  });
});
