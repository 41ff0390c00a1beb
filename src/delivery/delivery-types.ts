/**
 * delivery-types
 */
import type { WebhookEventStatus } from '../events/event-types.js';

/**
 * One HTTP attempt of a delivery, shaped after Svix's MessageAttemptOut.
 *
 * @category Delivery
 */
export interface AttemptRecord {
  /** 1-based. */
  readonly attempt: number;
  /** `scheduled` (first try and retries), `manual` (redeliver) or `duplicate` (fault simulation). */
  readonly trigger: 'scheduled' | 'manual' | 'duplicate';
  /** When it started (ISO 8601, real time). */
  readonly at: string;
  readonly status_code: number | null;
  readonly duration_ms: number;
  /** Why it failed, e.g. `timeout after 15000 ms`, `ECONNREFUSED`, `token_error: …`, `blocked: …`. */
  readonly error: string | null;
  /** The first 256 characters of the response body. */
  readonly response: string;
  /** Whether a 401 made the sender fetch a fresh OAuth token and try once more within this attempt. */
  readonly token_refreshed: boolean;
}

/**
 * The delivery of one event to one subscription.
 *
 * @category Delivery
 */
export interface DeliveryRecord {
  /** `{event sentera_id}:{subscription sentera_id}`. */
  readonly id: string;
  readonly event_sentera_id: string;
  readonly subscription_sentera_id: string;
  readonly event_type: string;
  /** The callback URL of the latest attempt. */
  readonly url: string;
  readonly status: WebhookEventStatus;
  readonly attempts: readonly AttemptRecord[];
  /** When the next attempt is due (ISO 8601, real time), or null. */
  readonly next_attempt_at: string | null;
}

/**
 * Fault simulation for receivers' tests. Off by default; deterministic for a seed.
 *
 * @category Delivery
 */
export interface DeliveryFaults {
  /** The share (0 to 1) of successful deliveries sent a second time, with the same `webhook-id`. */
  readonly duplicateRate?: number;
  /** Holds each event's first attempt for a random 0 to `reorderWindowMs` ms, so close events arrive out of order. */
  readonly reorderWindowMs?: number;
  /** Waits this long before every attempt. */
  readonly delayMs?: number;
}
