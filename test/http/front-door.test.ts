import { describe, expect, it } from 'vitest';
import { errorResponse, jsonResponse, textResponse } from '../../src/http/text-response.js';
import type { FrontDoorRoute } from '../../src/http/create-front-door.js';
import type { SenteraMock } from '../../src/mock/create-mock.js';
import { DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { createTestMock, startTestServer } from '../support/test-mock.js';

const json = { 'content-type': 'application/json' };

/** A request body that counts how many of its chunks were read. */
function countingBody(chunks: number, chunkSize: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(chunkSize).fill(0x20));
    },
  });
  return { body, pulled: () => pulled };
}

describe('the front door', () => {
  it('stops reading a body as soon as it passes the limit and answers 413 saying how to raise it', async () => {
    const mock = createTestMock({ http: { bodyLimit: 10_000 } });
    const { body, pulled } = countingBody(1000, 1000);
    const response = await mock.fetch(
      new Request('http://localhost/graphql', { method: 'POST', headers: json, body, duplex: 'half' }),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('--body-limit') },
    });
    expect(pulled()).toBeLessThan(20);
  });

  it('refuses a declared content-length above the limit without reading the body, over HTTP', async () => {
    const server = await startTestServer({ http: { bodyLimit: 1000 } });
    const response = await fetch(server.url, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ query: `{ __typename } # ${'x'.repeat(2000)}` }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
  });

  it('re-imports a state export larger than the body limit through PUT /_mock/state (its own, larger limit)', async () => {
    const server = await startTestServer();
    for (let index = 0; index < 4200; index++)
      server.mock.events.emit({ type: 'TASK_MODIFIED', organization_sentera_id: DOCUMENTED_ORGANIZATION });
    const exported = await (await fetch(`${server.origin}/_mock/state`)).text();
    expect(exported.length).toBeGreaterThan(1_570_000);
    await fetch(`${server.origin}/_mock/reset`, { method: 'POST' });
    const put = await fetch(`${server.origin}/_mock/state`, { method: 'PUT', headers: json, body: exported });
    expect(await put.json()).toEqual({ restored: true });
    expect(
      server.mock.events.findEvents({ organization_sentera_id: DOCUMENTED_ORGANIZATION }).length,
    ).toBeGreaterThanOrEqual(4200);
    const tooLarge = await fetch(`${server.origin}/_mock/clock`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ set: '2022-01-31T13:27:09Z', pad: 'x'.repeat(1_100_000) }),
    });
    expect(tooLarge.status).toBe(413);
  });

  describe('registered routes', () => {
    const routes = (mock: SenteraMock): FrontDoorRoute[] => [
      {
        method: 'GET',
        path: '/',
        handle: () => textResponse(200, '<h1>console</h1>', { 'content-type': 'text/html; charset=utf-8' }),
      },
      {
        method: 'POST',
        path: '/_inbox/*',
        async handle(_request, context) {
          const body = await context.readBody();
          if (typeof body !== 'string') return body;
          return jsonResponse(202, { path: context.path, bytes: body.length, seed: mock.seed });
        },
      },
      {
        method: 'GET',
        path: '/_mock/stream',
        handle: () => {
          let sent = 0;
          return new Response(
            new ReadableStream<Uint8Array>({
              pull(controller) {
                if (sent === 3) return controller.close();
                sent++;
                controller.enqueue(new TextEncoder().encode(`data: ${sent}\n\n`));
              },
            }),
            { headers: { 'content-type': 'text/event-stream' } },
          );
        },
      },
      { method: 'GET', path: '/boom', handle: () => Promise.reject(new Error('a bug')) },
      {
        method: 'GET',
        path: '/teapot',
        handle: () => errorResponse(418, 'TEAPOT', 'this route only makes tea; ask for coffee elsewhere'),
      },
    ];

    it.each([
      ['a page at /', 'GET', '/', undefined, 200, '<h1>console</h1>'],
      ['a prefix route', 'POST', '/_inbox/abc', 'hello', 202, '{"path":"/_inbox/abc","bytes":5,"seed":"test"}'],
      [
        'a streamed route under /_mock, before the control API',
        'GET',
        '/_mock/stream',
        undefined,
        200,
        'data: 1\n\ndata: 2\n\ndata: 3\n\n',
      ],
      [
        'a wrong method on a registered path',
        'DELETE',
        '/',
        undefined,
        405,
        '{"error":{"code":"METHOD_NOT_ALLOWED","message":"DELETE is not allowed on /; use GET"}}',
      ],
      [
        'a route that fails: a 500 with a body, no stack',
        'GET',
        '/boom',
        undefined,
        500,
        '{"error":{"code":"INTERNAL_SERVER_ERROR","message":"internal error in sentera-mock; please report it"}}',
      ],
      [
        'a route error',
        'GET',
        '/teapot',
        undefined,
        418,
        '{"error":{"code":"TEAPOT","message":"this route only makes tea; ask for coffee elsewhere"}}',
      ],
      ['the control API, still there', 'GET', '/_mock/health', undefined, 200, '{"ok":true}'],
    ])('serves %s the same over HTTP and in-process', async (_, method, path, body, status, text) => {
      const server = await startTestServer({ http: { routes } });
      for (const response of [
        await fetch(`${server.origin}${path}`, { method, ...(body === undefined ? {} : { body }) }),
        await server.mock.fetch(`http://localhost${path}`, { method, ...(body === undefined ? {} : { body }) }),
      ]) {
        expect(response.status).toBe(status);
        expect(await response.text()).toBe(text);
      }
    });
  });

  it('answers a malformed percent-escape in a control path with 400, not 500', async () => {
    const mock = createTestMock({ delivery: {} });
    for (const path of ['/_mock/deliveries/%ZZ', '/_mock/events/%E0%A4%A/redeliver']) {
      const response = await mock.fetch(`http://localhost${path}`, {
        method: path.endsWith('redeliver') ? 'POST' : 'GET',
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('percent-escape');
    }
    mock.close();
  });
});
