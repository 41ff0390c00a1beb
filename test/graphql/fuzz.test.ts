import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { createTestMock } from '../support/test-mock.js';

/** A small seeded PRNG (mulberry32): the same seed gives the same requests on every run. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (below: number) => Math.floor(next() * below);
  return {
    next,
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
  };
}
type Random = ReturnType<typeof createRandom>;

const mock = createTestMock();
const { schema } = mock;

const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '$',
  '!',
  '=',
  '@',
  '|',
  '&',
  '...',
  ',',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'organizations',
  'webhook_subscription',
  'create_webhook_subscription',
  'events',
  'results',
  'sentera_id',
  '__typename',
  '__schema',
  'pagination',
  'page',
  'page_size',
  '1',
  '-1',
  '1e400',
  '9007199254740993',
  '"x"',
  '"""block"""',
  '"\\u0000"',
  '"unterminated',
  '#comment\n',
  'true',
  'null',
  'TASK_MODIFIED',
  '\u00e9',
  '\ud83d\ude00',
  ' ',
  '\n',
];

function tokenSoup(random: Random): string {
  return Array.from({ length: 1 + random.int(40) }, () => random.pick(TOKENS)).join(random.chance(0.5) ? ' ' : '');
}

/** A value for an input type: usually of the right shape, sometimes wrong in one of many ways. */
function valueFor(type: GraphQLInputType, random: Random, huge: boolean, depth = 0): unknown {
  if (random.chance(0.08) || depth > 4)
    return random.pick([null, 'wrong', -1, 2 ** 31, 1.5, true, [], {}, ...(huge ? ['x'.repeat(70_000)] : [])]);
  if (isNonNullType(type)) return valueFor(type.ofType, random, huge, depth);
  if (isListType(type))
    return Array.from({ length: random.int(huge && random.chance(0.05) ? 1200 : 4) }, () =>
      valueFor(type.ofType, random, huge, depth + 1),
    );
  if (isEnumType(type)) return random.chance(0.9) ? random.pick(type.getValues()).name : 'NOT_A_VALUE';
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter(() => random.chance(0.9));
    return Object.fromEntries([
      ...fields.map((field) => [field.name, valueFor(field.type, random, huge, depth + 1)]),
      ...(random.chance(0.05) ? [['unknown_field', 1]] : []),
    ]);
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return random.pick([1, 2, 10, 1000, 0, -5, 1001]);
      case 'ID':
        return random.pick([
          DOCUMENTED_ORGANIZATION,
          'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709',
          'not-an-id',
          '',
        ]);
      case 'Url':
        return random.pick(['https://example.com/hook', 'ftp://x', 'not a url', 'http://[::1]/x']);
      case 'ISO8601DateTime':
        return random.pick(['2022-01-31T13:27:09Z', 'yesterday', '2022-13-45T99:99:99Z']);
      case 'Boolean':
        return random.chance(0.5);
      default:
        return random.pick(['text', '', 'x'.repeat(300)]);
    }
  }
  return null;
}

