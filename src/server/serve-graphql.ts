/**
 * serve-graphql
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handler } from 'graphql-http';

/**
 * Answers one node:http request with a framework-free graphql-http handler: the same translation as graphql-http's
 * own node adapter. Used directly by the mock's server for `/graphql`, and by the express app.
 *
 * @category Server
 */
export async function serveGraphQL(handle: Handler, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const [body, init] = await handle({ url: request.url ?? '/', method: request.method ?? 'GET', headers: request.headers, body: () => readBody(request), raw: request, context: null });
    response.writeHead(init.status, init.statusText, init.headers).end(body);
  } catch {
    // A bug in the mock, not the client's mistake.
    if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify({ errors: [{ message: 'internal error in sentera-mock; please report it', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}
