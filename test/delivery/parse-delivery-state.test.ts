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
    [[5], `${at}[0]: expected an object`],
    [null, `${at}: expected {dropped, records: [delivery records]}`],
    [{ dropped: 1.5, records: 'x' }, `${at}.dropped: expected a whole number >= 0`],
    [{ dropped: 2 ** 53, records: [] }, `${at}.dropped: expected a whole number >= 0`],
    [{ records: [{ id: 'x' }] }, `${at}.records[0].event_sentera_id: expected a string`],
    [{ records: [{ ...delivery(), attempts: undefined }] }, `${at}.records[0].attempts: expected a list`],
    [
      { records: [delivery({ attempts: [attempt({ status_code: 200.5 })] })] },
      `${at}.records[0].attempts[0].status_code: expected null or a whole number`,
    ],
    [
      { records: [delivery({ attempts: [attempt({ duration_ms: Infinity })] })] },
      `${at}.records[0].attempts[0].duration_ms: expected a number >= 0`,
    ],
    [
      { records: [delivery({ attempts: [{ ...attempt(), error: 5 } as unknown as AttemptRecord] })] },
      `${at}.records[0].attempts[0].error: expected null or a string`,
    ],
    [
      { records: [delivery({ attempts: [{ ...attempt(), token_refreshed: 'no' } as unknown as AttemptRecord] })] },
      `${at}.records[0].attempts[0].token_refreshed: expected true or false`,
    ],
    [
      { records: [delivery({ attempts: [{ ...attempt(), response: undefined } as unknown as AttemptRecord] })] },
      `${at}.records[0].attempts[0].response: expected a string`,
    ],
  ])('refuses %j: %s', (input, message) => {
    expect(parseDeliveryState(input, at)).toEqual({ ok: false, problem: { code: 'BAD_USER_INPUT', message } });
  });

  it.each([
    ['the current form', { dropped: 3, records: [delivery()] }, 3],
    ['the bare list older states saved', [delivery()], 0],
    ['a null dropped count', { dropped: null, records: [delivery()] }, 0],
  ])('reads %s', (_, input, dropped) => {
    expect(parseDeliveryState(input, at)).toEqual({ ok: true, value: { dropped, records: [delivery()] } });
  });
});
