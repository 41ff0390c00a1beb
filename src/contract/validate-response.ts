/**
 * validate-response
 *
 * Checks a GraphQL response's `data` against the schema for exactly the selection that was sent: the operation is
 * walked with the schema's types (aliases, fragments, @skip/@include and abstract types included), so it works for
 * any operation, not only the kit's own.
 */
import {
  getDirectiveValues,
  getOperationAST,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLAbstractType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { ContractFailure } from './contract-check.js';
import { show } from './read-path.js';

/**
 * How a scalar's output is recognised: `expected` describes the JSON value in a report, `test` accepts it.
 *
 * @category Contract
 */
export interface ScalarRule {
  readonly expected: string;
  test(value: unknown): boolean;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;

/**
 * The output rules of the built-in scalars and of schema.graphql's `Url` and `ISO8601DateTime`. A scalar without a
 * rule accepts any JSON value.
 *
 * @category Contract
 */
export const DEFAULT_SCALAR_RULES: Readonly<Record<string, ScalarRule>> = {
  Int: {
    expected: 'a whole number from -2^31 to 2^31-1',
    test: (value) => Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX,
  },
  Float: { expected: 'a finite number', test: (value) => typeof value === 'number' && Number.isFinite(value) },
  String: { expected: 'a string', test: (value) => typeof value === 'string' },
  Boolean: { expected: 'true or false', test: (value) => typeof value === 'boolean' },
  ID: { expected: 'a string', test: (value) => typeof value === 'string' },
  Url: { expected: 'a string holding an absolute http(s) URL', test: isAbsoluteHttpUrl },
  ISO8601DateTime: {
    expected: 'a string holding an ISO 8601 date and time such as "2022-01-31T13:27:09Z"',
    test: isDateTime,
  },
};

/**
 * Options of {@link validateResponse}.
 *
 * @category Contract
 */
export interface ValidateResponseOptions {
  readonly schema: GraphQLSchema;
  /** The document that was sent; it must be valid against `schema`. */
  readonly document: DocumentNode;
  /** Which operation of the document was executed, when it has several. */
  readonly operationName?: string;
  /** The variables that were sent (they decide @skip and @include). */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** The response's `data`. */
  readonly data: unknown;
  /** Rules for custom scalars, merged over {@link DEFAULT_SCALAR_RULES}. */
  readonly scalars?: Readonly<Record<string, ScalarRule>>;
}

/**
 * Every way `data` departs from what the schema promises for the operation's selection: a requested field missing,
 * an unrequested one present, null in a non-null field, a scalar of the wrong JSON type or format, an enum value
 * outside the schema's set, a list that is not a list, an object of an impossible type. Empty when it conforms.
 *
 * @example
 * ```ts
 * const failures = validateResponse({ schema, document: parse(query), data: body.data });
 * // [{ path: 'create_webhook_subscription.callback_url', expected: 'Url! (non-null)', actual: 'null' }]
 * ```
 * @category Contract
 */
export function validateResponse(options: ValidateResponseOptions): ContractFailure[] {
  const { schema, document, operationName, variables = {}, data } = options;
  const scalars = { ...DEFAULT_SCALAR_RULES, ...options.scalars };
  const operation = getOperationAST(document, operationName);
  if (!operation)
    throw new Error(
      `the document has no operation${operationName === undefined ? '' : ` named ${operationName}`} to validate against`,
    );
  const root = schema.getRootType(operation.operation);
  if (!root) throw new Error(`the schema has no ${operation.operation} type`);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const failures: ContractFailure[] = [];

  const fieldsOf = (type: GraphQLObjectType, selectionSets: readonly SelectionSetNode[]): Map<string, FieldNode[]> => {
    const fields = new Map<string, FieldNode[]>();
    const visit = (selectionSet: SelectionSetNode) => {
      for (const selection of selectionSet.selections) {
        if (!included(selection)) continue;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          fields.set(key, [...(fields.get(key) ?? []), selection]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (!selection.typeCondition || applies(selection.typeCondition.name.value, type))
            visit(selection.selectionSet);
        } else {
          const fragment = fragments.get(selection.name.value);
          if (fragment && applies(fragment.typeCondition.name.value, type)) visit(fragment.selectionSet);
        }
      }
    };
    for (const selectionSet of selectionSets) visit(selectionSet);
    return fields;
  };

  const included = (node: Parameters<typeof getDirectiveValues>[1]) =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.['if'] !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, variables)?.['if'] !== false;

  const applies = (condition: string, type: GraphQLObjectType) => {
    const conditionType = schema.getType(condition);
    if (!conditionType) return false;
    return conditionType === type || (isAbstractType(conditionType) && schema.isSubType(conditionType, type));
  };

  const checkObject = (
    type: GraphQLObjectType,
    selectionSets: readonly SelectionSetNode[],
    value: unknown,
    path: string,
    into: ContractFailure[],
  ) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      into.push({ path: path || '(data)', expected: `${type.name} (an object)`, actual: show(value) });
      return;
    }
    const object = value as Record<string, unknown>;
    const fields = fieldsOf(type, selectionSets);
    for (const [key, nodes] of fields) {
      const at = path === '' ? key : `${path}.${key}`;
      const name = (nodes[0] as FieldNode).name.value;
      if (name === '__typename') {
        if (!(key in object))
          into.push({ path: at, expected: `String! (requested), "${type.name}"`, actual: 'absent' });
        else if (object[key] !== type.name)
          into.push({ path: at, expected: `"${type.name}"`, actual: show(object[key]) });
        continue;
      }
      const field = type.getFields()[name];
      if (!field) throw new Error(`${type.name}.${name} is not in the schema; validate the document first`);
      if (!(key in object)) {
        into.push({ path: at, expected: `${String(field.type)} (requested)`, actual: 'absent' });
        continue;
      }
      checkValue(field.type, nodes, object[key], at, into);
    }
    for (const key of Object.keys(object)) {
      if (!fields.has(key))
        into.push({
          path: path === '' ? key : `${path}.${key}`,
          expected: 'absent (not requested)',
          actual: show(object[key]),
        });
    }
  };

  const checkValue = (
    type: GraphQLOutputType,
    nodes: readonly FieldNode[],
    value: unknown,
    path: string,
    into: ContractFailure[],
    declared: GraphQLOutputType = type,
  ): void => {
    if (isNonNullType(type)) {
      if (value === null) into.push({ path, expected: `${String(type)} (non-null)`, actual: 'null' });
      else checkValue(type.ofType, nodes, value, path, into, type);
      return;
    }
    if (value === null) return;
    if (isListType(type)) {
      if (!Array.isArray(value)) into.push({ path, expected: `${String(declared)} (a list)`, actual: show(value) });
      else value.forEach((item, index) => checkValue(type.ofType, nodes, item, `${path}[${index}]`, into));
      return;
    }
    if (isScalarType(type)) {
      const rule = scalars[type.name];
      if (rule && !rule.test(value))
        into.push({ path, expected: `${type.name}: ${rule.expected}`, actual: show(value) });
      return;
    }
    if (isEnumType(type)) {
      const names = type.getValues().map((enumValue) => enumValue.name);
      if (typeof value !== 'string' || !names.includes(value))
        into.push({ path, expected: `${type.name}: one of ${names.join(', ')}`, actual: show(value) });
      return;
    }
    const selectionSets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    if (isObjectType(type)) {
      checkObject(type, selectionSets, value, path, into);
      return;
    }
    checkAbstract(type, selectionSets, value, path, into);
  };

  const checkAbstract = (
    type: GraphQLAbstractType,
    selectionSets: readonly SelectionSetNode[],
    value: unknown,
    path: string,
    into: ContractFailure[],
  ) => {
    const possible = schema.getPossibleTypes(type);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      into.push({
        path,
        expected: `${type.name} (an object of type ${possible.map((candidate) => candidate.name).join(', ')})`,
        actual: show(value),
      });
      return;
    }
    const typename = (value as Record<string, unknown>)['__typename'];
    if (typeof typename === 'string') {
      const runtime = possible.find((candidate) => candidate.name === typename);
      if (!runtime)
        into.push({
          path: `${path}.__typename`,
          expected: `one of ${possible.map((candidate) => `"${candidate.name}"`).join(', ')}`,
          actual: show(typename),
        });
      else checkObject(runtime, selectionSets, value, path, into);
      return;
    }
    // Without __typename the runtime type is unknown: accept the value if it conforms as any possible type, otherwise
    // report against the closest one.
    let best: ContractFailure[] | undefined;
    for (const candidate of possible) {
      const found: ContractFailure[] = [];
      checkObject(candidate, selectionSets, value, path, found);
      if (found.length === 0) return;
      if (!best || found.length < best.length) best = found;
    }
    into.push(...(best ?? [{ path, expected: `${type.name} (no type implements it)`, actual: show(value) }]));
  };

  checkObject(root, [operation.selectionSet], data, '', failures);
  return failures;
}

/** Whether `value` is a string holding an absolute http(s) URL with a host. */
function isAbsoluteHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Whether `value` is a string holding an ISO 8601 date and time that names a real instant. */
function isDateTime(value: unknown): boolean {
  return typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(new Date(value).getTime());
}
