/**
 * create-graphql-handler
 */
import { createHandler, type Handler, type HandlerOptions } from 'graphql-http';
import { ErrorCode } from '../errors.js';
import { fastPathOf } from './create-handler-options.js';

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
  const fastPath = fastPathOf(options);
  return async (request) => {
    const response = await (fastPath?.(request) ?? handle(request));
    const [body, init] = response;
    if (typeof body !== 'string') return response;
    if (init.status === 200)
      return isRequestError(body, init.headers)
        ? [body, { ...init, status: 400, statusText: 'Bad Request' }]
        : response;
    return [codeProtocolErrors(body), init];
  };
}

/** graphql-http's terse protocol messages, said with what to fix. */
const PROTOCOL_MESSAGES: Readonly<Record<string, string>> = {
  'Missing body': 'the POST has no body; send {"query": "..."} as JSON with content-type: application/json',
  'Unparsable JSON body':
    'the body is not valid JSON; send {"query": "...", "variables": {...}} with content-type: application/json',
  'JSON body must be an object': 'the JSON body must be an object such as {"query": "{ __typename }"}',
  'Missing query': 'no "query" in the request; send {"query": "..."} (POST) or ?query=... (GET)',
  'Invalid query': '"query" must be a string of GraphQL',
  'Invalid variables': '"variables" must be a JSON object (or null)',
  'Invalid operationName': '"operationName" must be a string (or null)',
  'Invalid extensions': '"extensions" must be a JSON object (or null)',
  'Unparsable URL': 'the request URL cannot be parsed',
  'Cannot perform mutations over GET': 'mutations cannot be sent over GET; POST them as JSON',
  'Subscriptions are not supported':
    'this endpoint does not serve GraphQL subscriptions over HTTP; use webhooks (create_webhook_subscription)',
};

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
