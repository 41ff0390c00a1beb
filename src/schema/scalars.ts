/**
 * scalars
 */
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { ErrorCode } from '../errors.js';
import { checkUrl } from '../store/check-input.js';

/**
 * An Error that carries `extensions`: graphql-js copies them onto the GraphQL error it reports for a bad
 * argument or variable, so the client sees a stable `extensions.code`.
 */
class ScalarInputError extends Error {
  readonly extensions: Record<string, unknown>;
  constructor(message: string, code: string) {
    super(message);
    this.name = 'ScalarInputError';
    this.extensions = { code };
  }
}

/**
 * `Url`: an absolute http(s) URL, serialised as a string.
 *
 * @category Schema
 */
export const UrlScalar = new GraphQLScalarType<string, string>({
  name: 'Url',
  serialize(value) {
    if (typeof value === 'string') return value;
    if (value instanceof URL) return value.href;
    throw new TypeError(`Url cannot represent ${String(value)}`);
  },
  parseValue: (value) => parseUrl(value),
  parseLiteral(node) {
    if (node.kind !== Kind.STRING)
      throw new ScalarInputError(
        `a Url must be a string such as "https://example.com/webhooks", got ${describeNode(node)}`,
        ErrorCode.INVALID_URL,
      );
    return parseUrl(node.value);
  },
});

/**
 * `ISO8601DateTime`: a date and time, e.g. `2022-01-31T13:27:09Z`. Input: a full ISO 8601 date-time; without an
 * offset it is taken as UTC. Output: UTC, second precision, `Z` suffix.
 *
 * @category Schema
 */
export const ISO8601DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'ISO8601DateTime',
  serialize(value) {
    if (value instanceof Date) return formatDateTime(value);
    if (typeof value === 'string') return formatDateTime(parseDateTime(value));
    throw new TypeError(`ISO8601DateTime cannot represent ${String(value)}`);
  },
  parseValue: (value) => parseDateTime(value),
  parseLiteral(node) {
    if (node.kind !== Kind.STRING)
      throw new ScalarInputError(
        `an ISO8601DateTime must be a string such as "2022-01-31T13:27:09Z", got ${describeNode(node)}`,
        ErrorCode.INVALID_DATE_TIME,
      );
    return parseDateTime(node.value);
  },
});

/**
 * Formats an instant as Sentera does: `2022-01-31T13:27:09Z`.
 *
 * @category Schema
 */
export function formatDateTime(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an ISO 8601 date-time, taking one without an offset as UTC.
 *
 * @throws an Error with `extensions.code` INVALID_DATE_TIME when it is not one.
 */
export function parseDateTime(value: unknown): Date {
  if (typeof value === 'string' && DATE_TIME.test(value)) {
    const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(value);
    const instant = new Date(hasOffset ? value : `${value}Z`);
    if (!Number.isNaN(instant.getTime())) return instant;
  }
  throw new ScalarInputError(
    `expected an ISO 8601 date and time such as "2022-01-31T13:27:09Z", got ${JSON.stringify(value)}`,
    ErrorCode.INVALID_DATE_TIME,
  );
}

function parseUrl(value: unknown): string {
  const checked = checkUrl(value, 'a Url');
  if (!checked.ok) throw new ScalarInputError(checked.problem.message, checked.problem.code);
  return checked.value;
}

function describeNode(node: ValueNode): string {
  return node.kind === Kind.VARIABLE
    ? `variable $${node.name.value}`
    : `a ${node.kind.toLowerCase().replace('value', '')} value`;
}
