/**
 * webhook-delivery-body
 *
 * The shapes a receiver gets. `schemas/webhook-delivery-body.schema.json` says the same in JSON Schema: change both
 * together (test/delivery/webhook-delivery-body.test.ts holds them to the bodies the mock sends).
 */
import type { WebhookEventType } from '../store/types.js';

/**
 * The payload of a delivered event: schema.graphql's `WebhookEventPayload` fields. Sent alone with
 * `--delivery-body payload`, inside the envelope otherwise.
 *
 * @category Delivery
 */
export interface WebhookDeliveryPayload {
  /** The object the event is about (equal to the envelope's `triggering_object_id`). */
  readonly sentera_id: string;
  readonly created_by_id: string;
  readonly updated_by_id: string | null;
}

/**
 * The default delivered body: `WebhookEvent` without `status` and `attempts`.
 *
 * @category Delivery
 */
export interface WebhookDeliveryEnvelope {
  /** The event's id (type code WE), the same as the `webhook-id` header and on every retry: the idempotency key. */
  readonly sentera_id: string;
  /** Caveat: Sentera may add event types; a receiver should accept (and ignore) one it does not know. */
  readonly type: WebhookEventType;
  /** ISO 8601 in UTC, seconds precision, e.g. `2022-01-31T13:27:09Z`. */
  readonly created_at: string;
  readonly triggering_object_id: string;
  readonly payload: WebhookDeliveryPayload;
}

/**
 * Any body the mock POSTs to a callback URL: the envelope (default) or the bare payload.
 *
 * @category Delivery
 */
export type WebhookDeliveryBody = WebhookDeliveryEnvelope | WebhookDeliveryPayload;

/**
 * The headers of a delivery (lower-case, as node:http and fetch give them).
 *
 * @category Delivery
 */
export interface WebhookDeliveryHeaders {
  readonly 'content-type': 'application/json';
  readonly 'user-agent': string;
  /** The event's `sentera_id`, the same on every retry. */
  readonly 'webhook-id': string;
  readonly 'x-sentera-event-type': WebhookEventType;
  /** Unix seconds of this attempt; only when the mock signs (`--signing-secret`). */
  readonly 'webhook-timestamp'?: string;
  /** `v1,<base64>`, space-separated when several; only when the mock signs. */
  readonly 'webhook-signature'?: string;
  /** `Bearer <token>`; only for a subscription with `authentication`. */
  readonly authorization?: string;
}

/**
 * Tells the envelope form from the bare payload.
 *
 * @example
 * ```ts
 * const body = JSON.parse(raw) as WebhookDeliveryBody;
 * const objectId = isWebhookDeliveryEnvelope(body) ? body.triggering_object_id : body.sentera_id;
 * ```
 * @category Delivery
 */
export function isWebhookDeliveryEnvelope(body: WebhookDeliveryBody): body is WebhookDeliveryEnvelope {
  return 'payload' in body && 'type' in body;
}
