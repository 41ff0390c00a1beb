/**
 * sentera-mock: an offline mock server and contract-testing kit for Sentera's GraphQL webhook-subscription API.
 *
 * This file is the main entry point (`sentera-mock`): the mock, its servers and its building blocks. The audiences'
 * own entry points are `sentera-mock/testing` (interception, webhook inbox, signature helpers),
 * `sentera-mock/contract` (the contract kit) and `sentera-mock/express` (the express middleware); the testing and
 * contract names stay exported here too. Everything not exported from an entry point is internal.
 */

// Servers
export { createMockServer, startMockServer } from './server/start-mock-server.js';
export type {
  MockServer,
  MockServerOptions,
  RunningMockServer,
  StartMockServerOptions,
} from './server/start-mock-server.js';
export { startServer } from './server/start-server.js';
export type { RunningServer, StartServerOptions } from './server/start-server.js';

// The mock, without a transport
export { createMock, DEFAULT_SEED, defaultFixturesDir } from './mock/create-mock.js';
export type { MockOptions, SenteraMock } from './mock/create-mock.js';
export { createControlApi } from './mock/control-api.js';
export type {
  ControlApi,
  ControlApiOptions,
  ControlledMock,
  ControlRequest,
  ControlResponse,
  ControlRoute,
} from './mock/control-api.js';

// The front door (every route, any adapter)
export { createFrontDoor, DEFAULT_BODY_LIMIT, DEFAULT_STATE_BODY_LIMIT } from './http/create-front-door.js';
export type { FrontDoorOptions, FrontDoorRoute, FrontDoorSettings, RouteContext } from './http/create-front-door.js';
export type { MockHandler, MockRequest, MockResponse } from './http/http-types.js';
export { errorResponse, jsonResponse, textResponse, TextResponse } from './http/text-response.js';
export type { AllowedHosts } from './http/create-host-check.js';
export { createNodeListener } from './server/create-node-listener.js';
export type { NodeListenerOptions } from './server/create-node-listener.js';
export { createLogger, LOG_LEVELS, shouldColor } from './log/create-logger.js';
export type { LogFields, LogFormat, Logger, LoggerOptions, LogLevel } from './log/create-logger.js';

// Contract testing
export { contractChecks, selectChecks } from './contract/contract-checks.js';
export type { ContractChecks, ContractOptions } from './contract/contract-checks.js';
export { runContract } from './contract/run-contract.js';
export type { ContractReport, ContractRun, RunContractOptions } from './contract/run-contract.js';
export { loadContracts } from './contract/load-contracts.js';
export type { Contracts, LoadContractsOptions } from './contract/load-contracts.js';
export { CONTRACT_LAYERS } from './contract/contract-check.js';
export type {
  CheckLevel,
  CheckName,
  CheckStatus,
  ContractCheck,
  ContractFailure,
  ContractLayer,
  ContractResult,
} from './contract/contract-check.js';
export type { CleanupReport } from './contract/create-step-runner.js';
export { DEFAULT_SCALAR_RULES, validateResponse } from './contract/validate-response.js';
export type { ScalarRule, ValidateResponseOptions } from './contract/validate-response.js';
export { renderCleanup, renderPretty, renderResult } from './contract/render-pretty.js';
export { renderJson } from './contract/render-json.js';
export { renderJunit } from './contract/render-junit.js';

// Checking a webhook receiver
export { runReceiverCheck } from './receiver-check/run-receiver-check.js';
export type { ReceiverReport, ReceiverRun, RunReceiverCheckOptions } from './receiver-check/run-receiver-check.js';
export { RECEIVER_CHECK_GROUPS } from './receiver-check/receiver-check.js';
export type { ReceiverCheck, ReceiverCheckGroup, ReceiverResult } from './receiver-check/receiver-check.js';
export {
  renderReceiverJson,
  renderReceiverJunit,
  renderReceiverPretty,
  renderReceiverSummary,
} from './receiver-check/render-receiver-report.js';

// Testing apps that call the API
export { DEFAULT_INTERCEPT_START, interceptSentera, SENTERA_PRODUCTION_URL } from './testing/intercept-sentera.js';
export type { InterceptSenteraOptions, SenteraInterception } from './testing/intercept-sentera.js';
export { createWebhookInbox } from './testing/create-webhook-inbox.js';
export type {
  InboxExpectation,
  InboxReply,
  ReceivedDelivery,
  WebhookInbox,
  WebhookInboxOptions,
} from './testing/create-webhook-inbox.js';
export { DEFAULT_DOCUMENT_LIMITS } from './graphql/document-limits.js';
export type { DocumentLimits } from './graphql/document-limits.js';

// Events
export { createEventLog } from './events/create-event-log.js';
export type { EmitInput, EventLog, EventLogOptions, EventSlice, EventsQuery } from './events/create-event-log.js';
export { payloadTypename, TRIGGERING_TYPE_CODE } from './events/event-type-info.js';

