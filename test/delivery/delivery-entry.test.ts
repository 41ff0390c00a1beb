import { describe, expect, it } from 'vitest';
import { createInterner } from '../../src/delivery/create-interner.js';
import { entryFromRecord, renderDelivery } from '../../src/delivery/delivery-entry.js';
import type { AttemptRecord, DeliveryRecord } from '../../src/delivery/delivery-types.js';
import { parseDeliveryState } from '../../src/delivery/parse-delivery-state.js';

const attempt = (overrides: Partial<AttemptRecord> = {}): AttemptRecord => ({
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

const delivery = (overrides: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  id: 'WE1:WS1',
  event_sentera_id: 'WE1',
  subscription_sentera_id: 'WS1',
  event_type: 'TASK_MODIFIED',
  url: 'https://user:redacted@example.com/hook',
  status: 'SUCCESS',
  attempts: [attempt()],
  next_attempt_at: null,
  ...overrides,
});

describe('the compact delivery entry', () => {
  it.each([
    ['one successful attempt', delivery()],
    [
      'no attempt yet, due later',
      delivery({ status: 'PENDING', attempts: [], next_attempt_at: '2026-12-02T03:15:00.000Z' }),
    ],
    [
      'every trigger, a refreshed token, failures without a status, and a long excerpt',
      delivery({
        status: 'FAILED',
        attempts: [
          attempt({ status_code: null, duration_ms: 15000.07, error: 'timeout after 15000 ms', response: '' }),
          attempt({
            attempt: 2,
            trigger: 'manual',
            status_code: 500,
            response: 'x'.repeat(256),
            token_refreshed: true,
          }),
          attempt({
            attempt: 3,
            trigger: 'duplicate',
            at: '2027-01-30T10:00:00.001Z',
            status_code: 302,
            error: 'redirect to / not followed',
          }),
          attempt({ attempt: 4, duration_ms: 0, status_code: 410, response: 'gone' }),
        ],
      }),
    ],
  ])('renders exactly the record it was made from: %s', (_, record) => {
    const rendered = renderDelivery(entryFromRecord(record, createInterner({ limit: 10 }).intern));
    expect(rendered).toEqual(record);
    // Key order too: the control API, the console and the state export print these objects as they are.
    expect(JSON.stringify(rendered)).toBe(JSON.stringify(record));
  });

  it('renders a new object on every read, which later attempts do not change', () => {
    const entry = entryFromRecord(delivery(), (text) => text);
    const first = renderDelivery(entry);
    expect(renderDelivery(entry)).not.toBe(first);
    entry.status = 'PENDING';
    expect(first.status).toBe('SUCCESS');
  });
});

describe("the delivery log's share of a saved state", () => {
  const at = 'parts.deliveries';
  it.each([
    [{ dropped: -1, records: [] }, `${at}.dropped: expected a whole number >= 0`],
    [{ dropped: 0 }, `${at}: expected {dropped, records: [delivery records]}`],
    ['deliveries', `${at}: expected {dropped, records: [delivery records]}`],
    [{ records: [null] }, `${at}.records[0]: expected an object`],
    [{ records: [{ ...delivery(), status: 'DONE' }] }, `${at}.records[0].status: expected PENDING, SUCCESS or FAILED`],
    [
      { records: [delivery(), { ...delivery(), next_attempt_at: 'soon' }] },
      `${at}.records[1].next_attempt_at: expected null or an ISO 8601 date`,
    ],
    [{ records: [{ ...delivery(), attempts: {} }] }, `${at}.records[0].attempts: expected a list`],
    [
      { records: [delivery({ attempts: [attempt(), attempt({ at: 'yesterday' })] })] },
      `${at}.records[0].attempts[1].at: expected an ISO 8601 date`,
    ],
    [
      { records: [delivery({ attempts: [{ ...attempt(), trigger: 'retry' } as unknown as AttemptRecord] })] },
      `${at}.records[0].attempts[0].trigger: expected scheduled, manual or duplicate`,
    ],
    [
      { records: [delivery({ attempts: [attempt({ duration_ms: -1 })] })] },
      `${at}.records[0].attempts[0].duration_ms: expected a number >= 0`,
    ],
    [[{ ...delivery(), url: 7 }], `${at}[0].url: expected a string`],
  ])('refuses %j: %s', (input, message) => {
    expect(parseDeliveryState(input, at)).toMatchObject({ ok: false, problem: { code: 'BAD_USER_INPUT', message } });
  });

  it.each([
    ['the current form', { dropped: 3, records: [delivery()] }, 3],
    ['the bare list older states saved', [delivery()], 0],
  ])('reads %s', (_, input, dropped) => {
    expect(parseDeliveryState(input, at)).toEqual({ ok: true, value: { dropped, records: [delivery()] } });
  });
});
