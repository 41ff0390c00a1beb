import { describe, expect, it } from 'vitest';
import { createInterner } from '../../src/delivery/create-interner.js';
import { entryFromRecord, renderDelivery } from '../../src/delivery/delivery-entry.js';
import { attemptRecord as attempt, deliveryRecord as delivery } from '../support/delivery-records.js';

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
