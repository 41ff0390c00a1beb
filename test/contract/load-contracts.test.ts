import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contractChecks } from '../../src/contract/contract-checks.js';
import { loadContracts } from '../../src/contract/load-contracts.js';
import { packageRoot } from '../../src/runtime/package-root.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cases reach into checks.json to break one place each
type EditableJson = any;

describe('the contract checks', () => {
  it('keep their ids and names (a change here is a change of the contract: review it, never reuse an id)', () => {
    const checks = contractChecks({ endpoint: 'http://unused.test/graphql' });
    expect(checks.map((check) => `${check.id} ${check.name}`)).toEqual([
      'T-22EB SHOULD accept application/graphql-response+json and match the content-type',
      'T-4655 MUST accept application/json and match the content-type',
      'T-47DE SHOULD accept */* and use application/json for the content-type',
      'T-80D8 SHOULD assume application/json content-type when accept is missing',
      'T-82A3 MUST use utf-8 encoding when responding',
      'T-BF61 MUST accept utf-8 encoded request',
      'T-78D5 MUST assume utf-8 in request if encoding is unspecified',
      'T-2C94 MUST accept POST requests',
      'T-5A70 MAY accept application/x-www-form-urlencoded formatted GET requests',
      'T-9C48 MAY NOT allow executing mutations on GET requests',
      'T-9ABE SHOULD respond with 4xx status code if content-type is not supplied on POST requests',
      'T-03D4 MUST accept application/json POST requests',
      'T-A5BF MAY use 400 status code when request body is missing on POST',
      'T-423L MAY use 400 status code on missing {query} parameter',
      'T-LKJ0 MAY use 400 status code on object {query} parameter',
      'T-LKJ1 MAY use 400 status code on number {query} parameter',
      'T-LKJ2 MAY use 400 status code on boolean {query} parameter',
      'T-LKJ3 MAY use 400 status code on array {query} parameter',
      'T-34A2 SHOULD allow string {query} parameter when accepting application/graphql-response+json',
      'T-13EE MUST allow string {query} parameter when accepting application/json',
      'T-6C00 MAY use 400 status code on object {operationName} parameter',
      'T-6C01 MAY use 400 status code on number {operationName} parameter',
      'T-6C02 MAY use 400 status code on boolean {operationName} parameter',
      'T-6C03 MAY use 400 status code on array {operationName} parameter',
      'T-8161 SHOULD allow string {operationName} parameter when accepting application/graphql-response+json',
      'T-B8B3 MUST allow string {operationName} parameter when accepting application/json',
      'T-94B0 SHOULD allow null {variables} parameter when accepting application/graphql-response+json',
      'T-0220 MUST allow null {variables} parameter when accepting application/json',
      'T-94B1 SHOULD allow null {operationName} parameter when accepting application/graphql-response+json',
      'T-0221 MUST allow null {operationName} parameter when accepting application/json',
      'T-94B2 SHOULD allow null {extensions} parameter when accepting application/graphql-response+json',
      'T-0222 MUST allow null {extensions} parameter when accepting application/json',
      'T-4760 MAY use 400 status code on string {variables} parameter',
      'T-4761 MAY use 400 status code on number {variables} parameter',
      'T-4762 MAY use 400 status code on boolean {variables} parameter',
      'T-4763 MAY use 400 status code on array {variables} parameter',
      'T-2EA1 SHOULD allow map {variables} parameter when accepting application/graphql-response+json',
      'T-28B9 MUST allow map {variables} parameter when accepting application/json',
      'T-D6D5 MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json',
      'T-6A70 MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json',
      'T-58B0 MAY use 400 status code on string {extensions} parameter',
      'T-58B1 MAY use 400 status code on number {extensions} parameter',
      'T-58B2 MAY use 400 status code on boolean {extensions} parameter',
      'T-58B3 MAY use 400 status code on array {extensions} parameter',
      'T-428F SHOULD allow map {extensions} parameter when accepting application/graphql-response+json',
      'T-1B7A MUST allow map {extensions} parameter when accepting application/json',
      'T-B6DC MAY use 2xx, 4xx, or 5xx status codes on JSON parsing failure when accepting application/json',
      'T-BCF8 SHOULD use 400 status code on JSON parsing failure when accepting application/json',
      'T-B7N8 SHOULD use 400 status code on JSON parsing failure when accepting application/graphql-response+json',
      'T-8764 MAY use 4xx or 5xx status codes if parameters are invalid',
      'T-3E3A MAY use 400 status code if parameters are invalid',
      'T-572B SHOULD use 200 status code on document parsing failure when accepting application/json',
      'T-FDE2 SHOULD use 200 status code on document validation failure when accepting application/json',
      'T-7B9B SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
      'T-865D SHOULD use 4xx or 5xx status codes on document parsing failure when accepting application/graphql-response+json',
      'T-556A SHOULD use 400 status code on document parsing failure when accepting application/graphql-response+json',
      'T-D586 SHOULD not contain the data entry on document parsing failure when accepting application/graphql-response+json',
      'T-51FE SHOULD use 4xx or 5xx status codes on document validation failure when accepting application/graphql-response+json',
      'T-74FF SHOULD use 400 status code on document validation failure when accepting application/graphql-response+json',
      'T-5E5B SHOULD not contain the data entry on document validation failure when accepting application/graphql-response+json',
      'T-86EE SHOULD use a status code of 400 on variable coercion failure when accepting application/graphql-response+json',
      'S-01 MUST keep every documented type, field, argument and enum value of schema.graphql (no breaking change in introspection)',
      'S-02 SHOULD keep the inferred parts of schema.graphql (no breaking change in introspection)',
      "S-03 SHOULD make no dangerous change to schema.graphql's documented and inferred parts, such as a new enum value",
      "S-04 MAY serve sentera-mock's extensions of schema.graphql (webhook_subscription, webhook_subscriptions)",
      "R-01 MUST answer the documentation's create_webhook_subscription example with every requested field, of the documented type",
      'R-02 MUST echo callback_url and event_types in the created webhook subscription',
      "R-03 MUST give a created webhook subscription a sentera_id in Sentera's format, with type code WS (as the documentation's example)",
      'R-04 MUST accept the optional authentication argument and return the created webhook subscription',
      'R-05 MUST replace the event_types list on update_webhook_subscription, keeping callback_url',
      'R-06 MUST change only callback_url when update_webhook_subscription gets only callback_url',
      'R-07 MUST return the deleted webhook subscriptions from delete_webhook_subscriptions',
      'R-08 MUST refuse a callback_url that is not an absolute URL, with errors and no data',
      'R-09 MUST refuse an empty event_types list, with errors and no data',
      'R-10 MUST refuse an event type that WebhookEventType does not list, with errors and no data',
      'R-11 MUST refuse update_webhook_subscription without callback_url or event_types, with errors and no data',
      "R-12 MUST return every requested field of a webhook subscription's events, of the documented type",
      'R-13 MUST return at most page_size events per page, and full pages while more events remain',
      'R-14 MUST return different events on different pages',
      'R-15 SHOULD echo the requested page and page_size in a page of events, with present true exactly when the page holds events',
      'R-16 MUST filter events by event_type',
      'R-17 MUST filter events by status',
      'R-18 MUST filter events by date_range',
      "R-19 SHOULD give events sentera_ids in Sentera's format, with type code WE",
      "R-20 MUST answer the webhooks guide's organizations query with the documented fields and types, listing the organization under test",
      "R-21 MUST show the values an earlier update set in the next update's answer (updates stick)",
      'R-22 MUST refuse an update of a deleted webhook subscription, with errors and no data',
      'R-23 MUST not report an already deleted webhook subscription as deleted again',
      "R-24 MUST keep the organization's other webhook subscriptions when deleting one (they can still be updated)",
      'R-25 MUST refuse an update whose callback_url is not an absolute URL, with errors and no data',
      'R-26 MUST refuse an update to an empty event_types list, with errors and no data',
      'R-27 MUST refuse to create a webhook subscription for an organization that does not exist, with errors and no data',
      'R-28 MUST refuse an update of a webhook subscription that does not exist, with errors and no data',
      'R-29 MUST refuse to delete more than 100 sentera_ids at once, with errors and no data',
      'R-30 MUST refuse to delete a webhook subscription through another organization, with errors and no data',
      'R-31 MUST change nothing when it refuses input (later updates show the values from before)',
      "R-32 MUST give organizations and their parents sentera_ids in Sentera's format, with type code OR",
      "R-33 SHOULD identify an event's triggering object (FS or TA), payload object (the same) and users (US) with sentera_ids",
      'R-35 MUST page through organizations: each on one page, as many as total_count, page and page_size echoed, present true exactly on pages with results',
      "R-36 MUST page through a subscription's events in a stable order: each event on one page only, as many as total_count, full pages, nothing after the last",
      'R-37 MUST apply event_type and status together when both are given',
      'R-38 SHOULD treat date_range bounds as inclusive (an event at start_date or end_date is in the range)',
      'R-34 MUST put nothing but data, errors and extensions at the top level of any response (the GraphQL spec reserves it)',
    ]);
  });

  it('have unique ids, each name starting with MUST, SHOULD or MAY', () => {
    const checks = contractChecks({ endpoint: 'http://unused.test/graphql' });
    expect(new Set(checks.map((check) => check.id)).size).toBe(checks.length);
    for (const check of checks) expect(check.name).toMatch(/^(MUST|SHOULD|MAY) /);
  });

  it("start the responses layer with the documentation's create_webhook_subscription example", () => {
    const contracts = loadContracts();
    const first = contracts.checks.find((check) => check.layer === 'responses');
    expect(first).toMatchObject({ id: 'R-01', step: 'create' });
    expect(contracts.steps.get('create')?.operation.source).toContain(
      'event_types: $event_types) {\n    sentera_id\n    event_types\n    callback_url\n  }',
    );
  });
});

