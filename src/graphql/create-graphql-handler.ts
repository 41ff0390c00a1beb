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

/** graphql-http's terse protocol messages, said with what to fix. */
const PROTOCOL_MESSAGES: Readonly<Record<string, string>> = {
  'Missing body': 'the POST has no body; send {"query": "..."} as JSON with content-type: application/json',
  'Unparsable JSON body': 'the body is not valid JSON; send {"query": "...", "variables": {...}} with content-type: application/json',
  'JSON body must be an object': 'the JSON body must be an object such as {"query": "{ __typename }"}',
  'Missing query': 'no "query" in the request; send {"query": "..."} (POST) or ?query=... (GET)',
  'Invalid query': '"query" must be a string of GraphQL',
  'Invalid variables': '"variables" must be a JSON object (or null)',
  'Invalid operationName': '"operationName" must be a string (or null)',
  'Invalid extensions': '"extensions" must be a JSON object (or null)',
  'Unparsable URL': 'the request URL cannot be parsed',
  'Cannot perform mutations over GET': 'mutations cannot be sent over GET; POST them as JSON',
  'Subscriptions are not supported': 'this endpoint does not serve GraphQL subscriptions over HTTP; use webhooks (create_webhook_subscription)',
};

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
  for (const error of errors as Array<{ message?: unknown; extensions?: Record<string, unknown> }>) {
    const better = typeof error.message === 'string' ? PROTOCOL_MESSAGES[error.message] : undefined;
    if (better !== undefined) {
      error.message = better;
      changed = true;
    }
    if (typeof error.extensions?.['code'] !== 'string') {
      error.extensions = { ...error.extensions, code: ErrorCode.BAD_REQUEST };
      changed = true;
    }
  }
  return changed ? JSON.stringify(parsed) : body;
}
