/**
 * sentera-mock/testing: what a webhook receiver's tests and code need, without the server.
 */
export { DEFAULT_WEBHOOK_TOLERANCE_SECONDS, verifyWebhook } from '../delivery/verify-webhook.js';
export { isWebhookDeliveryEnvelope } from '../delivery/webhook-delivery-body.js';
export type { WebhookDeliveryBody, WebhookDeliveryEnvelope, WebhookDeliveryHeaders, WebhookDeliveryPayload } from '../delivery/webhook-delivery-body.js';
export type { VerifyWebhookOptions, WebhookHeadersInput, WebhookVerification, WebhookVerificationFailure } from '../delivery/verify-webhook.js';
export { createWebhookInbox } from './create-webhook-inbox.js';
export type { InboxExpectation, InboxReply, ReceivedDelivery, WebhookInbox, WebhookInboxOptions } from './create-webhook-inbox.js';
