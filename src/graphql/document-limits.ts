/**
 * document-limits
 *
 * The budget a request must fit before anything runs: how deep its text nests, how many tokens it has, and, once
 * parsed, how deep its selections go (fragments included), how many aliases it uses and how many values it can ask
 * for (`page_size` times nesting); plus bounds on its variables.
 */
import {
  GraphQLError,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  OperationTypeNode,
  type ArgumentNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type GraphQLType,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { ErrorCode } from '../errors.js';

/**
 * Limits on one GraphQL request. The defaults are far above what any documented operation or the contract suite
 * uses, and far below what stalls the mock.
 *
 * @category GraphQL
 */
export interface DocumentLimits {
  /** Brackets (`{`, `[`, `(`) open at once in the query text. @default 64 */
  readonly maxNesting: number;
  /** Tokens in the query text (graphql-js `maxTokens`). @default 50_000 */
  readonly maxTokens: number;
  /** Fields nested in one another, through fragments. @default 24 */
  readonly maxDepth: number;
  /** Fragment spreads and inline fragments nested in one another. @default 64 */
  readonly maxFragmentNesting: number;
  /** Aliased fields in the whole operation, fragments counted where spread. @default 64 */
  readonly maxAliases: number;
  /**
   * Values the operation can ask for: each field counts once per item of every list it is inside, a paginated field
   * (one with `page_size`, as an argument or in `pagination`) counting `page_size` items (its maximum when `page_size` is a variable). @default 100_000
   */
  readonly maxCost: number;
  /** Variables in one request. @default 100 */
  readonly maxVariables: number;
  /** Items of any list in the variables. @default 1_000 */
  readonly maxVariableListLength: number;
  /** Characters of any string in the variables. @default 65_536 */
  readonly maxVariableStringLength: number;
}

/**
 * The default {@link DocumentLimits}.
 *
 * @category GraphQL
 */
export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = {
  maxNesting: 64,
  maxTokens: 50_000,
  maxDepth: 24,
  maxFragmentNesting: 64,
  maxAliases: 64,
  maxCost: 100_000,
  maxVariables: 100,
  maxVariableListLength: 1_000,
  maxVariableStringLength: 65_536,
};

/** The items a list field without `page_size` is assumed to hold. */
const ASSUMED_LIST_LENGTH = 10;
/** The largest `page_size` the API accepts: a variable `page_size` is costed at it. */
const MAX_PAGE_SIZE = 1000;

/**
 * Checks the query text's bracket nesting without parsing it (graphql-js parses recursively, so a deep text would
 * exhaust the stack). Strings, block strings and comments are skipped.
 *
 * @returns the error to answer with, or null when the text is within `limits.maxNesting`.
 * @category GraphQL
 */
export function checkQueryText(text: string, limits: Pick<DocumentLimits, 'maxNesting'>): GraphQLError | null {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 0x22 /* " */) {
      if (text.startsWith('"""', index)) {
        const end = text.indexOf('"""', index + 3);
        index = end === -1 ? text.length : end + 2;
        // Escaped \""" inside a block string: rare enough to accept the approximation.
      } else {
        index++;
        while (index < text.length && text.charCodeAt(index) !== 0x22 && text.charCodeAt(index) !== 0x0a)
          index += text.charCodeAt(index) === 0x5c ? 2 : 1;
      }
    } else if (char === 0x23 /* # */) {
      while (index < text.length && text.charCodeAt(index) !== 0x0a) index++;
    } else if (char === 0x7b || char === 0x5b || char === 0x28) {
      if (++depth > limits.maxNesting)
        return tooComplex(`the query nests brackets more than ${limits.maxNesting} deep; flatten it`);
    } else if (char === 0x7d || char === 0x5d || char === 0x29) {
      depth--;
    }
  }
  return null;
}

/**
 * Measures a parsed document against the limits (before validation: it tolerates unknown fields and fragment cycles,
 * which validation reports afterwards). A `page_size` given by a variable counts at its value in `variables`, or at
 * the maximum (1000) when they are not known yet; `cost: false` skips the cost (checked again with the variables).
 *
 * @returns the error to answer with, or null when the document is within the limits.
 * @category GraphQL
 */
