/**
 * create-mock
 *
 * The composition root: wires clock, ids, fake data, fixtures, store and schema into one mock, free of any HTTP
 * framework.
 */
import { join } from 'node:path';
import type { Faker } from '@faker-js/faker';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import type { Handler, HandlerOptions } from 'graphql-http';
import { createFaker, seedNumbers } from '../fake/create-faker.js';
import type { Fixtures } from '../fixtures/fixture-types.js';
import { loadFixtures } from '../fixtures/load-fixtures.js';
import { createExecutableSchema, schemaWithScalars } from '../graphql/create-executable-schema.js';
import { createGraphQLHandler } from '../graphql/create-graphql-handler.js';
import { createHandlerOptions } from '../graphql/create-handler-options.js';
import { createResolvers } from '../graphql/create-resolvers.js';
import { createIdGenerator, type IdGenerator } from '../ids/create-id-generator.js';
import { createSystemClock, type Clock } from '../runtime/clock.js';
import { packageRoot } from '../runtime/package-root.js';
import { readSchemaSource } from '../schema/load-schema.js';
import { ErrorCode, fail, ok } from '../errors.js';
import { createStateRegistry, type StateRegistry } from '../state/create-state-registry.js';
import { createDelivery, type Delivery, type DeliveryOptions } from '../delivery/create-delivery.js';
import { createEventLog, type EventLog } from '../events/create-event-log.js';
import { startSchedules } from '../events/start-schedules.js';
import { TypeCode } from '../ids/sentera-id.js';
import { createStore, type Store } from '../store/create-store.js';
import type { Organization, WebhookSubscription } from '../store/types.js';
import { parseStoreSnapshot } from '../store/parse-store-snapshot.js';
import { DEFAULT_SEED } from './default-seed.js';

/**
 * The fixtures directory shipped with the package (the default world).
 *
 * @category Mock
 */
export function defaultFixturesDir(): string {
  return join(packageRoot(), 'fixtures');
}

export { DEFAULT_SEED } from './default-seed.js';

/**
 * Options of {@link createMock}. Everything that could make two runs differ is here.
 *
 * @category Mock
 */
export interface MockOptions {
  /** Seeds ids and fake data: the same seed, fixtures, clock and requests give byte-identical responses. @default 'sentera-mock' */
  seed?: string;
  /** Where "now" comes from. Pass createManualClock for reproducible runs. @default the system clock */
  clock?: Clock;
  /** The fixtures directory to load. @default the package's fixtures/ */
  fixturesDir?: string;
  /** Already-loaded fixtures; takes precedence over `fixturesDir`. */
  fixtures?: Fixtures;
  /** Create well-formed unknown organization ids on first use instead of failing. @default false */
  autoCreateOrganizations?: boolean;
  /** The environment segment of minted ids. @default 'deve' */
  env?: string;
  /**
   * Whether an organization's subscriptions also get its descendants' events, as the webhooks guide says (the
   * create_webhook_subscription example says the opposite). @default the fixtures' `settings.bubbling`, else true
   */
  bubbling?: boolean;
  /**
   * Whether a new subscription's `events` include events from before it was created.
   * @default the fixtures' `settings.new_subscriptions_see_history`, else true
   */
  newSubscriptionsSeeHistory?: boolean;
  /**
   * Webhook delivery settings, or false to deliver nothing (events still show up in `events`, PENDING).
   * @default delivery on, with the defaults of createDelivery
   */
  delivery?: Omit<DeliveryOptions, 'events' | 'store' | 'seed'> | false;
  /** Emit the fixtures' scheduled events (for live demos) until close(). @default false */
  schedules?: boolean;
}

/**
 * A running mock without a transport: execute operations in-process, or hand `handlerOptions` to a graphql-http
 * adapter.
 *
 * @category Mock
 */
export interface SenteraMock {
  /** The seed everything is derived from. */
  readonly seed: string;
  readonly schema: GraphQLSchema;
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly fixtures: Fixtures;
  /** The events: fixture events, generated streams and emitted ones. */
  readonly events: EventLog;
  /** The webhook sender, unless delivery is off. */
  readonly delivery: Delivery | undefined;
  /** The mock's state as parts (store, ids...) that can be saved and restored as one document. */
  readonly state: StateRegistry;
  /** The options for graphql-http's `createHandler` (any adapter). */
  readonly handlerOptions: HandlerOptions;
  /** The framework-free GraphQL-over-HTTP handler: graphql-http request in, response out. */
  readonly graphqlHandler: Handler;
  /** Executes one operation in-process, as the endpoint would. */
  execute(request: { query: string; variables?: Record<string, unknown>; operationName?: string }): Promise<ExecutionResult>;
  /** Back to the state just after start: fixtures only, id counters and fake data from the start of the seed. */
  reset(): void;
  /** Stops scheduled events and delivery (pending retries are cancelled). */
  close(): void;
}

/**
 * Creates a mock of Sentera's webhook-subscription API.
 *
 * @example
 * ```ts
 * const mock = createMock({ seed: 'demo', clock: createManualClock({ start: new Date('2022-01-31T13:27:09Z') }) });
 * const result = await mock.execute({ query: 'mutation { create_webhook_subscription(...) { sentera_id } }' });
 * ```
 * @throws ConfigurationError when the fixtures are invalid.
 * @category Mock
 */
