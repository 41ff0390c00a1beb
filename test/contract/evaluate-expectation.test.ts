import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  evaluateExpectation,
  type AnsweredStep,
  type ExpectationContext,
} from '../../src/contract/evaluate-expectation.js';
import type { Expectation } from '../../src/contract/checks-types.js';

const context: ExpectationContext = {
  schema: undefined as never,
  senteraIdPattern: /./,
  resolve: async (value) => value,
  exchanges: () => [],
};

function answered(data: unknown): AnsweredStep {
  const text = JSON.stringify({ data });
  return {
    operation: { name: 'Op', document: parse('{ __typename }') },
    variables: {},
    exchange: { status: 200, contentType: 'application/json', text, body: { data } },
  };
}

describe('evaluateExpectation compares values, not their JSON text', () => {
  it.each([
    [
      "equals holds whatever the order of an object's keys",
      { expect: 'equals', path: 'x', value: { b: 2, a: 1 } },
      { x: { a: 1, b: 2 } },
      0,
    ],
    [
      'equals still fails on a different value',
      { expect: 'equals', path: 'x', value: { a: 1, b: 3 } },
      { x: { a: 1, b: 2 } },
      1,
    ],
    ['equals still sees the order of a list', { expect: 'equals', path: 'x', value: [2, 1] }, { x: [1, 2] }, 1],
    [
      'excludes finds an object listed with its keys in another order',
      { expect: 'excludes', path: 'x', value: [{ b: 2, a: 1 }] },
      { x: [{ a: 1, b: 2 }] },
      1,
    ],
    [
      'disjoint finds an object shared with its keys in another order',
      { expect: 'disjoint', paths: ['x', 'y'] },
      { x: [{ a: 1, b: 2 }], y: [{ b: 2, a: 1 }] },
      1,
    ],
  ] as const)('%s', async (_, expectation, data, failures) => {
    expect(await evaluateExpectation(expectation as unknown as Expectation, answered(data), context)).toHaveLength(
      failures,
    );
  });
});
