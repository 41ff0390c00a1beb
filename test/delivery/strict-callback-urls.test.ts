import { describe, expect, it } from 'vitest';
import { checkCallbackAddress } from '../../src/delivery/check-callback-address.js';
import { DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { createTestMock } from '../support/test-mock.js';

const create = (url: string) =>
  `mutation { create_webhook_subscription(organization_sentera_id: "${DOCUMENTED_ORGANIZATION}", callback_url: "${url}", event_types: [TASK_MODIFIED]) { sentera_id callback_url } }`;
const update = (id: string, url: string) =>
  `mutation { update_webhook_subscription(sentera_id: "${id}", callback_url: "${url}") { sentera_id callback_url } }`;
const count = (mock: ReturnType<typeof createTestMock>) => {
  const page = mock.store.listWebhookSubscriptions({
    organization_sentera_id: DOCUMENTED_ORGANIZATION,
    pagination: { page: 1, page_size: 100 },
  });
  return page.ok ? page.value.total_count : -1;
};

// Addresses strict delivery must refuse before any request: none is ever contacted (the refusal happens at create or
// update, in-process, and test/support/setup.ts disables every connection but loopback).
const BLOCKED: Array<[string, string]> = [
  ['http://127.0.0.1:3000/webhooks', 'loopback'],
  ['http://10.0.0.1/webhooks', 'private'],
  ['http://192.168.1.20/webhooks', 'private'],
  ['http://169.254.169.254/latest/meta-data', 'linkLocal'],
  ['http://0.0.0.0/webhooks', 'unspecified'],
  ['http://2130706433/webhooks', 'loopback'],
  ['http://[::1]/webhooks', 'loopback'],
  ['http://[::ffff:127.0.0.1]/webhooks', 'loopback'],
  ['http://[::127.0.0.1]/webhooks', 'loopback'],
  ['http://[fe80::1]/webhooks', 'linkLocal'],
  ['http://[fd00::1]/webhooks', 'uniqueLocal'],
];

describe('strict delivery at create and update', () => {
  it.each(BLOCKED)('refuses to create a subscription to %s (%s), changing nothing', async (url, range) => {
    const mock = createTestMock({ delivery: { strict: true } });
    const before = count(mock);
    const result = await mock.execute({ query: create(url) });
    expect(result.data).toEqual({ create_webhook_subscription: null });
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          new RegExp(`^callback_url ".*" points at \\S+, a ${range} address, which strict delivery never sends to`),
        ),
        extensions: expect.objectContaining({ code: 'BLOCKED_CALLBACK_URL' }),
      }),
    ]);
    expect(count(mock)).toBe(before);
    mock.close();
  });

  it('refuses to update a subscription to a private address, keeping its URL', async () => {
    const mock = createTestMock({ delivery: { strict: true } });
    const created = await mock.execute({ query: create('https://hooks.example.com/webhooks') });
    const id = (created.data as { create_webhook_subscription: { sentera_id: string } }).create_webhook_subscription
      .sentera_id;
    const result = await mock.execute({ query: update(id, 'http://10.1.2.3/webhooks') });
    expect(result.errors?.[0]?.extensions?.['code']).toBe('BLOCKED_CALLBACK_URL');
    expect(mock.store.getWebhookSubscription(id)?.callback_url).toBe('https://hooks.example.com/webhooks');
    mock.close();
  });

  it.each([
    'https://hooks.example.com/webhooks',
    'http://93.184.216.34/webhooks',
    'http://[2606:4700::1]/webhooks',
    'http://localhost:3000/webhooks',
  ])('accepts %s (names are checked when delivering)', async (url) => {
    const mock = createTestMock({ delivery: { strict: true } });
    const result = await mock.execute({ query: create(url) });
    expect(result.errors).toBeUndefined();
    mock.close();
  });

  it('accepts private addresses without strict delivery', async () => {
    const mock = createTestMock({ delivery: {} });
    expect((await mock.execute({ query: create('http://127.0.0.1:3000/webhooks') })).errors).toBeUndefined();
    mock.close();
  });

  it('checkCallbackAddress names the argument it checks', () => {
    expect(checkCallbackAddress('http://127.0.0.1/x', 'url')).toMatchObject({
      ok: false,
      problem: { code: 'BLOCKED_CALLBACK_URL', argument: 'url' },
    });
  });
});
