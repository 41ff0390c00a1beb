/**
 * create-event-log
 */
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import type { EventFixture, StreamFixture, UserFixture } from '../fixtures/fixture-types.js';
import type { IdGenerator } from '../ids/create-id-generator.js';
import { parseSenteraId, TypeCode } from '../ids/sentera-id.js';
import type { Clock } from '../runtime/clock.js';
import { sha256 } from '../runtime/sha256.js';
import type { StatePart } from '../state/create-state-registry.js';
import type { Store } from '../store/create-store.js';
import { checkPagination } from '../store/paginate.js';
import {
  WEBHOOK_EVENT_TYPES,
  type Organization,
  type Page,
  type Pagination,
  type WebhookEventType,
  type WebhookSubscription,
} from '../store/types.js';
import { createEventStream, type EventStream } from './create-event-stream.js';
import { createUserPool } from './create-user-pool.js';
import { payloadTypename, TRIGGERING_TYPE_CODE } from './event-type-info.js';
import type { DeliveryState, OrganizationEvent, WebhookEvent, WebhookEventStatus } from './event-types.js';
import { compareEvents, listSource, pageOf, streamSource, toSecond, type EventSource } from './page-of.js';
import { parseEventLogSnapshot, type EventLogSnapshot } from './parse-event-log-snapshot.js';

/**
 * The arguments of `WebhookSubscription.events`.
 *
 * @category Events
 */
export interface EventsQuery {
  readonly pagination: Pagination;
  readonly date_range?: { readonly start_date?: Date | null; readonly end_date?: Date | null } | null;
  readonly event_type?: WebhookEventType | null;
  readonly status?: WebhookEventStatus | null;
}

/**
 * What {@link EventLog.emit} takes: an event that happens now in an organization.
 *
 * @category Events
 */
export interface EmitInput {
  readonly type: string;
  readonly organization_sentera_id: string;
  /** Payload fields to set; the others are generated. */
  readonly payload?: { readonly created_by_id?: string; readonly updated_by_id?: string | null };
  /** The object the event is about; minted (TA, CO or FS) when absent. */
  readonly triggering_object_id?: string;
  /** @default the clock's now */
  readonly created_at?: Date;
}

/**
 * The events of the mock: fixture events, generated streams (never materialised) and events emitted at run time, with
 * each subscription's view of them.
 *
 * @category Events
 */
export interface EventLog {
  /** Whether organizations' subscriptions also get their descendants' events. */
  readonly bubbling: boolean;
  /** One page of a subscription's events, filtered as `WebhookSubscription.events` is. */
  query(subscription: WebhookSubscription, query: EventsQuery): Result<Page<WebhookEvent>>;
  /**
   * The page {@link EventLog.query} gives, its events read a slice of at most `sliceSize` at a time: each slice's
   * `read()` computes its events when called, so a long page can be built over several turns of the event loop. Read
   * in a row with nothing emitted between, the slices give `query`'s results.
   */
  queryInSlices(
    subscription: WebhookSubscription,
    query: EventsQuery,
    sliceSize: number,
  ): Result<Omit<Page<WebhookEvent>, 'results'> & { slices: EventSlice[] }>;
  /** Records an event that happens now; every matching subscription gets it as PENDING with 0 attempts. */
  emit(input: EmitInput): Result<{ event: OrganizationEvent; subscriptions: WebhookSubscription[] }>;
  /** Calls `listener` after each emit; returns a function that stops it. */
  onEmitted(listener: (event: OrganizationEvent, subscriptions: readonly WebhookSubscription[]) => void): () => void;
  /** Sets the status and attempts a subscription shows for an emitted or fixture event. */
  setDeliveryState(subscription_sentera_id: string, event_sentera_id: string, state: DeliveryState): Result<void>;
  /** An emitted or fixture event as one subscription sees it (generated stream events are not addressable by id). */
  get(subscription_sentera_id: string, event_sentera_id: string): WebhookEvent | undefined;
  /** An emitted or fixture event, without a subscription's state. */
  getEvent(event_sentera_id: string): OrganizationEvent | undefined;
  /** The emitted and fixture events (not generated ones) that match, newest first. */
  findEvents(filter: {
    triggering_object_id?: string;
    organization_sentera_id?: string;
    type?: string;
  }): OrganizationEvent[];
  /** The subscriptions an event of this type in this organization goes to now (bubbling respected). */
  subscriptionsFor(event: Pick<OrganizationEvent, 'type' | 'organization_sentera_id'>): WebhookSubscription[];
  /** Forgets emitted events and delivery states. */
  reset(): void;
  /** The log's share of the mock's saved state. */
  readonly statePart: StatePart;
  /** How many emitted events retention has forgotten since the start (or reset), saved with the state. */
  readonly droppedEvents: number;
}

