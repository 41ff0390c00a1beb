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
import { createMocks } from '../fake/create-mocks.js';
import type { Fixtures } from '../fixtures/fixture-types.js';
import { loadFixtures } from '../fixtures/load-fixtures.js';
import { createExecutableSchema, schemaWithScalars } from '../graphql/create-executable-schema.js';
import { createGraphQLHandler } from '../graphql/create-graphql-handler.js';
import { createHandlerOptions } from '../graphql/create-handler-options.js';
import type { DocumentLimits } from '../graphql/document-limits.js';
import { createResolvers } from '../graphql/create-resolvers.js';
import { createIdGenerator, type IdGenerator } from '../ids/create-id-generator.js';
import { createSystemClock, type Clock } from '../runtime/clock.js';
import { DEFAULT_MOCK_ORIGIN } from '../runtime/mock-origin.js';
import { packageRoot } from '../runtime/package-root.js';
import { readSchemaSource } from '../schema/load-schema.js';
import { createStateRegistry, type StateRegistry } from '../state/create-state-registry.js';
import { storeChangeRecord } from '../store/store-change-record.js';
import { checkCallbackAddress } from '../delivery/check-callback-address.js';
import { createDelivery, type Delivery, type DeliveryOptions } from '../delivery/create-delivery.js';
import { createEventLog, type EventLog } from '../events/create-event-log.js';
import { startSchedules } from '../events/start-schedules.js';
import { createStore, type Store } from '../store/create-store.js';
import { createInboxStore, type InboxStore } from '../inbox/create-inbox-store.js';
import { createLiveFeed, type LiveFeed } from '../live/create-live-feed.js';
import { createTokenEndpoint, type OAuthClient, type TokenEndpoint } from '../oauth/create-token-endpoint.js';
import { createFrontDoor, type FrontDoorRoute, type FrontDoorSettings } from '../http/create-front-door.js';
import type { MockHandler } from '../http/http-types.js';
import { toFetchResponse } from '../http/to-fetch-response.js';
import { silentLogger, type Logger } from '../log/create-logger.js';
import { logDeliveryAttempt } from '../log/log-delivery-attempt.js';
import { createControlApi, type ControlApi, type ControlRoute } from './control-api.js';
import { createGraphiqlPage, createUiRoutes } from '../ui/create-ui-routes.js';
import { DEFAULT_SEED } from './default-seed.js';
import { fixtureSubscriptions } from './fixture-subscriptions.js';
import { mockStateParts } from './mock-state-parts.js';

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
  /**
   * The origin the mock is reachable at: fixture URLs that start with `{mock}` (the default world's inbox and token
   * endpoint) are filled in with it. startMockServer passes the address it listens on. Without it, deliveries to the
   * default origin are answered in-process (the mock has no server of its own). @default 'http://127.0.0.1:4000'
   */
  origin?: string;
  /** The clients the mock's token endpoint (`POST /_oauth/token`) knows. @default the demo scenario's client */
  oauthClients?: readonly OAuthClient[];
  /** Serve GraphiQL at `GET /graphql` to browsers (`serve --graphiql off` turns it off). @default true */
  graphiql?: boolean;
  /** More control routes under `/_mock`. */
  controlRoutes?: readonly ControlRoute[];
  /**
   * The HTTP side, the same in every adapter (node:http, `mock.fetch`, express): CORS origins, allowed hosts, body
   * limits, and more routes; routes may be given as a function of the mock they serve.
   */
  http?: Omit<FrontDoorSettings, 'routes' | 'logger'> & {
    routes?: readonly FrontDoorRoute[] | ((mock: SenteraMock) => readonly FrontDoorRoute[]);
  };
  /** Where GraphQL operations, control requests and delivery attempts are logged. @default silent */
  logger?: Logger;
  /** Emitted events kept; the oldest are forgotten beyond it (counted in `events.droppedEvents`). @default 10_000 */
  keepEmittedEvents?: number;
  /** The request budget (nesting, depth, aliases, cost, variables). @default DEFAULT_DOCUMENT_LIMITS */
  limits?: Partial<DocumentLimits>;
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
  /** The origin fixture URLs' `{mock}` stands for (where the mock is reachable). */
  readonly origin: string;
  /** The built-in webhook inbox (`/_inbox/<name>`). */
  readonly inboxes: InboxStore;
  /** The OAuth client-credentials token endpoint (`/_oauth/token`) that the demo's authenticated subscriptions use. */
  readonly tokenEndpoint: TokenEndpoint;
  /** Every change, as the console's live view receives it. */
  readonly live: LiveFeed;
  /** The mock's state as parts (store, ids...) that can be saved and restored as one document. */
  readonly state: StateRegistry;
  /** The options for graphql-http's `createHandler` (any adapter). */
  readonly handlerOptions: HandlerOptions;
  /** The framework-free GraphQL-over-HTTP handler: graphql-http request in, response out. */
  readonly graphqlHandler: Handler;
  /** The control API (`/_mock/*`) as a function, without HTTP. */
  readonly control: ControlApi;
  /**
   * The front door: every route (`/graphql`, `/_mock/*`, registered routes) as one function from a Fetch-shaped
   * request to a Fetch-shaped response. Adapters translate to and from it.
   */
  readonly handle: MockHandler;
  /**
   * Answers a Fetch API request in-process, exactly as over HTTP.
   *
   * @example
   * ```ts
   * const response = await mock.fetch(new Request('http://localhost/_mock/health'));
   * ```
   */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** Executes one operation in-process, as the endpoint would. */
  execute(request: {
    query: string;
    variables?: Record<string, unknown>;
    operationName?: string;
  }): Promise<ExecutionResult>;
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
  const {
    seed = DEFAULT_SEED,
    clock = createSystemClock(),
    fixturesDir,
    autoCreateOrganizations = false,
    env,
    origin = DEFAULT_MOCK_ORIGIN,
    controlRoutes = [],
    logger = silentLogger,
  } = options;
  const typeDefs = readSchemaSource();
  // The fixture checks read enums and payload fields (built-in scalars only) of the same schema the mock serves.
  const fixtures =
    options.fixtures ?? loadFixtures({ dir: fixturesDir ?? defaultFixturesDir(), schema: schemaWithScalars(typeDefs) });
  const ids = createIdGenerator(env === undefined ? { seed, clock } : { seed, clock, env });
  const start = clock.now();
  const strictDelivery = options.delivery !== false && options.delivery?.strict === true;
  const store = createStore({
    organizations: fixtures.organizations,
    subscriptions: fixtureSubscriptions({ fixtures, ids, origin, start }),
    ids,
    clock,
    autoCreateOrganizations,
    ...(strictDelivery ? { checkCallbackUrl: (url: string) => checkCallbackAddress(url) } : {}),
  });
  // Made when a field first lacks a value (never, with the mock's own data), dated from the start either way.
  let faker: Faker | undefined;
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
    newSubscriptionsSeeHistory:
      options.newSubscriptionsSeeHistory ?? fixtures.settings?.new_subscriptions_see_history ?? true,
    // An emit mints ids and may start deliveries; a delivery state changes the delivery log too.
    onChange: () => {
      state.notifyChange({ part: 'events' });
      state.notifyChange({ part: 'ids' });
      state.notifyChange({ part: 'deliveries' });
    },
    ...(options.keepEmittedEvents === undefined ? {} : { keepEmittedEvents: options.keepEmittedEvents }),
  });
  const { schema, propertyFirstResolvers, resetFakes } = createExecutableSchema({
    typeDefs,
    resolvers: createResolvers({ store, events }),
    mocks: () => createMocks({ faker: (faker ??= createFaker({ seed, refDate: start })) }),
  });
  const handlerOptions = createHandlerOptions(
    options.limits === undefined
      ? { schema, propertyFirstResolvers }
      : { schema, propertyFirstResolvers, limits: options.limits },
  );
  // A mock that no server gave an origin (createMock alone) answers its own inbox and token endpoint in-process, so
  // the default world never delivers to whatever happens to listen on the default origin.
  const ownOriginInProcess =
    (fallback: typeof fetch): typeof fetch =>
    (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      return url.startsWith(`${origin}/`) ? mock.fetch(input, init) : fallback(input, init);
    };
  const onAttempt = options.delivery === false ? undefined : options.delivery?.onAttempt;
  const delivery =
    options.delivery === false
      ? undefined
      : createDelivery({
          ...options.delivery,
          ...(options.origin === undefined
            ? { fetch: ownOriginInProcess(options.delivery?.fetch ?? globalThis.fetch) }
            : {}),
          events,
          store,
          seed,
          onAttempt: (record, attempt) => {
            onAttempt?.(record, attempt);
            logDeliveryAttempt(logger, record, attempt);
          },
        });
  const realNow = options.delivery ? options.delivery.now : undefined;
  const tokenEndpoint = createTokenEndpoint({
    seed,
    ...(options.oauthClients ? { clients: options.oauthClients } : {}),
    ...(realNow ? { now: realNow } : {}),
  });
  const inboxes = createInboxStore({
    signingSecret: options.delivery ? (options.delivery.signingSecret ?? null) : null,
    checkToken: (token) => tokenEndpoint.check(token),
    ...(realNow ? { now: realNow } : {}),
  });
  const live = createLiveFeed({ store, events, delivery, inboxes });
  // Restoring applies the parts in this order (the store first).
  const fixtureOrganizations = new Set(fixtures.organizations.map((organization) => organization.sentera_id));
  for (const part of mockStateParts({
    store,
    fixtureOrganizations,
    ids,
    events,
    delivery,
    clock,
  }))
    state.register(part);
  store.onChange((change) => {
    const record = storeChangeRecord(change, store, fixtureOrganizations);
    if (record === undefined) return;
    state.notifyChange({ part: 'store', change: record });
    // A create mints an id; a delete drops the event log's delivery states of the subscriptions.
    if (change.kind === 'subscription-created') state.notifyChange({ part: 'ids' });
    if (change.kind === 'subscriptions-deleted') state.notifyChange({ part: 'events' });
  });
  delivery?.onChange(() => {
    state.notifyChange({ part: 'deliveries' });
    state.notifyChange({ part: 'ids' });
  });
  const executeGraphQL = createGraphQLHandler(handlerOptions);
  // A change is acknowledged only once it is durable (with a state file: written; otherwise at once).
  const graphqlHandler: Handler = async (request) => {
    const response = await executeGraphQL(request);
    const durable = state.durable();
    if (durable) await durable;
    return response;
  };
  const stopSchedules = options.schedules
    ? startSchedules({ events, schedules: fixtures.schedules ?? [] })
    : () => undefined;
  let control: ControlApi | undefined;
  let handle: MockHandler | undefined;

  const mock: SenteraMock = {
    seed,
    schema,
    store,
    clock,
    ids,
    fixtures,
    events,
    delivery,
    origin,
    inboxes,
    tokenEndpoint,
    live,
    state,
    handlerOptions,
    graphqlHandler,
    get control() {
      return control as ControlApi;
    },
    get handle() {
      return handle as MockHandler;
    },
    async fetch(input, init) {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      return toFetchResponse(await (handle as MockHandler)(request));
    },
    async execute(request) {
      // The same path as a request over HTTP, so in-process results are byte-identical to the endpoint's.
      const [body] = await graphqlHandler({
        method: 'POST',
        url: '/graphql',
        headers: {
          get: (name: string) =>
            name.toLowerCase() === 'content-type'
              ? 'application/json'
              : name.toLowerCase() === 'accept'
                ? 'application/graphql-response+json'
                : null,
        },
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
      faker?.seed(seedNumbers(seed));
      resetFakes();
      inboxes.clear();
      tokenEndpoint.reset();
      state.notifyChange();
      live.publish({ type: 'reset', data: {} });
    },
    close() {
      stopSchedules();
      delivery?.close();
      live.close();
    },
  };
  control = createControlApi({ mock, routes: controlRoutes });
  const { routes = [], ...http } = options.http ?? {};
  const graphiql = options.graphiql ?? true;
  const pages = createUiRoutes({ inboxes, tokenEndpoint, live, graphiql });
  handle = createFrontDoor({
    ...http,
    graphqlHandler,
    control,
    logger,
    // The user's routes first: they may replace a page (e.g. their own `/`).
    routes: [...(typeof routes === 'function' ? routes(mock) : routes), ...pages],
    ...(graphiql ? { graphqlPage: createGraphiqlPage({ origin }) } : {}),
  });
  return mock;
}
