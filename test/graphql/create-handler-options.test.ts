import { createHandler, type Request } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { createHandlerOptions, fastPathOf } from '../../src/graphql/create-handler-options.js';
import { DOCUMENTED_MUTATION, DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { createTestMock } from '../support/test-mock.js';

const JSON_TYPE = { 'content-type': 'application/json' };
const SUBSCRIPTIONS = `query Subscriptions($org: ID!) { webhook_subscriptions(organization_sentera_id: $org, pagination: { page: 1, page_size: 5 }) { total_count results { sentera_id callback_url } } }`;

function request(
  body: unknown,
  headers: Record<string, string> = JSON_TYPE,
  overrides: Partial<Request<unknown, unknown>> = {},
): Request<unknown, unknown> {
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    method: 'POST',
    url: 'http://127.0.0.1/graphql',
    headers: { get: (name: string) => lower.get(name.toLowerCase()) ?? null },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    raw: null,
    context: null,
    ...overrides,
  };
}

function handlers(compile: boolean) {
  const options = createHandlerOptions({ schema: createTestMock().schema, compile });
  return { options, graphqlHttp: createHandler(options) };
}

/** Two mocks that start alike, each with the mock's handler options; both have seen `warm` through graphql-http. */
async function twoMocks(warm: Request<unknown, unknown>, compile = true) {
  const [fast, reference] = [handlers(compile), handlers(compile)];
  await fast.graphqlHttp(warm);
  await reference.graphqlHttp(warm);
  return { fast, reference };
}

describe('the fast path of the handler options', () => {
  const answered: Array<[string, Request<unknown, unknown>]> = [
    ['the documented mutation without an Accept header', request({ query: DOCUMENTED_MUTATION })],
    [
      'the documented mutation as the contract kit sends it',
      request(
        { query: DOCUMENTED_MUTATION },
        { ...JSON_TYPE, accept: 'application/graphql-response+json, application/json;q=0.9' },
      ),
    ],
    [
      'a charset in the content type and Accept */*',
      request({ query: DOCUMENTED_MUTATION }, { 'content-type': 'application/json; charset=utf-8', accept: '*/*' }),
    ],
    ['a query with variables', request({ query: SUBSCRIPTIONS, variables: { org: DOCUMENTED_ORGANIZATION } })],
    [
      'variables that do not coerce (a request error, no data)',
      request(
        { query: SUBSCRIPTIONS, variables: { org: null } },
        { ...JSON_TYPE, accept: 'application/graphql-response+json' },
      ),
    ],
    ['a resolver error (null data and a coded error)', request({ query: SUBSCRIPTIONS, variables: { org: 'nope' } })],
    [
      'one of two operations by operationName, with extensions',
      request({
        query: `${SUBSCRIPTIONS} query Typename { __typename }`,
        operationName: 'Typename',
        extensions: {},
      }),
    ],
  ];

  it.each(answered)('answers %s with the bytes graphql-http gives', async (_, sent) => {
    const { fast, reference } = await twoMocks(sent);
    const mine = await fastPathOf(fast.options)?.(sent);
    expect(mine).toBeDefined();
    expect(mine).toEqual(await reference.graphqlHttp(sent));
  });

  const documented = { query: DOCUMENTED_MUTATION };
  const leftToGraphqlHttp: Array<[string, Request<unknown, unknown>, Request<unknown, unknown>?]> = [
    [
      'a GET',
      request('', JSON_TYPE, {
        method: 'GET',
        url: `http://127.0.0.1/graphql?query=${encodeURIComponent('{ __typename }')}`,
        body: null,
      }),
    ],
    ['a body that is not JSON by its content type', request(documented, { 'content-type': 'text/plain' })],
    ['an Accept it cannot answer', request(documented, { ...JSON_TYPE, accept: 'text/html' })],
    [
      'a body still to be read',
      request(documented, JSON_TYPE, { body: () => Promise.resolve(JSON.stringify(documented)) }),
    ],
    ['a query not in the cache', request({ query: '{ __typename }' }), request(documented)],
    ['a body that is not JSON', request('{"query": ')],
    ['a JSON list', request([documented])],
    ['variables that are a list', request({ query: SUBSCRIPTIONS, variables: [] })],
    ['an operationName that is not a string', request({ query: DOCUMENTED_MUTATION, operationName: 1 })],
    ['a document that failed validation', request({ query: '{ nope }' })],
  ];

  it.each(leftToGraphqlHttp)('leaves %s to graphql-http', async (_, sent, warm) => {
    const { fast } = await twoMocks(warm ?? sent);
    expect(fastPathOf(fast.options)?.(sent)).toBeUndefined();
  });

  it('is not taken when plans are off (everything then runs with graphql-js)', async () => {
    const sent = request(documented);
    const { fast } = await twoMocks(sent, false);
    expect(fastPathOf(fast.options)?.(sent)).toBeUndefined();
  });

  it('is copied with the options (a spread keeps it)', () => {
    const options = createHandlerOptions({ schema: createTestMock().schema });
    expect(fastPathOf({ ...options })).toBe(fastPathOf(options));
  });
});
