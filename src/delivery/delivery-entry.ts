/**
 * delivery-entry
 */
import type { OrganizationEvent, WebhookEventStatus } from '../events/event-types.js';
import type { AttemptRecord, DeliveryRecord } from './delivery-types.js';

const TRIGGERS: readonly AttemptRecord['trigger'][] = ['scheduled', 'manual', 'duplicate'];
/** Added to the trigger's index in an attempt's flags slot. */
const TOKEN_REFRESHED = 4;
/**
 * Slots per attempt in {@link DeliveryEntry.attempts}: start (ms since the epoch for the first attempt, ms after the
 * first one's for the others: a small integer needs no heap number), status code or null, duration in hundredths of a
 * millisecond, flags (trigger index + {@link TOKEN_REFRESHED}), error or null, response.
 */
const SLOTS = 6;

/**
 * What the dispatcher keeps of a delivery while it has an attempt in flight or scheduled.
 *
 * @category Delivery
 */
export interface DeliveryJob {
  readonly event: OrganizationEvent;
  /** Attempts in the current sequence (a redelivery starts a new one). */
  sequence: number;
  /** Only the first attempt of a redelivery is `manual`. */
  trigger: 'scheduled' | 'manual';
  /** The pending timer, if an attempt is scheduled. */
  timer: unknown;
}

/**
 * One delivery as the log keeps it: times as numbers, every attempt as six slots of one flat array (no object, no
 * date string per attempt), strings shared through an interner by the caller. {@link renderDelivery} gives the public
 * {@link DeliveryRecord} when someone reads it.
 *
 * @category Delivery
 */
export interface DeliveryEntry {
  readonly id: string;
  readonly eventId: string;
  readonly subscriptionId: string;
  readonly eventType: string;
  url: string;
  status: WebhookEventStatus;
  /** Milliseconds since the epoch, or null. */
  nextAttemptAt: number | null;
  attempts: ReadonlyArray<number | string | null>;
  /** Present while the delivery is pending or has an attempt in flight; dropped when it ends (so is its event). */
  job: DeliveryJob | undefined;
}

/**
 * One attempt to append, as the sender measured it.
 *
 * @category Delivery
 */
interface AttemptFacts {
  readonly trigger: AttemptRecord['trigger'];
  /** When it started, in milliseconds since the epoch. */
  readonly at: number;
  readonly statusCode: number | null;
  readonly durationMs: number;
  readonly error: string | null;
  readonly response: string;
  readonly tokenRefreshed: boolean;
}

/**
 * A new entry with no attempt yet, pending.
 *
 * @category Delivery
 */
export function createDeliveryEntry(fields: {
  id: string;
  eventId: string;
  subscriptionId: string;
  eventType: string;
  url: string;
}): DeliveryEntry {
  return {
    id: fields.id,
    eventId: fields.eventId,
    subscriptionId: fields.subscriptionId,
    eventType: fields.eventType,
    url: fields.url,
    status: 'PENDING',
    nextAttemptAt: null,
    attempts: [],
    job: undefined,
  };
}

/**
 * Appends one attempt (numbered after the ones already there). The duration is kept to a hundredth of a millisecond,
 * as the log shows it.
 *
 * @category Delivery
 */
export function appendAttempt(entry: DeliveryEntry, attempt: AttemptFacts): void {
  const first = entry.attempts[0] as number | undefined;
  entry.attempts = entry.attempts.concat(
    first === undefined ? attempt.at : attempt.at - first,
    attempt.statusCode,
    Math.round(attempt.durationMs * 100),
    TRIGGERS.indexOf(attempt.trigger) + (attempt.tokenRefreshed ? TOKEN_REFRESHED : 0),
    attempt.error,
    attempt.response,
  );
}

/**
 * How many attempts an entry holds.
 *
 * @category Delivery
 */
export function attemptCount(entry: DeliveryEntry): number {
  return entry.attempts.length / SLOTS;
}

/**
 * The public shape of an entry's attempt `index` (0-based), as the control API, the console, the state export and
 * `onAttempt` show it.
 *
 * @category Delivery
 */
export function renderAttempt(entry: DeliveryEntry, index: number): AttemptRecord {
  const slots = entry.attempts;
  const first = index * SLOTS;
  const flags = slots[first + 3] as number;
  return {
    attempt: index + 1,
    trigger: TRIGGERS[flags % TOKEN_REFRESHED] as AttemptRecord['trigger'],
    at: new Date((slots[first] as number) + (index === 0 ? 0 : (slots[0] as number))).toISOString(),
    status_code: slots[first + 1] as number | null,
    duration_ms: (slots[first + 2] as number) / 100,
    error: slots[first + 4] as string | null,
    response: slots[first + 5] as string,
    token_refreshed: flags >= TOKEN_REFRESHED,
  };
}

/**
 * The public shape of an entry: a new object on every call, which later attempts do not change.
 *
 * @category Delivery
 */
export function renderDelivery(entry: DeliveryEntry): DeliveryRecord {
  const attempts: AttemptRecord[] = [];
  for (let index = 0; index < attemptCount(entry); index++) attempts.push(renderAttempt(entry, index));
  return {
    id: entry.id,
    event_sentera_id: entry.eventId,
    subscription_sentera_id: entry.subscriptionId,
    event_type: entry.eventType,
    url: entry.url,
    status: entry.status,
    attempts,
    next_attempt_at: entry.nextAttemptAt === null ? null : new Date(entry.nextAttemptAt).toISOString(),
  };
}

/**
 * An entry from a saved record (already checked), its strings passed through `intern`.
 *
 * @category Delivery
 */
export function entryFromRecord(record: DeliveryRecord, intern: (text: string) => string): DeliveryEntry {
  const entry = createDeliveryEntry({
    id: record.id,
    eventId: record.event_sentera_id,
    subscriptionId: record.subscription_sentera_id,
    eventType: intern(record.event_type),
    url: intern(record.url),
  });
  entry.status = record.status;
  entry.nextAttemptAt = record.next_attempt_at === null ? null : Date.parse(record.next_attempt_at);
  for (const attempt of record.attempts)
    appendAttempt(entry, {
      trigger: attempt.trigger,
      at: Date.parse(attempt.at),
      statusCode: attempt.status_code,
      durationMs: attempt.duration_ms,
      error: attempt.error === null ? null : intern(attempt.error),
      response: intern(attempt.response),
      tokenRefreshed: attempt.token_refreshed,
    });
  return entry;
}
