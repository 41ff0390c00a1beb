/**
 * create-executable-schema
 */
import { createRequire } from 'node:module';
import type * as GraphQLToolsMock from '@graphql-tools/mock';
import {
  buildASTSchema,
  defaultFieldResolver,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLScalarType,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from 'graphql';
import { ISO8601DateTimeScalar, UrlScalar } from '../schema/scalars.js';

/** A field's resolver, by type name and field name. */
export type FieldResolvers = Readonly<Record<string, Readonly<Record<string, GraphQLFieldResolver<never, unknown>>>>>;

/** Options of {@link createExecutableSchema}. */
export interface ExecutableSchemaOptions {
  /** The SDL (schema.graphql's text). */
  typeDefs: string;
  /** Resolvers for the fields the mock implements; every other field answers its source's property. */
  resolvers: FieldResolvers;
  /**
   * The @graphql-tools/mock values (see createMocks) for a field whose source has no value: called the first time
   * one is needed, never when every field has a value (the mock's own data), so neither Faker nor the mocking
   * library is loaded for nothing.
   */
  mocks: () => GraphQLToolsMock.IMocks;
}

/**
 * A mock's executable schema.
 *
 * @category GraphQL
 */
export interface ExecutableSchema {
  readonly schema: GraphQLSchema;
  /** The resolvers that answer the source's property when it is defined (see compileOperation). */
  readonly propertyFirstResolvers: ReadonlySet<unknown>;
  /** Forgets the fake values made so far (the next ones start over, with the Faker of `mocks` re-seeded by its owner). */
  resetFakes: () => void;
}

const require = createRequire(import.meta.url);

/**
 * The schema with its scalars and resolvers. A field without a resolver answers its source's property; when the
 * source has none, @graphql-tools/mock makes up a value from the seeded Faker, exactly as `addMocksToSchema` over a
 * `createMockStore({ mockGenerationBehavior: 'deterministic' })` does: it is that library, loaded the first time a
 * value is missing.
 *
 * @category GraphQL
 */
export function createExecutableSchema(options: ExecutableSchemaOptions): ExecutableSchema {
  const { typeDefs, resolvers, mocks } = options;
  // A schema of its own (resolvers are set on it in place), from the SDL checked once by schemaWithScalars.
  const base = schemaWithScalars(typeDefs);
  const schema = withScalars(buildASTSchema(documentOf(typeDefs), { assumeValidSDL: true }));
  let faked: { schema: GraphQLSchema; store: GraphQLToolsMock.IMockStore } | undefined;
  const fake: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
    if (!faked) {
      const { addMocksToSchema, createMockStore } = require('@graphql-tools/mock') as typeof GraphQLToolsMock;
      const store = createMockStore({ schema: base, mocks: mocks(), mockGenerationBehavior: 'deterministic' });
      faked = { schema: addMocksToSchema({ schema: base, store }), store };
    }
    const type = faked.schema.getType(info.parentType.name) as GraphQLObjectType;
    return (type.getFields()[info.fieldName]?.resolve ?? defaultFieldResolver)(source, args, context, info);
  };
  const propertyFirst: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
    const value: unknown = defaultFieldResolver(source, args, context, info);
    return value !== undefined ? value : fake(source, args, context, info);
  };
  // @graphql-tools/mock's: the value's __typename, else the type of a value it made up.
  const resolveType: GraphQLTypeResolver<unknown, unknown> = (value) => {
    const data = value as { __typename?: string; $ref?: { typeName: string } };
    return data.__typename || data.$ref?.typeName;
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isInterfaceType(type) || isUnionType(type)) type.resolveType = resolveType;
    if (!isObjectType(type)) continue;
    const own = resolvers[type.name];
    for (const field of Object.values(type.getFields()))
      field.resolve = (own?.[field.name] as GraphQLFieldResolver<unknown, unknown> | undefined) ?? propertyFirst;
  }
  return {
    schema,
    propertyFirstResolvers: new Set([propertyFirst]),
    resetFakes: () => faked?.store.reset(),
  };
}

// Parsed SDL and built schemas with the mock's scalars, by SDL text: parsing, validating and building the SDL is most
// of the cost of a mock's schema, and this part is the same for every mock. A few entries at most (in practice one,
// schema.graphql).
const documents = new Map<string, DocumentNode>();
const scalarSchemas = new Map<string, GraphQLSchema>();
const MAX_CACHED_SCHEMAS = 4;

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= MAX_CACHED_SCHEMAS) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

function documentOf(typeDefs: string): DocumentNode {
  return documents.get(typeDefs) ?? remember(documents, typeDefs, parse(typeDefs));
}

/**
 * The schema of `typeDefs` with the mock's scalars and no field resolvers, built (and its SDL validated) once per SDL
 * text in a process. Read-only: for checks (fixtures) and as the schema the fake values are made for.
 *
 * @category GraphQL
 */
export function schemaWithScalars(typeDefs: string): GraphQLSchema {
  return (
    scalarSchemas.get(typeDefs) ?? remember(scalarSchemas, typeDefs, withScalars(buildASTSchema(documentOf(typeDefs))))
  );
}

const SCALARS: readonly GraphQLScalarType[] = [UrlScalar, ISO8601DateTimeScalar];

/**
 * Gives a freshly built schema the mock's scalars, in place, as @graphql-tools/schema's resolver map does with a
 * GraphQLScalarType: its functions and description (none: introspection shows no description for them) replace the
 * SDL's.
 */
function withScalars(schema: GraphQLSchema): GraphQLSchema {
  for (const scalar of SCALARS) {
    const type = schema.getType(scalar.name);
    if (!isScalarType(type)) continue;
    type.description = scalar.description;
    type.specifiedByURL = scalar.specifiedByURL;
    type.serialize = scalar.serialize;
    type.parseValue = scalar.parseValue;
    type.parseLiteral = scalar.parseLiteral;
  }
  return schema;
}
