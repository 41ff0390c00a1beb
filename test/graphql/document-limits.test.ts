import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createHandlerOptions } from '../../src/graphql/create-handler-options.js';
import { checkDocument, DEFAULT_DOCUMENT_LIMITS } from '../../src/graphql/document-limits.js';
import { parse } from 'graphql';
import { DOCUMENTED_MUTATION } from '../support/documented-example.js';
import { createTestMock } from '../support/test-mock.js';

const mock = createTestMock();

/** Sends one request through the framework-free handler, as every adapter does. */
async function send(body: unknown, accept = 'application/graphql-response+json') {
  const [text, init] = await mock.graphqlHandler({
    method: 'POST',
    url: '/graphql',
    headers: { get: (name: string) => ({ 'content-type': 'application/json', accept })[name.toLowerCase()] ?? null },
    body: JSON.stringify(body),
    raw: null,
    context: null,
  });
  return {
    status: init?.status,
    json: JSON.parse(String(text)) as {
      data?: unknown;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    },
  };
}

const EVENTS_SELECTION =
  'events(pagination: { page: 1, page_size: 1000 }) { total_count results { sentera_id type created_at } }';

describe('requests over the budget', () => {
  it.each([
    [
      'a chain of 5,000 fragments',
      `query { ...F0 } ${Array.from({ length: 5000 }, (_, index) => `fragment F${index} on Query { ${index === 4999 ? '__typename' : `...F${index + 1}`} }`).join(' ')}`,
      'nests fragments more than 64',
    ],
    [
      '10,000 nested selections',
      `query { ${'organizations(pagination: { page: 1, page_size: 1 }) { results { '.repeat(5000)} __typename ${'} }'.repeat(5000)} }`,
      'nests brackets more than 64',
    ],
    [
      '10,000 nested list values',
      `query { organizations(pagination: { page: 1, page_size: 1 }, organization_sentera_ids: ${'['.repeat(10000)}${']'.repeat(10000)}) { total_count } }`,
      'nests brackets',
    ],
    ['30 nested fields', `query { ${'a { '.repeat(30)}b${' }'.repeat(30)} }`, 'fields deep; the limit is 24'],
    [
      '100 aliases of events(page_size: 1000)',
      `query($id: ID!) { webhook_subscription(sentera_id: $id) { ${Array.from({ length: 100 }, (_, index) => `e${index}: ${EVENTS_SELECTION}`).join(' ')} } }`,
      'uses 100 aliases; the limit is 64',
    ],
    [
      '40 aliases of events(page_size: 1000)',
      `query($id: ID!) { webhook_subscription(sentera_id: $id) { ${Array.from({ length: 40 }, (_, index) => `e${index}: ${EVENTS_SELECTION}`).join(' ')} } }`,
      'the budget is 100000',
    ],
    [
      'subscriptions times events, 300 each',
      `query { webhook_subscriptions(organization_sentera_id: "x", pagination: { page: 1, page_size: 300 }) { results { events(pagination: { page: 1, page_size: 300 }) { results { sentera_id type } } } } }`,
      'the budget is 100000',
    ],
  ])('%s: 400 QUERY_TOO_COMPLEX with the limit in the message, not a stack overflow', async (_, query, limit) => {
    const { status, json } = await send({ query, variables: { id: 'x' } });
    expect(status).toBe(400);
    expect(json.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(json.errors?.[0]?.message).toContain(limit);
  });

  it('leaves every operation of the contract suite and the documented example well within the budget', async () => {
    const dir = fileURLToPath(new URL('../../contracts/operations', import.meta.url));
    const documents = [DOCUMENTED_MUTATION, ...readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'))];
    // Two thirds of the default budget, with every page_size at its maximum of 1000 (the costliest, WebhookEventsPages's
    // three pages of events, is 51,005 values), and a fraction of the alias and depth limits.
    const limits = {
      ...DEFAULT_DOCUMENT_LIMITS,
      maxCost: Math.floor((DEFAULT_DOCUMENT_LIMITS.maxCost * 2) / 3),
      maxAliases: 16,
      maxDepth: 8,
    };
    for (const document of documents) {
      expect(
        checkDocument(mock.schema, parse(document), limits, {
          variables: { page_size: 1000, small: 1000, large: 1000 },
        }),
      ).toBeNull();
    }
  });
});

describe('variables over the limits', () => {
  const query =
    'query($ids: [ID!]) { organizations(pagination: { page: 1, page_size: 1 }, organization_sentera_ids: $ids) { total_count } }';
  it.each([
    [
      '101 variables',
      Object.fromEntries(Array.from({ length: 101 }, (_, index) => [`v${index}`, 1])),
      '101 variables were sent; the limit is 100',
    ],
    [
      'a list of 1,001 ids',
      { ids: Array.from({ length: 1001 }, () => 'x') },
      '$ids is a list of 1001 items; the limit is 1000',
    ],
    [
      'a string of 70,000 characters',
      { ids: ['x'.repeat(70_000)] },
      '$ids[0] is a string of 70000 characters; the limit is 65536',
    ],
  ])('%s: 400 VARIABLES_TOO_LARGE before execution', async (_, variables, message) => {
    const { status, json } = await send({ query, variables });
    expect(status).toBe(400);
    expect(json).not.toHaveProperty('data');
    expect(json.errors?.[0]?.extensions?.code).toBe('VARIABLES_TOO_LARGE');
    expect(json.errors?.[0]?.message).toContain(message);
  });
});

describe('variable coercion errors', () => {
  const query = 'query($page: Int!) { organizations(pagination: { page: $page, page_size: 1 }) { total_count } }';
  it('answer 400 with application/graphql-response+json, as the GraphQL-over-HTTP spec requires', async () => {
    const { status, json } = await send({ query, variables: { page: 'one' } });
    expect(status).toBe(400);
    expect(json).not.toHaveProperty('data');
    expect(json.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answer 200 with application/json, and a field error still answers 200', async () => {
    expect((await send({ query, variables: { page: 'one' } }, 'application/json')).status).toBe(200);
    const fieldError = await send({ query, variables: { page: -1 } });
    expect(fieldError.status).toBe(200);
    expect(fieldError.json).toHaveProperty('data');
  });
});

describe('the parse cache', () => {
  const { parse: parseCached } = createHandlerOptions({
    schema: mock.schema,
    documentCacheCharacters: 10_000,
    maxCachedQueryLength: 3_000,
  });
  const text = (index: number, length: number) => `query Q${index} { __typename }`.padEnd(length, ' ');

  it('keeps a short query text parsed once', () => {
    expect(parseCached?.(text(1, 100))).toBe(parseCached?.(text(1, 100)));
  });

  it('never keeps a query text longer than maxCachedQueryLength', () => {
    expect(parseCached?.(text(2, 3_001))).not.toBe(parseCached?.(text(2, 3_001)));
  });

  it('evicts the oldest texts once the characters kept would exceed documentCacheCharacters', () => {
    const first = parseCached?.(text(3, 2_900));
    for (let index = 4; index < 8; index++) parseCached?.(text(index, 2_900));
    expect(parseCached?.(text(3, 2_900))).not.toBe(first);
    const recent = parseCached?.(text(7, 2_900));
    expect(parseCached?.(text(7, 2_900))).toBe(recent);
  });

  it('has documented defaults', () => {
    expect(DEFAULT_DOCUMENT_LIMITS).toMatchObject({ maxDepth: 24, maxAliases: 64, maxCost: 100_000 });
  });
});
