/**
 * scenario-schema
 *
 * The schema of a scenario file (published as `schemas/scenario.schema.json`). Event types, payload fields and
 * enums come from schema.graphql.
 */
import type { GraphQLSchema } from 'graphql';
import * as v from 'valibot';
import { enumValue, enumValues, payloadFields, senteraId, urlOrMockUrl } from '../fixtures/fixture-schema-parts.js';
import { TypeCode } from '../ids/sentera-id.js';
import { TRIGGERING_TYPE_CODE, type WebhookEventType } from '../store/types.js';
import { list, mapping, mappingFields, nonEmptyString, notAList } from '../validate/schema-parts.js';

function subscription(schema: GraphQLSchema) {
  return mapping(
    {
      organization_sentera_id: senteraId(TypeCode.ORGANIZATION, 'an organization id'),
      callback_url: urlOrMockUrl('callback_url'),
      event_types: v.pipe(
        list(enumValue(schema, 'WebhookEventType'), 'WebhookEventType values'),
        v.minLength(1, 'expected at least one event type'),
      ),
      authentication: v.optional(
        mapping(
          {
            client_id: nonEmptyString(),
            client_secret: nonEmptyString(),
            token_url: urlOrMockUrl('token_url'),
            scope: v.optional(nonEmptyString()),
          },
          'client_id, client_secret, token_url and scope',
        ),
      ),
    },
    'a mapping with organization_sentera_id, callback_url and event_types',
  );
}

function event(schema: GraphQLSchema) {
  const what = 'a mapping with key, organization_sentera_id and type';
  const ofType = (type: WebhookEventType) =>
    mappingFields(
      {
        key: nonEmptyString(),
        organization_sentera_id: senteraId(TypeCode.ORGANIZATION, 'an organization id'),
        type: v.literal(type),
        triggering_object_id: v.optional(senteraId(TRIGGERING_TYPE_CODE[type], `the object of a ${type} event`)),
        payload: v.optional(v.nullable(payloadFields(schema, type))),
      },
      what,
    );
  const types = enumValues(schema, 'WebhookEventType');
  return notAList(
    `expected ${what}`,
    v.variant('type', types.map((type) => ofType(type as WebhookEventType)) as [ReturnType<typeof ofType>], (issue) =>
      issue.expected === 'Object'
        ? `expected ${what}`
        : `expected a WebhookEventType: one of ${types.join(', ')}; got ${JSON.stringify(issue.input)}`,
    ),
  );
}

function buildScenarioSchema(schema: GraphQLSchema) {
  return mapping(
    {
      scenario: nonEmptyString(),
      description: v.optional(nonEmptyString()),
      subscriptions: v.optional(list(subscription(schema), 'subscriptions')),
      events: v.optional(list(event(schema), 'events')),
    },
    'a scenario',
  );
}

const built = new WeakMap<GraphQLSchema, ReturnType<typeof buildScenarioSchema>>();

/** The schema of a scenario file, built once per GraphQL schema (its enums and payload types). */
export function scenarioSchema(schema: GraphQLSchema): ReturnType<typeof buildScenarioSchema> {
  let scenario = built.get(schema);
  if (!scenario) {
    scenario = buildScenarioSchema(schema);
    built.set(schema, scenario);
  }
  return scenario;
}