export function checkDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: DocumentLimits,
  options: { cost?: boolean; variables?: Readonly<Record<string, unknown>> | null | undefined } = {},
): GraphQLError | null {
  const { cost: checkCost = true, variables } = options;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  interface Measure {
    cost: number;
    depth: number;
    aliases: number;
  }
  const memo = new Map<string, Measure>();
  const visiting = new Set<string>();
  let overNesting = false;

  // Cost is linear in the multiplier above a selection set, so each set is measured once at a multiplier of 1.
  const measure = (
    set: SelectionSetNode,
    parent: GraphQLType | undefined,
    nesting: number,
    parentPaged: boolean,
  ): Measure => {
    const total: Measure = { cost: 0, depth: 0, aliases: 0 };
    if (nesting > limits.maxFragmentNesting) {
      overNesting = true;
      return total;
    }
    const named = parent === undefined ? undefined : getNamedType(parent);
    const fieldsOf = named && (isObjectType(named) || isInterfaceType(named)) ? named.getFields() : undefined;
    for (const selection of set.selections) {
      if (overNesting) return total;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) total.aliases++;
        total.cost += 1;
        total.depth = Math.max(total.depth, 1);
        if (!selection.selectionSet) continue;
        const type: GraphQLOutputType | undefined = fieldsOf?.[selection.name.value]?.type;
        const pageSize = pageSizeArgument(selection.arguments ?? []);
        const multiplier = pageSize
          ? pageSizeOf(pageSize, variables)
          : type && isList(type) && !parentPaged
            ? ASSUMED_LIST_LENGTH
            : 1;
        const inner = measure(selection.selectionSet, type, nesting + 1, pageSize !== undefined);
        total.cost += multiplier * inner.cost;
        total.aliases += inner.aliases;
        total.depth = Math.max(total.depth, 1 + inner.depth);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition
          ? (schema.getType(selection.typeCondition.name.value) ?? undefined)
          : parent;
        add(total, measure(selection.selectionSet, condition, nesting + 1, parentPaged));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        const key = `${name}\u0000${parentPaged}`;
        let inner = memo.get(key);
        if (!inner) {
          visiting.add(name);
          inner = measure(
            fragment.selectionSet,
            schema.getType(fragment.typeCondition.name.value) ?? undefined,
            nesting + 1,
            parentPaged,
          );
          visiting.delete(name);
          memo.set(key, inner);
        }
        add(total, inner);
      }
    }
    return total;
  };

  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root =
      definition.operation === OperationTypeNode.QUERY
        ? schema.getQueryType()
        : definition.operation === OperationTypeNode.MUTATION
          ? schema.getMutationType()
          : schema.getSubscriptionType();
    const result = measure(definition.selectionSet, root ?? undefined, 0, false);
    const name = definition.name ? `operation ${definition.name.value}` : 'the operation';
    if (overNesting)
      return tooComplex(
        `${name} nests fragments more than ${limits.maxFragmentNesting} deep; the limit is ${limits.maxFragmentNesting}`,
      );
    if (result.depth > limits.maxDepth)
      return tooComplex(`${name} is ${result.depth} fields deep; the limit is ${limits.maxDepth}`);
    if (result.aliases > limits.maxAliases)
      return tooComplex(`${name} uses ${result.aliases} aliases; the limit is ${limits.maxAliases}`);
    if (checkCost && result.cost > limits.maxCost)
      return tooComplex(
        `${name} may return ${result.cost} values (page_size times nesting); the budget is ${limits.maxCost}: ask for smaller pages or fewer aliases`,
      );
  }
  return null;
}

/**
 * Checks a request's variables against the count, list-length and string-length limits (and a nesting bound).
 *
 * @returns the error to answer with, or null when they fit.
 * @category GraphQL
 */
export function checkVariables(
  variables: Readonly<Record<string, unknown>> | null | undefined,
  limits: DocumentLimits,
): GraphQLError | null {
  if (!variables) return null;
  const names = Object.keys(variables);
  if (names.length > limits.maxVariables)
    return tooLarge(`${names.length} variables were sent; the limit is ${limits.maxVariables}`);
  const stack: Array<{ value: unknown; path: string; depth: number }> = names.map((name) => ({
    value: variables[name],
    path: `$${name}`,
    depth: 0,
  }));
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof value === 'string') {
      if (value.length > limits.maxVariableStringLength)
        return tooLarge(
          `${path} is a string of ${value.length} characters; the limit is ${limits.maxVariableStringLength}`,
        );
    } else if (value !== null && typeof value === 'object') {
      if (depth >= limits.maxNesting)
        return tooLarge(`${path} nests more than ${limits.maxNesting} deep; the limit is ${limits.maxNesting}`);
      if (Array.isArray(value)) {
        if (value.length > limits.maxVariableListLength)
          return tooLarge(`${path} is a list of ${value.length} items; the limit is ${limits.maxVariableListLength}`);
        value.forEach((item, index) => stack.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }));
      } else {
        const entries = Object.entries(value);
        if (entries.length > limits.maxVariableListLength)
          return tooLarge(`${path} has ${entries.length} fields; the limit is ${limits.maxVariableListLength}`);
        for (const [key, item] of entries) stack.push({ value: item, path: `${path}.${key}`, depth: depth + 1 });
      }
    }
  }
  return null;
}

function add(
  total: { cost: number; depth: number; aliases: number },
  inner: { cost: number; depth: number; aliases: number },
): void {
  total.cost += inner.cost;
  total.aliases += inner.aliases;
  total.depth = Math.max(total.depth, inner.depth);
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** The `page_size` of a paginated field: an argument, or a field of its `pagination` input (a variable counts too). */
function pageSizeArgument(argumentNodes: readonly ArgumentNode[]): ValueNode | undefined {
  for (const argument of argumentNodes) {
    if (argument.name.value === 'page_size') return argument.value;
    if (argument.value.kind === Kind.OBJECT) {
      const field = argument.value.fields.find((candidate) => candidate.name.value === 'page_size');
      if (field) return field.value;
    } else if (argument.name.value === 'pagination') return argument.value;
  }
  return undefined;
}

function pageSizeOf(value: ValueNode, variables: Readonly<Record<string, unknown>> | null | undefined): number {
  let size: unknown = MAX_PAGE_SIZE;
  if (value.kind === Kind.INT) size = Number(value.value);
  else if (value.kind === Kind.VARIABLE) {
    const given = variables?.[value.name.value];
    size = given !== null && typeof given === 'object' ? (given as Record<string, unknown>)['page_size'] : given;
  }
  return typeof size === 'number' && Number.isInteger(size)
    ? Math.max(1, Math.min(size, MAX_PAGE_SIZE))
    : MAX_PAGE_SIZE;
}

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(`query too complex: ${message}`, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } });
}

function tooLarge(message: string): GraphQLError {
  return new GraphQLError(`variables too large: ${message}`, { extensions: { code: ErrorCode.VARIABLES_TOO_LARGE } });
}
