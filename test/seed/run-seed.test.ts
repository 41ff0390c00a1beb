import { describe, expect, it } from 'vitest';
import { runSeed } from '../../src/seed/run-seed.js';
import type { Scenario } from '../../src/seed/scenario-types.js';

const ORG = '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024';
const scenario: Scenario = {
  name: 'one',
  description: null,
  subscriptions: [
    {
      organization_sentera_id: ORG,
      callback_url: 'https://a.example/hook',
      event_types: ['TASK_MODIFIED'],
      authentication: null,
    },
  ],
  events: [
    {
      key: 'task',
      type: 'TASK_MODIFIED',
      organization_sentera_id: ORG,
      triggering_object_id: 'abcdefg_TA_w3njAcmeGrand_CV_deve_0123456_220131_000000',
      payload: {},
    },
  ],
};
const ledger = { find: () => undefined, record: () => undefined };

/** A mock that answers every request with these bodies: GraphQL ones by operation name, control ones by path. */
function endpoint(answers: { graphql: Record<string, unknown>; control: Record<string, unknown> }): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const json = (body: unknown, status = 200) =>
      Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
    if (url.pathname === '/_mock/health') return json({ ok: true });
    if (url.pathname.startsWith('/_mock/'))
      return json(answers.control[`${init?.method ?? 'GET'} ${url.pathname}`] ?? {});
    const { query } = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { query: string };
    const name = /(?:query|mutation) (\w+)/.exec(query)?.[1] ?? '';
    return json(answers.graphql[name] ?? {});
  };
}

describe('runSeed reads what the endpoint answers only as far as it has the expected shape', () => {
  it.each([
    [
      'a subscription list whose results are not a list',
      { data: { webhook_subscriptions: { present: true, results: 'x' } } },
    ],
    ['a subscription list that is null', { data: { webhook_subscriptions: null } }],
    ['data that is a string', { data: 'x' }],
  ])('treats %s as no subscriptions yet, never a crash', async (_, listed) => {
    const report = await runSeed({
      scenario: { ...scenario, events: [] },
      endpoint: 'http://mock.example/graphql',
      fetch: endpoint({
        graphql: {
          SeedExisting: listed,
          SeedSubscription: { data: { create_webhook_subscription: { sentera_id: 'WS1' } } },
        },
        control: {},
      }),
      ledger,
    });
    expect(report).toEqual({
      ok: true,
      value: {
        target: 'mock',
        outcomes: [
          { kind: 'subscription', action: 'created', key: `${ORG} https://a.example/hook`, sentera_id: 'WS1' },
        ],
      },
    });
  });

  it.each([
    ['an error with a code', { errors: [{ message: 'no', extensions: { code: 'FORBIDDEN' } }] }, 'FORBIDDEN: no'],
    ['an error without a code', { errors: [{ message: 'no' }] }, 'ERROR: no'],
    ['an error whose message is not text', { errors: [{ message: 5 }] }, 'ERROR: {"message":5}'],
    [
      'a created subscription without its id',
      { data: { create_webhook_subscription: { sentera_id: '' } } },
      'no sentera_id in the response',
    ],
  ])('says why a subscription failed for %s', async (_, created, reason) => {
    const report = await runSeed({
      scenario: { ...scenario, events: [] },
      endpoint: 'http://mock.example/graphql',
      fetch: endpoint({ graphql: { SeedSubscription: created }, control: {} }),
      ledger,
    });
    expect(report.ok && report.value.outcomes).toEqual([
      { kind: 'subscription', action: 'failed', key: `${ORG} https://a.example/hook`, reason },
    ]);
  });

  it.each([
    ['an emitted event', { event: { sentera_id: 'WE1' } }, { action: 'created', sentera_id: 'WE1' }],
    [
      'a refusal',
      { error: { code: 'BAD_USER_INPUT', message: 'no' } },
      { action: 'failed', reason: 'BAD_USER_INPUT: no' },
    ],
    ['an answer of another shape', { event: 5 }, { action: 'failed', reason: 'HTTP 200' }],
  ])('reports an event from %s', async (_, answer, outcome) => {
    const report = await runSeed({
      scenario: { ...scenario, subscriptions: [] },
      endpoint: 'http://mock.example/graphql',
      fetch: endpoint({ graphql: {}, control: { 'GET /_mock/events': { events: 'x' }, 'POST /_mock/events': answer } }),
      ledger,
    });
    expect(report.ok && report.value.outcomes).toEqual([
      { kind: 'event', key: scenario.events[0]?.triggering_object_id, ...outcome },
    ]);
  });
});
