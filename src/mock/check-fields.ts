/**
 * check-fields
 *
 * The control API's input checks: a body must be a JSON object with the route's fields (missing ones named,
 * unknown ones refused), a query only the route's parameters, and a route without input gets none.
 */
import { ErrorCode } from '../errors.js';
import type { ControlResponse } from '../http/control-api-types.js';
import { problem } from './control-problem.js';

/** The fields of a JSON object: the ones it must have and the ones it may have. */
export interface FieldSpec {
  readonly required?: readonly string[];
  readonly optional?: readonly string[];
}

/**
 * The body as an object with only the given fields, or a 400 naming what is missing or unknown. `where` names the
 * route or the field holding the object (e.g. `POST /_mock/events` or `payload`).
 */
export function objectWith(value: unknown, spec: FieldSpec, where: string): Checked<Record<string, unknown>> {
  const { required = [], optional = [] } = spec;
  const expected = describeFields(spec);
  if (value === undefined && required.length === 0) return { ok: true, value: {} };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return refuse(
      `${where} takes a JSON object with ${expected}; got ${value === undefined ? 'no body' : JSON.stringify(value)}`,
    );
  }
  const record = value as Record<string, unknown>;
  const missing = required.filter((name) => record[name] === undefined);
  if (missing.length > 0) return refuse(`${where} is missing ${list(missing)}; it takes ${expected}`);
  const unknown = Object.keys(record).filter((name) => !required.includes(name) && !optional.includes(name));
  if (unknown.length > 0)
    return refuse(`${where} has unknown field${unknown.length > 1 ? 's' : ''} ${list(unknown)}; it takes ${expected}`);
  return { ok: true, value: record };
}

/** A 400 when a route that takes no body got one. */
export function noBody(value: unknown, where: string): ControlResponse | undefined {
  if (
    value === undefined ||
    (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
  )
    return undefined;
  return problem(400, ErrorCode.BAD_USER_INPUT, `${where} takes no body; got ${JSON.stringify(value)}`);
}

/** A 400 when the query has parameters other than `allowed` (or one of them twice). */
export function checkQuery(
  query: URLSearchParams,
  allowed: readonly string[],
  where: string,
): ControlResponse | undefined {
  const names = [...query.keys()];
  const unknown = [...new Set(names.filter((name) => !allowed.includes(name)))];
  if (unknown.length > 0) {
    return problem(
      400,
      ErrorCode.BAD_USER_INPUT,
      `${where} has unknown query parameter${unknown.length > 1 ? 's' : ''} ${list(unknown)}; ${allowed.length === 0 ? 'it takes none' : `it takes ${list(allowed)}`}`,
    );
  }
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined)
    return problem(400, ErrorCode.BAD_USER_INPUT, `${where}: query parameter "${repeated}" given more than once`);
  return undefined;
}

/** A checked value, or the 400 response refusing it. */
export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly response: ControlResponse };

function refuse(message: string): { ok: false; response: ControlResponse } {
  return { ok: false, response: problem(400, ErrorCode.BAD_USER_INPUT, message) };
}

function describeFields(spec: FieldSpec): string {
  const { required = [], optional = [] } = spec;
  const parts = [...required.map((name) => `"${name}"`), ...optional.map((name) => `"${name}" (optional)`)];
  return parts.length === 0 ? 'no fields' : parts.join(', ');
}

function list(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}
