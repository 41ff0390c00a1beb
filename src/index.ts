/**
 * sentera-mock: an offline mock server and contract-testing kit for Sentera's GraphQL webhook-subscription API.
 *
 * This file is the public API; everything not exported here is internal.
 */

// Servers
export { createMockServer, startMockServer } from './server/start-mock-server.js';
export type { MockServer, MockServerOptions, RunningMockServer, StartMockServerOptions } from './server/start-mock-server.js';
export { startServer } from './server/start-server.js';
export type { RunningServer, StartServerOptions } from './server/start-server.js';

// The mock, without a transport
export { createMock, DEFAULT_SEED, defaultFixturesDir } from './mock/create-mock.js';
export type { MockOptions, SenteraMock } from './mock/create-mock.js';
export { createControlApi } from './mock/control-api.js';
export type { ControlApi, ControlApiOptions, ControlRequest, ControlResponse, ControlRoute } from './mock/control-api.js';

// Testing apps that call the API
export { DEFAULT_INTERCEPT_START, interceptSentera, SENTERA_PRODUCTION_URL } from './testing/intercept-sentera.js';
export type { InterceptSenteraOptions, SenteraInterception } from './testing/intercept-sentera.js';
export { createWebhookInbox } from './testing/create-webhook-inbox.js';
export type { InboxExpectation, InboxReply, ReceivedDelivery, WebhookInbox, WebhookInboxOptions } from './testing/create-webhook-inbox.js';
export { createRequestHandler } from './mock/create-request-handler.js';
export type { RequestHandlerOptions } from './mock/create-request-handler.js';

// Time
export { createManualClock, createSystemClock, isManualClock } from './runtime/clock.js';
export type { Clock, ManualClock, ManualClockOptions } from './runtime/clock.js';

// Ids
export { formatSenteraId, isSenteraId, parseSenteraId, SENTERA_ID_FORMAT, stampOf, TypeCode } from './ids/sentera-id.js';
export type { SenteraIdParts } from './ids/sentera-id.js';
export { createIdGenerator } from './ids/create-id-generator.js';
export type { IdGenerator, IdGeneratorOptions, IdOwner } from './ids/create-id-generator.js';

// State
export { createStore, MAX_DELETE_IDS } from './store/create-store.js';
export type { CreateWebhookSubscriptionInput, DeleteWebhookSubscriptionsInput, Store, StoreChange, StoreOptions, UpdateWebhookSubscriptionInput } from './store/create-store.js';
export { MAX_PAGE_SIZE } from './store/paginate.js';
export { WEBHOOK_EVENT_TYPES } from './store/types.js';
export type { Organization, Page, Pagination, WebhookAuthentication, WebhookEventType, WebhookSubscription } from './store/types.js';
export type { DeliveryState, OrganizationEvent, WebhookEvent, WebhookEventPayload, WebhookEventStatus } from './events/event-types.js';

// Fixtures and schema
export { loadFixtures } from './fixtures/load-fixtures.js';
export type { Fixtures, OrganizationFixture } from './fixtures/fixture-types.js';
export { loadSchema, readSchemaSource, schemaPath } from './schema/load-schema.js';
export { formatDateTime, ISO8601DateTimeScalar, parseDateTime, UrlScalar } from './schema/scalars.js';

// Errors
export { ConfigurationError, ErrorCode } from './errors.js';
export type { Problem, Result } from './errors.js';
