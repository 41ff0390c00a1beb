/**
 * compile-operation
 *
 * An execution plan for one operation of a validated document: what graphql-js's `execute` works out on every request
 * (the operation, its fields grouped by response key, each field's definition, resolver, return type and, for
 * arguments without variables, their coerced values) worked out once. Running a plan follows graphql-js 16's
 * algorithm step for step (`executeFields`, `executeFieldsSerially`, `executeField`, `completeValue` and its list,
 * leaf and object cases, `handleFieldError`), so results and errors are the same, property for property.
 *
 * Plans cover the shapes the mock's clients send: fields, aliases and arguments (literal or variables) over object,
 * list, scalar and enum types, `__typename`. Anything else (fragments, directives, abstract types, `isTypeOf`,
 * introspection, subscriptions, several operations without an operationName) has no plan: graphql-js runs it.
 */
import {
  getArgumentValues,
  getNamedType,
  getVariableValues,
  GraphQLEnumType,
  GraphQLError,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  isLeafType,
  isObjectType,
  Kind,
  locatedError,
  OperationTypeNode,
  TypeNameMetaFieldDef,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLLeafType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { inspect } from 'graphql/jsutils/inspect.js';

/** Options of {@link compileOperation}. */
export interface CompileOperationOptions {
  /** The schema the document was validated against. */
  schema: GraphQLSchema;
  /** A document that passed validation against `schema`. */
  document: DocumentNode;
  operationName?: string | null | undefined;
  /**
   * Resolvers that return the source's property of the field's name whenever it is defined and not a function (as
   * @graphql-tools/mock's does before it makes up a value): the plan reads the property itself and calls them only
   * when it is undefined. A pure shortcut: the results are the same.
   */
  propertyFirstResolvers?: ReadonlySet<unknown>;
}

/**
 * A compiled operation: runs it with graphql-js's semantics.
 *
 * @category GraphQL
 */
export interface CompiledOperation {
  execute(args: {
    rootValue?: unknown;
    contextValue?: unknown;
    variableValues?: { readonly [name: string]: unknown } | null | undefined;
  }): ExecutionResult | Promise<ExecutionResult>;
}

interface FieldPlan {
  readonly responseKey: string;
  readonly fieldName: string;
  readonly fieldNodes: readonly FieldNode[];
  readonly field: GraphQLField<unknown, unknown>;
  readonly parentType: GraphQLObjectType;
  readonly returnType: GraphQLOutputType;
  /** `__typename`: the value is the parent type's name. */
  readonly typename: boolean;
  readonly resolve: GraphQLFieldResolver<unknown, unknown> | undefined;
  readonly propertyFirst: boolean;
  /** The arguments, when none is a variable: computed on first use, then shared (resolvers must not change them). */
  readonly constantArguments: boolean;
  arguments: { [name: string]: unknown } | undefined;
  /** The fields of the object type this field returns (through lists and non-null), if it is an object type. */
  readonly subfields: readonly FieldPlan[] | undefined;
}

interface Run {
  readonly schema: GraphQLSchema;
  readonly fragments: { [name: string]: FragmentDefinitionNode };
  readonly operation: OperationDefinitionNode;
  readonly rootValue: unknown;
  readonly contextValue: unknown;
  readonly variableValues: { [name: string]: unknown };
  readonly errors: GraphQLError[];
}

interface Path {
  readonly prev: Path | undefined;
  readonly key: string | number;
  readonly typename: string | undefined;
}

class Unsupported extends Error {}

/**
 * The plan of the operation `operationName` of `document`, or undefined when the operation is outside what plans
 * cover (then execute it with graphql-js).
 *
 * @example
 * ```ts
 * const plan = compileOperation({ schema, document });
 * const result = plan ? await plan.execute({ variableValues }) : await execute({ schema, document, variableValues });
 * ```
 * @category GraphQL
 */
export function compileOperation(options: CompileOperationOptions): CompiledOperation | undefined {
  const { schema, document, operationName, propertyFirstResolvers = new Set() } = options;
  let operation: OperationDefinitionNode | undefined;
  const fragments = Object.create(null) as Record<string, FragmentDefinitionNode>;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      if (operationName == null) {
        if (operation !== undefined) return undefined;
        operation = definition;
      } else if (definition.name?.value === operationName) operation = definition;
    } else if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  if (!operation || operation.operation === OperationTypeNode.SUBSCRIPTION || (operation.directives?.length ?? 0) > 0)
    return undefined;
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return undefined;

  const planFields = (parentType: GraphQLObjectType, selectionSets: readonly SelectionSetNode[]): FieldPlan[] => {
    const grouped = new Map<string, FieldNode[]>();
    for (const selectionSet of selectionSets) {
      for (const selection of selectionSet.selections) {
        if (selection.kind !== Kind.FIELD || (selection.directives?.length ?? 0) > 0) throw new Unsupported();
        const key = selection.alias?.value ?? selection.name.value;
        grouped.set(key, [...(grouped.get(key) ?? []), selection]);
      }
    }
    const plans: FieldPlan[] = [];
    for (const [responseKey, fieldNodes] of grouped) {
      const first = fieldNodes[0] as FieldNode;
      const fieldName = first.name.value;
      if (fieldName === '__schema' || fieldName === '__type') throw new Unsupported();
      const typename = fieldName === '__typename';
      const field = typename ? TypeNameMetaFieldDef : parentType.getFields()[fieldName];
      if (!field) continue; // graphql-js skips a field it does not know (validation refuses one anyway)
      const returnType = field.type;
      const named = getNamedType(returnType);
      let subfields: FieldPlan[] | undefined;
      if (isObjectType(named)) {
        if (named.isTypeOf) throw new Unsupported();
        subfields = planFields(
          named,
          fieldNodes.map((node) => node.selectionSet as SelectionSetNode),
        );
      } else if (!isLeafType(named)) throw new Unsupported(); // interfaces and unions
      const resolve = typename ? undefined : field.resolve;
      plans.push({
        responseKey,
        fieldName,
        fieldNodes,
        field,
        parentType,
        returnType,
        typename,
        resolve,
        propertyFirst: resolve !== undefined && propertyFirstResolvers.has(resolve),
        constantArguments: !(first.arguments ?? []).some((argument) => hasVariable(argument.value)),
        arguments: undefined,
        subfields,
      });
    }
    return plans;
  };

  let rootFields: FieldPlan[];
  try {
    rootFields = planFields(rootType, [operation.selectionSet]);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  const chosen = operation;
  const serial = chosen.operation === OperationTypeNode.MUTATION;

  return {
    execute({ rootValue, contextValue, variableValues }) {
      // graphql-js's buildExecutionContext: coerce the variables, or answer their errors without data.
      let coerced: { [name: string]: unknown } = {};
      if ((chosen.variableDefinitions?.length ?? 0) > 0) {
        const result = getVariableValues(
          schema,
          chosen.variableDefinitions as NonNullable<typeof chosen.variableDefinitions>,
          variableValues ?? {},
          { maxErrors: 50 },
        );
        if (result.errors) return { errors: result.errors };
        coerced = result.coerced;
      }
      const run: Run = {
        schema,
        fragments,
        operation: chosen,
        rootValue,
        contextValue,
        variableValues: coerced,
        errors: [],
      };
      try {
        const data = serial
          ? executeFieldsSerially(run, rootType, rootValue, rootFields)
          : executeFields(run, rootType, rootValue, undefined, rootFields);
        if (isPromise(data)) {
          return data.then(
            (resolved) => buildResponse(resolved, run.errors),
            (error: unknown) => {
              run.errors.push(error as GraphQLError);
              return buildResponse(null, run.errors);
            },
          );
        }
        return buildResponse(data, run.errors);
      } catch (error) {
        run.errors.push(error as GraphQLError);
        return buildResponse(null, run.errors);
      }
    },
  };
}

function buildResponse(data: unknown, errors: readonly GraphQLError[]): ExecutionResult {
  return errors.length === 0
    ? { data: data as NonNullable<ExecutionResult['data']> | null }
    : { errors, data: data as NonNullable<ExecutionResult['data']> | null };
}

function executeFieldsSerially(
  run: Run,
  parentType: GraphQLObjectType,
  source: unknown,
  fields: readonly FieldPlan[],
): unknown {
  const results = Object.create(null) as Record<string, unknown>;
  // Synchronously while the fields are (no closure per field: this is the hot path), then as a promise chain.
  for (let index = 0; index < fields.length; index++) {
    const plan = fields[index] as FieldPlan;
    const result = executeField(run, plan, source, {
      prev: undefined,
      key: plan.responseKey,
      typename: parentType.name,
    });
    if (isPromise(result)) {
      let chain = result.then((resolved) => {
        results[plan.responseKey] = resolved;
      });
      for (const rest of fields.slice(index + 1)) {
        chain = chain.then(() => {
          const next = executeField(run, rest, source, {
            prev: undefined,
            key: rest.responseKey,
            typename: parentType.name,
          });
          if (isPromise(next)) {
            return next.then((resolved) => {
              results[rest.responseKey] = resolved;
            });
          }
          results[rest.responseKey] = next;
          return undefined;
        });
      }
      return chain.then(() => results);
    }
    results[plan.responseKey] = result;
  }
  return results;
}

function executeFields(
  run: Run,
  parentType: GraphQLObjectType,
  source: unknown,
  path: Path | undefined,
  fields: readonly FieldPlan[],
): unknown {
  const results = Object.create(null) as Record<string, unknown>;
  let containsPromise = false;
  try {
    for (const plan of fields) {
      const result = executeField(run, plan, source, { prev: path, key: plan.responseKey, typename: parentType.name });
      if (result !== undefined) {
        results[plan.responseKey] = result;
        if (isPromise(result)) containsPromise = true;
      }
    }
  } catch (error) {
    if (containsPromise) {
      return promiseForObject(results).finally(() => {
        throw error;
      });
    }
    throw error;
  }
  return containsPromise ? promiseForObject(results) : results;
}

function executeField(run: Run, plan: FieldPlan, source: unknown, path: Path): unknown {
  try {
    let result: unknown;
    if (plan.typename) result = plan.parentType.name;
    else {
      const args = argumentsOf(run, plan);
      let property: unknown;
      if (plan.propertyFirst && ((typeof source === 'object' && source !== null) || typeof source === 'function'))
        property = (source as Record<string, unknown>)[plan.fieldName];
      if (property !== undefined && typeof property !== 'function') result = property;
      else result = (plan.resolve ?? defaultResolve)(source, args, run.contextValue, resolveInfo(run, plan, path));
    }
    const completed = isPromise(result)
      ? result.then((resolved) => completeValue(run, plan, plan.returnType, path, resolved))
      : completeValue(run, plan, plan.returnType, path, result);
    if (isPromise(completed)) {
      return completed.then(undefined, (rawError: unknown) =>
        handleFieldError(run, locatedError(rawError, plan.fieldNodes, pathToArray(path)), plan.returnType),
      );
    }
    return completed;
  } catch (rawError) {
    return handleFieldError(run, locatedError(rawError, plan.fieldNodes, pathToArray(path)), plan.returnType);
  }
}

function argumentsOf(run: Run, plan: FieldPlan): { [name: string]: unknown } {
  if (!plan.constantArguments)
    return getArgumentValues(plan.field, plan.fieldNodes[0] as FieldNode, run.variableValues);
  plan.arguments ??= getArgumentValues(plan.field, plan.fieldNodes[0] as FieldNode, run.variableValues);
  return plan.arguments;
}

// While a plan runs, types are told apart with `instanceof` rather than graphql's `isNonNullType` and kin: those add a
// check for a second copy of graphql whenever the answer is no (unless NODE_ENV is 'production'), 1–2 µs a request,
// and a plan's types all come from the one schema it was compiled against.
function handleFieldError(run: Run, error: GraphQLError, returnType: GraphQLOutputType): null {
  if (returnType instanceof GraphQLNonNull) throw error;
  run.errors.push(error);
  return null;
}

function completeValue(run: Run, plan: FieldPlan, returnType: GraphQLOutputType, path: Path, result: unknown): unknown {
  if (result instanceof Error) throw result;
  if (returnType instanceof GraphQLNonNull) {
    const completed = completeValue(run, plan, returnType.ofType as GraphQLOutputType, path, result);
    if (completed === null)
      throw new Error(`Cannot return null for non-nullable field ${plan.parentType.name}.${plan.fieldName}.`);
    return completed;
  }
  if (result == null) return null;
  if (returnType instanceof GraphQLList) return completeListValue(run, plan, returnType.ofType, path, result);
  if (returnType instanceof GraphQLScalarType || returnType instanceof GraphQLEnumType)
    return completeLeafValue(returnType, result);
  return executeFields(run, returnType as GraphQLObjectType, result, path, plan.subfields as readonly FieldPlan[]);
}

function completeListValue(
  run: Run,
  plan: FieldPlan,
  itemType: GraphQLOutputType,
  path: Path,
  result: unknown,
): unknown {
  if (!isIterableObject(result))
    throw new GraphQLError(
      `Expected Iterable, but did not find one for field "${plan.parentType.name}.${plan.fieldName}".`,
    );
  let containsPromise = false;
  // graphql-js's Array.from(result, complete), as a loop over arrays (the usual case) to save a closure per list.
  const items = Array.isArray(result) ? (result as unknown[]) : Array.from(result);
  const completedResults = new Array<unknown>(items.length);
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const itemPath: Path = { prev: path, key: index, typename: undefined };
    try {
      const completedItem = isPromise(item)
        ? item.then((resolved) => completeValue(run, plan, itemType, itemPath, resolved))
        : completeValue(run, plan, itemType, itemPath, item);
      if (isPromise(completedItem)) {
        containsPromise = true;
        completedResults[index] = completedItem.then(undefined, (rawError: unknown) =>
          handleFieldError(run, locatedError(rawError, plan.fieldNodes, pathToArray(itemPath)), itemType),
        );
      } else completedResults[index] = completedItem;
    } catch (rawError) {
      completedResults[index] = handleFieldError(
        run,
        locatedError(rawError, plan.fieldNodes, pathToArray(itemPath)),
        itemType,
      );
    }
  }
  return containsPromise ? Promise.all(completedResults) : completedResults;
}

