import { describe, expect, it } from 'vitest';
import { parseStoreSnapshot } from '../../src/store/parse-store-snapshot.js';

const ORG = '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024';
const subscription = {
  sentera_id: 'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709',
  organization_sentera_id: ORG,
  callback_url: 'https://a.example/hook',
  event_types: ['TASK_MODIFIED', 'TASK_MODIFIED'],
  created_at: '2022-01-31T13:27:09Z',
  authentication: { client_id: 'c', client_secret: 's', token_url: 'https://a.example/token' },
};
const known = new Set([ORG]);

describe('parseStoreSnapshot', () => {
  it('reads organizations and subscriptions (dates as Dates, event types without repeats, scope null when absent)', () => {
    const parsed = parseStoreSnapshot({ subscriptions: [subscription] }, 'parts.store', known);
    expect(parsed.ok && parsed.value.subscriptions[0]).toEqual({
      ...subscription,
      event_types: ['TASK_MODIFIED'],
      created_at: new Date('2022-01-31T13:27:09Z'),
      authentication: { ...subscription.authentication, scope: null },
    });
  });

  it.each([
    ['not an object', 3, /^parts\.store: expected an object with organizations and subscriptions$/],
    ['subscriptions that are not a list', { subscriptions: {} }, /^parts\.store\.subscriptions: expected a list$/],
    [
      'an organization id of the wrong type',
      { organizations: [{ sentera_id: subscription.sentera_id, name: 'A', email: 'a@b' }] },
      /^parts\.store\.organizations\[0\]\.sentera_id: expected an organization id \(type code OR\)$/,
    ],
    [
      'a subscription id of the wrong type',
      { subscriptions: [{ ...subscription, sentera_id: ORG }] },
      /^parts\.store\.subscriptions\[0\]\.sentera_id: expected a webhook subscription id \(type code WS\)$/,
    ],
    [
      'a duplicate subscription',
      { subscriptions: [subscription, subscription] },
      /^parts\.store\.subscriptions\[1\]\.sentera_id: duplicate subscription /,
    ],
    [
      'an unknown organization',
      { subscriptions: [{ ...subscription, organization_sentera_id: 'zzzzzzz_OR_x_CV_deve_0123456_220101_000000' }] },
      /^parts\.store\.subscriptions\[0\]\.organization_sentera_id: unknown organization /,
    ],
    [
      'a bad callback_url',
      { subscriptions: [{ ...subscription, callback_url: 'ftp://a.example' }] },
      /^parts\.store\.subscriptions\[0\]\.callback_url: callback_url must be an absolute http\(s\) URL/,
    ],
    [
      'an unknown event type',
      { subscriptions: [{ ...subscription, event_types: ['NOPE'] }] },
      /^parts\.store\.subscriptions\[0\]\.event_types: event_types has unknown event types/,
    ],
    [
      'a bad date',
      { subscriptions: [{ ...subscription, created_at: 'soon' }] },
      /^parts\.store\.subscriptions\[0\]\.created_at: expected an ISO 8601 date-time$/,
    ],
    [
      'authentication without a token_url',
      { subscriptions: [{ ...subscription, authentication: { client_id: 'c', client_secret: 's' } }] },
      /^parts\.store\.subscriptions\[0\]\.authentication\.token_url: expected null or \{client_id, client_secret, scope, token_url\}$/,
    ],
  ])('refuses %s, naming the path', (_, data, message) => {
    const parsed = parseStoreSnapshot(data, 'parts.store', known);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem.message).toMatch(message);
  });
});