function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{ ${Object.entries(value)
      .map(([key, item]) => `${key}: ${literal(item)}`)
      .join(', ')} }`;
  if (typeof value === 'string') return /^[A-Z_]+$/.test(value) && value !== '' ? value : JSON.stringify(value);
  return String(value);
}

/** A document built from the schema: real fields and arguments, random values, aliases, fragments and variables. */
function grammarRequest(random: Random, operation: 'query' | 'mutation') {
  const variables: Record<string, unknown> = {};
  const definitions: string[] = [];
  const fragments: string[] = [];
  const argumentsOf = (field: GraphQLField<unknown, unknown>) => {
    const chosen = field.args.filter((argument) =>
      isNonNullType(argument.type) ? random.chance(0.95) : random.chance(0.5),
    );
    if (chosen.length === 0) return '';
    return `(${chosen
      .map((argument) => {
        // Huge values (over the variable limits) only as variables: as literals they would only slow the parser down.
        const asVariable = random.chance(0.4);
        const value = valueFor(argument.type, random, asVariable);
        if (asVariable) {
          const name = `v${definitions.length}`;
          definitions.push(`$${name}: ${random.chance(0.9) ? String(argument.type) : 'String'}`);
          variables[name] = value;
          return `${argument.name}: $${name}`;
        }
        return `${argument.name}: ${literal(value)}`;
      })
      .join(', ')})`;
  };
  const selection = (type: GraphQLObjectType, depth: number): string => {
    const fields = Object.values(type.getFields());
    const picked = Array.from({ length: 1 + random.int(4) }, () => random.pick(fields));
    const parts = picked.map((field) => {
      const alias = random.chance(0.15) ? `a${random.int(1000)}: ` : '';
      const named = getNamedType(field.type);
      const inner = isLeafType(named)
        ? random.chance(0.03)
          ? ' { nope }'
          : ''
        : depth > 5
          ? ' { __typename }'
          : ` { ${selection(named as GraphQLObjectType, depth + 1)} }`;
      return `${alias}${field.name}${argumentsOf(field)}${inner}`;
    });
    if (random.chance(0.1)) {
      const name = `F${fragments.length}`;
      fragments.push(`fragment ${name} on ${type.name} { __typename }`);
      parts.push(`...${name}`);
    }
    if (random.chance(0.05)) parts.push('unknown_field');
    return parts.join(' ');
  };
  const root = operation === 'query' ? schema.getQueryType() : schema.getMutationType();
  if (!root || !isObjectType(root)) throw new Error('schema without root');
  const body = selection(root, 0);
  const query = `${operation} Fuzz${definitions.length > 0 ? `(${definitions.join(', ')})` : ''} { ${body} } ${fragments.join(' ')}`;
  return { query, variables };
}

/** One malformed HTTP body of many kinds. */
function malformedBody(random: Random): string {
  return random.pick([
    '',
    '{',
    'null',
    '[]',
    '"query"',
    JSON.stringify({ query: 42 }),
    JSON.stringify({ query: '{ __typename }', variables: 'x' }),
    JSON.stringify({ query: '{ __typename }', variables: [1] }),
    JSON.stringify({ query: '{ __typename }', operationName: 7 }),
    JSON.stringify({ query: '{ __typename }', extensions: 'x' }),
    JSON.stringify({ query: tokenSoup(random) }),
    '\u0000\u0001\u0002',
  ]);
}

async function send(body: string, options: { method?: string; accept?: string; contentType?: string } = {}) {
  const { method = 'POST', accept = 'application/graphql-response+json', contentType = 'application/json' } = options;
  const [text, init] = await mock.graphqlHandler({
    method,
    url: method === 'GET' ? `/graphql?query=${encodeURIComponent(body)}` : '/graphql',
    headers: { get: (name: string) => ({ 'content-type': contentType, accept })[name.toLowerCase()] ?? null },
    body: method === 'GET' ? null : body,
    raw: null,
    context: null,
  });
  return { status: init?.status ?? 200, text: text === null ? null : String(text) };
}

/** Every rejection must be a GraphQL-over-HTTP error body: errors with a message and a stable extensions.code. */
function expectConformant(response: { status: number; text: string | null }, request: string) {
  expect(response.status, request).toBeLessThan(500);
  if (response.text === null) {
    expect([406, 415].includes(response.status) || response.status < 300, request).toBe(true);
    return undefined;
  }
  const body = JSON.parse(response.text) as {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }>;
  };
  if (response.status >= 400 || body.errors) {
    expect(Array.isArray(body.errors) && body.errors.length > 0, request).toBe(true);
    for (const error of body.errors ?? []) {
      expect(typeof error.message, request).toBe('string');
      expect(typeof error.extensions?.code, `${request} → ${JSON.stringify(error)}`).toBe('string');
    }
  }
  if (response.status >= 400) expect(body.data, request).toBeUndefined();
  return body;
}

/**
 * One document of extreme structure, sized at random: nesting, list values and fragment chains deep enough to overflow
 * a recursive parser or validator, and floods of aliases (each once answered with a 500 "Maximum call stack size
 * exceeded" or a stall).
 */
function extremeDocument(random: Random): string {
  const size = 1 + random.int(6000);
  switch (random.int(4)) {
    case 0:
      return `{ ${'organizations(page: 1) { results { '.repeat(size)}name${' } }'.repeat(size)} }`;
    case 1:
      return `{ organizations(page: ${'['.repeat(size)}1${']'.repeat(size)}) { total_count } }`;
    case 2: {
      const fragments = Array.from({ length: size }, (_, index) => `fragment F${index} on Query { ...F${index + 1} }`);
      return `{ ...F0 } ${fragments.join(' ')} fragment F${size} on Query { __typename }`;
    }
    default:
      return `{ ${Array.from({ length: size }, (_, index) => `a${index}: __typename`).join(' ')} }`;
  }
}

const FUZZ_REQUESTS = Number(process.env['FUZZ_REQUESTS'] ?? 300);
const slowest: Array<[number, string]> = [];
const stateNow = () => JSON.stringify(mock.state.snapshot().parts);

describe('seeded fuzzing of the GraphQL endpoint', () => {
  it('answers random token soup and malformed bodies with 4xx or conformant errors, never 5xx, and changes nothing', async () => {
    const random = createRandom(12);
    const before = stateNow();
    for (let index = 0; index < 400; index++) {
      const kind = random.int(3);
      const body =
        kind === 0
          ? JSON.stringify({ query: tokenSoup(random) })
          : kind === 1
            ? malformedBody(random)
            : JSON.stringify({ query: `mutation { ${tokenSoup(random)} }` });
      const options = random.pick([
        {},
        { method: 'GET' },
        { accept: 'application/json' },
        { contentType: 'text/plain' },
        { accept: 'image/png' },
      ]);
      expectConformant(await send(kind === 0 && options.method === 'GET' ? tokenSoup(random) : body, options), body);
    }
    expect(stateNow()).toBe(before);
  });

  it('answers documents of extreme depth, length and width with 4xx or conformant errors, never 5xx, and changes nothing', async () => {
    const random = createRandom(31);
    const before = stateNow();
    for (let index = 0; index < 40; index++) {
      const query = extremeDocument(random);
      expectConformant(await send(JSON.stringify({ query })), query.slice(0, 120));
    }
    expect(stateNow()).toBe(before);
  });

  it('answers schema-shaped queries and mutations with random arguments and variables: no 5xx, conformant errors, no change from a rejected request', async () => {
    const random = createRandom(2026);
    let rejected = 0;
    for (let index = 0; index < FUZZ_REQUESTS; index++) {
      const { query, variables } = grammarRequest(random, random.chance(0.5) ? 'query' : 'mutation');
      const request = JSON.stringify({ query, variables });
      const before = stateNow();
      const started = performance.now();
      const body = expectConformant(
        await send(request, random.chance(0.2) ? { accept: 'application/json' } : {}),
        request,
      );
      if (process.env['FUZZ_SLOWEST']) slowest.push([performance.now() - started, request.slice(0, 300)]);
      const accepted = body?.data && Object.values(body.data).some((value) => value !== null);
      if (!accepted) {
        rejected++;
        expect(stateNow(), request).toBe(before);
      }
    }
    if (process.env['FUZZ_SLOWEST']) console.log(slowest.sort((a, b) => b[0] - a[0]).slice(0, 5));
    // The generator must exercise both paths.
    expect(rejected).toBeGreaterThan(50);
    expect(rejected).toBeLessThan(FUZZ_REQUESTS);
  });
});
