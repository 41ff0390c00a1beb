import { execute, GraphQLError, parse, validate, type ExecutionResult } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { describe, expect, it } from 'vitest';
import { compileOperation } from '../../src/graphql/compile-operation.js';

/** A schema with every case a plan must get right: nullability, lists, enums, errors, promises, variables. */
const schema = makeExecutableSchema({
  typeDefs: /* GraphQL */ `
    enum Color {
      RED
      GREEN
    }
    type Item {
      id: ID!
      name: String
      color: Color
      tags: [String!]
      strictTags: [String!]!
    }
    type Query {
      item(id: ID!): Item
      items(first: Int = 2): [Item]
      strictItem: Item!
      fails: String
      failsStrict: String!
      nullStrict: String!
      nested: Nested
      later: String
      laterFails: String
      laterItems: [Item]
      notList: [String]
      badEnum: Color
      echo(text: String, list: [Int!], color: Color): String
      method: String
    }
    type Nested {
      strictFails: String!
      other: String
    }
    type Mutation {
      first(text: String!): Item
      second: Item
      third: String!
    }
  `,
  resolvers: {
    Query: {
      item: (_: unknown, args: { id: string }) =>
        args.id === 'none'
          ? null
          : { id: args.id, name: `item ${args.id}`, color: 'RED', tags: ['a', 'b'], strictTags: ['x', null] },
      items: (_: unknown, args: { first: number }) =>
        Array.from({ length: args.first }, (_x, index) =>
          index === 1
            ? new Error('item 1 is broken')
            : { id: String(index), name: null, color: 'GREEN', tags: null, strictTags: [] },
        ),
      strictItem: () => ({ id: null }),
      fails: () => {
        throw new GraphQLError('nope', { extensions: { code: 'NOPE' } });
      },
      failsStrict: () => {
        throw new Error('plain failure');
      },
      nullStrict: () => null,
      nested: () => ({ strictFails: null, other: 'kept' }),
      later: async () => 'resolved later',
      laterFails: async () => {
        throw new Error('rejected later');
      },
      laterItems: async () => [
        Promise.resolve({ id: 'p1', name: 'promised' }),
        { id: 'p2', name: Promise.reject(new Error('name rejected')) },
      ],
      notList: () => 'a string',
      badEnum: () => 'BLUE',
      echo: (_: unknown, args: Record<string, unknown>) => JSON.stringify(args),
      method: () => ({ toString: () => 'x' }),
    },
    Mutation: {
      first: (_: unknown, args: { text: string }) => ({ id: args.text, name: 'first' }),
      second: async () => ({ id: 'two', name: 'second' }),
      third: () => null,
    },
  },
});

const cases: Array<[string, string, (Record<string, unknown> | undefined)?, string?]> = [
  ['fields, arguments and aliases', '{ item(id: "1") { id name color tags } other: item(id: "2") { id } }'],
  ['a null object', '{ item(id: "none") { id } }'],
  ['the same field twice, selections merged', '{ item(id: "1") { id } item(id: "1") { name } }'],
  ['__typename at every level', '{ __typename item(id: "1") { __typename id } }'],
  ['a list with an Error item', '{ items { id name } }'],
  ['a default argument value', '{ items(first: 1) { id color } }'],
  ['a non-null violation inside a non-null list', '{ item(id: "1") { strictTags } }'],
  ['a non-null violation bubbling to the root', '{ strictItem { id } fails }'],
  ['a resolver error with extensions', '{ fails item(id: "3") { id } }'],
  ['a plain error in a non-null root field', '{ failsStrict fails }'],
  ['null for a non-null field', '{ nullStrict }'],
  ['a non-null error bubbling to its parent', '{ nested { strictFails other } }'],
  ['promises resolving and rejecting', '{ later laterFails laterItems { id name } }'],
  ['a list field that is not a list', '{ notList }'],
  ['an enum value the type does not have', '{ badEnum }'],
  ['a scalar that cannot be serialised', '{ method }'],
  ['literal arguments of every kind', '{ echo(text: "hi", list: [1, 2], color: RED) }'],
  [
    'variables',
    'query Q($text: String, $list: [Int!], $color: Color) { echo(text: $text, list: $list, color: $color) }',
    { text: 'v', list: [3], color: 'GREEN' },
  ],
  ['variables left out', 'query Q($text: String) { echo(text: $text) }', {}],
  [
    'variables of the wrong type',
    'query Q($list: [Int!], $color: Color) { echo(list: $list, color: $color) }',
    { list: ['x'], color: 'BLUE' },
  ],
  ['a missing required variable', 'query Q($id: ID!) { item(id: $id) { id } }', {}],
  [
    'a mutation, fields in order, one async',
    'mutation { first(text: "one") { id name } second { id } again: first(text: "three") { id } }',
  ],
  ['a mutation whose non-null field fails', 'mutation { first(text: "one") { id } third }'],
  ['an operation chosen by name', 'query A { later } query B { item(id: "9") { id } }', undefined, 'B'],
];

/** The result as a client would see it: serialised, with errors' originalError left out as JSON does. */
const seen = (result: ExecutionResult) => JSON.parse(JSON.stringify(result)) as unknown;

describe('compileOperation', () => {
  it.each(cases)('gives what graphql-js gives: %s', async (_name, query, variableValues, operationName) => {
    const document = parse(query);
    expect(validate(schema, document)).toEqual([]);
    const plan = compileOperation({ schema, document, operationName });
    expect(plan, 'the operation compiles').toBeDefined();
    const compiled = await plan?.execute({ variableValues });
    const reference = await execute({ schema, document, variableValues, operationName });
    expect(seen(compiled as ExecutionResult)).toEqual(seen(reference));
    // Errors carry the same messages, paths, locations, extensions and original errors.
    expect(
      (compiled?.errors ?? []).map((error) => [
        error.message,
        error.path,
        error.locations,
        error.extensions,
        error.originalError?.message,
      ]),
    ).toEqual(
      (reference.errors ?? []).map((error) => [
        error.message,
        error.path,
        error.locations,
        error.extensions,
        error.originalError?.message,
      ]),
    );
  });

  it('gives the same result when a plan runs again (cached arguments are not changed by a run)', async () => {
    const document = parse('{ item(id: "1") { id tags } items(first: 3) { id } }');
    const plan = compileOperation({ schema, document });
    const first = seen((await plan?.execute({})) as ExecutionResult);
    expect(seen((await plan?.execute({})) as ExecutionResult)).toEqual(first);
    expect(first).toEqual(seen(await execute({ schema, document })));
  });

  it.each([
    ['a fragment spread', '{ ...F } fragment F on Query { later }'],
    ['an inline fragment', '{ ... on Query { later } }'],
    ['a directive', '{ later @include(if: true) }'],
    ['introspection', '{ __schema { queryType { name } } }'],
    ['several operations and no name', 'query A { later } query B { later }'],
    ['an unknown operation name', 'query A { later }'],
  ])('leaves %s to graphql-js', (name, query) => {
    expect(
      compileOperation({
        schema,
        document: parse(query),
        operationName: name === 'an unknown operation name' ? 'Z' : undefined,
      }),
    ).toBeUndefined();
  });
});
