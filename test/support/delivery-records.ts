import type { AttemptRecord, DeliveryRecord } from '../../src/delivery/delivery-types.js';

/** A delivery attempt as the log shows it: a 200 `ok`, unless overridden. */
export const attemptRecord = (overrides: Partial<AttemptRecord> = {}): AttemptRecord => ({
  attempt: 1,
  trigger: 'scheduled',
  at: '2026-12-02T03:14:41.123Z',
  status_code: 200,
  duration_ms: 12.34,
  error: null,
  response: 'ok',
  token_refreshed: false,
  ...overrides,
});

/** A delivery as the log shows it: one successful attempt, unless overridden. */
export const deliveryRecord = (overrides: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  id: 'WE1:WS1',
  event_sentera_id: 'WE1',
  subscription_sentera_id: 'WS1',
  event_type: 'TASK_MODIFIED',
  url: 'https://user:redacted@example.com/hook',
  status: 'SUCCESS',
  attempts: [attemptRecord()],
  next_attempt_at: null,
  ...overrides,
});
