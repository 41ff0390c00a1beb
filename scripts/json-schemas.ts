/**
 * json-schemas
 *
 * The JSON Schemas the package publishes for fixture and scenario files, generated from the same valibot schemas the
 * mock reads them with (`npm run schemas` writes them to schemas/; a test checks the committed files equal this).
 * Checks no JSON Schema vocabulary has (Sentera id type codes beyond their pattern, URLs, payload scalars) are
 * described, not enforced: the mock's own messages stay the authority.
 */
import { toJsonSchema, type JsonSchema } from '@valibot/to-json-schema';
import { fixtureFileSchema } from '../src/fixtures/fixture-schemas.js';
import { sharedSchema } from '../src/schema/load-schema.js';
import { scenarioSchema } from '../src/seed/scenario-schema.js';

/** A published schema: its file name under schemas/ and its content. */
export interface PublishedSchema {
  readonly file: string;
  readonly schema: JsonSchema;
}

function publish(file: string, title: string, description: string, schema: JsonSchema): PublishedSchema {
  const { $schema, ...rest } = schema;
  return {
    file,
    schema: {
      $schema,
      $id: `https://unpkg.com/sentera-mock/schemas/${file}`,
      title,
      description,
      ...rest,
    },
  };
}

/** The fixture and scenario JSON Schemas, generated from schema.graphql and the mock's valibot schemas. */
export function publishedSchemas(): PublishedSchema[] {
  const schema = sharedSchema();
  const config = { errorMode: 'ignore', typeMode: 'ignore' } as const;
  return [
    publish(
      'fixtures.schema.json',
      'sentera-mock fixture file',
      'A file of a sentera-mock fixtures directory (--fixtures): organizations, users, webhook subscriptions, events, generated streams, schedules and settings. Event types, statuses and payload fields come from schema.graphql.',
      toJsonSchema(fixtureFileSchema(schema), config),
    ),
    publish(
      'scenario.schema.json',
      'sentera-mock scenario',
      'A scenario for sentera-mock seed --scenario: subscriptions to create and events to emit. Event types and payload fields come from schema.graphql.',
      toJsonSchema(scenarioSchema(schema), config),
    ),
  ];
}

/** The text of a published schema file (2-space JSON and a final newline). */
export function schemaText(published: PublishedSchema): string {
  return `${JSON.stringify(published.schema, null, 2)}\n`;
}
