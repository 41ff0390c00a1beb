import { serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { DOCUMENTED_MUTATION, DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { postGraphQL, startTestServer } from '../support/test-mock.js';

describe('the GraphQL endpoint over HTTP', async () => {
  const server = await startTestServer();

  it('answers the documented example, sent as-is, with the documented shape', async () => {
    const response = await postGraphQL(server.url, { query: DOCUMENTED_MUTATION });
    expect(response.status).toBe(200);
    expect(response.contentType).toContain('application/graphql-response+json');
    expect(response.json).toEqual({
      data: {
        create_webhook_subscription: {
          sentera_id: expect.stringMatching(/^[0-9a-z]{7}_WS_w3njAcmeGrand_CV_deve_[0-9a-f]{9}_220131_132709$/),
          event_types: ['FEATURE_SET_CREATED'],
          callback_url: 'https://example.com/webhooks',
        },
      },
    });
    expect(Object.keys(response.json.data?.['create_webhook_subscription'] as object)).toEqual([
      'sentera_id',
      'event_types',
      'callback_url',
    ]);
  });

  it('answers queries over GET', async () => {
    const query = encodeURIComponent('{ organizations(pagination: { page: 1, page_size: 1 }) { total_count } }');
    const response = await fetch(`${server.url}?query=${query}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { organizations: { total_count: 4 } } });
  });

  it('refuses a mutation over GET with 405 and a coded error', async () => {
    const response = await fetch(`${server.url}?query=${encodeURIComponent(DOCUMENTED_MUTATION)}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(response.status).toBe(405);
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
  });

  it.each([
    [
      'a validation error',
      { query: DOCUMENTED_MUTATION.replace('FEATURE_SET_CREATED', 'NOPE') },
      400,
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'a bad variable',
      {
        query: 'query ($p: Pagination!) { organizations(pagination: $p) { total_count } }',
        variables: { p: { page: 'one', page_size: 1 } },
      },
      400,
      'BAD_USER_INPUT',
    ],
    ['a syntax error', { query: '{' }, 400, 'GRAPHQL_PARSE_FAILED'],
    [
      'a resolver error',
      {
        query: `mutation { delete_webhook_subscriptions(organization_sentera_id: "${DOCUMENTED_ORGANIZATION}", sentera_ids: ["nope"]) { sentera_id } }`,
      },
      200,
      'WEBHOOK_SUBSCRIPTION_NOT_FOUND',
    ],
  ])('answers %s with status %i, a coded error and no stack trace', async (_, body, status, code) => {
    const response = await postGraphQL(server.url, body);
    expect(response.status).toBe(status);
    expect(response.json.errors?.[0]?.extensions?.['code']).toBe(code);
    expect(response.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  });

  it('answers unknown paths with a JSON 404 that points at /graphql', async () => {
    const response = await fetch(`${server.origin}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('POST /graphql') },
    });
  });

  describe('passes every MUST audit of graphql-http (GraphQL over HTTP spec)', () => {
    for (const audit of serverAudits({ url: server.url })) {
      it(`${audit.id} ${audit.name}`, async () => {
        const result = await audit.fn();
        if (audit.name.startsWith('MUST'))
          expect({
            id: audit.id,
            status: result.status,
            reason: 'reason' in result ? result.reason : undefined,
          }).toEqual({ id: audit.id, status: 'ok', reason: undefined });
        else expect(['ok', 'warn', 'notice']).toContain(result.status);
      });
    }
  });
});

describe('determinism', () => {
  const script = [
    { query: DOCUMENTED_MUTATION },
    { query: DOCUMENTED_MUTATION.replace('FEATURE_SET_CREATED', 'TASK_MODIFIED, SURVEY_CREATED') },
    {
      query: `{ webhook_subscriptions(organization_sentera_id: "${DOCUMENTED_ORGANIZATION}", pagination: { page: 1, page_size: 10 }) { total_count results { sentera_id event_types callback_url } } }`,
    },
    {
      query:
        '{ organizations(pagination: { page: 1, page_size: 10 }) { results { sentera_id name email parent_organization_id } } }',
    },
    // Fields without a resolver come from seeded fake data.
    {
      query: `{ webhook_subscriptions(organization_sentera_id: "${DOCUMENTED_ORGANIZATION}", pagination: { page: 1, page_size: 1 }) { results { events(pagination: { page: 1, page_size: 2 }) { total_count results { sentera_id created_at payload { sentera_id } } } } } }`,
    },
  ];

  async function run(seed: string) {
    const server = await startTestServer({ seed });
    const bodies: string[] = [];
    for (const request of script) bodies.push((await postGraphQL(server.url, request)).text);
    await server.close();
    return bodies;
  }

  it('gives byte-identical responses from two servers with the same seed and clock', async () => {
    const [first, second] = await Promise.all([run('same'), run('same')]);
    expect(second).toEqual(first);
    expect(first.join('')).not.toContain('"errors"');
  });

  it('gives different ids for a different seed', async () => {
    const [a, b] = await Promise.all([run('one'), run('two')]);
    expect(a[0]).not.toBe(b[0]);
  });

  it('gives the same responses again after POST /_mock/reset', async () => {
    const server = await startTestServer({ seed: 'reset' });
    const before = await postGraphQL(server.url, script[0] as { query: string });
    const reset = await fetch(`${server.origin}/_mock/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect((await postGraphQL(server.url, script[0] as { query: string })).text).toBe(before.text);
  });
});
