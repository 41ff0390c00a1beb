/**
 * The kit must catch real drift: each implementation here is the independent reference implementation with exactly
 * one fault, served over HTTP. Each must be caught by the right check, with a finding that names the path, the
 * expected and the actual value, and exit code 1; and no other MUST may fail.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { runContractJson } from '../support/contract-cli.js';
import { OTHER_ORGANIZATION, rewriteData, startReferenceApi, type ReferenceFaults } from '../support/reference-api.js';

interface Case {
  fault: string;
  faults: ReferenceFaults;
  /** The checks or layers to run, to keep the file fast (the full runs are in run-contract.test.ts). @default errors */
  only?: string;
  /** More command-line arguments. */
  args?: string[];
  /** The fault keeps subscriptions on the server that the kit cannot see or delete. */
  leavesSubscriptions?: true;
  /** Exactly the MUST checks that fail (or, with `exact: false`, some of them). */
  errors: string[];
  exact?: false;
  /** A finding the first of them must report. */
  finding: { path: string | RegExp; expected: string | RegExp; actual: string | RegExp };
}

const cases: Case[] = [
  {
    fault: 'a requested field is missing (callback_url left out of the created subscription)',
    faults: {
      respond: rewriteData(
        'CreateWebhookSubscription',
        (data) => delete data['create_webhook_subscription'].callback_url,
      ),
    },
    errors: ['R-01', 'R-02'],
    finding: { path: 'create_webhook_subscription.callback_url', expected: 'Url! (requested)', actual: 'absent' },
  },
  {
    fault: 'a scalar of the wrong JSON type (attempts as a string)',
    faults: {
      respond: rewriteData(
        'WebhookEventsPages',
        (data) => (data['update_webhook_subscription'].first.results[1].attempts = '2'),
      ),
    },
    errors: ['R-12'],
    finding: {
      path: 'update_webhook_subscription.first.results[1].attempts',
      expected: /^Int: a whole number/,
      actual: '"2"',
    },
  },
  {
    fault: 'a date-time that is not ISO 8601',
    faults: {
      respond: rewriteData(
        'WebhookEventsPages',
        (data) => (data['update_webhook_subscription'].second.results[0].created_at = '31/01/2022 12:00'),
      ),
    },
    errors: ['R-12'],
    finding: {
      path: 'update_webhook_subscription.second.results[0].created_at',
      expected: /^ISO8601DateTime: /,
      actual: '"31/01/2022 12:00"',
    },
  },
  {
    fault: 'an ID that is a number',
    faults: {
      respond: rewriteData(
        'WebhookEventsPages',
        (data) => (data['update_webhook_subscription'].large.results[2].payload.created_by_id = 42),
      ),
    },
    errors: ['R-12'],
    finding: {
      path: 'update_webhook_subscription.large.results[2].payload.created_by_id',
      expected: 'ID: a string',
      actual: '42',
    },
  },
  {
    fault: 'null in a non-null field (event_types)',
    faults: {
      respond: rewriteData(
        'CreateWebhookSubscription',
        (data) => (data['create_webhook_subscription'].event_types = null),
      ),
    },
    errors: ['R-01', 'R-02'],
    finding: {
      path: 'create_webhook_subscription.event_types',
      expected: '[WebhookEventType!]! (non-null)',
      actual: 'null',
    },
  },
  {
    fault: 'an enum value the schema does not document (type FEATURE_SET_UPDATED)',
    faults: {
      respond: rewriteData(
        'WebhookEventsPages',
        (data) => (data['update_webhook_subscription'].first.results[0].type = 'FEATURE_SET_UPDATED'),
      ),
    },
    errors: ['R-12'],
    finding: {
      path: 'update_webhook_subscription.first.results[0].type',
      expected: 'WebhookEventType: one of FEATURE_SET_CREATED, SURVEY_CREATED, TASK_MODIFIED',
      actual: '"FEATURE_SET_UPDATED"',
    },
  },
  {
    fault: 'a list that is not a list (event_types as a string)',
    faults: {
      respond: rewriteData(
        'UpdateWebhookSubscription',
        (data) => (data['update_webhook_subscription'].event_types = 'TASK_MODIFIED'),
      ),
    },
    errors: ['R-05', 'R-06'],
    finding: {
      path: 'update_webhook_subscription.event_types',
      expected: '[WebhookEventType!]! (a list)',
      actual: '"TASK_MODIFIED"',
    },
  },
  {
    fault: 'a field that was not requested (created_at on the created subscription)',
    faults: {
      respond: rewriteData(
        'CreateWebhookSubscription',
        (data) => (data['create_webhook_subscription'].created_at = '2022-01-31T13:27:09Z'),
      ),
    },
    errors: ['R-01'],
    finding: {
      path: 'create_webhook_subscription.created_at',
      expected: 'absent (not requested)',
      actual: '"2022-01-31T13:27:09Z"',
    },
  },
  {
    fault: 'an abstract payload of a type that does not implement it',
    faults: {
      respond: rewriteData(
        'WebhookEventsPages',
        (data) => (data['update_webhook_subscription'].first.results[0].payload.__typename = 'Organization'),
      ),
    },
    errors: ['R-12'],
    finding: {
      path: 'update_webhook_subscription.first.results[0].payload.__typename',
      expected: /"TaskModifiedPayload"/,
      actual: '"Organization"',
    },
  },
  {
    fault: 'callback_url not echoed by create_webhook_subscription',
    faults: {
      respond: rewriteData(
        'CreateWebhookSubscription',
        (data) => (data['create_webhook_subscription'].callback_url = 'https://example.com/webhooks'),
      ),
    },
    errors: ['R-02'],
    finding: {
      path: 'create_webhook_subscription.callback_url',
      expected: '"https://example.com/webhooks/sentera-mock-contract"',
      actual: '"https://example.com/webhooks"',
    },
  },
  {
    fault: 'event_types merged instead of replaced by update_webhook_subscription',
    faults: { mergeEventTypesOnUpdate: true },
    errors: ['R-05'],
    finding: {
      path: 'update_webhook_subscription.event_types',
      expected: '["TASK_MODIFIED"] (in any order)',
      actual: '["FEATURE_SET_CREATED","TASK_MODIFIED"]',
    },
  },
  {
    fault: 'delete_webhook_subscriptions returns no ids',
    faults: { deleteReturnsNothing: true },
    errors: ['R-07'],
    finding: {
      path: 'delete_webhook_subscriptions[*].sentera_id',
      expected: /^\["[0-9a-z]{7}_WS_.*"\] \(in any order\)$/,
      actual: '[]',
    },
  },
  {
    fault: 'page_size ignored',
    faults: { ignorePageSize: true },
    errors: ['R-13'],
    finding: {
      path: 'update_webhook_subscription.first.results',
      expected: 'at most 3 events (page_size 3)',
      actual: '9 events',
    },
  },
  {
    fault: 'page ignored (every page is the first)',
    faults: { ignorePage: true },
    errors: ['R-14'],
    finding: {
      path: 'update_webhook_subscription.second.results[*].sentera_id',
      expected: 'none of update_webhook_subscription.first.results[*].sentera_id',
      actual: /^3 shared: \["/,
    },
  },
  {
    fault: 'the event_type filter ignored',
    faults: { ignoreEventTypeFilter: true },
    errors: ['R-16'],
    finding: {
      path: /^update_webhook_subscription\.feature_set_created\.results\[\d+\]\.type$/,
      expected: '"FEATURE_SET_CREATED"',
      actual: /^"(SURVEY_CREATED|TASK_MODIFIED)"$/,
    },
  },
  {
    fault: 'the status filter ignored',
    faults: { ignoreStatusFilter: true },
    errors: ['R-17'],
    finding: {
      path: /^update_webhook_subscription\.failed\.results\[\d+\]\.status$/,
      expected: '"FAILED"',
      actual: /^"(PENDING|SUCCESS)"$/,
    },
  },
  {
    fault: 'the date_range filter ignored',
    faults: { ignoreDateRange: true },
    errors: ['R-18'],
    finding: {
      path: /^update_webhook_subscription\.from_latest\.results\[\d+\]\.created_at$/,
      expected: /^at or after "2022-/,
      actual: /^"2022-/,
    },
  },
  {
    fault: 'a callback_url that is not a URL accepted',
    faults: { acceptAnyUrl: true },
    errors: ['R-08'],
    finding: { path: 'errors', expected: 'at least one error', actual: 'absent' },
  },
  {
    fault: 'an empty event_types list accepted',
    faults: { acceptEmptyEventTypes: true },
    errors: ['R-09'],
    finding: { path: 'errors', expected: 'at least one error', actual: 'absent' },
  },
  {
    fault: 'update_webhook_subscription without callback_url or event_types accepted',
    faults: { acceptEmptyUpdate: true },
    errors: ['R-11'],
    finding: { path: 'errors', expected: 'at least one error', actual: 'absent' },
  },
  {
    fault: 'webhook subscription ids in another format',
    faults: { plainSubscriptionIds: true },
    errors: ['R-03'],
    finding: {
      path: 'create_webhook_subscription.sentera_id',
      expected: /\(type code WS\)$/,
      actual: '"subscription-1"',
    },
  },
  // State that does not stick.
  {
    fault: 'an update that echoes the request but keeps the old values',
    faults: { updateDoesNotStick: true },
    errors: ['R-21'],
    finding: {
      path: 'update_webhook_subscription.event_types',
      expected: '["TASK_MODIFIED"] (in any order)',
      actual: '["FEATURE_SET_CREATED"]',
    },
  },
  {
    fault: 'a delete that answers as if it deleted but did not',
    faults: { deleteDoesNotDelete: true },
    leavesSubscriptions: true,
    errors: ['R-22', 'R-23'],
    finding: { path: 'errors', expected: 'at least one error', actual: 'absent' },
  },
  {
    fault: "a delete that also removes the organization's other subscriptions",
    faults: { deleteRemovesWholeOrganization: true },
    errors: ['R-24'],
    finding: {
      path: 'update_webhook_subscription',
      expected: 'no error',
      actual: /^no webhook subscription [0-9a-z]{7}_WS_/,
    },
  },
  // Bad input accepted, or refused after being applied.
  {
    fault: 'an update to a callback_url that is not a URL accepted',
    faults: { acceptAnyUrl: true },
    errors: ['R-25'],
    finding: { path: 'errors', expected: 'at least one error', actual: 'absent' },
  },
  {
    fault: 'an update to an empty event_types list accepted',
    faults: { acceptEmptyEventTypesOnUpdate: true },
    errors: ['R-26'],
    finding: { path: 'errors', expected: 'at least one error', actual: 'absent' },
  },
  {
    fault: 'a subscription created for an organization that does not exist',
    faults: { createInAnyOrganization: true },
    errors: ['R-27'],
    finding: { path: 'errors', expected: 'at least one error', actual: 'absent' },
  },
  {
    fault: 'an update of an unknown id answered with a made-up subscription',
    faults: { updateUnknownAnswers: true },
    errors: ['R-28'],
    finding: { path: 'errors', expected: 'at least one error', actual: 'absent' },
  },
  {
    fault: 'a delete of more than 100 ids accepted (the unknown ones skipped)',
    faults: { acceptManyDeletes: true },
    errors: ['R-29'],
    finding: { path: 'errors', expected: 'at least one error', actual: 'absent' },
  },
  {
    fault: "a delete through another organization's id accepted",
    faults: { deleteAcrossOrganizations: true },
    args: ['--other-organization', OTHER_ORGANIZATION],
    errors: ['R-30'],
    finding: { path: 'errors', expected: 'at least one error', actual: 'absent' },
  },
  {
    fault: 'bad input refused with an error, but applied',
    faults: { refuseAfterApplying: true },
    only: 'R-26,R-31',
    errors: ['R-31'],
    finding: {
      path: 'update_webhook_subscription.event_types',
      expected: '["FEATURE_SET_CREATED"] (in any order)',
      actual: '[]',
    },
  },
  // Paging semantics.
  {
    fault: 'the page number echoed wrong',
    faults: { echoPageWrong: true },
    errors: ['R-35'],
    finding: { path: 'organizations (page 1).page', expected: '1', actual: '0' },
  },
  {
    fault: 'present inverted',
    faults: { presentInverted: true },
    errors: ['R-35'],
    finding: { path: 'organizations (page 1).present', expected: 'true (the page holds 1 items)', actual: 'false' },
  },
  {
    fault: 'present meaning "more pages follow"',
    faults: { presentMeansMorePages: true },
    errors: ['R-35'],
    finding: { path: 'organizations (page 2).present', expected: 'true (the page holds 1 items)', actual: 'false' },
  },
  {
    fault: "organizations' total_count off by one",
    faults: { organizationsTotalOffByOne: true },
    errors: ['R-35'],
    finding: {
      path: 'organizations.total_count',
      expected: 'the number of distinct items over all pages (2 in 3 pages of 1, 2 in all)',
      actual: '3',
    },
  },
  {
    fault: 'an order that is not stable across pages (some events twice, others never)',
    faults: { unstableOrder: true },
    errors: ['R-36'],
    finding: {
      path: /^update_webhook_subscription\.events \(page \d\)\.results$/,
      expected: 'each item on one page only (a stable order across pages)',
      actual: /^"[0-9a-z]{7}_WE_.*" also on page \d$/,
    },
  },
  {
    fault: 'the status filter dropped when event_type is also given',
    faults: { statusIgnoredWithEventType: true },
    errors: ['R-37'],
    finding: {
      path: /^update_webhook_subscription\.feature_set_created_failed\.results\[\d+\]\.status$/,
      expected: '"FAILED"',
      actual: /^"(PENDING|SUCCESS)"$/,
    },
  },
  // Identifiers: what the documentation's examples show is a MUST (the WS id above, the organizations here).
  {
    fault: 'parent organizations as UUIDs',
    faults: { uuidIds: 'parent-organizations' },
    errors: ['R-32'],
    finding: {
      path: 'organizations.results[0].parent_organization_id',
      expected: /\(type code OR\)$/,
      actual: /^"[0-9a-f-]{36}"$/,
    },
  },
  // Envelope.
  {
    fault: 'an extra top-level key next to data',
    faults: { extraTopLevelKey: true },
    errors: ['R-34'],
    finding: {
      path: '(response)',
      expected: 'only data, errors and extensions at the top level',
      actual: /^also meta \(HTTP 200: /,
    },
  },
  {
    fault: 'a documented field removed in introspection',
    faults: { introspectionSdl: (sdl) => sdl.replace(/ {2}"The amount of attempts[^\n]*\n {2}attempts: Int!\n/, '') },
    only: 'schema',
    errors: ['S-01'],
    finding: {
      path: 'WebhookEvent.attempts',
      expected: 'present, as in schema.graphql',
      actual: /^absent \(Field 'attempts' was removed/,
    },
  },
  {
    fault: 'a documented field made nullable in introspection',
    faults: {
      introspectionSdl: (sdl) =>
        sdl.replace(
          /callback_url: Url!\n {2}"A list of the event types/,
          'callback_url: Url\n  "A list of the event types',
        ),
    },
    only: 'schema',
    errors: ['S-01'],
    finding: {
      path: 'WebhookSubscription.callback_url',
      expected: 'Url!',
      actual: /^Url \(Field 'WebhookSubscription.callback_url' changed type from 'Url!' to 'Url'\)$/,
    },
  },
  {
    fault: 'a documented argument retyped in introspection',
    faults: {
      introspectionSdl: (sdl) =>
        sdl.replace(
          'sentera_ids: [ID!]!\n  ): [WebhookSubscription!]',
          'sentera_ids: [String!]!\n  ): [WebhookSubscription!]',
        ),
    },
    only: 'schema',
    errors: ['S-01'],
    finding: { path: 'Mutation.delete_webhook_subscriptions.sentera_ids', expected: '[ID!]!', actual: /^\[String!\]!/ },
  },
  {
    fault: 'every response a 500',
    faults: {
      respond: () => ({ status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' }),
    },
    only: 'transport,R-01',
    leavesSubscriptions: true,
    errors: ['T-4655', 'T-2C94', 'T-03D4', 'R-01'],
    exact: false,
    finding: {
      path: '(http)',
      expected: 'accept application/json and match the content-type',
      actual: /^Response status code is not 200: HTTP 500 text\/plain/,
    },
  },
  {
    fault: 'the wrong content type (JSON served as text/html)',
    faults: {
      respond: (response) => ({
        ...response,
        headers: { ...response.headers, 'content-type': 'text/html; charset=utf-8' },
      }),
    },
    only: 'transport,R-01',
    errors: ['T-4655', 'R-01'],
    finding: {
      path: '(http)',
      expected: 'accept application/json and match the content-type',
      actual: /^Response header content-type does not contain application\/json/,
    },
  },
];

describe('a broken implementation is caught by the right check, with exit code 1', () => {
  it.each(cases)('$fault', async ({ faults, only, args = [], errors, exact, finding, leavesSubscriptions }) => {
    const api = await startReferenceApi(faults);
    const run = await runContractJson(api.url, ['--only', only ?? errors.join(','), ...args]);
    expect(run.errors).toEqual(exact === false ? expect.arrayContaining(errors) : errors);
    expect(run.code).toBe(1);
    const [first] = run.check(errors[0] as string)?.failures ?? [];
    expect(first).toEqual({
      path: expect.stringMatching(asPattern(finding.path)),
      expected: expect.stringMatching(asPattern(finding.expected)),
      actual: expect.stringMatching(asPattern(finding.actual)),
    });
    expect(run.report.cleanup.left).toEqual(
      faults.deleteReturnsNothing || faults.deleteRemovesWholeOrganization ? expect.any(Array) : [],
    );
    expect([...api.subscriptions.keys()]).toEqual(leavesSubscriptions ? expect.any(Array) : []);
  });
});

describe('what is not a MUST failure does not fail the run', () => {
  it.each([
    {
      fault: 'event ids as UUIDs (SHOULD: the WE type code is inferred)',
      faults: { uuidIds: 'events' as const },
      only: 'R-19',
      warnings: ['R-19'],
    },
    {
      fault: 'triggering objects as UUIDs (SHOULD: their type codes are inferred)',
      faults: { uuidIds: 'triggering-objects' as const },
      only: 'R-33',
      warnings: ['R-33'],
    },
    {
      fault: 'the users of a payload as UUIDs (SHOULD)',
      faults: { uuidIds: 'payload-users' as const },
      only: 'R-33',
      warnings: ['R-33'],
    },
    {
      fault: 'date_range bounds treated as exclusive (SHOULD: inclusive bounds are inferred)',
      faults: { exclusiveDateRange: true },
      only: 'R-38',
      warnings: ['R-38'],
    },
    {
      fault: 'the page number of events echoed wrong (SHOULD: the fields of WebhookEventsQueryResult are inferred)',
      faults: { echoPageWrong: true },
      only: 'R-15',
      warnings: ['R-15'],
    },

    {
      fault: 'an inferred enum value missing from introspection (SHOULD)',
      faults: {
        introspectionSdl: (sdl: string) =>
          sdl.replace('  "Inferred: not yet delivered; queued or awaiting a retry."\n  PENDING\n', ''),
      },
      only: 'schema',
      warnings: ['S-02'],
    },
    {
      fault: 'a new WebhookEventType value in introspection (SHOULD: the list "will grow over time")',
      faults: {
        introspectionSdl: (sdl: string) =>
          sdl.replace('  TASK_MODIFIED\n}', '  TASK_MODIFIED\n  "A file was uploaded."\n  FILE_UPLOADED\n}'),
      },
      only: 'schema',
      warnings: ['S-03'],
    },
  ])('$fault: a warning, exit 0', async ({ faults, only, warnings }) => {
    const api = await startReferenceApi(faults);
    const run = await runContractJson(api.url, ['--only', only]);
    expect({ errors: run.errors, warnings: run.warnings, code: run.code }).toEqual({ errors: [], warnings, code: 0 });
  });

  it('reports the mock extensions missing from introspection as a notice (MAY), exit 0', async () => {
    const api = await startReferenceApi({
      introspectionSdl: (sdl) =>
        sdl
          .replace(/"""\nMock extension: a page[\s\S]*?\n}\n/, '')
          .replace(/ {2}"Mock extension: one webhook[\s\S]*?WebhookSubscriptionsQueryResult!\n/, ''),
    });
    const run = await runContractJson(api.url, ['--only', 'schema']);
    expect({ errors: run.errors, warnings: run.warnings, notices: run.notices, code: run.code }).toEqual({
      errors: [],
      warnings: [],
      notices: ['S-04'],
      code: 0,
    });
    expect(
      run
        .check('S-04')
        ?.failures.map((failure) => failure.path)
        .sort(),
    ).toEqual(['Query.webhook_subscription', 'Query.webhook_subscriptions', 'WebhookSubscriptionsQueryResult']);
  });

  it('reports a documented field the endpoint lacks once, as S-01 (MUST), and skips the checks that use it', async () => {
    const api = await startReferenceApi({
      introspectionSdl: (sdl) => sdl.replace(/ {2}"The amount of attempts[^\n]*\n {2}attempts: Int!\n/, ''),
    });
    const run = await runContractJson(api.url, ['--only', 'schema,R-12,R-13,R-16']);
    expect({ errors: run.errors, skipped: run.skipped, code: run.code }).toEqual({
      errors: ['S-01'],
      skipped: ['R-12', 'R-13'],
      code: 1,
    });
    expect(run.check('R-12')?.reason).toBe(
      'step events_pages was not sent: it uses WebhookEvent.attempts: the documented WebhookEvent.attempts is not served as documented: this endpoint has no field attempts on WebhookEvent (its fields: created_at, payload, sentera_id, status, triggering_object_id, type) (S-01)',
    );
    expect(run.check('R-16')?.status).toBe('ok');
  });

  it('reports disabled introspection as skipped, not failed', async () => {
    const api = await startReferenceApi({ disableIntrospection: true });
    const run = await runContractJson(api.url, ['--only', 'schema']);
    expect({ skipped: run.skipped, code: run.code }).toEqual({ skipped: ['S-01', 'S-02', 'S-03', 'S-04'], code: 0 });
    expect(run.check('S-01')?.reason).toMatch(
      /introspection is disabled or refused \(GraphQL introspection is not allowed\)/,
    );
  });
});

describe('cleanup', () => {
  it('deletes a subscription created from input that should have been refused', async () => {
    const api = await startReferenceApi({ acceptAnyUrl: true });
    const run = await runContractJson(api.url, ['--only', 'R-08']);
    expect(run.report.cleanup).toMatchObject({ created: [expect.any(String)], left: [] });
    expect(api.subscriptions.size).toBe(0);
  });

  it('says which subscriptions it could not delete, and why', async () => {
    const api = await startReferenceApi({ deleteRefusesEverything: true });
    const run = await runContractJson(api.url, ['--only', 'R-01,R-07']);
    expect(run.errors).toEqual(['R-07']);
    expect(run.report.cleanup.left).toEqual([...api.subscriptions.keys()]);
    expect(run.report.cleanup.problem).toBe('deleting is not allowed');
    expect(run.stderr).toMatch(/COULD NOT DELETE [0-9a-z]{7}_WS_.*\(deleting is not allowed\): delete them by hand/);
  });
});

describe('an endpoint intercepted with nock', () => {
  it('catches an API that answers every request with an HTML error page', async () => {
    nock('http://sentera.test')
      .persist()
      .post('/graphql')
      .reply(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' })
      .get(/.*/)
      .reply(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' });
    const run = await runContractJson('http://sentera.test/graphql', ['--only', 'T-4655,R-01,R-20']);
    expect(run.errors).toEqual(['T-4655', 'R-01', 'R-20']);
    expect(run.check('R-20')?.failures).toContainEqual({
      path: '(http)',
      expected: 'HTTP status 200',
      actual: 'HTTP 502 text/html: "<html>Bad Gateway</html>"',
    });
    expect(run.code).toBe(1);
  });

  it('exits 2 and names the endpoint when it cannot be reached', async () => {
    nock('http://sentera.test')
      .post('/graphql')
      .replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    const { runContractCli } = await import('../support/contract-cli.js');
    const run = await runContractCli(['--endpoint', 'http://sentera.test/graphql']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^sentera-mock contract: cannot reach http:\/\/sentera\.test\/graphql \(.+\); check --endpoint/,
    );
  });
});

function asPattern(value: string | RegExp): RegExp {
  return typeof value === 'string' ? new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : value;
}
