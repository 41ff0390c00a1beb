/**
 * create-handler-options
 */
import {
  execute as graphqlExecute,
  GraphQLError,
  parse as graphqlParse,
  validate as graphqlValidate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { HandlerOptions } from 'graphql-http';
import { ErrorCode } from '../errors.js';
import { compileOperation, type CompileOperationOptions, type CompiledOperation } from './compile-operation.js';

/** Options of {@link createHandlerOptions}. */
export interface HandlerOptionsOptions {
  /** The executable schema. */
  schema: GraphQLSchema;
  /** How many distinct query texts keep their parsed and validated document. @default 1000 */
  documentCacheSize?: number;
  /** See {@link CompileOperationOptions.propertyFirstResolvers} (createExecutableSchema gives them). @default none */
  propertyFirstResolvers?: ReadonlySet<unknown>;
  /** Run valid cached documents from compiled plans; false runs everything with graphql-js's `execute`. @default true */
  compile?: boolean;
}

/**
 * The graphql-http handler options of the mock, free of any HTTP framework: documents are parsed and validated once
 * per distinct query text, the operations of valid cached documents run from a compiled plan (see compileOperation:
 * graphql-js's semantics without its per-request set-up), and every error gets a stable `extensions.code`.
 *
 * @category GraphQL
 */
export function createHandlerOptions(options: HandlerOptionsOptions): HandlerOptions {
  const { schema, documentCacheSize = 1000, propertyFirstResolvers, compile = true } = options;
  const parsed = new Map<string, DocumentNode>();
  const validated = new WeakMap<DocumentNode, readonly GraphQLError[]>();
  // Plans per valid document and operation name (null: none, graphql-js runs it); they go when the document does.
  const plans = new WeakMap<DocumentNode, Map<string | null | undefined, CompiledOperation | null>>();

  const planOf = (args: ExecutionArgs): CompiledOperation | undefined => {
    if (!compile || args.schema !== schema || args.fieldResolver || args.typeResolver || args.subscribeFieldResolver || validated.get(args.document)?.length !== 0) return undefined;
    let byName = plans.get(args.document);
    if (!byName) plans.set(args.document, (byName = new Map()));
    let plan = byName.get(args.operationName);
    if (plan === undefined) {
      plan = compileOperation({ schema, document: args.document, operationName: args.operationName, ...(propertyFirstResolvers ? { propertyFirstResolvers } : {}) }) ?? null;
      byName.set(args.operationName, plan);
    }
    return plan ?? undefined;
  };

  const parse: typeof graphqlParse = (source, parseOptions) => {
    const text = typeof source === 'string' ? source : source.body;
    const cached = parsed.get(text);
    if (cached) return cached;
    let document: DocumentNode;
    try {
      document = graphqlParse(source, parseOptions);
    } catch (error) {
      if (error instanceof GraphQLError) throw withCode(error, ErrorCode.GRAPHQL_PARSE_FAILED);
      throw error;
    }
    if (parsed.size >= documentCacheSize) parsed.delete(parsed.keys().next().value as string);
    parsed.set(text, document);
    return document;
  };

  const validate: typeof graphqlValidate = (validationSchema, document, rules, ...rest) => {
    const cacheable = validationSchema === schema && rules === undefined;
    const cached = cacheable ? validated.get(document) : undefined;
    if (cached) return cached;
    const errors = graphqlValidate(validationSchema, document, rules, ...rest).map((error) => withCode(error, ErrorCode.GRAPHQL_VALIDATION_FAILED));
    if (cacheable) validated.set(document, errors);
    return errors;
  };

  const execute = ((args: ExecutionArgs) => {
    const plan = planOf(args);
    const result = plan ? plan.execute(args) : graphqlExecute(args);
    return result instanceof Promise ? result.then(codeErrors) : codeErrors(result);
  }) as typeof graphqlExecute;

  return {
    schema,
    parse,
    // graphql-http passes a fresh copy of graphql-js's specified rules on every request; validating with the
    // defaults instead is the same check and lets the cache above apply.
    validate: (validationSchema, document) => validate(validationSchema, document),
    execute,
    formatError: (error) => (error instanceof GraphQLError ? withCode(error, ErrorCode.BAD_REQUEST) : error),
  };
}

/** Errors of a result without data are request errors (e.g. a bad variable); others are field errors. */
function codeErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors) return result;
  const fallback = 'data' in result && result.data !== undefined ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_USER_INPUT;
  return { ...result, errors: result.errors.map((error) => withCode(error, fallback)) };
}

/** The same error with `extensions.code` set to `code` unless it already has one. */
export function withCode(error: GraphQLError, code: ErrorCode): GraphQLError {
  if (typeof error.extensions['code'] === 'string') return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}
