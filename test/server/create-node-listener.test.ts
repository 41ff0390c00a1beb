import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import type { FrontDoorRoute } from '../../src/http/create-front-door.js';
import { createNodeListener } from '../../src/server/create-node-listener.js';
import { createTestMock } from '../support/test-mock.js';

describe('the node:http adapter', () => {
  it("streams a route's body as it comes and cancels the stream when the client leaves", async () => {
    let cancelled = false;
    let tick: NodeJS.Timeout | undefined;
    const stream: FrontDoorRoute = {
      method: 'GET',
      path: '/_mock/stream',
      handle: () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              let count = 0;
              tick = setInterval(() => controller.enqueue(new TextEncoder().encode(`data: ${++count}\n\n`)), 10);
            },
            cancel() {
              clearInterval(tick);
              cancelled = true;
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    };
    const mock = createTestMock({ http: { routes: [stream] } });
    const server = createServer(createNodeListener({ handle: mock.handle }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const controller = new AbortController();
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/_mock/stream`, {
        signal: controller.signal,
      });
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      expect(first).toMatch(/^data: 1\n\n/);
      controller.abort();
      await vi.waitFor(() => expect(cancelled).toBe(true), { timeout: 5_000, interval: 10 });
    } finally {
      clearInterval(tick);
      mock.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
