import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll } from 'vitest';

export interface Received {
  readonly at: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly path: string;
}

const open: Array<() => Promise<void>> = [];
afterAll(async () => {
  while (open.length > 0) await open.pop()?.();
});

/** A local webhook receiver whose answer to the n-th request (0-based) `handle` decides. */
export async function startReceiver(handle: (request: IncomingMessage, response: ServerResponse, index: number, body: string) => void = (_, response) => response.writeHead(200).end('ok')) {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ at: performance.now(), headers: request.headers, body, path: request.url ?? '' });
      handle(request, response, received.length - 1, body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  open.push(close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`, received, close };
}
