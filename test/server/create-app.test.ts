import { afterAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/runtime/clock.js';
import { createMockServer } from '../../src/server/start-mock-server.js';
import { startServer } from '../../src/server/start-server.js';
import { DOCUMENTED_MUTATION } from '../support/documented-example.js';

describe('the express app of a mock, embedded without startMockServer', async () => {
  const { app } = createMockServer({ seed: 'embed', clock: createManualClock({ start: new Date('2022-01-31T13:27:09Z') }) });
  const server = await startServer({ app });
  afterAll(() => server.close());

  it('serves the GraphQL endpoint', async () => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: DOCUMENTED_MUTATION }) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: { create_webhook_subscription: { callback_url: 'https://example.com/webhooks' } } });
  });

  it('serves the control API', async () => {
    expect(await (await fetch(`${server.origin}/_mock/health`)).json()).toEqual({ ok: true });
  });
});
