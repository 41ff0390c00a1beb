/**
 * sentera-mock/testing: for tests of apps that call Sentera's API or receive its webhooks.
 */
export { DEFAULT_INTERCEPT_START, interceptSentera, SENTERA_PRODUCTION_URL } from './intercept-sentera.js';
export type { InterceptSenteraOptions, SenteraInterception } from './intercept-sentera.js';
export { createWebhookInbox } from './create-webhook-inbox.js';
export type { InboxExpectation, InboxReply, ReceivedDelivery, WebhookInbox, WebhookInboxOptions } from './create-webhook-inbox.js';
export { isSigningSecret, signStandardWebhook, verifyStandardWebhook } from '../delivery/sign-standard-webhook.js';
export { buildDeliveryBody } from '../delivery/build-delivery-body.js';
export type { DeliveryBodyFormat } from '../delivery/build-delivery-body.js';
export { createManualClock } from '../runtime/clock.js';
export type { ManualClock, ManualClockOptions } from '../runtime/clock.js';