describe('loadContracts', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of contracts/ with checks.json edited (and optionally one more operation file). */
  function contractsWith(edit: (checks: EditableJson) => void, operation?: { name: string; source: string }): string {
    const dir = mkdtempSync(join(tmpdir(), 'sentera-contracts-'));
    dirs.push(dir);
    cpSync(join(packageRoot(), 'contracts'), dir, { recursive: true });
    const checks = JSON.parse(readFileSync(join(dir, 'checks.json'), 'utf8')) as unknown;
    edit(checks);
    writeFileSync(join(dir, 'checks.json'), JSON.stringify(checks));
    if (operation) writeFileSync(join(dir, 'operations', `${operation.name}.graphql`), operation.source);
    return dir;
  }

  it.each([
    ['a duplicate id', (c: EditableJson) => (c.checks[5].id = c.checks[4].id), /checks\[5\]\.id: "R-01" is used twice/],
    [
      'a name without a requirement level',
      (c: EditableJson) => (c.checks[4].name = 'returns the fields'),
      /checks\[4\]\.name: must start with MUST, SHOULD or MAY/,
    ],
    ['an unknown step', (c: EditableJson) => (c.checks[4].step = 'nope'), /checks\[4\]\.step: no step "nope"/],
    [
      'an unknown operation',
      (c: EditableJson) => (c.steps.create.operation = 'Nope'),
      /steps\.create\.operation: no operations\/Nope\.graphql/,
    ],
    [
      'an unknown parameter',
      (c: EditableJson) => (c.steps.create.variables.callback_url = '$callback'),
      /steps\.create\.variables\.callback_url: unknown parameter \$callback/,
    ],
    [
      // valibot's record would drop a key named constructor, and the unknown parameter would go unseen.
      'an unknown parameter in a variable named constructor',
      (c: EditableJson) => (c.steps.create.variables.constructor = '$callback'),
      /steps\.create\.variables\.constructor: unknown parameter \$callback/,
    ],
    [
      'a reference to an unknown step',
      (c: EditableJson) => (c.steps.update_nothing.variables.sentera_id.$step = 'nope'),
      /steps\.update_nothing\.variables\.sentera_id\.\$step: no step "nope"/,
    ],
    [
      'a variable the operation does not have',
      (c: EditableJson) => (c.checks[5].expectations[0].value = { $variable: 'nope' }),
      /checks\[5\]\.expectations\[0\]\.value\.\$variable: the step's operation has no variable \$nope/,
    ],
    [
      'an unknown expectation',
      (c: EditableJson) => (c.checks[4].expectations[0] = { expect: 'looks_fine' }),
      /checks\[4\]\.expectations\[0\]\.expect: must be one of valid, envelope, walk/,
    ],
    [
      'a malformed path',
      (c: EditableJson) => (c.checks[5].expectations[0].path = 'a..b'),
      /malformed contract path "a\.\.b"/,
    ],
    [
      'a schema coordinate not in the schema',
      (c: EditableJson) => c.schema.inferred.push('Nope.field'),
      /schema: "Nope\.field" is not in the schema/,
    ],
    [
      'an unknown step to send before',
      (c: EditableJson) => (c.steps.delete.after = ['nope']),
      /steps\.delete\.after: no step "nope"/,
    ],
    [
      'a walk over a variable the operation does not have',
      (c: EditableJson) => (c.steps.organizations_walk.walk.variable = 'nope'),
      /steps\.organizations_walk\.walk\.variable: OrganizationsWalk has no variable \$nope/,
    ],
    [
      'a walk expectation on a step that does not walk',
      (c: EditableJson) => (c.checks[4].expectations[0] = { expect: 'walk', path: 'x', id: 'sentera_id' }),
      /checks\[4\]\.expectations\[0\]: a "walk" expectation needs a step that walks pages; create does not/,
    ],
    [
      'an expectation on an unknown step',
      (c: EditableJson) => (c.checks[4].expectations[0].step = 'nope'),
      /checks\[4\]\.expectations\[0\]\.step: no step "nope"/,
    ],
  ])('refuses contracts with %s, naming the place', (_, edit, message) => {
    expect(() => loadContracts({ dir: contractsWith(edit) })).toThrow(message);
  });

  it.each([
    [
      'a step that is not an object',
      (c: EditableJson) => (c.steps.create = 3),
      /checks\.json: steps\.create: must be an object$/,
    ],
    [
      'an unknown drift kind',
      (c: EditableJson) => (c.checks.find((check: EditableJson) => check.layer === 'schema').drift = 'some'),
      /checks\.json: checks\[\d+\]\.drift: must be one of documented-breaking, inferred-breaking, dangerous, mock-extension-breaking$/,
    ],
    [
      'an unknown layer',
      (c: EditableJson) => (c.checks[4].layer = 'transport'),
      /checks\[4\]\.layer: must be schema or responses \(transport checks come from graphql-http\)$/,
    ],
    [
      'a field that does not belong to the expectation',
      (c: EditableJson) => (c.checks[4].expectations[0] = { expect: 'valid', path: 'x' }),
      /checks\[4\]\.expectations\[0\]\.path: "path" does not belong to a "valid" expectation$/,
    ],
    [
      'an expectation without its path',
      (c: EditableJson) => (c.checks[4].expectations[0] = { expect: 'equals', value: 1 }),
      /checks\[4\]\.expectations\[0\]\.path: must be a non-empty string$/,
    ],
    [
      'a skip condition without a bound',
      (c: EditableJson) => (c.checks[4].skip_unless = { path: 'a.b' }),
      /checks\[4\]\.skip_unless: needs at_least, at_most or distinct_at_least$/,
    ],
    [
      'a walk of 0 pages',
      (c: EditableJson) => (c.steps.organizations_walk.walk.max_pages = 0),
      /steps\.organizations_walk\.walk\.max_pages: must be a whole number of 1 or more$/,
    ],
    ['no checks list', (c: EditableJson) => delete c.checks, /checks\.json: checks: must be a list$/],
  ])('refuses contracts whose shape is wrong: %s, naming the place', (_, edit, message) => {
    expect(() => loadContracts({ dir: contractsWith(edit) })).toThrow(message);
  });

  it('refuses an operation that does not validate against schema.graphql', () => {
    const dir = contractsWith(() => undefined, { name: 'Broken', source: 'query Broken { organizations { nope } }' });
    expect(() => loadContracts({ dir })).toThrow(/Broken\.graphql: .*Cannot query field "nope"/);
  });
});
