/**
 * mock-state-parts
 */
import * as v from 'valibot';
import { ok } from '../errors.js';
import type { Delivery } from '../delivery/create-delivery.js';
import type { EventLog } from '../events/create-event-log.js';
import { MAX_COUNTER, type IdGenerator } from '../ids/create-id-generator.js';
import { isManualClock, type Clock } from '../runtime/clock.js';
import { dateTime } from '../fixtures/fixture-schema-parts.js';
import type { StatePart } from '../state/create-state-registry.js';
import type { Store } from '../store/create-store.js';
import { parseStoreChangeRecord } from '../store/store-change-record.js';
import { parseStoreSnapshot } from '../store/parse-store-snapshot.js';
import { redactStoreSecrets, restoreRedactedSecrets } from '../store/redact-store-secrets.js';
import { readDocument } from '../validate/check-document.js';
import { anObject, asAWhole } from '../validate/schema-parts.js';

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

const COUNTER = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_COUNTER));
const COUNTERS = asAWhole(
  v.pipe(
    anObject(''),
    v.transform((counters) => Object.entries(counters)),
    v.array(v.tuple([v.string(), COUNTER])),
    v.transform((entries) => Object.fromEntries(entries)),
  ),
  () => `expected an object of counters (whole numbers from 0 to ${MAX_COUNTER})`,
);

function idsPart(ids: IdGenerator): StatePart {
  return {
    key: 'ids',
    snapshot: () => ids.snapshot(),
    parse(data, at) {
      const counters = readDocument(v.optional(COUNTERS, {}), data, at);
      return counters.ok ? ok(() => ids.restore(counters.value)) : counters;
    },
  };
}

/** Without delivery, a saved delivery log is kept as it is, so state round-trips either way. */
function keptDeliveriesPart(): StatePart {
  let kept: unknown;
  return { key: 'deliveries', snapshot: () => kept ?? [], parse: (data) => ok(() => (kept = data)) };
}

const SAVED_CLOCK = asAWhole(
  v.looseObject({ now: dateTime() }),
  () => 'expected {"now": "<ISO 8601 date-time>"} or null',
);

/** A manual clock is part of the state: after a restart, new events must not be dated before earlier ones. */
function clockPart(clock: Clock): StatePart {
  return {
    key: 'clock',
    snapshot: () => (isManualClock(clock) ? { now: clock.now().toISOString() } : null),
    parse(data, at) {
      if (data === undefined || data === null || !isManualClock(clock)) return ok(() => undefined);
      const saved = readDocument(SAVED_CLOCK, data, at);
      return saved.ok ? ok(() => clock.set(saved.value.now)) : saved;
    },
  };
}