/**
 * A slice of a page of events: `read()` computes its `size` events.
 *
 * @category Events
 */
export interface EventSlice {
  readonly size: number;
  read(): WebhookEvent[];
}

/** Options of {@link createEventLog}. */
export interface EventLogOptions {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
  seed: string;
  events?: readonly EventFixture[];
  streams?: readonly StreamFixture[];
  users?: readonly UserFixture[];
  /** Events bubble up the organization tree (the webhooks guide) or not (the create example). @default true */
  bubbling?: boolean;
  /** A new subscription sees the events that existed before it; false limits it to later ones. @default true */
  newSubscriptionsSeeHistory?: boolean;
  /** Called after each change of state (for persistence). */
  onChange?: () => void;
  /** Emitted events kept (the oldest are forgotten beyond it, and counted in `droppedEvents`). @default 10_000 */
  keepEmittedEvents?: number;
}

/** What an event record is built from: its organization, and the payload fields that are set (the others are picked). */
type EventFields = Omit<WebhookEvent, 'organization_sentera_id' | 'payload'> & {
  readonly organization: Organization;
  readonly payload: EmitInput['payload'];
};

interface Entry {
  readonly event: WebhookEvent;
  readonly second: number;
  /** Emitted events go only to the subscriptions that matched when they happened; fixture events to every match. */
  readonly recipients: ReadonlySet<string> | null;
}

/**
 * Creates the event log.
 *
 * @category Events
 */
