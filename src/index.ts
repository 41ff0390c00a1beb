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

// Contract testing
export { contractChecks, selectChecks } from './contract/contract-checks.js';
export type { ContractChecks, ContractOptions } from './contract/contract-checks.js';
export { runContract } from './contract/run-contract.js';
export type { ContractReport, ContractRun, RunContractOptions } from './contract/run-contract.js';
export { loadContracts } from './contract/load-contracts.js';
export type { Contracts, LoadContractsOptions } from './contract/load-contracts.js';
export { CONTRACT_LAYERS } from './contract/contract-check.js';
export type { CheckLevel, CheckName, CheckStatus, ContractCheck, ContractFailure, ContractLayer, ContractResult } from './contract/contract-check.js';
export type { CleanupReport } from './contract/create-step-runner.js';
export { DEFAULT_SCALAR_RULES, validateResponse } from './contract/validate-response.js';
export type { ScalarRule, ValidateResponseOptions } from './contract/validate-response.js';
export { renderCleanup, renderPretty, renderResult } from './contract/render-pretty.js';
export { renderJson } from './contract/render-json.js';
export { renderJunit } from './contract/render-junit.js';

// Testing apps that call the API
export { DEFAULT_INTERCEPT_START, interceptSentera, SENTERA_PRODUCTION_URL } from './testing/intercept-sentera.js';
export type { InterceptSenteraOptions, SenteraInterception } from './testing/intercept-sentera.js';
export { createWebhookInbox } from './testing/create-webhook-inbox.js';
export type { InboxExpectation, InboxReply, ReceivedDelivery, WebhookInbox, WebhookInboxOptions } from './testing/create-webhook-inbox.js';
export { createRequestHandler } from './mock/create-request-handler.js';
export { DEFAULT_DOCUMENT_LIMITS } from './graphql/document-limits.js';
export type { DocumentLimits } from './graphql/document-limits.js';
export type { RequestHandlerOptions } from './mock/create-request-handler.js';

// Events
export { createEventLog } from './events/create-event-log.js';
export type { EmitInput, EventLog, EventLogOptions, EventsQuery } from './events/create-event-log.js';
export { payloadTypename, TRIGGERING_TYPE_CODE } from './events/event-type-info.js';
export { createEventRoutes } from './mock/event-routes.js';

// Webhook delivery
export { createDelivery } from './delivery/create-delivery.js';
export type { Delivery, DeliveryOptions, Timers } from './delivery/create-delivery.js';
export type { AttemptRecord, DeliveryFaults, DeliveryRecord } from './delivery/delivery-types.js';
export { buildDeliveryBody } from './delivery/build-delivery-body.js';
export type { DeliveryBodyFormat } from './delivery/build-delivery-body.js';
export { DEFAULT_RETRY_SCHEDULE_MS, delayBefore, MAX_TIMER_DELAY_MS, parseRetryAfter } from './delivery/retry-schedule.js';
export { isSigningSecret, signStandardWebhook, verifyStandardWebhook } from './delivery/sign-standard-webhook.js';
export { createTokenCache } from './delivery/create-token-cache.js';
export type { TokenCache, TokenCacheOptions } from './delivery/create-token-cache.js';
export { checkDestination } from './delivery/check-destination.js';
export { createDeliveryRoutes } from './mock/delivery-routes.js';
export { startSchedules } from './events/start-schedules.js';

// State across restarts
export { attachStatePersistence } from './state/attach-state-persistence.js';
export type { StatePersistence, StatePersistenceOptions } from './state/attach-state-persistence.js';
export { createStateRegistry, REDACTED, STATE_FORMAT, STATE_VERSION } from './state/create-state-registry.js';
export type { SnapshotOptions, StateDocument, StatePart, StateRegistry } from './state/create-state-registry.js';
export { readStateFile, writeStateFileSync } from './state/state-file.js';

// Seeding
export { runSeed } from './seed/run-seed.js';
export type { SeedLedger, SeedOptions, SeedOutcome, SeedReport } from './seed/run-seed.js';
export { parseScenario } from './seed/parse-scenario.js';
export type { Scenario, ScenarioEvent, ScenarioSubscription } from './seed/scenario-types.js';
export { createFileLedger } from './seed/create-file-ledger.js';

// Time
export { CLOCK_RANGE, createManualClock, createSystemClock, isInClockRange, isManualClock } from './runtime/clock.js';
export type { Clock, ManualClock, ManualClockOptions } from './runtime/clock.js';

// Ids
export { formatSenteraId, isSenteraId, parseSenteraId, SENTERA_ID_FORMAT, stampOf, TypeCode } from './ids/sentera-id.js';
export type { SenteraIdParts } from './ids/sentera-id.js';
export { createIdGenerator } from './ids/create-id-generator.js';
export type { IdGenerator, IdGeneratorOptions, IdOwner } from './ids/create-id-generator.js';

// State
export { createStore, MAX_DELETE_IDS } from './store/create-store.js';
export type { CreateWebhookSubscriptionInput, DeleteWebhookSubscriptionsInput, Store, StoreChange, StoreOptions, StoreSnapshot, UpdateWebhookSubscriptionInput } from './store/create-store.js';
export { MAX_PAGE_SIZE } from './store/paginate.js';
export { WEBHOOK_EVENT_TYPES } from './store/types.js';
export type { Organization, Page, Pagination, WebhookAuthentication, WebhookEventType, WebhookSubscription } from './store/types.js';
export type { DeliveryState, OrganizationEvent, WebhookEvent, WebhookEventPayload, WebhookEventStatus } from './events/event-types.js';

// Fixtures and schema
export { loadFixtures } from './fixtures/load-fixtures.js';
export type { EventFixture, FixtureSettings, Fixtures, OrganizationFixture, StreamFixture, SubscriptionFixture, UserFixture } from './fixtures/fixture-types.js';
export { loadSchema, readSchemaSource, schemaPath } from './schema/load-schema.js';
export { formatDateTime, ISO8601DateTimeScalar, parseDateTime, UrlScalar } from './schema/scalars.js';

// Errors
export { ConfigurationError, ErrorCode } from './errors.js';
export type { Problem, Result } from './errors.js';
