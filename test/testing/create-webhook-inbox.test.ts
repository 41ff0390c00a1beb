import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookInbox, type WebhookInbox } from '../../src/testing/create-webhook-inbox.js';

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

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
      expect.objectContaining({ method: 'POST', path: '/webhooks', body: '{"type":"TASK_MODIFIED", "n": 1}', json: { type: 'TASK_MODIFIED', n: 1 }, index: 0, headers: expect.objectContaining({ 'webhook-id': 'WE1' }) }),
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
    const delivery = await inbox.expect({ type: 'TASK_MODIFIED', where: (candidate) => (candidate.json as { id: number }).id === 2 });
    expect(delivery.index).toBe(1);
  });

  it('rejects after the timeout, listing what arrived', async () => {
    inbox = await createWebhookInbox();
    await post(inbox.url, { type: 'TASK_MODIFIED' });
    await expect(inbox.expect({ type: 'FEATURE_SET_CREATED', timeout: 50 })).rejects.toThrow(/no delivery of type FEATURE_SET_CREATED within 50 ms; received: #0 POST \/webhooks type=TASK_MODIFIED/);
  });

  it('answers as told, e.g. failing the first attempt', async () => {
    inbox = await createWebhookInbox({ respond: (delivery) => (delivery.index === 0 ? { status: 503, headers: { 'retry-after': '1' }, body: 'busy' } : 204) });
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
});
