/**
 * create-graphql-handler
 */
import { createHandler, type Handler, type HandlerOptions } from 'graphql-http';
import { ErrorCode } from '../errors.js';

/**
 * graphql-http's framework-free handler, plus one fix-up: the protocol errors graphql-http answers by itself (e.g. a
 * mutation over GET, 405) get `extensions.code` BAD_REQUEST like every other error of the mock, and request errors
 * answered as `application/graphql-response+json` get status 400 (graphql-http gives 200 for a variable error). Adapters
 * (express, in-process execution, interception) all go through this one function.
 *
 * @category GraphQL
 */
export function createGraphQLHandler(options: HandlerOptions): Handler {
  const handle = createHandler(options);
  return async (request) => {
    const response = await handle(request);
    const [body, init] = response;
    if (typeof body !== 'string') return response;
    if (init.status === 200) return isRequestError(body, init.headers) ? [body, { ...init, status: 400, statusText: 'Bad Request' }] : response;
    return [codeProtocolErrors(body), init];
  };
}

/**
 * With `application/graphql-response+json`, a result without `data` (the request failed before execution started:
 * variable coercion, variable limits) is a 400, as the GraphQL-over-HTTP spec requires; graphql-http answers 200.
 */
function isRequestError(body: string, headers: unknown): boolean {
  if (!body.startsWith('{"errors":')) return false;
  const contentType = (headers as Record<string, string> | undefined)?.['content-type'] ?? '';
  if (!contentType.startsWith('application/graphql-response+json')) return false;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return !('data' in parsed);
  } catch {
    return false;
  }
}

function codeProtocolErrors(body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return body;
  let changed = false;
  for (const error of errors as Array<{ extensions?: Record<string, unknown> }>) {
    if (typeof error.extensions?.['code'] !== 'string') {
      error.extensions = { ...error.extensions, code: ErrorCode.BAD_REQUEST };
      changed = true;
    }
  }
  return changed ? JSON.stringify(parsed) : body;
}
