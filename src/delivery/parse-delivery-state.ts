/**
 * parse-delivery-state
 */
import * as v from 'valibot';
import type { Result } from '../errors.js';
import { readDocument } from '../validate/check-document.js';
import { anObject, missingFieldMessage, type Entries } from '../validate/schema-parts.js';
import type { DeliveryRecord } from './delivery-types.js';

const aString = () => v.string('expected a string');
const aDate = (message: string) =>
  v.pipe(
    v.string(message),
    v.check((value) => !Number.isNaN(Date.parse(value)), message),
  );

/** An object with these fields (others are left out); a missing field gets that field's own message. */
const fields = <const TEntries extends Entries>(entries: TEntries) =>
  v.object(entries, (issue) => missingFieldMessage(entries, issue) ?? 'expected an object');

const attempt = fields({
  trigger: v.picklist(['scheduled', 'manual', 'duplicate'], 'expected scheduled, manual or duplicate'),
  at: aDate('expected an ISO 8601 date'),
  status_code: v.nullable(
    v.pipe(v.number('expected null or a whole number'), v.integer('expected null or a whole number')),
  ),
  duration_ms: v.pipe(
    v.number('expected a number >= 0'),
    v.finite('expected a number >= 0'),
    v.minValue(0, 'expected a number >= 0'),
  ),
  error: v.nullable(v.string('expected null or a string')),
  response: aString(),
  token_refreshed: v.boolean('expected true or false'),
});

const record = fields({
  id: aString(),
  event_sentera_id: aString(),
  subscription_sentera_id: aString(),
  event_type: aString(),
  url: aString(),
  status: v.picklist(['PENDING', 'SUCCESS', 'FAILED'], 'expected PENDING, SUCCESS or FAILED'),
  next_attempt_at: v.nullable(aDate('expected null or an ISO 8601 date')),
  attempts: v.pipe(
    v.array(attempt, 'expected a list'),
    // An attempt's number is its place in the list, as the log shows it; the saved one is not read.
    v.transform((attempts) => attempts.map((saved, index) => ({ attempt: index + 1, ...saved }))),
  ),
});

const NOT_DELIVERIES = 'expected {dropped, records: [delivery records]}';
const dropped = v.nullish(
  v.pipe(
    v.number('expected a whole number >= 0'),
    v.safeInteger('expected a whole number >= 0'),
    v.minValue(0, 'expected a whole number >= 0'),
  ),
  0,
);

/** The current form: `dropped` is checked first, then `records` must be a list (or the whole is refused). */
const deliveryState = v.pipe(
  anObject(NOT_DELIVERIES),
  v.looseObject({ dropped }),
  v.check((state) => Array.isArray(state['records']), NOT_DELIVERIES),
  v.object({ dropped: v.number(), records: v.array(record) }),
);

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
  if (!Array.isArray(input)) return readDocument(deliveryState, input, at);
  const records = readDocument(v.array(record), input, at);
  return records.ok ? { ok: true, value: { dropped: 0, records: records.value } } : records;
}
