/**
 * The peer a user would otherwise pick: Apollo Server 5 (standalone) with the same schema and resolver.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { resolvers } from './shared-resolver.js';

const typeDefs = readFileSync(fileURLToPath(new URL('../../schema.graphql', import.meta.url)), 'utf8');
const server = new ApolloServer({ typeDefs, resolvers });
const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
console.log(`listening ${url.replace(/\/$/, '')}/graphql`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
