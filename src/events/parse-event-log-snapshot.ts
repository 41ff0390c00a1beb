/**
 * parse-event-log-snapshot
 */
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import { WEBHOOK_EVENT_TYPES } from '../store/types.js';
import type { WebhookEvent, WebhookEventStatus } from './event-types.js';

/** The event log's share of a saved state. */
export interface EventLogSnapshot {
  /** Emitted events forgotten by retention so far. */
  readonly dropped: number;
  readonly emitted: ReadonlyArray<{ readonly event: WebhookEvent; readonly recipients: readonly string[] }>;
  readonly states: ReadonlyArray<{
    readonly subscription: string;
    readonly event: string;
    readonly status: WebhookEventStatus;
    readonly attempts: number;
  }>;
}

const STATUSES: readonly string[] = ['PENDING', 'SUCCESS', 'FAILED'];

/**
 * Checks data claiming to be an {@link EventLogSnapshot}; every problem names its path under `at`.
 */
export function parseEventLogSnapshot(data: unknown, at: string): Result<EventLogSnapshot> {
  const problem = (path: string, message: string) =>
    fail<EventLogSnapshot>(ErrorCode.BAD_USER_INPUT, `${path}: ${message}`);
  if (data === undefined) return ok({ dropped: 0, emitted: [], states: [] });
  if (!isRecord(data) || !Array.isArray(data['emitted']) || !Array.isArray(data['states']))
    return problem(at, 'expected {emitted: [...], states: [...]}');
  const dropped = data['dropped'] ?? 0;
  if (!Number.isSafeInteger(dropped) || (dropped as number) < 0)
    return problem(`${at}.dropped`, 'expected a whole number >= 0');
  const emitted: Array<{ event: WebhookEvent; recipients: string[] }> = [];
  for (const [index, raw] of data['emitted'].entries()) {
    const path = `${at}.emitted[${index}]`;
    if (
      !isRecord(raw) ||
      !isRecord(raw['event']) ||
      !Array.isArray(raw['recipients']) ||
      !raw['recipients'].every((id) => typeof id === 'string')
    )
      return problem(path, 'expected {event, recipients}');
    const event = raw['event'];
    const payload = event['payload'];
    const createdAt = new Date(String(event['created_at']));
    if (
      typeof event['sentera_id'] !== 'string' ||
      typeof event['organization_sentera_id'] !== 'string' ||
      !(WEBHOOK_EVENT_TYPES as readonly unknown[]).includes(event['type']) ||
      Number.isNaN(createdAt.getTime()) ||
      typeof event['triggering_object_id'] !== 'string' ||
      !isRecord(payload) ||
      !STATUSES.includes(String(event['status'])) ||
      !Number.isInteger(event['attempts'])
    ) {
      return problem(
        `${path}.event`,
        'expected a webhook event (sentera_id, organization_sentera_id, type, created_at, triggering_object_id, payload, status, attempts)',
      );
    }
    emitted.push({
      event: { ...(event as unknown as WebhookEvent), created_at: createdAt },
      recipients: raw['recipients'],
    });
  }
  const states: Array<{ subscription: string; event: string; status: WebhookEventStatus; attempts: number }> = [];
  for (const [index, raw] of data['states'].entries()) {
    if (
      !isRecord(raw) ||
      typeof raw['subscription'] !== 'string' ||
      typeof raw['event'] !== 'string' ||
      !STATUSES.includes(String(raw['status'])) ||
      !Number.isInteger(raw['attempts']) ||
      (raw['attempts'] as number) < 0
    ) {
      return problem(`${at}.states[${index}]`, 'expected {subscription, event, status, attempts}');
    }
    states.push({
      subscription: raw['subscription'],
      event: raw['event'],
      status: raw['status'] as WebhookEventStatus,
      attempts: raw['attempts'] as number,
    });
  }
  return ok({ dropped: dropped as number, emitted, states });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
