import { graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createFaker } from '../../src/fake/create-faker.js';
import { createExecutableSchema } from '../../src/graphql/create-executable-schema.js';
import { isSenteraId } from '../../src/ids/sentera-id.js';

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

async function answer(seed: string) {
  const { schema } = createExecutableSchema({
    typeDefs,
    resolvers: { Query: { known: () => 'resolved' } },
    faker: createFaker({ seed, refDate: new Date('2022-01-31T13:27:09Z') }),
  });
  return graphql({ schema, source: '{ known thing { sentera_id name count ratio flag at link colour tags } }' });
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
