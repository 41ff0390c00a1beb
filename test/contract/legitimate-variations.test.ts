/**
 * The kit must not cry wolf: each implementation here is correct, and differs from sentera-mock only where the
 * documentation allows it (or where schema.graphql only infers). Each must pass with exit code 0: no MUST fails, and
 * an inferred element that differs is one SHOULD finding (S-02) saying to update the inference, with the checks that
 * depend on it skipped for that reason rather than failed.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runContract } from '../../src/contract/run-contract.js';
import { runContractCli, runContractJson } from '../support/contract-cli.js';
import {
  OTHER_ORGANIZATION,
  REFERENCE_ORGANIZATION,
  startReferenceApi,
  type ReferenceFaults,
} from '../support/reference-api.js';
import { startTestServer } from '../support/test-mock.js';

interface Variation {
  variation: string;
  options: ReferenceFaults;
  /** The checks run. @default everything but the transport layer (its variations run it) */
  args?: string[];
  warnings?: string[];
  skipped?: string[];
  /** What the skip reason of the first skipped check says. */
  reason?: RegExp;
  /** Where S-02 finds the inference differs: once per element, at its root. */
  inferences?: string[];
}

const variations: Variation[] = [
  {
    variation: 'extra types, fields and arguments everywhere',
    options: {
      sdl: (sdl) =>
        sdl
          .replace('type Query {', 'type Extra {\n  x: Int\n}\n\ntype Query {\n  "Extra."\n  extra: Extra\n')
          .replace(
            '  "A list of events for this webhook subscription."\n  events(\n',
            '  "Extra."\n  created_at: ISO8601DateTime\n  "A list of events for this webhook subscription."\n  events(\n    "Extra."\n    sort: String\n',
          )
          .replace(
            '    "Optional configuration settings to authenticate with oauth when sending a request to the callback_url."\n',
            '    "Extra."\n    description: String\n    "Optional configuration settings to authenticate with oauth when sending a request to the callback_url."\n',
          ),
    },
  },
  { variation: 'ids minted in another environment (stag)', options: { idEnvironment: 'stag' } },
  { variation: 'events oldest first (the documentation fixes no order)', options: { oldestFirst: true } },
  {
    variation: 'introspection disabled (the audits and checks that need it are skipped)',
    options: { disableIntrospection: true },
    args: [],
    skipped: ['T-28B9', 'T-D6D5', 'T-6A70', 'S-01', 'S-02', 'S-03', 'S-04'],
    reason: /^the audit sends an introspection query, and introspection is disabled or refused/,
  },
  {
    variation: 'extensions in every response',
    options: {
      respond: (response) =>
        response.body.startsWith('{')
          ? { ...response, body: JSON.stringify({ ...(JSON.parse(response.body) as object), extensions: { cost: 3 } }) }
          : response,
    },
    args: [],
  },
  { variation: 'another error code for bad input', options: { errorCode: 'INVALID_ARGUMENT' } },
  {
    variation: "other names for DateRange's fields (inferred)",
    options: {
      dateRangeFields: ['from', 'to'],
      sdl: (sdl) =>
        sdl
          .replace('  end_date: ISO8601DateTime\n', '  to: ISO8601DateTime\n')
          .replace('  start_date: ISO8601DateTime\n', '  from: ISO8601DateTime\n'),
    },
    warnings: ['S-02'],
    skipped: ['R-18', 'R-38'],
    inferences: ['DateRange.end_date', 'DateRange.start_date'],
    reason:
      /schema\.graphql infers DateRange\.end_date; this endpoint has no field end_date on DateRange \(its fields: to, from\) — update the inference \(S-02\)$/,
  },
  {
    variation: 'other WebhookEventStatus values (inferred)',
    options: {
      statusNames: { SUCCESS: 'DELIVERED', PENDING: 'QUEUED' },
      sdl: (sdl) => sdl.replace('  PENDING\n', '  QUEUED\n').replace('  SUCCESS\n', '  DELIVERED\n'),
    },
    warnings: ['S-02'],
    skipped: ['R-17', 'R-37'],
    inferences: ['WebhookEventStatus.PENDING', 'WebhookEventStatus.SUCCESS'],
    reason:
      /schema\.graphql infers WebhookEventStatus\.PENDING; this endpoint has no value PENDING in WebhookEventStatus \(its values: FAILED, QUEUED, DELIVERED\)/,
  },
  {
    variation: 'no present on a page of events (inferred)',
    options: {
      sdl: (sdl) => sdl.replace('  "Inferred: whether this page holds any results."\n  present: Boolean!\n', ''),
    },
    warnings: ['S-02'],
    inferences: ['WebhookEventsQueryResult.present'],
  },
  {
    variation: 'WebhookEventPayload a union (inferred as an interface)',
    options: {
      sdl: (sdl) =>
        sdl
          .replace(
            /"""\nThe data sent in the payload of a webhook event\.[\s\S]*?\n}\n/,
            'union WebhookEventPayload = FeatureSetCreatedPayload | SurveyCreatedPayload | TaskModifiedPayload\n',
          )
          .replaceAll(' implements WebhookEventPayload', ''),
    },
    warnings: ['S-02'],
    inferences: ['WebhookEventPayload'],
  },
  {
    variation: 'no SURVEY_CREATED (inferred)',
    options: { sdl: (sdl) => sdl.replace('  "Inferred: a survey was created."\n  SURVEY_CREATED\n', '') },
    warnings: ['S-02'],
    inferences: ['WebhookEventType.SURVEY_CREATED'],
  },
  {
    variation: 'a smaller page-size cap, advertised (the kit asks for pages within it)',
    options: {
      pageSizeCap: 20,
      sdl: (sdl) =>
        sdl.replace('The number of results per page (1 to 1000).', 'The number of results per page (1 to 20).'),
    },
  },
];

describe('a legitimately different implementation passes, exit 0', () => {
  it.each(variations)(
    '$variation',
    async ({ options, args = ['--skip', 'transport'], warnings = [], skipped = [], reason, inferences = [] }) => {
      const api = await startReferenceApi(options);
      const run = await runContractJson(api.url, ['--other-organization', OTHER_ORGANIZATION, ...args]);
      expect({
        errors: run.errors,
        warnings: run.warnings,
        notices: run.notices,
        skipped: run.skipped,
        code: run.code,
      }).toEqual({ errors: [], warnings, notices: [], skipped, code: 0 });
      if (reason) expect(run.check(skipped[0] as string)?.reason).toMatch(reason);
      if (warnings.includes('S-02'))
        expect(run.check('S-02')?.reason).toMatch(
          /^schema\.graphql infers \S+; this endpoint has .+ — update the inference/,
        );
      expect(
        run
          .check('S-02')
          ?.failures.map((failure) => failure.path)
          .sort(),
      ).toEqual(inferences);
      expect(api.subscriptions.size).toBe(0);
    },
  );

  it('is rate limited (HTTP 429 with Retry-After): the kit waits as asked and reports a notice, not a failure', async () => {
    const api = await startReferenceApi({ rateLimit: { every: 6, retryAfter: '2' } });
    let time = Date.UTC(2026, 0, 1);
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      time += ms;
    };
    const run = await runContract({
      endpoint: api.url,
      otherOrganization: OTHER_ORGANIZATION,
      clock: () => time,
      sleep,
    });
    if (!run.ok) throw new Error(run.message);
    expect(run.report.results.filter((result) => result.status !== 'ok').map((result) => result.id)).toEqual([]);
    expect(waits.length).toBeGreaterThan(5);
    expect(new Set(waits)).toEqual(new Set([2000]));
    expect(run.report.notices).toEqual([
      `the endpoint rate-limited ${waits.length} requests (HTTP 429); the kit waited ${(waits.length * 2).toFixed(1)} s in all as Retry-After asked. This is not a contract breach; --pace MS spaces requests out.`,
    ]);
  });
});

describe('telling the user what is wrong with their command', () => {
  it.each([
    ['sentera-mock', async () => (await startTestServer()).url],
    ['the reference implementation', async () => (await startReferenceApi()).url],
  ])('says once that a wrong path is not a GraphQL endpoint, exit 2 (%s)', async (_, start) => {
    const url = (await start()).replace(/\/graphql$/, '/');
    const run = await runContractCli(['--endpoint', url]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(
        `^sentera-mock contract: ${url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} does not answer as a GraphQL endpoint: \\{ __typename \\} got HTTP 40[45] .*; GraphQL endpoints are usually at /graphql, e\\.g\\. http://127\\.0\\.0\\.1:\\d+/graphql\\n$`,
      ),
    );
  });

  it('says once that the endpoint refused the credentials, exit 2', async () => {
    nock('http://sentera.test').post('/graphql').reply(401, '', { 'content-type': 'text/plain' });
    const run = await runContractCli(['--endpoint', 'http://sentera.test/graphql']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'sentera-mock contract: http://sentera.test/graphql refused the request (HTTP 401 text/plain: ""); give a token with $SENTERA_TOKEN or --header "Authorization: Bearer …"\n',
    );
  });

  it('--subscription reads the events of an existing subscription by query, sending no mutation (also --read-only)', async () => {
    const api = await startReferenceApi();
    const created = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation { create_webhook_subscription(organization_sentera_id: "${REFERENCE_ORGANIZATION}", callback_url: "https://example.com/hooks", event_types: [FEATURE_SET_CREATED, TASK_MODIFIED]) { sentera_id } }`,
      }),
    });
    const id = ((await created.json()) as { data: { create_webhook_subscription: { sentera_id: string } } }).data
      .create_webhook_subscription.sentera_id;
    const before = api.requests.length;
    const run = await runContractJson(api.url, [
      '--subscription',
      id,
      '--read-only',
      '--only',
      'R-12,R-13,R-14,R-16,R-17,R-18,R-36,R-37',
    ]);
    expect({ errors: run.errors, skipped: run.skipped, code: run.code }).toEqual({ errors: [], skipped: [], code: 0 });
    expect(api.requests.slice(before).filter((request) => request.mutation)).toEqual([]);
    expect(api.subscriptions.get(id)?.event_types).toEqual(['FEATURE_SET_CREATED', 'TASK_MODIFIED']);
  });

  it('--subscription skips the events checks, saying why, on an endpoint without a query that reads a subscription', async () => {
    const api = await startReferenceApi({
      introspectionSdl: (sdl) => sdl.replace(/ {2}"Mock extension: one webhook[\s\S]*?\): WebhookSubscription\n/, ''),
    });
    const run = await runContractJson(api.url, [
      '--subscription',
      'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709',
      '--read-only',
      '--only',
      'R-12,R-16',
    ]);
    expect({ errors: run.errors, skipped: run.skipped, code: run.code }).toEqual({
      errors: [],
      skipped: ['R-12', 'R-16'],
      code: 0,
    });
    expect(run.check('R-12')?.reason).toMatch(
      /^step events_pages was not sent: it uses Query\.webhook_subscription, a sentera-mock extension \(Query\.webhook_subscription\) that this endpoint does not serve/,
    );
  });
});
