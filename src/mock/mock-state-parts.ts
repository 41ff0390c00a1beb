/**
 * mock-state-parts
 */
import { ErrorCode, fail, ok } from '../errors.js';
import type { Delivery } from '../delivery/create-delivery.js';
import type { EventLog } from '../events/create-event-log.js';
import { MAX_COUNTER, type IdGenerator } from '../ids/create-id-generator.js';
import { isManualClock, type Clock } from '../runtime/clock.js';
import { parseDateTime } from '../schema/scalars.js';
import type { StatePart } from '../state/create-state-registry.js';
import type { Store } from '../store/create-store.js';
import { parseStoreChangeRecord } from '../store/store-change-record.js';
import { parseStoreSnapshot } from '../store/parse-store-snapshot.js';
import { redactStoreSecrets, restoreRedactedSecrets } from '../store/redact-store-secrets.js';

/** Options of {@link mockStateParts}: the components whose state a mock saves. */
export interface MockStatePartsOptions {
  store: Store;
  /** The fixtures' organization ids: a state document cannot remove them. */
  fixtureOrganizations: ReadonlySet<string>;
  ids: IdGenerator;
  events: EventLog;
  /** The webhook sender, or undefined when delivery is off (a saved delivery log is then kept as it is). */
  delivery: Delivery | undefined;
  clock: Clock;
}

/**
 * The parts of a mock's state, in the order they are restored: store, ids, events, deliveries, clock.
 *
 * @category Mock
 */
export function mockStateParts(options: MockStatePartsOptions): StatePart[] {
  const { store, fixtureOrganizations, ids, events, delivery, clock } = options;
  return [
    storePart(store, fixtureOrganizations),
    idsPart(ids),
    events.statePart,
    delivery?.statePart ?? keptDeliveriesPart(),
    clockPart(clock),
  ];
}

function storePart(store: Store, fixtureOrganizations: ReadonlySet<string>): StatePart {
  return {
    key: 'store',
    snapshot: (snapshotOptions) =>
      snapshotOptions?.redactSecrets ? redactStoreSecrets(store.snapshot()) : store.snapshot(),
    parse(data, at) {
      const unredacted = restoreRedactedSecrets(data, at, store);
      if (!unredacted.ok) return unredacted;
      const parsed = parseStoreSnapshot(unredacted.value, at, fixtureOrganizations);
      return parsed.ok ? ok(() => store.restore(parsed.value)) : parsed;
    },
    parseChange(data, at) {
      const parsed = parseStoreChangeRecord(data, at, store);
      return parsed.ok ? ok(() => store.replay(parsed.value)) : parsed;
    },
  };
}

function idsPart(ids: IdGenerator): StatePart {
  return {
    key: 'ids',
    snapshot: () => ids.snapshot(),
    parse(data, at) {
      if (data === undefined) return ok(() => ids.restore({}));
      const valid =
        data !== null &&
        typeof data === 'object' &&
        !Array.isArray(data) &&
        Object.values(data).every(
          (count) => Number.isInteger(count) && (count as number) >= 0 && (count as number) <= MAX_COUNTER,
        );
      return valid
        ? ok(() => ids.restore(data as Record<string, number>))
        : fail(
            ErrorCode.BAD_USER_INPUT,
            `${at}: expected an object of counters (whole numbers from 0 to ${MAX_COUNTER})`,
          );
    },
  };
}

/** Without delivery, a saved delivery log is kept as it is, so state round-trips either way. */
function keptDeliveriesPart(): StatePart {
  let kept: unknown;
  return { key: 'deliveries', snapshot: () => kept ?? [], parse: (data) => ok(() => (kept = data)) };
}

/** A manual clock is part of the state: after a restart, new events must not be dated before earlier ones. */
function clockPart(clock: Clock): StatePart {
  return {
    key: 'clock',
    snapshot: () => (isManualClock(clock) ? { now: clock.now().toISOString() } : null),
    parse(data, at) {
      if (data === undefined || data === null || !isManualClock(clock)) return ok(() => undefined);
      const now = (data as { now?: unknown }).now;
      let instant: Date;
      try {
        instant = parseDateTime(typeof now === 'string' ? now : '');
      } catch {
        return fail(ErrorCode.BAD_USER_INPUT, `${at}: expected {"now": "<ISO 8601 date-time>"} or null`);
      }
      return ok(() => clock.set(instant));
    },
  };
}
