import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { contractChecks } from '../../src/contract/contract-checks.js';
import { capIn, describeServed } from '../../src/contract/endpoint-schema.js';
import { loadContracts } from '../../src/contract/load-contracts.js';
import { operationCoordinates } from '../../src/contract/operation-coordinates.js';

describe('the schema coordinates a step depends on', () => {
  const contracts = loadContracts();

  it.each([
    [
      'events_statuses',
      [
        'WebhookEventStatus.FAILED',
        'WebhookEventStatus.PENDING',
        'WebhookEventStatus.SUCCESS',
        'WebhookSubscription.events.status',
      ],
    ],
    ['events_date_range', ['DateRange.end_date', 'DateRange.start_date', 'WebhookSubscription.events.date_range']],
    [
      'create_with_authentication',
      [
        'WebhookAuthenticationConfigurationInput.client_id',
        'WebhookAuthenticationConfigurationInput.token_url',
        'Mutation.create_webhook_subscription.authentication',
      ],
    ],
    [
      'events_pages',
      [
        'FeatureSetCreatedPayload.sentera_id',
        'TaskModifiedPayload.updated_by_id',
        'WebhookEventsQueryResult.total_count',
        'WebhookEventType.TASK_MODIFIED',
      ],
    ],
  ])('are worked out from the operation and variables of %s', (step, expected) => {
    expect(contracts.steps.get(step)?.coordinates).toEqual(expect.arrayContaining(expected));
  });

  it('leave out what a step does not send (no status filter, no survey events in the main steps)', () => {
    const all = [...contracts.steps.values()]
      .filter((step) => step.name !== 'events_statuses')
      .flatMap((step) => step.coordinates);
    expect(
      all.filter(
        (coordinate) =>
          coordinate.startsWith('WebhookEventStatus.') ||
          coordinate === 'WebhookEventType.SURVEY_CREATED' ||
          coordinate === 'WebhookEventsQueryResult.present',
      ),
    ).toEqual([]);
  });

  it('are declared by each response check, over every step it reads', () => {
    const checks = contractChecks({ endpoint: 'http://unused.test/graphql' });
    const dependsOn = (id: string) => checks.find((check) => check.id === id)?.dependsOn ?? [];
    expect(dependsOn('R-17')).toEqual(
      expect.arrayContaining(['WebhookEventStatus.PENDING', 'WebhookSubscription.events.status']),
    );
    expect(dependsOn('R-21')).toEqual(
      expect.arrayContaining([
        'Mutation.update_webhook_subscription.callback_url',
        'Mutation.update_webhook_subscription.event_types',
      ]),
    );
    expect(dependsOn('R-20').filter((coordinate) => coordinate.startsWith('Webhook'))).toEqual([]);
    expect(checks.filter((check) => check.layer !== 'responses').every((check) => check.dependsOn === undefined)).toBe(
      true,
    );
  });

  it('include enum values and input fields sent in variables', () => {
    const schema = buildSchema(
      'enum Color { RED GREEN }\ninput Filter { color: Color, size: Int }\ntype Query { items(filter: Filter, colors: [Color!]): Int }',
    );
    const document = parse('query Q($filter: Filter, $colors: [Color!]) { items(filter: $filter, colors: $colors) }');
    expect(operationCoordinates(schema, document, { filter: { color: 'GREEN' }, colors: ['RED'] })).toEqual([
      'Color',
      'Color.GREEN',
      'Color.RED',
      'Filter',
      'Filter.color',
      'Query',
      'Query.items',
      'Query.items.colors',
      'Query.items.filter',
    ]);
  });
});

describe('capIn', () => {
  it.each([
    ['The number of results per page (1 to 1000).', 1000],
    ['Results per page, 1-50.', 50],
    ['At most 25 per page.', 25],
    ['Limited to a maximum of 100 IDs.', 100],
    ['The number of results per page.', undefined],
  ])('reads the cap in %j', (text, cap) => expect(capIn(text)).toBe(cap));
});

describe('describeServed', () => {
  const served = buildSchema(
    'enum Status { QUEUED DONE }\ninput Range { from: String }\nunion Payload = A\ntype A { id: ID }\ntype Query { a: A }',
  );
  it.each([
    ['Status.PENDING', 'no value PENDING in Status (its values: QUEUED, DONE)'],
    ['Range.start_date', 'no field start_date on Range (its fields: from)'],
    ['Payload', 'Payload as a union of A'],
    ['Missing.field', 'no type Missing'],
  ])('says what the endpoint has at %s', (coordinate, said) => expect(describeServed(coordinate, served)).toBe(said));
});
