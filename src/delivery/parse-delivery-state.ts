/**
 * parse-delivery-state
 */
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import type { DeliveryRecord } from './delivery-types.js';

const STATUSES: readonly unknown[] = ['PENDING', 'SUCCESS', 'FAILED'];
const TRIGGERS: readonly unknown[] = ['scheduled', 'manual', 'duplicate'];

type Check = (value: unknown) => boolean;
const isString: Check = (value) => typeof value === 'string';
const isDate: Check = (value) => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const isStringOrNull: Check = (value) => value === null || typeof value === 'string';

/** Each field of a saved record, with what it must be. */
const RECORD_FIELDS: ReadonlyArray<readonly [string, Check, string]> = [
  ['id', isString, 'a string'],
  ['event_sentera_id', isString, 'a string'],
  ['subscription_sentera_id', isString, 'a string'],
  ['event_type', isString, 'a string'],
  ['url', isString, 'a string'],
  ['status', (value) => STATUSES.includes(value), 'PENDING, SUCCESS or FAILED'],
  ['next_attempt_at', (value) => value === null || isDate(value), 'null or an ISO 8601 date'],
];

/** Each field of a saved attempt. */
const ATTEMPT_FIELDS: ReadonlyArray<readonly [string, Check, string]> = [
  ['trigger', (value) => TRIGGERS.includes(value), 'scheduled, manual or duplicate'],
  ['at', isDate, 'an ISO 8601 date'],
  ['status_code', (value) => value === null || Number.isInteger(value), 'null or a whole number'],
  ['duration_ms', (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0, 'a number >= 0'],
  ['error', isStringOrNull, 'null or a string'],
  ['response', isString, 'a string'],
  ['token_refreshed', (value) => typeof value === 'boolean', 'true or false'],
];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first field of `value` that is missing or wrong, as a message. */
function problemIn(value: unknown, fields: ReadonlyArray<readonly [string, Check, string]>, at: string): string | null {
  if (!isRecord(value)) return `${at}: expected an object`;
  for (const [name, check, expected] of fields) if (!check(value[name])) return `${at}.${name}: expected ${expected}`;
  return null;
}

/**
 * Checks the delivery log's share of a saved state (`{dropped, records}`, or the bare list of records older states
 * saved): the first problem is an error naming its path under `at`, e.g. `parts.deliveries.records[2].attempts[0].at:
 * expected an ISO 8601 date`.
 *
 * @category Delivery
 */
export function parseDeliveryState(
  input: unknown,
  at: string,
): Result<{ dropped: number; records: readonly DeliveryRecord[] }> {
  const records: unknown = Array.isArray(input) ? input : isRecord(input) ? input['records'] : undefined;
  const dropped: unknown = isRecord(input) ? (input['dropped'] ?? 0) : 0;
  if (!Number.isSafeInteger(dropped) || (dropped as number) < 0)
    return fail(ErrorCode.BAD_USER_INPUT, `${at}.dropped: expected a whole number >= 0`);
  if (!Array.isArray(records))
    return fail(ErrorCode.BAD_USER_INPUT, `${at}: expected {dropped, records: [delivery records]}`);
  const base = Array.isArray(input) ? at : `${at}.records`;
  for (const [index, record] of records.entries()) {
    const where = `${base}[${index}]`;
    const problem = problemIn(record, RECORD_FIELDS, where);
    if (problem) return fail(ErrorCode.BAD_USER_INPUT, problem);
    const attempts: unknown = (record as Record<string, unknown>)['attempts'];
    if (!Array.isArray(attempts)) return fail(ErrorCode.BAD_USER_INPUT, `${where}.attempts: expected a list`);
    for (const [number, attempt] of attempts.entries()) {
      const attemptProblem = problemIn(attempt, ATTEMPT_FIELDS, `${where}.attempts[${number}]`);
      if (attemptProblem) return fail(ErrorCode.BAD_USER_INPUT, attemptProblem);
    }
  }
  return ok({ dropped: dropped as number, records: records as DeliveryRecord[] });
}