// Webhook delivery
export { createDelivery } from './delivery/create-delivery.js';
export type { Delivery, DeliveryOptions, Timers } from './delivery/create-delivery.js';
export type { AttemptRecord, DeliveryFaults, DeliveryRecord } from './delivery/delivery-types.js';
export { buildDeliveryBody } from './delivery/build-delivery-body.js';
export type { DeliveryBodyFormat } from './delivery/build-delivery-body.js';
export {
  DEFAULT_RETRY_SCHEDULE_MS,
  delayBefore,
  MAX_TIMER_DELAY_MS,
  parseRetryAfter,
} from './delivery/retry-schedule.js';
// eslint-disable-next-line @typescript-eslint/no-deprecated -- still exported for compatibility until 0.2
export { isSigningSecret, signStandardWebhook, verifyStandardWebhook } from './delivery/sign-standard-webhook.js';
export { DEFAULT_WEBHOOK_TOLERANCE_SECONDS, verifyWebhook } from './delivery/verify-webhook.js';
export { isWebhookDeliveryEnvelope } from './delivery/webhook-delivery-body.js';
export type {
  WebhookDeliveryBody,
  WebhookDeliveryEnvelope,
  WebhookDeliveryHeaders,
  WebhookDeliveryPayload,
} from './delivery/webhook-delivery-body.js';
export type {
  VerifyWebhookOptions,
  WebhookHeadersInput,
  WebhookVerification,
  WebhookVerificationFailure,
} from './delivery/verify-webhook.js';

// State across restarts
export { attachStatePersistence } from './state/attach-state-persistence.js';
export type { StatePersistence, StatePersistenceOptions } from './state/attach-state-persistence.js';
export { REDACTED, STATE_FORMAT, STATE_VERSION } from './state/create-state-registry.js';
export type {
  SnapshotOptions,
  StateChange,
  StateDocument,
  StatePart,
  StateRegistry,
} from './state/create-state-registry.js';

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
export {
  formatSenteraId,
  isSenteraId,
  parseSenteraId,
  SENTERA_ID_FORMAT,
  stampOf,
  TypeCode,
} from './ids/sentera-id.js';
export type { SenteraIdParts } from './ids/sentera-id.js';
export { createIdGenerator } from './ids/create-id-generator.js';
export type { IdGenerator, IdGeneratorOptions, IdOwner } from './ids/create-id-generator.js';

// State
export { createStore, MAX_DELETE_IDS } from './store/create-store.js';
export type {
  CreateWebhookSubscriptionInput,
  DeleteWebhookSubscriptionsInput,
  Store,
  StoreChange,
  StoreOptions,
  StoreReplay,
  StoreSnapshot,
  UpdateWebhookSubscriptionInput,
} from './store/create-store.js';
export { MAX_PAGE_SIZE } from './store/paginate.js';
export { WEBHOOK_EVENT_TYPES } from './store/types.js';
export type {
  Organization,
  Page,
  Pagination,
  WebhookAuthentication,
  WebhookEventType,
  WebhookSubscription,
} from './store/types.js';
export type {
  DeliveryState,
  OrganizationEvent,
  WebhookEvent,
  WebhookEventPayload,
  WebhookEventStatus,
} from './events/event-types.js';

// Fixtures and schema
export { loadFixtures } from './fixtures/load-fixtures.js';
export type {
  EventFixture,
  FixtureSettings,
  Fixtures,
  OrganizationFixture,
  StreamFixture,
  SubscriptionFixture,
  UserFixture,
} from './fixtures/fixture-types.js';
export { loadSchema, readSchemaSource, schemaPath } from './schema/load-schema.js';
export { formatDateTime, ISO8601DateTimeScalar, parseDateTime, UrlScalar } from './schema/scalars.js';

// Errors
export { ConfigurationError, ErrorCode } from './errors.js';
export type { Problem, Result } from './errors.js';

// The pages (console, GraphiQL), the built-in inbox, the token endpoint and the live feed
export { createUiRoutes, createGraphiqlPage } from './ui/create-ui-routes.js';
export type { IntervalTimers, UiRoutesOptions } from './ui/create-ui-routes.js';
export { createInboxStore, INBOX_NAME } from './inbox/create-inbox-store.js';
export type {
  AuthorizationCheck,
  InboxEntry,
  InboxStore,
  InboxStoreOptions,
  InboxSummary,
  SignatureCheck,
} from './inbox/create-inbox-store.js';
export { createTokenEndpoint, DEFAULT_OAUTH_CLIENTS } from './oauth/create-token-endpoint.js';
export type {
  OAuthClient,
  TokenCheck,
  TokenEndpoint,
  TokenEndpointOptions,
  TokenRequest,
  TokenResponse,
} from './oauth/create-token-endpoint.js';
export { createLiveFeed } from './live/create-live-feed.js';
export type { LiveFeed, LiveFeedOptions, LiveMessage } from './live/create-live-feed.js';
export { DEFAULT_MOCK_ORIGIN, expandMockOrigin, MOCK_ORIGIN_PLACEHOLDER } from './runtime/mock-origin.js';
