import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { senteraMockMiddleware } from '../../src/express/sentera-mock-middleware.js';
import { DOCUMENTED_MUTATION } from '../support/documented-example.js';
import { createTestMock } from '../support/test-mock.js';

describe('senteraMockMiddleware inside an express app', async () => {
  const mock = createTestMock();
  const app = express();
  // A body parser mounted first (what users often do): the middleware serves what it parsed.
  app.use(express.json());
  app.get('/own', (_req, res) => res.json({ mine: true }));
  app.use('/sentera', senteraMockMiddleware(mock));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  afterAll(async () => {
    mock.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves GraphQL below its mount point even after express.json() read the body', async () => {
    const response = await fetch(`${origin}/sentera/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: DOCUMENTED_MUTATION }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      data: { create_webhook_subscription: { callback_url: 'https://example.com/webhooks' } },
    });
  });

  it('serves the control API with its checks', async () => {
    const moved = await fetch(`${origin}/sentera/_mock/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"advance_ms": 1000}',
    });
    expect(await moved.json()).toEqual({ now: '2022-01-31T13:27:10Z', manual: true });
    const refused = await fetch(`${origin}/sentera/_mock/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"advance_ms": 1, "colour": "red"}',
    });
    expect(refused.status).toBe(400);
  });

  it('leaves the rest of the app alone', async () => {
    expect(await (await fetch(`${origin}/own`)).json()).toEqual({ mine: true });
  });
});
