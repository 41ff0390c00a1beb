/**
 * create-request-handler
 */
import type { Handler, Response } from 'graphql-http';
import type { ControlApi } from './control-api.js';
import type { SenteraMock } from './create-mock.js';

/** Options of {@link createRequestHandler}. */
export interface RequestHandlerOptions {
  mock: SenteraMock;
  control: ControlApi;
  /** The path of the GraphQL endpoint. @default '/graphql' */
  graphqlPath?: string;
}

/**
 * One framework-free function for every path of a mock: the GraphQL endpoint, `/_mock/*` (control API) and a JSON
 * 404 for the rest. Used where no HTTP server runs (in-process interception).
 *
 * @category Mock
 */
export function createRequestHandler(options: RequestHandlerOptions): Handler {
  const { mock, control, graphqlPath = '/graphql' } = options;
  return async (request) => {
    const url = new URL(request.url, 'http://localhost');
    if (url.pathname === graphqlPath) return mock.graphqlHandler(request);
    if (url.pathname === '/_mock' || url.pathname.startsWith('/_mock/')) {
      const text = typeof request.body === 'function' ? await request.body() : request.body;
      let body: unknown;
      if (typeof text === 'string' && text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          return json(400, { error: { code: 'BAD_REQUEST', message: 'the control API takes a JSON body' } });
        }
      } else if (text && typeof text === 'object') {
        body = text;
      }
      const response = await control({ method: request.method, path: url.pathname.slice('/_mock'.length) || '/', query: url.searchParams, body });
      return json(response.status, response.body);
    }
    return json(404, { error: { code: 'NOT_FOUND', message: `nothing at ${request.method} ${url.pathname}; the GraphQL endpoint is POST ${graphqlPath}` } });
  };
}

function json(status: number, body: unknown): Response {
  return [JSON.stringify(body), { status, statusText: '', headers: { 'content-type': 'application/json; charset=utf-8' } }];
}