export function createEventLog(options: EventLogOptions): EventLog {
  const {
    store,
    ids,
    clock,
    seed,
    events: fixtureEvents = [],
    streams: streamFixtures = [],
    users = [],
    bubbling = true,
    newSubscriptionsSeeHistory = true,
    onChange = () => undefined,
    keepEmittedEvents = 10_000,
  } = options;
  const usersOf = createUserPool({ users, seed, ids });
  const organizationOf = (id: string): Organization => {
    const organization = store.getOrganization(id);
    if (!organization)
      throw new Error(`[sentera-mock] event log: unknown organization ${id} (fixtures are checked at load)`);
    return organization;
  };
  const pick = (pool: readonly string[], key: string) =>
    pool[sha256(`${seed}\u0000${key}`).readUInt32BE(0) % pool.length] as string;
  /** An event record (every event of the log is built here): the payload's users are given, or picked by its id. */
  const buildEvent = (fields: EventFields): WebhookEvent => {
    const { sentera_id, organization, type, triggering_object_id, payload } = fields;
    const pool = usersOf(organization);
    return {
      sentera_id,
      organization_sentera_id: organization.sentera_id,
      type,
      created_at: fields.created_at,
      triggering_object_id,
      payload: {
        __typename: payloadTypename(type),
        sentera_id: triggering_object_id,
        created_by_id: payload?.created_by_id ?? pick(pool, `${sentera_id}/created_by`),
        updated_by_id:
          payload?.updated_by_id !== undefined
            ? payload.updated_by_id
            : type === 'TASK_MODIFIED'
              ? pick(pool, `${sentera_id}/updated_by`)
              : null,
      },
      status: fields.status,
      attempts: fields.attempts,
    };
  };

  // Built when the log is first read: their generated users need Faker, which a mock that is never asked for events
  // never loads.
  let fixtureEntries: Entry[] | undefined;
  const buildFixtureEntries = (): Entry[] =>
    fixtureEvents.map((fixture, index) => {
      const organization = organizationOf(fixture.organization_sentera_id);
      const eventId =
        fixture.sentera_id ??
        ids.at({
          typeCode: TypeCode.WEBHOOK_EVENT,
          owner: organization,
          stream: 'fixture-events',
          index,
          at: fixture.created_at,
        });
      const triggering =
        fixture.triggering_object_id ??
        ids.at({
          typeCode: TRIGGERING_TYPE_CODE[fixture.type],
          owner: organization,
          stream: 'fixture-events/objects',
          index,
          at: fixture.created_at,
        });
      const event = buildEvent({
        sentera_id: eventId,
        organization,
        type: fixture.type,
        created_at: fixture.created_at,
        triggering_object_id: triggering,
        payload: fixture.payload,
        status: fixture.status,
        attempts: fixture.attempts,
      });
      return { event, second: toSecond(fixture.created_at), recipients: null };
    });
  const streams: EventStream[] = streamFixtures.map((definition) => {
    const organization = organizationOf(definition.organization_sentera_id);
    return createEventStream({ definition, organization, users: () => usersOf(organization), seed, ids });
  });

  let emitted: Entry[] = [];
  let byId = new Map<string, Entry>();
  let states = new Map<string, Map<string, DeliveryState>>();
  let explicit: Entry[] = [];
  let dropped = 0;
  const listeners = new Set<(event: OrganizationEvent, subscriptions: readonly WebhookSubscription[]) => void>();

  let stale = true;
  const rebuild = () => {
    stale = true;
  };
  /** Brings `explicit` and `byId` up to date: call before reading them. */
  const current = () => {
    if (!stale) return;
    explicit = [...(fixtureEntries ??= buildFixtureEntries()), ...emitted].sort(compareEntries);
    byId = new Map(explicit.map((entry) => [entry.event.sentera_id, entry]));
    stale = false;
  };
  const reset = () => {
    emitted = [];
    dropped = 0;
    states = new Map();
    rebuild();
  };
  reset();

  store.onChange((change) => {
    if (change.kind === 'subscriptions-deleted')
      for (const subscription of change.subscriptions) states.delete(subscription.sentera_id);
  });

  const stateOf = (subscription: string, entry: Entry): DeliveryState =>
    states.get(subscription)?.get(entry.event.sentera_id) ?? entry.event;

  const organizationsSeenBy = (subscription: WebhookSubscription) =>
    new Set([
      subscription.organization_sentera_id,
      ...(bubbling
        ? store.descendantsOf(subscription.organization_sentera_id).map((organization) => organization.sentera_id)
        : []),
    ]);

  const subscriptionsFor: EventLog['subscriptionsFor'] = (event) =>
    store
      .allWebhookSubscriptions()
      .filter(
        (subscription) =>
          subscription.event_types.includes(event.type) &&
          organizationsSeenBy(subscription).has(event.organization_sentera_id),
      );

  /** Forgets the oldest emitted events beyond `keepEmittedEvents`, with their delivery states. */
  const enforceRetention = () => {
    current();
    while (emitted.length > keepEmittedEvents) {
      const oldest = emitted.shift() as Entry;
      const index = explicit.indexOf(oldest);
      if (index !== -1) explicit.splice(index, 1);
      byId.delete(oldest.event.sentera_id);
      for (const subscription of oldest.recipients ?? []) states.get(subscription)?.delete(oldest.event.sentera_id);
      dropped++;
    }
  };

  const snapshot = (): EventLogSnapshot => ({
    dropped,
    emitted: emitted.map((entry) => ({ event: entry.event, recipients: [...(entry.recipients ?? [])] })),
    states: [...states].flatMap(([subscription, map]) =>
      [...map].map(([event, state]) => ({ subscription, event, ...state })),
    ),
  });

  /** What a page of `events` holds: its sources (nothing read yet), the offset of its first event and its length. */
  const select = (
    subscription: WebhookSubscription,
    query: EventsQuery,
  ): Result<{
    page: number;
    page_size: number;
    total: number;
    offset: number;
    size: number;
    sources: EventSource[];
  }> => {
    const pagination = checkPagination(query.pagination);
    if (!pagination.ok) return pagination;
    const { page, page_size } = pagination.value;
    const types = query.event_type
      ? subscription.event_types.includes(query.event_type)
        ? [query.event_type]
        : []
      : [...subscription.event_types];
    const status = query.status ?? null;
    const start = query.date_range?.start_date ? Math.ceil(query.date_range.start_date.getTime() / 1000) : -Infinity;
    const historyStart = newSubscriptionsSeeHistory ? -Infinity : Math.ceil(subscription.created_at.getTime() / 1000);
    const low = Math.max(start, historyStart);
    const high = query.date_range?.end_date ? Math.floor(query.date_range.end_date.getTime() / 1000) : Infinity;
    const organizations = organizationsSeenBy(subscription);
    const sources: EventSource[] = [];
    current();
    if (types.length > 0 && low <= high) {
      for (const stream of streams) {
        if (!organizations.has(stream.organization_sentera_id)) continue;
        const source = streamSource(stream, types, status, low, high);
        if (source) sources.push(source);
      }
      const matching = explicit.filter(
        (entry) =>
          organizations.has(entry.event.organization_sentera_id) &&
          types.includes(entry.event.type) &&
          entry.second >= low &&
          entry.second <= high &&
          (entry.recipients === null || entry.recipients.has(subscription.sentera_id)) &&
          (status === null || stateOf(subscription.sentera_id, entry).status === status),
      );
      if (matching.length > 0)
        sources.push(listSource(matching, (entry) => withState(entry.event, stateOf(subscription.sentera_id, entry))));
    }
    const total = sources.reduce((sum, source) => sum + source.countFrom(-Infinity), 0);
    const offset = (page - 1) * page_size;
    return ok({ page, page_size, total, offset, size: Math.max(0, Math.min(page_size, total - offset)), sources });
  };

  return {
    bubbling,
    query(subscription, query) {
      const selected = select(subscription, query);
      if (!selected.ok) return selected;
      const { page, page_size, total, offset, size, sources } = selected.value;
      const results = size > 0 ? pageOf(sources, offset, size) : [];
      return ok({ page, page_size, present: results.length > 0, results, total_count: total });
    },
    queryInSlices(subscription, query, sliceSize) {
      const selected = select(subscription, query);
      if (!selected.ok) return selected;
      const { page, page_size, total, offset, size, sources } = selected.value;
      const slices: EventSlice[] = [];
      for (let start = 0; start < size; start += sliceSize) {
        const length = Math.min(sliceSize, size - start);
        slices.push({ size: length, read: () => pageOf(sources, offset + start, length) });
      }
      return ok({ page, page_size, present: size > 0, slices, total_count: total });
    },
    emit(input) {
      if (!(WEBHOOK_EVENT_TYPES as readonly string[]).includes(input.type)) {
        return fail(
          ErrorCode.BAD_USER_INPUT,
          `type must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}; got ${JSON.stringify(input.type)}`,
          'type',
        );
      }
      const type = input.type as WebhookEventType;
      const organization = store.getOrganization(input.organization_sentera_id);
      if (!organization)
        return fail(
          ErrorCode.ORGANIZATION_NOT_FOUND,
          `no organization ${JSON.stringify(input.organization_sentera_id)}; use one from the fixtures`,
          'organization_sentera_id',
        );
      for (const field of ['created_by_id', 'updated_by_id'] as const) {
        const value = input.payload?.[field];
        if (value !== undefined && value !== null && !isId(value, TypeCode.USER))
          return fail(
            ErrorCode.INVALID_SENTERA_ID,
            `payload.${field} must be a user's Sentera id (type code US); got ${JSON.stringify(value)}`,
            `payload.${field}`,
          );
      }
      if (input.triggering_object_id !== undefined && !isId(input.triggering_object_id, TRIGGERING_TYPE_CODE[type])) {
        return fail(
          ErrorCode.INVALID_SENTERA_ID,
          `triggering_object_id of a ${type} event must be a Sentera id with type code ${TRIGGERING_TYPE_CODE[type]}; got ${JSON.stringify(input.triggering_object_id)}`,
          'triggering_object_id',
        );
      }
      const createdAt = input.created_at ?? clock.now();
      if (Number.isNaN(createdAt.getTime()))
        return fail(ErrorCode.INVALID_DATE_TIME, 'created_at is not a valid date', 'created_at');
      const eventId = ids.next(TypeCode.WEBHOOK_EVENT, organization);
      const triggering = input.triggering_object_id ?? ids.next(TRIGGERING_TYPE_CODE[type], organization);
      const event = buildEvent({
        sentera_id: eventId,
        organization,
        type,
        created_at: new Date(toSecond(createdAt) * 1000),
        triggering_object_id: triggering,
        payload: input.payload,
        status: 'PENDING',
        attempts: 0,
      });
      const subscriptions = subscriptionsFor(event);
      current();
      const entry: Entry = {
        event,
        second: toSecond(event.created_at),
        recipients: new Set(subscriptions.map((subscription) => subscription.sentera_id)),
      };
      emitted.push(entry);
      insertSorted(explicit, entry);
      byId.set(event.sentera_id, entry);
      enforceRetention();
      const organizationEvent = withoutState(event);
      for (const listener of listeners) listener(organizationEvent, subscriptions);
      onChange();
      return ok({ event: organizationEvent, subscriptions });
    },
    onEmitted(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setDeliveryState(subscriptionId, eventId, state) {
      current();
      const entry = byId.get(eventId);
      if (!entry) return fail(ErrorCode.BAD_USER_INPUT, `no emitted or fixture event ${JSON.stringify(eventId)}`);
      if (!store.getWebhookSubscription(subscriptionId))
        return fail(
          ErrorCode.WEBHOOK_SUBSCRIPTION_NOT_FOUND,
          `no webhook subscription ${JSON.stringify(subscriptionId)}`,
        );
      let map = states.get(subscriptionId);
      if (!map) states.set(subscriptionId, (map = new Map<string, DeliveryState>()));
      map.set(eventId, { status: state.status, attempts: state.attempts });
      onChange();
      return ok(undefined);
    },
    get(subscriptionId, eventId) {
      current();
      const entry = byId.get(eventId);
      return entry ? withState(entry.event, stateOf(subscriptionId, entry)) : undefined;
    },
    getEvent(eventId) {
      current();
      const entry = byId.get(eventId);
      return entry ? withoutState(entry.event) : undefined;
    },
    findEvents(filter) {
      current();
      return explicit
        .filter(
          ({ event }) =>
            (filter.triggering_object_id === undefined || event.triggering_object_id === filter.triggering_object_id) &&
            (filter.organization_sentera_id === undefined ||
              event.organization_sentera_id === filter.organization_sentera_id) &&
            (filter.type === undefined || event.type === filter.type),
        )
        .map(({ event }) => withoutState(event));
    },
    subscriptionsFor,
    get droppedEvents() {
      return dropped;
    },
    reset() {
      reset();
      onChange();
    },
    statePart: {
      key: 'events',
      snapshot,
      parse(data, at) {
        const parsed = parseEventLogSnapshot(data, at);
        if (!parsed.ok) return parsed;
        return ok(() => {
          emitted = parsed.value.emitted.map(({ event, recipients }) => ({
            event,
            second: toSecond(event.created_at),
            recipients: new Set(recipients),
          }));
          dropped = parsed.value.dropped;
          states = new Map();
          for (const { subscription, event, status, attempts } of parsed.value.states) {
            let map = states.get(subscription);
            if (!map) states.set(subscription, (map = new Map<string, DeliveryState>()));
            map.set(event, { status, attempts });
          }
          rebuild();
          enforceRetention();
        });
      },
    },
  };
}

/** Inserts into a list kept in {@link compareEntries} order: O(log n) to find the place (emits are usually newest). */
function insertSorted(list: Entry[], entry: Entry): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareEntries(list[middle] as Entry, entry) <= 0) low = middle + 1;
    else high = middle;
  }
  list.splice(low, 0, entry);
}

function compareEntries(a: Entry, b: Entry): number {
  return compareEvents(a.event, b.event);
}

function withState(event: WebhookEvent, state: DeliveryState): WebhookEvent {
  return state === event ? event : { ...event, status: state.status, attempts: state.attempts };
}

function withoutState(event: WebhookEvent): OrganizationEvent {
  const { status: _status, attempts: _attempts, ...rest } = event;
  return rest;
}

function isId(value: unknown, typeCode: string): boolean {
  if (typeof value !== 'string') return false;
  const parsed = parseSenteraId(value);
  return parsed.ok && parsed.value.typeCode === typeCode;
}
