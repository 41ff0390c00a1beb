import { describe, expect, it } from 'vitest';
import { createWebhookInbox } from '../../src/testing/create-webhook-inbox.js';
import { interceptSentera } from '../../src/testing/intercept-sentera.js';

const ORGANIZATION = '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024';

/** What an app under test might do: subscribe through Sentera's API with the global fetch. */
async function subscribe(callbackUrl: string): Promise<string> {
  const response = await fetch('https://api.sentera.com/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer app-token' },
    body: JSON.stringify({
      query:
        'mutation ($org: ID!, $url: Url!) { create_webhook_subscription(organization_sentera_id: $org, callback_url: $url, event_types: [TASK_MODIFIED]) { sentera_id } }',
      variables: { org: ORGANIZATION, url: callbackUrl },
    }),
  });
  const body = (await response.json()) as { data: { create_webhook_subscription: { sentera_id: string } } };
  return body.data.create_webhook_subscription.sentera_id;
}

describe('a consumer test, as the README shows it', () => {
  it('triggers through the control API as well', async () => {
    const sentera = await interceptSentera({ seed: 'consumer', bubbling: false });
    const inbox = await createWebhookInbox();
    try {
      await subscribe(inbox.url);
      const emitted = await sentera.control('POST', '/events', {
        type: 'TASK_MODIFIED',
        organization_sentera_id: ORGANIZATION,
      });
      expect(emitted).toMatchObject({ status: 201, body: { deliveries: [expect.any(String)] } });
      expect((await inbox.expect({ type: 'TASK_MODIFIED', timeout: 5_000 })).json).toMatchObject({
        type: 'TASK_MODIFIED',
      });
    } finally {
      sentera.done();
      await inbox.close();
    }
  });

  it('subscribes through the intercepted API, triggers an event, and receives the webhook in an inbox', async () => {
    const sentera = await interceptSentera({ seed: 'consumer', bubbling: false });
    const inbox = await createWebhookInbox();
    try {
      const subscription = await subscribe(inbox.url);
      const emitted = sentera.trigger({ type: 'TASK_MODIFIED', organization_sentera_id: ORGANIZATION });
      if (!emitted.ok) throw new Error(emitted.problem.message);
      const delivery = await inbox.expect({ type: 'TASK_MODIFIED', timeout: 5_000 });
      const event = emitted.value.event;
      expect(delivery.headers['webhook-id']).toBe(event.sentera_id);
      expect(delivery.json).toMatchObject({ sentera_id: event.sentera_id, type: 'TASK_MODIFIED' });
      await sentera.mock.delivery?.idle(5_000);
      expect(sentera.mock.events.get(subscription, event.sentera_id)).toMatchObject({ status: 'SUCCESS', attempts: 1 });
    } finally {
      sentera.done();
      await inbox.close();
    }
  });
});
