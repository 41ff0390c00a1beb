/**
 * create-graphql-handler
 */
import { createHandler, type Handler, type HandlerOptions } from 'graphql-http';
import { ErrorCode } from '../errors.js';

/**
 * graphql-http's framework-free handler, plus one fix-up: the protocol errors graphql-http answers by itself (e.g. a
 * mutation over GET, 405) get `extensions.code` BAD_REQUEST like every other error of the mock. Adapters
 * (express, in-process execution, interception) all go through this one function.
 *
 * @category GraphQL
 */
export function createGraphQLHandler(options: HandlerOptions): Handler {
  const handle = createHandler(options);
  return async (request) => {
    const response = await handle(request);
    const [body, init] = response;
    if (init.status === 200 || typeof body !== 'string') return response;
    return [codeProtocolErrors(body), init];
  };
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
