/**
 * create-node-listener
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { MockHandler, MockRequest, MockResponse } from '../http/http-types.js';
import { TextResponse } from '../http/text-response.js';

/** Options of {@link createNodeListener}. */
export interface NodeListenerOptions {
  /** The front door (`mock.handle`). */
  handle: MockHandler;
}

/**
 * The node:http adapter of the front door. It hands the handler a light request object over the `IncomingMessage`
 * (no undici `Request`: building one costs more than the rest of a GraphQL request) and writes text responses in
 * one `writeHead().end()`; streamed bodies (server-sent events) are written chunk by chunk until the client leaves.
 *
 * @category Server
 */
export function createNodeListener(options: NodeListenerOptions): RequestListener {
  const { handle } = options;
  return (incoming, outgoing) => {
    void handle(nodeRequest(incoming)).then(
      (response) => writeResponse(response, outgoing),
      () =>
        writeResponse(
          new TextResponse(
            500,
            { 'content-type': 'application/json; charset=utf-8' },
            '{"error":{"code":"INTERNAL_SERVER_ERROR","message":"internal error in sentera-mock; please report it"}}',
          ),
          outgoing,
        ),
    );
  };
}

/**
 * A {@link MockRequest} over a node:http request. It has no `signal`: a lazily made AbortSignal (a getter) cost ~40 µs
 * a request in `npm run bench`; streaming routes learn that the client left from their stream's `cancel()`.
 */
export function nodeRequest(incoming: IncomingMessage): MockRequest {
  const raw = incoming.headers;

  return {
    method: incoming.method ?? 'GET',
    url: incoming.url ?? '/',
    headers: {
      get(name) {
        const value = raw[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
      forEach(callback) {
        for (const [name, value] of Object.entries(raw))
          if (value !== undefined) callback(Array.isArray(value) ? value.join(', ') : value, name);
      },
    },
    body: incoming,
  };
}

/** Writes a front-door response to a node:http response. */
export async function writeResponse(response: MockResponse, outgoing: ServerResponse): Promise<void> {
  if (outgoing.headersSent) {
    outgoing.end();
    return;
  }
  if (response instanceof TextResponse) {
    outgoing.writeHead(response.status, response.headers.record).end(response.bodyText);
    return;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  outgoing.writeHead(response.status, headers);
  const body = response.body;
  if (body === null) {
    outgoing.end();
    return;
  }
  outgoing.flushHeaders();
  const iterator = body[Symbol.asyncIterator]();
  let closed = false;
  outgoing.once('close', () => {
    closed = true;
    void iterator.return?.();
  });
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done || closed) break;
      outgoing.write(next.value);
    }
  } catch {
    // The stream failed or was cancelled: end what was sent.
  }
  if (!closed) outgoing.end();
}
