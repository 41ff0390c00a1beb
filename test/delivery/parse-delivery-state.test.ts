import { describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../../src/delivery/delivery-types.js';
import { parseDeliveryState } from '../../src/delivery/parse-delivery-state.js';
import { attemptRecord as attempt, deliveryRecord as delivery } from '../support/delivery-records.js';

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
