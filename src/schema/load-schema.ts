/**
 * load-schema
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { packageRoot } from '../runtime/package-root.js';

/**
 * The path of the schema.graphql shipped with the package.
 *
 * @category Schema
 */
export function schemaPath(): string {
  return join(packageRoot(), 'schema.graphql');
}

/**
 * The SDL of Sentera's webhook slice, as shipped in schema.graphql.
 *
 * @category Schema
 */
export function readSchemaSource(path: string = schemaPath()): string {
  return readFileSync(path, 'utf8');
}

/**
 * Builds (and validates) the schema from schema.graphql. It has no resolvers: see createExecutableSchema.
 *
 * @category Schema
 */
export function loadSchema(path: string = schemaPath()): GraphQLSchema {
  return buildSchema(readSchemaSource(path));
}

let shared: GraphQLSchema | undefined;

/**
 * schema.graphql built once per process, for code that only reads it (fixture and scenario checks): creating many
 * mocks in one process (a test suite) then parses and validates the SDL once. Never hand it to code that changes a
 * schema in place; {@link loadSchema} gives a fresh one.
 *
 * @category Schema
 */
export function sharedSchema(): GraphQLSchema {
  shared ??= loadSchema();
  return shared;
}
