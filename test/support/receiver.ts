import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterFile } from './after-file.js';
import { deliveryBodyViolations } from './delivery-body-schema.js';

interface Received {
  readonly at: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly path: string;
}

/** Deliveries (requests with a webhook-id) whose body the shipped JSON Schema rejects, in the current file's tests. */
const schemaViolations: string[] = [];
let checking = false;

/** Every body the mock sends in these tests must validate against the schema receivers are given. */
function checkSchemaViolations() {
  checking = false;
  const found = schemaViolations.splice(0);
  if (found.length > 0)
    throw new Error(
      `delivered bodies that do not validate against schemas/webhook-delivery-body.schema.json:\n${found.join('\n')}`,
    );
}

/** A local webhook receiver whose answer to the n-th request (0-based) `handle` decides. */
export async function startReceiver(
  handle: (request: IncomingMessage, response: ServerResponse, index: number, body: string) => void = (_, response) =>
    response.writeHead(200).end('ok'),
) {
  if (!checking) {
    // Registered before this file's first receiver closes, so it runs after they all have (last in, first out).
    checking = true;
    afterFile(checkSchemaViolations);
  }
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ at: performance.now(), headers: request.headers, body, path: request.url ?? '' });
      if (request.headers['webhook-id'] !== undefined)
        for (const violation of deliveryBodyViolations(body))
          schemaViolations.push(`${String(request.headers['webhook-id'])}: ${violation} in ${body}`);
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
  afterFile(close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`, received, close };
}
