/**
 * create-executable-schema
 */
import type { Faker } from '@faker-js/faker';
import { addMocksToSchema, createMockStore, type IMockStore } from '@graphql-tools/mock';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { IResolvers } from '@graphql-tools/utils';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { createMocks } from '../fake/create-mocks.js';
import { ISO8601DateTimeScalar, UrlScalar } from '../schema/scalars.js';

/** Options of {@link createExecutableSchema}. */
export interface ExecutableSchemaOptions {
  /** The SDL (schema.graphql's text). */
  typeDefs: string;
  /** Resolvers for the fields the mock implements; every other field is filled with fake data. */
  resolvers: IResolvers;
  /** The seeded Faker that fake data comes from. */
  faker: Faker;
}

/**
 * The schema, its scalars and resolvers, with @graphql-tools/mock filling every field no resolver handles.
 *
 * @category GraphQL
 */
export function createExecutableSchema(options: ExecutableSchemaOptions): {
  schema: GraphQLSchema;
  fakeStore: IMockStore;
  propertyFirstResolvers: ReadonlySet<unknown>;
} {
  const { typeDefs, resolvers, faker } = options;
  const base = schemaWithScalars(typeDefs);
  const fakeStore = createMockStore({
    schema: base,
    mocks: createMocks({ faker }),
    mockGenerationBehavior: 'deterministic',
  });
  const schema = addMocksToSchema({ schema: base, store: fakeStore, resolvers, preserveResolvers: false });
  // The fields without a resolver of ours got @graphql-tools/mock's, which answers the source's property when it is
  // defined and makes up a value only when it is not: compiled operations read the property themselves.
  const propertyFirstResolvers = new Set<unknown>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const own = (resolvers as Record<string, Record<string, unknown> | undefined>)[type.name];
    for (const field of Object.values(type.getFields())) {
      if (field.resolve && own?.[field.name] === undefined) propertyFirstResolvers.add(field.resolve);
    }
  }
  return { schema, fakeStore, propertyFirstResolvers };
}

// Built schemas with the mock's scalars, by SDL text: parsing, validating and building the SDL is most of the cost of
// a mock's schema, and this part is the same for every mock. Read-only: addMocksToSchema and createMockStore copy or
// read it. A few entries at most (in practice one, schema.graphql).
const scalarSchemas = new Map<string, GraphQLSchema>();
const MAX_SCALAR_SCHEMAS = 4;

/**
 * The schema of `typeDefs` with the mock's scalars and no field resolvers, built once per SDL text in a process.
 * Read-only: for checks (fixtures) and as the base that each mock's schema is mapped from.
 *
 * @category GraphQL
 */
export function schemaWithScalars(typeDefs: string): GraphQLSchema {
  let schema = scalarSchemas.get(typeDefs);
  if (!schema) {
    schema = makeExecutableSchema({ typeDefs, resolvers: { Url: UrlScalar, ISO8601DateTime: ISO8601DateTimeScalar } });
    if (scalarSchemas.size >= MAX_SCALAR_SCHEMAS) scalarSchemas.delete(scalarSchemas.keys().next().value as string);
    scalarSchemas.set(typeDefs, schema);
  }
  return schema;
}
