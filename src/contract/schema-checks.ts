/**
 * schema-checks
 *
 * Layer 2: introspect the endpoint and diff it against schema.graphql with @graphql-inspector/core. Each change is
 * judged by where it is (a documented element, an inferred one, a sentera-mock extension) and by its criticality.
 */
import type { Change } from '@graphql-inspector/core';
import { buildClientSchema, getIntrospectionQuery, GraphQLObjectType, GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { timedCheck, type ContractCheck, type ContractFailure } from './contract-check.js';
import { describeExchange } from './evaluate-expectation.js';
import type { CheckSpec, Contracts, DriftKind } from './load-contracts.js';
import { errorMessage, responseErrors, sendGraphQL, type Transport } from './send-graphql.js';

type SchemaCheckSpec = Extract<CheckSpec, { layer: 'schema' }>;

/** Where a change is, as far as the documentation goes. */
export type Provenance = 'documented' | 'inferred' | 'mock-extension';

type Drift = { readonly kind: 'diffed'; readonly changes: readonly Change[] } | { readonly kind: 'skipped'; readonly reason: string } | { readonly kind: 'broken'; readonly reason: string };

/**
 * The schema checks of checks.json. They share one introspection request and one diff.
 */
export function schemaChecks(specs: readonly SchemaCheckSpec[], contracts: Pick<Contracts, 'schema' | 'inferred' | 'mockExtensions'>, transport: Transport): ContractCheck[] {
  let drift: Promise<Drift> | undefined;
  const introspect = async (): Promise<Drift> => {
    const result = await sendGraphQL(transport, { query: getIntrospectionQuery({ descriptions: false }), operationName: 'IntrospectionQuery' });
    if (!result.ok) return { kind: 'broken', reason: `no response to the introspection query: ${result.message}` };
    const data = result.exchange.body?.data as Partial<IntrospectionQuery> | null | undefined;
    if (!data?.__schema) {
      const errors = responseErrors(result.exchange);
      const why = errors.length > 0 ? errors.map(errorMessage).join('; ') : describeExchange(result.exchange);
      return { kind: 'skipped', reason: `introspection is disabled or refused (${why})` };
    }
    let served;
    try {
      served = buildClientSchema(data as IntrospectionQuery);
    } catch (error) {
      return { kind: 'broken', reason: `the introspection result is not a valid schema: ${(error as Error).message}` };
    }
    // Imported here: the diffing library costs ~0.4 s to load, and only this check needs it.
    const { diff } = await import('@graphql-inspector/core');
    const changes = await diff(withRootNamesOf(served, contracts.schema), served);
    return { kind: 'diffed', changes: changes.map((change) => withDocumentedRootNames(change, served)) };
  };

  return specs.map((spec) =>
    timedCheck(spec.id, spec.name, 'schema', async () => {
      drift ??= introspect();
      const found = await drift;
      if (found.kind === 'skipped') return { status: 'skip', reason: found.reason };
      if (found.kind === 'broken') return { status: 'fail', reason: found.reason, failures: [{ path: '(introspection)', expected: 'a valid introspection result', actual: found.reason }] };
      const matching = found.changes.filter((change) => driftKind(change, contracts) === spec.drift);
      if (matching.length === 0) return { status: 'ok' };
      return {
        status: 'fail',
        reason: `${matching.length} ${matching.length === 1 ? 'change' : 'changes'} from schema.graphql: ${matching[0]?.message}${matching.length > 1 ? ', …' : ''}`,
        failures: matching.map(toFailure),
      };
    }),
  );
}

/**
 * Where a change is: under a coordinate listed as a mock extension or as inferred in checks.json, or documented.
 * An interface added to or removed from a type is where the interface is.
 */
export function provenanceOf(change: Change, contracts: Pick<Contracts, 'inferred' | 'mockExtensions'>): Provenance {
  const coordinates = [change.path ?? '', interfaceOf(change)].filter((coordinate) => coordinate !== '');
  const under = (listed: readonly string[]) => coordinates.some((coordinate) => listed.some((entry) => coordinate === entry || coordinate.startsWith(`${entry}.`)));
  if (under(contracts.mockExtensions)) return 'mock-extension';
  if (under(contracts.inferred)) return 'inferred';
  return 'documented';
}

/**
 * The schema check a change belongs to, if any. Safe changes belong to none, and neither do directive changes:
 * schema.graphql declares no directive, so the built-in ones an implementation lacks or adds are not drift.
 */
export function driftKind(change: Change, contracts: Pick<Contracts, 'inferred' | 'mockExtensions'>): DriftKind | undefined {
  if (change.path?.startsWith('@')) return undefined;
  const provenance = provenanceOf(change, contracts);
  // CriticalityLevel's values, compared as strings so that this module does not load the library.
  const level: string = change.criticality.level;
  if (level === 'BREAKING') {
    return provenance === 'documented' ? 'documented-breaking' : provenance === 'inferred' ? 'inferred-breaking' : 'mock-extension-breaking';
  }
  if (level === 'DANGEROUS' && provenance !== 'mock-extension') return 'dangerous';
  return undefined;
}

/**
 * `expected` with its root types named as in `served` (the documentation never names them: an API whose query
 * type is called QueryType has not drifted).
 */
function withRootNamesOf(served: GraphQLSchema, expected: GraphQLSchema): GraphQLSchema {
  const config = expected.toConfig();
  const rename = (type: GraphQLObjectType | null | undefined, name: string | undefined) =>
    type && name !== undefined && type.name !== name ? new GraphQLObjectType({ ...type.toConfig(), name }) : type;
  const query = rename(config.query, served.getQueryType()?.name);
  const mutation = rename(config.mutation, served.getMutationType()?.name);
  if (query === config.query && mutation === config.mutation) return expected;
  const roots = new Set([config.query, config.mutation]);
  return new GraphQLSchema({ ...config, query: query ?? null, mutation: mutation ?? null, types: config.types.filter((type) => !roots.has(type as GraphQLObjectType)) });
}

/** A change whose path starts at a renamed root type, with the path starting at Query or Mutation instead. */
function withDocumentedRootNames(change: Change, served: GraphQLSchema): Change {
  const [head, ...rest] = (change.path ?? '').split('.');
  const root = head === served.getQueryType()?.name ? 'Query' : head === served.getMutationType()?.name ? 'Mutation' : head;
  return root === head || change.path === undefined ? change : { ...change, path: [root, ...rest].join('.') };
}

function interfaceOf(change: Change): string {
  const meta = change.meta as Record<string, unknown>;
  const name = meta['removedInterfaceName'] ?? meta['addedInterfaceName'];
  return typeof name === 'string' ? name : '';
}

function toFailure(change: Change): ContractFailure {
  const meta = change.meta as Record<string, unknown>;
  const path = change.path ?? '(schema)';
  for (const [before, after] of [
    ['oldFieldType', 'newFieldType'],
    ['oldArgumentType', 'newArgumentType'],
    ['oldInputFieldType', 'newInputFieldType'],
    ['oldTypeKind', 'newTypeKind'],
  ] as const) {
    if (typeof meta[before] === 'string' && typeof meta[after] === 'string') return { path, expected: meta[before], actual: `${meta[after]} (${change.message})` };
  }
  if (/_REMOVED$/.test(String(change.type))) return { path, expected: 'present, as in schema.graphql', actual: `absent (${change.message})` };
  return { path, expected: 'as in schema.graphql', actual: change.message };
}
