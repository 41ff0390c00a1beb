/**
 * sentera-mock/testing: for tests of apps that call Sentera's API, and for the code and tests of webhook receivers.
 */
export { DEFAULT_INTERCEPT_START, interceptSentera, SENTERA_PRODUCTION_URL } from './intercept-sentera.js';
export type { InterceptSenteraOptions, SenteraInterception } from './intercept-sentera.js';
export { createWebhookInbox } from './create-webhook-inbox.js';
export type {
  InboxExpectation,
  InboxReply,
  ReceivedDelivery,
  WebhookInbox,
  WebhookInboxOptions,
} from './create-webhook-inbox.js';
export { DEFAULT_WEBHOOK_TOLERANCE_SECONDS, verifyWebhook } from '../delivery/verify-webhook.js';
export type {
  VerifyWebhookOptions,
  WebhookHeadersInput,
  WebhookVerification,
  WebhookVerificationFailure,
} from '../delivery/verify-webhook.js';
export { isWebhookDeliveryEnvelope } from '../delivery/webhook-delivery-body.js';
export type {
  WebhookDeliveryBody,
  WebhookDeliveryEnvelope,
  WebhookDeliveryHeaders,
  WebhookDeliveryPayload,
} from '../delivery/webhook-delivery-body.js';
// eslint-disable-next-line @typescript-eslint/no-deprecated -- still exported for compatibility until 0.2
export { isSigningSecret, signStandardWebhook, verifyStandardWebhook } from '../delivery/sign-standard-webhook.js';
export { buildDeliveryBody } from '../delivery/build-delivery-body.js';
export type { DeliveryBodyFormat } from '../delivery/build-delivery-body.js';
export { createManualClock } from '../runtime/clock.js';
export type { ManualClock, ManualClockOptions } from '../runtime/clock.js';
