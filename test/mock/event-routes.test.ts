import { describe, expect, it } from 'vitest';
import { DOCUMENTED_MUTATION, DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { postGraphQL, startTestServer } from '../support/test-mock.js';

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('the event routes of the control API', async () => {
  const server = await startTestServer();
  const created = await postGraphQL(server.url, {
    query: DOCUMENTED_MUTATION.replace('FEATURE_SET_CREATED', 'TASK_MODIFIED'),
  });
  const subscription = (created.json.data?.['create_webhook_subscription'] as { sentera_id: string }).sentera_id;

  it('emit an event, name the subscriptions it goes to, and show it in their events', async () => {
    const response = await fetch(
      `${server.origin}/_mock/events`,
      json({ type: 'TASK_MODIFIED', organization_sentera_id: DOCUMENTED_ORGANIZATION }),
    );
    expect(response.status).toBe(201);
    const body = (await response.json()) as {
      event: { sentera_id: string; created_at: string; payload: Record<string, unknown> };
      subscriptions: string[];
    };
    // The documented organization's own subscription, and Acme Child's fixture subscription (events bubble up).
    expect(body.subscriptions).toEqual([expect.stringMatching(/_WS_gd2jAcmeChild_/), subscription]);
    expect(body.event).toMatchObject({
      type: 'TASK_MODIFIED',
      created_at: '2022-01-31T13:27:09Z',
      payload: { __typename: 'TaskModifiedPayload' },
    });
    const events = await postGraphQL(server.url, {
      query: `{ webhook_subscription(sentera_id: "${subscription}") { events(pagination: {page: 1, page_size: 1}) { results { sentera_id status attempts } } } }`,
    });
    expect(events.json.data).toEqual({
      webhook_subscription: {
        events: { results: [{ sentera_id: body.event.sentera_id, status: 'PENDING', attempts: 0 }] },
      },
    });
  });

  it('find events by their triggering object', async () => {
    const triggering = 'abcdefg_TA_w3njAcmeGrand_CV_deve_0123456_220131_000000';
    await fetch(
      `${server.origin}/_mock/events`,
      json({
        type: 'TASK_MODIFIED',
        organization_sentera_id: DOCUMENTED_ORGANIZATION,
        triggering_object_id: triggering,
      }),
    );
    const found = (await (await fetch(`${server.origin}/_mock/events?triggering_object_id=${triggering}`)).json()) as {
      events: Array<{ triggering_object_id: string }>;
    };
    expect(found.events).toHaveLength(1);
    expect(found.events[0]?.triggering_object_id).toBe(triggering);
  });

  it.each([
    [{ type: 'NOPE', organization_sentera_id: DOCUMENTED_ORGANIZATION }, 400, 'BAD_USER_INPUT'],
    [{ type: 'TASK_MODIFIED', organization_sentera_id: 'x' }, 400, 'ORGANIZATION_NOT_FOUND'],
    [[1, 2], 400, 'BAD_USER_INPUT'],
  ])('refuse %j with %i %s', async (body, status, code) => {
    const response = await fetch(`${server.origin}/_mock/events`, json(body));
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: { code, message: expect.any(String) } });
  });
});
