/**
 * endpoint-schema
 *
 * What the endpoint says about its own schema, asked once per run and shared by every layer: the introspected
 * schema diffed against schema.graphql (for the schema checks), the breaking changes that make a step unjudgeable
 * (for the response checks), whether introspection works at all (for the transport audits that use it) and the
 * page-size cap it advertises.
 */
import { createRequire } from 'node:module';
import type { Change } from '@graphql-inspector/core';
import type * as GraphQLToolsUtils from '@graphql-tools/utils';
import {
  buildClientSchema,
  GraphQLEnumType,
  getIntrospectionQuery,
  GraphQLObjectType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLNamedType,
  type IntrospectionQuery,
} from 'graphql';
import { errorMessage, responseErrors, sendGraphQL, type Transport } from '../client/send-graphql.js';
import { describeExchange } from './evaluate-expectation.js';
import type { Contracts } from './load-contracts.js';
import { touches } from './operation-coordinates.js';

const require = createRequire(import.meta.url);

/** Where a schema element is, as far as the documentation goes. */
export type Provenance = 'documented' | 'inferred' | 'mock-extension';

/** What introspection gave: a schema and its changes from schema.graphql, or why there is none. */
type EndpointSchemaState =
  | { readonly kind: 'served'; readonly schema: GraphQLSchema; readonly changes: readonly Change[] }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'broken'; readonly reason: string };

/** Why a step cannot be judged on this endpoint: the first breaking change under a coordinate it uses. */
interface MissingCoordinate {
  readonly coordinate: string;
  readonly provenance: Provenance;
  /** The sentence a skipped check gives. */
  readonly reason: string;
}

/** The endpoint's schema, introspected at most once. */
export interface EndpointSchema {
  get(): Promise<EndpointSchemaState>;
  /** The first coordinate of `used` that the endpoint lacks or changed incompatibly, if introspection tells. */
  missing(used: readonly string[]): Promise<MissingCoordinate | undefined>;
  /** The largest page_size the endpoint advertises (in the description of Pagination.page_size), if any. */
  pageSizeCap(): Promise<number | undefined>;
  /**
   * The schema responses are validated against: schema.graphql, with each enum that has inferred values taking the
   * values the endpoint serves (plus the documented ones), so that other inferred values are not failures.
   */
  validationSchema(): Promise<GraphQLSchema>;
}

/**
 * Creates the run's view of the endpoint's schema; nothing is sent until it is first asked.
 */
export function createEndpointSchema(
  transport: Transport,
  contracts: Pick<Contracts, 'schema' | 'inferred' | 'mockExtensions'>,
): EndpointSchema {
  let state: Promise<EndpointSchemaState> | undefined;
  let adapted: GraphQLSchema | undefined;
  const get = () => (state ??= introspect(transport, contracts.schema));

  return {
    get,
    async missing(used) {
      const found = await get();
      if (found.kind !== 'served') return undefined;
      for (const change of found.changes) {
        if ((change.criticality.level as string) !== 'BREAKING' || change.path === undefined) continue;
        // An object leaving an interface matters only to selections on the interface, which its own change covers.
        if (change.type === 'OBJECT_TYPE_INTERFACE_REMOVED') continue;
        const coordinate = used.find(
          (candidate) => touches(change.path as string, candidate) || addsRequiredTo(change, candidate),
        );
        if (coordinate === undefined) continue;
        const provenance = provenanceOf(change, contracts);
        const root = change.path;
        const served = describeServed(root, found.schema);
        const reason =
          provenance === 'inferred'
            ? `it uses ${coordinate}: schema.graphql infers ${root}; this endpoint has ${served} — update the inference (S-02)`
            : provenance === 'mock-extension'
              ? `it uses ${coordinate}, a sentera-mock extension (${root}) that this endpoint does not serve as schema.graphql has it: ${served} (S-04)`
              : `it uses ${coordinate}: the documented ${root} is not served as documented: this endpoint has ${served} (S-01)`;
        return { coordinate: root, provenance, reason };
      }
      return undefined;
    },
    async validationSchema() {
      const found = await get();
      if (found.kind !== 'served') return contracts.schema;
      return (adapted ??= withServedInferredEnums(contracts.schema, found.schema, contracts.inferred));
    },
    async pageSizeCap() {
      const found = await get();
      if (found.kind !== 'served') return undefined;
      const pagination = found.schema.getType('Pagination');
      const field = pagination && isInputObjectType(pagination) ? pagination.getFields()['page_size'] : undefined;
      return capIn(`${field?.description ?? ''} ${pagination?.description ?? ''}`);
    },
  };
}

