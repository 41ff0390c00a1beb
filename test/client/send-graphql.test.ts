import { describe, expect, it } from 'vitest';
import { sendGraphQL } from '../../src/client/send-graphql.js';
import { startTestServer } from '../support/test-mock.js';

describe('sendGraphQL', () => {
  it('POSTs a request as JSON and gives the status, content type, text and body', async () => {
    const server = await startTestServer();
    const result = await sendGraphQL(
      { endpoint: server.url, headers: {}, fetch },
      {
        query: 'query Q($n: Int!) { organizations(pagination: { page: 1, page_size: $n }) { total_count } }',
        variables: { n: 1 },
      },
    );
    expect(result.ok && result.exchange.status).toBe(200);
    expect(result.ok && result.exchange.contentType).toMatch(/^application\/graphql-response\+json/);
    expect(result.ok && result.exchange.body).toEqual({ data: { organizations: { total_count: 4 } } });
    expect(result.ok && JSON.parse(result.exchange.text)).toEqual({ data: { organizations: { total_count: 4 } } });
  });

  it('sends its own content type and accept headers after the given ones', async () => {
    let seen: Record<string, string> = {};
    const fetchFn: typeof fetch = async (_, init) => {
      seen = { ...(init?.headers as Record<string, string>) };
      return new Response('not json', { status: 502, headers: { 'content-type': 'text/plain' } });
    };
    const result = await sendGraphQL(
      {
        endpoint: 'http://api.test/graphql',
        headers: { authorization: 'Bearer t', accept: 'text/html' },
        fetch: fetchFn,
      },
      { query: '{ __typename }' },
    );
    expect(seen).toEqual({
      authorization: 'Bearer t',
      accept: 'application/graphql-response+json, application/json;q=0.9',
      'content-type': 'application/json',
    });
    expect(result).toEqual({
      ok: true,
      exchange: { status: 502, contentType: 'text/plain', text: 'not json', body: undefined },
    });
  });

  it.each([
    [
      'a refused connection',
      new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }),
      'cannot reach http://api.test/graphql (ECONNREFUSED)',
    ],
    [
      'a timeout',
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      'no response from http://api.test/graphql within 50 ms',
    ],
  ])('resolves %s to a sentence and the failure, never throws', async (_, error, message) => {
    const result = await sendGraphQL(
      { endpoint: 'http://api.test/graphql', headers: {}, fetch: () => Promise.reject(error), timeoutMs: 50 },
      { query: '{ __typename }' },
    );
    expect(result).toMatchObject({ ok: false, message, failure: { message: error.message } });
  });
});
