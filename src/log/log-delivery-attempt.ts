/**
 * log-delivery-attempt
 */
import type { AttemptRecord, DeliveryRecord } from '../delivery/delivery-types.js';
import type { Logger } from './create-logger.js';
import { redactUrl } from './redact-url.js';

/**
 * Logs one webhook delivery attempt (info; error level when the delivery ends FAILED): event, subscription, URL
 * (credentials and secret-looking query values redacted), status code or error, duration, and the next retry or the
 * final status. Never headers or bodies: they carry signatures and tokens.
 *
 * @category Logging
 */
export function logDeliveryAttempt(logger: Logger, delivery: DeliveryRecord, attempt: AttemptRecord): void {
  const level = delivery.status === 'FAILED' ? 'error' : 'info';
  if (!logger.enabled(level)) return;
  logger.log(level, 'delivery', {
    summary: `${delivery.event_type} ${redactUrl(delivery.url)}`,
    result: attempt.status_code === null ? 'error' : String(attempt.status_code),
    error: attempt.error,
    duration_ms: attempt.duration_ms,
    attempt: attempt.attempt,
    trigger: attempt.trigger === 'scheduled' ? undefined : attempt.trigger,
    status: delivery.status,
    next_retry: delivery.next_attempt_at,
    webhook_event: delivery.event_sentera_id,
    subscription: delivery.subscription_sentera_id,
  });
}