/**
 * A page-size cap stated in prose: "1 to 100", "1-100", "at most 100", "maximum of 100", "up to 100", "capped at 100".
 */
export function capIn(text: string): number | undefined {
  const match =
    /\b1\s*(?:to|-|–|\.\.)\s*(\d+)\b|\b(?:at most|max(?:imum)?(?: of)?|up to|capped at|limited to(?: a maximum of)?)\s*(\d+)\b/i.exec(
      text,
    );
  const value = Number(match?.[1] ?? match?.[2]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * Where a change is: under a coordinate listed as a mock extension or as inferred in checks.json, or documented.
 * An interface added to or removed from a type is where the interface is.
 */
export function provenanceOf(change: Change, contracts: Pick<Contracts, 'inferred' | 'mockExtensions'>): Provenance {
  const coordinates = [change.path ?? '', interfaceOf(change)].filter((coordinate) => coordinate !== '');
  const under = (listed: readonly string[]) =>
    coordinates.some((coordinate) =>
      listed.some((entry) => coordinate === entry || coordinate.startsWith(`${entry}.`)),
    );
  if (under(contracts.mockExtensions)) return 'mock-extension';
  if (under(contracts.inferred)) return 'inferred';
  return 'documented';
}

/** What the endpoint serves at a coordinate, in words, for "this endpoint has …". */
export function describeServed(coordinate: string, served: GraphQLSchema): string {
  const [typeName = '', member, argument] = coordinate.split('.');
  const type = served.getType(typeName);
  if (!type) return `no type ${typeName}`;
  if (member === undefined) return `${typeName} as ${kindOf(type)}${membersOf(type)}`;
  if (isEnumType(type)) {
    return type.getValue(member)
      ? coordinate
      : `no value ${member} in ${typeName} (its values: ${type
          .getValues()
          .map((value) => value.name)
          .join(', ')})`;
  }
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
    const field = type.getFields()[member];
    if (!field) return `no field ${member} on ${typeName} (its fields: ${Object.keys(type.getFields()).join(', ')})`;
    if (argument === undefined) return `${typeName}.${member}: ${String(field.type)}`;
    const arg = 'args' in field ? field.args.find((candidate) => candidate.name === argument) : undefined;
    if (!arg)
      return `no argument ${argument} on ${typeName}.${member} (its arguments: ${'args' in field ? field.args.map((candidate) => candidate.name).join(', ') || 'none' : 'none'})`;
    return `${coordinate}: ${String(arg.type)}`;
  }
  return `${typeName} as ${kindOf(type)}, which has no ${member}`;
}

function withServedInferredEnums(
  expected: GraphQLSchema,
  servedSchema: GraphQLSchema,
  inferred: readonly string[],
): GraphQLSchema {
  // Loaded on first use: importing the contract kit (or the package's main entry) costs nothing for it.
  const { MapperKind, mapSchema } = require('@graphql-tools/utils') as typeof GraphQLToolsUtils;
  return mapSchema(expected, {
    [MapperKind.ENUM_TYPE]: (type) => {
      const isInferred = (value: string) => inferred.includes(type.name) || inferred.includes(`${type.name}.${value}`);
      const servedType = servedSchema.getType(type.name);
      if (!isEnumType(servedType) || !type.getValues().some((value) => isInferred(value.name))) return type;
      const served = new Set(servedType.getValues().map((value) => value.name));
      const names = new Set([
        ...type
          .getValues()
          .filter((value) => !isInferred(value.name) || served.has(value.name))
          .map((value) => value.name),
        ...served,
      ]);
      return new GraphQLEnumType({
        ...type.toConfig(),
        values: Object.fromEntries([...names].map((name) => [name, { value: name }])),
      });
    },
  });
}

async function introspect(transport: Transport, expected: GraphQLSchema): Promise<EndpointSchemaState> {
  const result = await sendGraphQL(transport, {
    query: getIntrospectionQuery({ descriptions: true }),
    operationName: 'IntrospectionQuery',
  });
  if (!result.ok) return { kind: 'broken', reason: `no response to the introspection query: ${result.message}` };
  if (result.exchange.status === 429)
    return {
      kind: 'unavailable',
      reason: 'the introspection query was rate limited (HTTP 429) after the retries Retry-After allowed',
    };
  const data = result.exchange.body?.data as Partial<IntrospectionQuery> | null | undefined;
  if (!data?.__schema) {
    const errors = responseErrors(result.exchange);
    const why = errors.length > 0 ? errors.map(errorMessage).join('; ') : describeExchange(result.exchange);
    return { kind: 'unavailable', reason: `introspection is disabled or refused (${why})` };
  }
  let served: GraphQLSchema;
  try {
    served = buildClientSchema(data as IntrospectionQuery);
  } catch (error) {
    return { kind: 'broken', reason: `the introspection result is not a valid schema: ${(error as Error).message}` };
  }
  // Imported here: the diffing library costs ~0.4 s to load, and only a contract run with introspection needs it.
  const { diff } = await import('@graphql-inspector/core');
  const changes = await diff(withRootNamesOf(served, expected), served);
  return { kind: 'served', schema: served, changes: changes.map((change) => withDocumentedRootNames(change, served)) };
}

/** A required argument or input field added under a coordinate the operation uses breaks it too. */
function addsRequiredTo(change: Change, used: string): boolean {
  return (
    (change.type === 'FIELD_ARGUMENT_ADDED' || change.type === 'INPUT_FIELD_ADDED') &&
    (change.path as string).startsWith(`${used}.`)
  );
}

function kindOf(type: GraphQLNamedType): string {
  if (isUnionType(type)) return 'a union';
  if (isInterfaceType(type)) return 'an interface';
  if (isObjectType(type)) return 'an object type';
  if (isEnumType(type)) return 'an enum';
  if (isInputObjectType(type)) return 'an input type';
  return 'a scalar';
}

function membersOf(type: GraphQLNamedType): string {
  if (isUnionType(type))
    return ` of ${type
      .getTypes()
      .map((member) => member.name)
      .join(' | ')}`;
  if (isEnumType(type))
    return ` (${type
      .getValues()
      .map((value) => value.name)
      .join(', ')})`;
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))
    return ` (fields: ${Object.keys(type.getFields()).join(', ')})`;
  return '';
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
  return new GraphQLSchema({
    ...config,
    query: query ?? null,
    mutation: mutation ?? null,
    types: config.types.filter((type) => !roots.has(type as GraphQLObjectType)),
  });
}

/** A change whose path starts at a renamed root type, with the path starting at Query or Mutation instead. */
function withDocumentedRootNames(change: Change, served: GraphQLSchema): Change {
  const [head, ...rest] = (change.path ?? '').split('.');
  const root =
    head === served.getQueryType()?.name ? 'Query' : head === served.getMutationType()?.name ? 'Mutation' : head;
  return root === head || change.path === undefined ? change : { ...change, path: [root, ...rest].join('.') };
}

function interfaceOf(change: Change): string {
  const meta = change.meta as Record<string, unknown>;
  const name = meta['removedInterfaceName'] ?? meta['addedInterfaceName'];
  return typeof name === 'string' ? name : '';
}
