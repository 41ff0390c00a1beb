import { describe, expect, it } from 'vitest';
import { parseEventLogSnapshot } from '../../src/events/parse-event-log-snapshot.js';

const event = {
  sentera_id: 'b6i0chc_WE_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709',
  organization_sentera_id: '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024',
  type: 'TASK_MODIFIED',
  created_at: '2022-01-31T13:27:09.000Z',
  triggering_object_id: 'b6i0chc_TA_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709',
  payload: {
    __typename: 'TaskModifiedPayload',
    sentera_id: 'b6i0chc_TA_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709',
    created_by_id: 'vkuk9ja_US_7yqcJohnDow_CV_deve_f844446_200204_170541',
    updated_by_id: null,
  },
  status: 'PENDING',
  attempts: 0,
};
const state = {
  subscription: 'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709',
  event: event.sentera_id,
  status: 'SUCCESS',
  attempts: 1,
};

describe('parseEventLogSnapshot', () => {
  it('reads emitted events (dates as Dates) and delivery states', () => {
    const parsed = parseEventLogSnapshot(
      { dropped: 2, emitted: [{ event, recipients: [state.subscription] }], states: [state] },
      'parts.events',
    );
    expect(parsed.ok && parsed.value.emitted[0]?.event.created_at).toEqual(new Date(event.created_at));
    expect(parsed.ok && parsed.value.states).toEqual([state]);
    expect(parsed.ok && parsed.value.dropped).toBe(2);
  });

  it.each([
    ['not an object', [], /^parts\.events: expected \{emitted: \[\.\.\.\], states: \[\.\.\.\]\}$/],
    ['no states', { emitted: [] }, /^parts\.events\.states: expected \{emitted: \[\.\.\.\], states: \[\.\.\.\]\}$/],
    [
      'a negative dropped count',
      { dropped: -1, emitted: [], states: [] },
      /^parts\.events\.dropped: expected a whole number >= 0$/,
    ],
    [
      'recipients that are not ids',
      { emitted: [{ event, recipients: [1] }], states: [] },
      /^parts\.events\.emitted\[0\]\.recipients\[0\]: expected \{event, recipients\}$/,
    ],
    [
      'an event of an unknown type',
      { emitted: [{ event: { ...event, type: 'ORDER_PLACED' }, recipients: [] }], states: [] },
      /^parts\.events\.emitted\[0\]\.event\.type: expected a webhook event \(/,
    ],
    [
      'an event without a payload',
      { emitted: [{ event: { ...event, payload: undefined }, recipients: [] }], states: [] },
      /^parts\.events\.emitted\[0\]\.event\.payload: expected a webhook event \(/,
    ],
    [
      'an event with a bad date',
      { emitted: [{ event: { ...event, created_at: 'soon' }, recipients: [] }], states: [] },
      /^parts\.events\.emitted\[0\]\.event\.created_at: expected a webhook event \(/,
    ],
    [
      'a state with negative attempts',
      { emitted: [], states: [{ ...state, attempts: -1 }] },
      /^parts\.events\.states\[0\]\.attempts: expected \{subscription, event, status, attempts\}$/,
    ],
  ])('refuses %s, naming the path', (_, data, message) => {
    const parsed = parseEventLogSnapshot(data, 'parts.events');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem.message).toMatch(message);
  });
});