export function createMock(options: MockOptions = {}): SenteraMock {
  const { seed = DEFAULT_SEED, clock = createSystemClock(), fixturesDir, autoCreateOrganizations = false, env } = options;
  const typeDefs = readSchemaSource();
  // The fixture checks read enums and payload fields (built-in scalars only) of the same schema the mock serves.
  const fixtures = options.fixtures ?? loadFixtures({ dir: fixturesDir ?? defaultFixturesDir(), schema: schemaWithScalars(typeDefs) });
  const ids = createIdGenerator(env === undefined ? { seed, clock } : { seed, clock, env });
  const start = clock.now();
  const subscriptions = (fixtures.subscriptions ?? []).map((fixture, index): WebhookSubscription => {
    const organization = fixtures.organizations.find((candidate) => candidate.sentera_id === fixture.organization_sentera_id) as Organization;
    const createdAt = fixture.created_at ?? start;
    return {
      sentera_id: fixture.sentera_id ?? ids.at({ typeCode: TypeCode.WEBHOOK_SUBSCRIPTION, owner: organization, stream: 'fixture-subscriptions', index, at: createdAt }),
      organization_sentera_id: organization.sentera_id,
      callback_url: fixture.callback_url,
      event_types: fixture.event_types,
      authentication: null,
      created_at: createdAt,
    };
  });
  const store = createStore({ organizations: fixtures.organizations, subscriptions, ids, clock, autoCreateOrganizations });
  const faker: Faker = createFaker({ seed, refDate: clock.now() });
  const state = createStateRegistry({ seed, now: () => clock.now() });
  const events = createEventLog({
    store,
    ids,
    clock,
    seed,
    events: fixtures.events ?? [],
    streams: fixtures.streams ?? [],
    users: fixtures.users ?? [],
    bubbling: options.bubbling ?? fixtures.settings?.bubbling ?? true,
    newSubscriptionsSeeHistory: options.newSubscriptionsSeeHistory ?? fixtures.settings?.new_subscriptions_see_history ?? true,
    onChange: () => state.notifyChange(),
  });
  const { schema, fakeStore, propertyFirstResolvers } = createExecutableSchema({ typeDefs, resolvers: createResolvers({ store, events }), faker });
  const handlerOptions = createHandlerOptions({ schema, propertyFirstResolvers });
  const fixtureOrganizations = new Set(fixtures.organizations.map((organization) => organization.sentera_id));
  state.register({
    key: 'store',
    snapshot: () => store.snapshot(),
    parse(data, at) {
      const parsed = parseStoreSnapshot(data, at, fixtureOrganizations);
      return parsed.ok ? ok(() => store.restore(parsed.value)) : parsed;
    },
  });
  state.register({
    key: 'ids',
    snapshot: () => ids.snapshot(),
    parse(data, at) {
      if (data === undefined) return ok(() => ids.restore({}));
      const valid = data !== null && typeof data === 'object' && !Array.isArray(data) && Object.values(data).every((count) => Number.isInteger(count) && (count as number) >= 0);
      return valid ? ok(() => ids.restore(data as Record<string, number>)) : fail(ErrorCode.BAD_USER_INPUT, `${at}: expected an object of counters (whole numbers >= 0)`);
    },
  });
  // After the store: restoring applies parts in this order.
  state.register(events.statePart);
  const delivery = options.delivery === false ? undefined : createDelivery({ ...options.delivery, events, store, seed });
  if (delivery) state.register(delivery.statePart);
  else {
    // Without delivery, keep a saved delivery log as it is, so state round-trips either way.
    let kept: unknown;
    state.register({ key: 'deliveries', snapshot: () => kept ?? [], parse: (data) => ok(() => (kept = data)) });
  }
  store.onChange((change) => {
    if (change.kind !== 'restored') state.notifyChange();
  });
  const graphqlHandler = createGraphQLHandler(handlerOptions);
  const stopSchedules = options.schedules ? startSchedules({ events, schedules: fixtures.schedules ?? [] }) : () => undefined;

  return {
    seed,
    schema,
    store,
    clock,
    ids,
    fixtures,
    events,
    delivery,
    state,
    handlerOptions,
    graphqlHandler,
    async execute(request) {
      // The same path as a request over HTTP, so in-process results are byte-identical to the endpoint's.
      const [body] = await graphqlHandler({
        method: 'POST',
        url: '/graphql',
        headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : name.toLowerCase() === 'accept' ? 'application/graphql-response+json' : null) },
        body: JSON.stringify(request),
        raw: null,
        context: null,
      });
      return JSON.parse(String(body)) as ExecutionResult;
    },
    reset() {
      delivery?.reset();
      store.reset();
      events.reset();
      ids.restore({});
      faker.seed(seedNumbers(seed));
      fakeStore.reset();
      state.notifyChange();
    },
    close() {
      stopSchedules();
      delivery?.close();
    },
  };
}
