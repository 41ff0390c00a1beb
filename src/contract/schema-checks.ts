/**
 * schema-checks
 *
 * Layer 2: the endpoint's introspection diffed against schema.graphql with @graphql-inspector/core (shared with the
 * other layers through {@link EndpointSchema}). Each change is judged by where it is (a documented element, an
 * inferred one, a sentera-mock extension) and by its criticality.
 */
import type { Change } from '@graphql-inspector/core';
import { isEnumType, type GraphQLSchema } from 'graphql';
import { timedCheck, type ContractCheck, type ContractFailure } from './contract-check.js';
import { describeServed, provenanceOf, type EndpointSchema } from './endpoint-schema.js';
import type { DriftKind } from './checks-types.js';
import type { CheckSpec, Contracts } from './load-contracts.js';

type SchemaCheckSpec = Extract<CheckSpec, { layer: 'schema' }>;

/**
 * Additions the documentation allows everywhere (graphql-inspector calls an optional argument or input field
 * "dangerous"): an implementation with more arguments than schema.graphql has not drifted.
 */
const ALLOWED_ADDITIONS = new Set(['FIELD_ARGUMENT_ADDED', 'INPUT_FIELD_ADDED']);

/**
 * The schema checks of checks.json. They share one introspection request and one diff.
 */
export function schemaChecks(
  specs: readonly SchemaCheckSpec[],
  contracts: Pick<Contracts, 'schema' | 'inferred' | 'mockExtensions'>,
  endpointSchema: EndpointSchema,
): ContractCheck[] {
  return specs.map((spec) =>
    timedCheck(spec.id, spec.name, 'schema', async () => {
      const found = await endpointSchema.get();
      if (found.kind === 'unavailable') return { status: 'skip', reason: found.reason };
      if (found.kind === 'broken')
        return {
          status: 'fail',
          reason: found.reason,
          failures: [{ path: '(introspection)', expected: 'a valid introspection result', actual: found.reason }],
        };
      const matching = atTheirRoot(found.changes).filter((change) => driftKind(change, contracts) === spec.drift);
      if (matching.length === 0) return { status: 'ok' };
      const failures = matching.map((change) => toFailure(change, spec.drift, found.schema));
      const [first] = failures as [ContractFailure];
      const reason =
        spec.drift === 'inferred-breaking'
          ? `schema.graphql infers ${first.path}; this endpoint has ${first.actual}${failures.length > 1 ? ` (and ${failures.length - 1} more)` : ''}`
          : `${matching.length} ${matching.length === 1 ? 'change' : 'changes'} from schema.graphql: ${matching[0]?.message}${matching.length > 1 ? ', …' : ''}`;
      return { status: 'fail', reason, failures };
    }),
  );
}

/**
 * The schema check a change belongs to, if any. Safe changes belong to none, and neither do directive changes
 * (schema.graphql declares no directive), optional arguments and input fields added (allowed everywhere), nor values
 * added to an enum whose values are all inferred (the other side of the inference S-02 reports).
 */
function driftKind(
  change: Change,
  contracts: Pick<Contracts, 'schema' | 'inferred' | 'mockExtensions'>,
): DriftKind | undefined {
  if (change.path?.startsWith('@')) return undefined;
  if (change.type === 'ENUM_VALUE_ADDED' && allValuesInferred(change.path?.split('.')[0] ?? '', contracts))
    return undefined;
  const provenance = provenanceOf(change, contracts);
  // CriticalityLevel's values, compared as strings so that this module does not load the library.
  const level: string = change.criticality.level;
  if (level === 'BREAKING') {
    return provenance === 'documented'
      ? 'documented-breaking'
      : provenance === 'inferred'
        ? 'inferred-breaking'
        : 'mock-extension-breaking';
  }
  if (level === 'DANGEROUS' && provenance !== 'mock-extension' && !ALLOWED_ADDITIONS.has(String(change.type)))
    return 'dangerous';
  return undefined;
}

/**
 * The changes without their echoes: an object that no longer implements an interface whose kind changed or which was
 * removed is the interface's change, reported once at the interface.
 */
function atTheirRoot(changes: readonly Change[]): Change[] {
  const gone = new Set(
    changes
      .filter((change) => change.type === 'TYPE_KIND_CHANGED' || change.type === 'TYPE_REMOVED')
      .map((change) => change.path),
  );
  return changes.filter(
    (change) =>
      !(
        change.type === 'OBJECT_TYPE_INTERFACE_REMOVED' &&
        gone.has(String((change.meta as Record<string, unknown>)['removedInterfaceName']))
      ),
  );
}

function allValuesInferred(typeName: string, contracts: Pick<Contracts, 'schema' | 'inferred'>): boolean {
  const type = contracts.schema.getType(typeName);
  return (
    isEnumType(type) && type.getValues().every((value) => contracts.inferred.includes(`${typeName}.${value.name}`))
  );
}

function toFailure(change: Change, drift: DriftKind, served: GraphQLSchema): ContractFailure {
  const meta = change.meta as Record<string, unknown>;
  const path = change.path ?? '(schema)';
  if (drift === 'inferred-breaking') {
    return {
      path,
      expected: `as schema.graphql infers (${change.message})`,
      actual: `${describeServed(path, served)} — update the inference`,
    };
  }
  for (const [before, after] of [
    ['oldFieldType', 'newFieldType'],
    ['oldArgumentType', 'newArgumentType'],
    ['oldInputFieldType', 'newInputFieldType'],
    ['oldTypeKind', 'newTypeKind'],
  ] as const) {
    if (typeof meta[before] === 'string' && typeof meta[after] === 'string')
      return { path, expected: meta[before], actual: `${meta[after]} (${change.message})` };
  }
  if (/_REMOVED$/.test(String(change.type)))
    return { path, expected: 'present, as in schema.graphql', actual: `absent (${change.message})` };
  return { path, expected: 'as in schema.graphql', actual: change.message };
}
