import { afterEach, describe, expect, it } from 'vitest';
import { signStandardWebhook } from '../../src/delivery/sign-standard-webhook.js';
import { createWebhookInbox, type WebhookInbox } from '../../src/testing/create-webhook-inbox.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const signed = (id: string, body: string, timestamp = Math.floor(Date.now() / 1000), secret = SECRET) => ({
  'webhook-id': id,
  'webhook-timestamp': String(timestamp),
  'webhook-signature': signStandardWebhook({ secret, id, timestamp, body }),
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('createWebhookInbox', () => {
  let inbox: WebhookInbox;
  afterEach(async () => {
    await inbox.close();
  });

  it('records each delivery with its raw body, parsed JSON and headers, and answers 200', async () => {
    inbox = await createWebhookInbox();
    expect(inbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks$/);
    const response = await post(inbox.url, '{"type":"TASK_MODIFIED", "n": 1}', { 'webhook-id': 'WE1' });
    expect(response.status).toBe(200);
    expect(inbox.deliveries).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/webhooks',
        body: '{"type":"TASK_MODIFIED", "n": 1}',
        json: { type: 'TASK_MODIFIED', n: 1 },
        index: 0,
        headers: expect.objectContaining({ 'webhook-id': 'WE1' }),
      }),
    ]);
  });

  it('waits for a delivery of a type that has not arrived yet', async () => {
    inbox = await createWebhookInbox();
    const expected = inbox.expect({ type: 'SURVEY_CREATED', timeout: 2_000 });
    await post(inbox.url, { type: 'TASK_MODIFIED' });
    await post(inbox.url, { type: 'SURVEY_CREATED', id: 2 });
    expect((await expected).json).toEqual({ type: 'SURVEY_CREATED', id: 2 });
  });

  it('finds a delivery that already arrived, filtered by where', async () => {
    inbox = await createWebhookInbox();
    await post(inbox.url, { type: 'TASK_MODIFIED', id: 1 });
    await post(inbox.url, { type: 'TASK_MODIFIED', id: 2 });
    const delivery = await inbox.expect({
      type: 'TASK_MODIFIED',
      where: (candidate) => (candidate.json as { id: number }).id === 2,
    });
    expect(delivery.index).toBe(1);
  });

  it('rejects after the timeout, listing what arrived', async () => {
    inbox = await createWebhookInbox();
    await post(inbox.url, { type: 'TASK_MODIFIED' });
    await expect(inbox.expect({ type: 'FEATURE_SET_CREATED', timeout: 50 })).rejects.toThrow(
      /no delivery of type FEATURE_SET_CREATED within 50 ms; received: #0 POST \/webhooks type=TASK_MODIFIED/,
    );
  });

  it('answers as told, e.g. failing the first attempt', async () => {
    inbox = await createWebhookInbox({
      respond: (delivery) =>
        delivery.index === 0 ? { status: 503, headers: { 'retry-after': '1' }, body: 'busy' } : 204,
    });
    const first = await post(inbox.url, {});
    expect([first.status, first.headers.get('retry-after'), await first.text()]).toEqual([503, '1', 'busy']);
    expect((await post(inbox.url, {})).status).toBe(204);
  });

  it('forgets deliveries on clear', async () => {
    inbox = await createWebhookInbox();
    await post(inbox.url, {});
    inbox.clear();
    expect(inbox.deliveries).toEqual([]);
  });

  it('records no verdict without a secret', async () => {
    inbox = await createWebhookInbox();
    await post(inbox.url, '{}');
    expect(inbox.deliveries[0]?.verification).toBeNull();
  });

  it('verifies each delivery with its secret and records the verdict', async () => {
    inbox = await createWebhookInbox({ secret: SECRET });
    const body = '{"type":"TASK_MODIFIED"}';
    await post(inbox.url, body, signed('WE1', body));
    await post(inbox.url, body, signed('WE2', body, 1_000_000_000));
    await post(inbox.url, body, signed('WE3', body, undefined, 'whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHM='));
    await post(inbox.url, body);
    expect(
      inbox.deliveries.map((delivery) => (delivery.verification?.ok ? 'valid' : delivery.verification?.reason)),
    ).toEqual(['valid', 'timestamp-too-old', 'no-matching-signature', 'missing-headers']);
  });

  it('can require a valid signature in expect, and says why the others were not', async () => {
    inbox = await createWebhookInbox({ secret: SECRET });
    const body = '{"type":"TASK_MODIFIED"}';
    await post(inbox.url, body, signed('WE1', `${body} `));
    await expect(inbox.expect({ type: 'TASK_MODIFIED', signed: true, timeout: 50 })).rejects.toThrow(
      /no validly signed delivery of type TASK_MODIFIED within 50 ms; received: #0 POST \/webhooks type=TASK_MODIFIED signature=no-matching-signature/,
    );
    const waiting = inbox.expect({ type: 'TASK_MODIFIED', signed: true, timeout: 2_000 });
    await post(inbox.url, body, signed('WE2', body));
    expect((await waiting).headers['webhook-id']).toBe('WE2');
  });

  it('refuses expect({ signed: true }) without a secret', async () => {
    inbox = await createWebhookInbox();
    await expect(inbox.expect({ signed: true })).rejects.toThrow(/needs createWebhookInbox\(\{ secret \}\)/);
  });
});