function completeLeafValue(returnType: GraphQLLeafType, result: unknown): unknown {
  const serialized = returnType.serialize(result);
  if (serialized == null)
    throw new Error(
      `Expected \`${inspect(returnType)}.serialize(${inspect(result)})\` to return non-nullable value, returned: ${inspect(serialized)}`,
    );
  return serialized;
}

function resolveInfo(run: Run, plan: FieldPlan, path: Path): GraphQLResolveInfo {
  return {
    fieldName: plan.fieldName,
    fieldNodes: plan.fieldNodes,
    returnType: plan.returnType,
    parentType: plan.parentType,
    path,
    schema: run.schema,
    fragments: run.fragments,
    rootValue: run.rootValue,
    operation: run.operation,
    variableValues: run.variableValues,
  };
}

/** graphql-js's defaultFieldResolver. */
function defaultResolve(source: unknown, args: unknown, contextValue: unknown, info: GraphQLResolveInfo): unknown {
  if ((typeof source === 'object' && source !== null) || typeof source === 'function') {
    const property = (source as Record<string, unknown>)[info.fieldName];
    if (typeof property === 'function')
      return (source as Record<string, (...rest: unknown[]) => unknown>)[info.fieldName]?.(args, contextValue, info);
    return property;
  }
  return undefined;
}

function pathToArray(path: Path | undefined): Array<string | number> {
  const flattened: Array<string | number> = [];
  for (let current = path; current; current = current.prev) flattened.push(current.key);
  return flattened.reverse();
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

function isIterableObject(value: unknown): value is Iterable<unknown> {
  return (
    typeof value === 'object' &&
    typeof (value as { [Symbol.iterator]?: unknown } | null)?.[Symbol.iterator] === 'function'
  );
}

function promiseForObject(object: Record<string, unknown>): Promise<Record<string, unknown>> {
  const keys = Object.keys(object);
  return Promise.all(keys.map((key) => object[key])).then((values) => {
    const resolved = Object.create(null) as Record<string, unknown>;
    for (const [index, key] of keys.entries()) resolved[key] = values[index];
    return resolved;
  });
}

function hasVariable(node: ValueNode): boolean {
  if (node.kind === Kind.VARIABLE) return true;
  if (node.kind === Kind.LIST) return node.values.some(hasVariable);
  if (node.kind === Kind.OBJECT) return node.fields.some((field) => hasVariable(field.value));
  return false;
}
