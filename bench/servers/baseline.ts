/**
 * The baseline: the fastest plain setup, graphql-http's node:http handler over graphql-js with a cache of parsed and
 * validated documents and a trivial Map-backed resolver.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { parse, validate, type DocumentNode, type GraphQLError } from 'graphql';
import { createHandler } from 'graphql-http/lib/use/http';
import { resolvers } from './shared-resolver.js';

const typeDefs = readFileSync(fileURLToPath(new URL('../../schema.graphql', import.meta.url)), 'utf8');
const schema = makeExecutableSchema({ typeDefs, resolvers });
const parsed = new Map<string, DocumentNode>();
const validated = new WeakMap<DocumentNode, readonly GraphQLError[]>();

const handler = createHandler({
  schema,
  parse: (source) => {
    const text = typeof source === 'string' ? source : source.body;
    let document = parsed.get(text);
    if (!document) parsed.set(text, (document = parse(source)));
    return document;
  },
  validate: (validationSchema, document) => {
    let errors = validated.get(document);
    if (!errors) validated.set(document, (errors = validate(validationSchema, document)));
    return errors;
  },
});

const server = createServer((request, response) => void handler(request, response));
server.listen(0, '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
