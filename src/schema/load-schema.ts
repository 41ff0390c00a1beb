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
