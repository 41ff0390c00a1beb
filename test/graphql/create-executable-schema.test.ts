import { addMocksToSchema, createMockStore } from '@graphql-tools/mock';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { graphql, introspectionFromSchema, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createFaker } from '../../src/fake/create-faker.js';
import { createMocks } from '../../src/fake/create-mocks.js';
import { createExecutableSchema, type FieldResolvers } from '../../src/graphql/create-executable-schema.js';
import { isSenteraId } from '../../src/ids/sentera-id.js';
import { readSchemaSource } from '../../src/schema/load-schema.js';
import { ISO8601DateTimeScalar, UrlScalar } from '../../src/schema/scalars.js';

// A schema with fields no resolver handles, as schema.graphql will have when Sentera's API grows.
const typeDefs = /* GraphQL */ `
  scalar Url
  scalar ISO8601DateTime
  enum Colour {
    RED
    GREEN
  }
  type Thing {
    sentera_id: ID!
    name: String!
    count: Int!
    ratio: Float!
    flag: Boolean!
    at: ISO8601DateTime!
    link: Url!
    colour: Colour!
    tags: [String!]!
  }
  type Query {
    thing: Thing!
    known: String!
  }
`;

const refDate = new Date('2022-01-31T13:27:09Z');
const resolvers = { Query: { known: () => 'resolved' } };
const source = '{ known thing { sentera_id name count ratio flag at link colour tags } }';

async function answer(seed: string) {
  const { schema } = createExecutableSchema({
    typeDefs,
    resolvers,
    mocks: () => createMocks({ faker: createFaker({ seed, refDate }) }),
  });
  return graphql({ schema, source });
}

/** The schema as @graphql-tools builds it: makeExecutableSchema with the scalars, then addMocksToSchema. */
function graphqlToolsSchema(sdl: string, fieldResolvers: FieldResolvers, seed: string): GraphQLSchema {
  const base = makeExecutableSchema({
    typeDefs: sdl,
    resolvers: { Url: UrlScalar, ISO8601DateTime: ISO8601DateTimeScalar },
  });
  const store = createMockStore({
    schema: base,
    mocks: createMocks({ faker: createFaker({ seed, refDate }) }),
    mockGenerationBehavior: 'deterministic',
  });
  return addMocksToSchema({ schema: base, store, resolvers: fieldResolvers });
}

describe('fields without a resolver', () => {
  it('are filled with seeded fake data of the right shapes, next to the resolved ones', async () => {
    const result = await answer('fill');
    expect(result.errors).toBeUndefined();
    const thing = (result.data as { thing: Record<string, unknown> }).thing;
    expect((result.data as { known: string }).known).toBe('resolved');
    expect(isSenteraId(thing['sentera_id'] as string)).toBe(true);
    expect(thing).toMatchObject({
      name: expect.any(String),
      count: expect.any(Number),
      ratio: expect.any(Number),
      flag: expect.any(Boolean),
      colour: expect.stringMatching(/^(RED|GREEN)$/),
    });
    expect(thing['at']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(() => new URL(thing['link'] as string)).not.toThrow();
    expect(Array.isArray(thing['tags'])).toBe(true);
  });

  it('are the same for the same seed, and differ for another', async () => {
    expect(JSON.stringify(await answer('a'))).toBe(JSON.stringify(await answer('a')));
    expect(JSON.stringify(await answer('a'))).not.toBe(JSON.stringify(await answer('b')));
  });
});

describe('the schema built with graphql-js alone', () => {
  it('introspects exactly as the one @graphql-tools builds from schema.graphql', () => {
    const sdl = readSchemaSource();
    const { schema } = createExecutableSchema({ typeDefs: sdl, resolvers: {}, mocks: () => ({}) });
    expect(introspectionFromSchema(schema)).toEqual(introspectionFromSchema(graphqlToolsSchema(sdl, {}, 'x')));
  });

  it('makes up the same values as @graphql-tools/mock, request after request', async () => {
    const { schema } = createExecutableSchema({
      typeDefs,
      resolvers,
      mocks: () => createMocks({ faker: createFaker({ seed: 'same', refDate }) }),
    });
    const reference = graphqlToolsSchema(typeDefs, resolvers, 'same');
    for (let round = 0; round < 3; round++)
      expect(await graphql({ schema, source })).toEqual(await graphql({ schema: reference, source }));
  });

  it('asks for the fake values only when a field has none', async () => {
    let asked = 0;
    const { schema } = createExecutableSchema({
      typeDefs,
      resolvers: { Query: { known: () => 'resolved', thing: () => ({ sentera_id: 'a', name: 'b', tags: [] }) } },
      mocks: () => {
        asked++;
        return createMocks({ faker: createFaker({ seed: 'lazy', refDate }) });
      },
    });
    await graphql({ schema, source: '{ known thing { sentera_id name tags } }' });
    expect(asked).toBe(0);
    const result = await graphql({ schema, source: '{ thing { name count } }' });
    expect(asked).toBe(1);
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ thing: { name: 'b', count: expect.any(Number) } });
  });
});
