/**
 * errors
 *
 * The closed vocabulary of expected failures. GraphQL clients see these codes in `extensions.code`.
 */
import { GraphQLError } from 'graphql';

/**
 * Every `extensions.code` the mock puts on a GraphQL error. They are stable: tests and clients may match on them.
 *
 * @category Errors
 */
export const ErrorCode = {
  /** The query text is not valid GraphQL syntax. */
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  /** The operation does not validate against schema.graphql (unknown field, unknown enum value, missing argument...). */
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  /** A variable's value does not fit its declared type. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The request is not a GraphQL-over-HTTP request the server accepts (wrong method, media type...). */
  BAD_REQUEST: 'BAD_REQUEST',
  /** A `Url` argument is not an absolute http(s) URL. */
  INVALID_URL: 'INVALID_URL',
  /** A `ISO8601DateTime` argument is not an ISO 8601 date and time. */
  INVALID_DATE_TIME: 'INVALID_DATE_TIME',
  /** `event_types` is an empty list. */
  EMPTY_EVENT_TYPES: 'EMPTY_EVENT_TYPES',
  /** `update_webhook_subscription` got neither `callback_url` nor `event_types`. */
  NOTHING_TO_UPDATE: 'NOTHING_TO_UPDATE',
  /** More than 100 ids were sent to `delete_webhook_subscriptions`. */
  TOO_MANY_IDS: 'TOO_MANY_IDS',
  /** `page` or `page_size` is out of bounds. */
  INVALID_PAGINATION: 'INVALID_PAGINATION',
  /** An id is not shaped like a Sentera id, or has the wrong type code. */
  INVALID_SENTERA_ID: 'INVALID_SENTERA_ID',
  /** No organization has this id. */
  ORGANIZATION_NOT_FOUND: 'ORGANIZATION_NOT_FOUND',
  /** No webhook subscription has this id. */
  WEBHOOK_SUBSCRIPTION_NOT_FOUND: 'WEBHOOK_SUBSCRIPTION_NOT_FOUND',
  /** The webhook subscription belongs to another organization. */
  WRONG_ORGANIZATION: 'WRONG_ORGANIZATION',
  /** With strict delivery, a `callback_url` whose host is a literal loopback, private or link-local address. */
  BLOCKED_CALLBACK_URL: 'BLOCKED_CALLBACK_URL',
  /** The operation is over the mock's budget (nesting, depth, aliases or cost); the message gives the limit. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** The variables are over the mock's limits (count, list length, string length); the message gives the limit. */
  VARIABLES_TOO_LARGE: 'VARIABLES_TOO_LARGE',
  /** A bug in the mock. Please report it. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** @category Errors */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * An expected failure of a domain operation: what went wrong (`code`) and what to do about it (`message`).
 *
 * @category Errors
 */
export interface Problem {
  readonly code: ErrorCode;
  readonly message: string;
  /** The argument or input path the problem is about, e.g. `['callback_url']`. */
  readonly argument?: string;
}

/**
 * The outcome of an operation that can fail for expected reasons: failures are returned, never thrown.
 *
 * @category Errors
 */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: Problem };

/** Wraps a value as a successful {@link Result}. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Wraps a {@link Problem} as a failed {@link Result}. */
export function fail<T = never>(code: ErrorCode, message: string, argument?: string): Result<T> {
  return { ok: false, problem: argument === undefined ? { code, message } : { code, message, argument } };
}

/**
 * Turns a {@link Problem} into the GraphQL error a client sees, with `extensions.code` set.
 */
export function problemToGraphQLError(problem: Problem): GraphQLError {
  const extensions: Record<string, unknown> = { code: problem.code };
  if (problem.argument !== undefined) extensions['argument'] = problem.argument;
  return new GraphQLError(problem.message, { extensions });
}

/**
 * An error in the mock's configuration or fixtures, found at start-up. Its message names what to fix;
 * the CLI prints it without a stack trace.
 *
 * @category Errors
 */
export class ConfigurationError extends Error {
  /** Where the problem is, e.g. `fixtures/world.yaml: organizations[2].sentera_id`. */
  readonly location: string | undefined;

  constructor(message: string, location?: string) {
    super(location === undefined ? message : `${location}: ${message}`);
    this.name = 'ConfigurationError';
    this.location = location;
  }
}
