/**
 * check-input
 *
 * Validation of the values clients send, shared by the GraphQL scalars and the store so that the library API and
 * the endpoint refuse the same things with the same codes.
 */
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './types.js';

/** The longest URL accepted (inferred; common senders cap at about 2000). */
const MAX_URL_LENGTH = 2048;

// The last URL accepted: a request checks its callback URL twice (the Url scalar, then the store), and clients send
// the same few URLs again and again, so this skips most URL parsing (a pure function's memo: nothing observable).
let lastAccepted: string | undefined;

/**
 * Checks that `value` is an absolute http or https URL with a host, at most {@link MAX_URL_LENGTH} characters.
 */
export function checkUrl(value: unknown, argument: string): Result<string> {
  if (typeof value !== 'string') return urlProblem(argument, `got ${describe(value)}`);
  if (value === lastAccepted) return ok(value);
  if (value.length > MAX_URL_LENGTH)
    return urlProblem(argument, `it is ${value.length} characters long, more than ${MAX_URL_LENGTH}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return urlProblem(argument, `"${value}" is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return urlProblem(argument, `"${value}" uses ${url.protocol.slice(0, -1)}`);
  if (url.hostname === '') return urlProblem(argument, `"${value}" has no host`);
  lastAccepted = value;
  return ok(value);
}

// Not a closure in checkUrl: that would be a function allocated (and, under tsx, named) on every call of a hot path.
function urlProblem(argument: string, why: string): Result<string> {
  return fail(
    ErrorCode.INVALID_URL,
    `${argument} must be an absolute http(s) URL such as "https://example.com/webhooks"; ${why}`,
    argument,
  );
}

/**
 * Checks an `event_types` list: not empty, every value a known `WebhookEventType`. Duplicates are dropped,
 * keeping the first occurrence's order.
 */
export function checkEventTypes(value: readonly unknown[], argument = 'event_types'): Result<WebhookEventType[]> {
  if (value.length === 0) {
    return fail(
      ErrorCode.EMPTY_EVENT_TYPES,
      `${argument} must list at least one event type, e.g. [${WEBHOOK_EVENT_TYPES[0]}]`,
      argument,
    );
  }
  const unknown = value.filter((type) => !(WEBHOOK_EVENT_TYPES as readonly unknown[]).includes(type));
  if (unknown.length > 0) {
    return fail(
      ErrorCode.BAD_USER_INPUT,
      `${argument} has unknown event types ${unknown.map(describe).join(', ')}; expected any of ${WEBHOOK_EVENT_TYPES.join(', ')}`,
      argument,
    );
  }
  return ok([...new Set(value as WebhookEventType[])]);
}

/** A short description of a value for an error message. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}
