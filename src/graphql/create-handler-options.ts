/**
 * create-handler-options
 */
import {
  execute as graphqlExecute,
  GraphQLError,
  Kind,
  parse as graphqlParse,
  validate as graphqlValidate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { Handler, HandlerOptions, Request, Response } from 'graphql-http';
import { ErrorCode } from '../errors.js';
import {
  checkDocument,
  checkQueryText,
  checkVariables,
  DEFAULT_DOCUMENT_LIMITS,
  type DocumentLimits,
} from './document-limits.js';
import { compileOperation, type CompiledOperation } from './compile-operation.js';

/** Options of {@link createHandlerOptions}. */
export interface HandlerOptionsOptions {
  /** The executable schema. */
  schema: GraphQLSchema;
  /** How many distinct query texts keep their parsed and validated document. @default 1000 */
  documentCacheSize?: number;
  /** The characters of query text the cache holds at most, all entries together. @default 4_000_000 */
  documentCacheCharacters?: number;
  /** Query texts longer than this are parsed every time, never cached. @default 100_000 */
  maxCachedQueryLength?: number;
  /** The request budget (nesting, depth, aliases, cost, variables); unset limits keep their defaults. */
  limits?: Partial<DocumentLimits>;
  /** See {@link CompileOperationOptions.propertyFirstResolvers} (createExecutableSchema gives them). @default none */
  propertyFirstResolvers?: ReadonlySet<unknown>;
  /** Run valid cached documents from compiled plans; false runs everything with graphql-js's `execute`. @default true */
  compile?: boolean;
}

/**
 * The graphql-http handler options of the mock, free of any HTTP framework: documents are parsed and validated once
 * per distinct query text (the cache is bounded in entries and characters; long texts are not cached), every request
 * is measured against {@link DocumentLimits} before it runs, the operations of valid cached documents run from a
 * compiled plan (see compileOperation: graphql-js's semantics without its per-request set-up), and every error gets a
 * stable `extensions.code`. The options also carry a fast path (see {@link fastPathOf}, which createGraphQLHandler
 * takes): a POST of JSON whose document is cached, valid and compiled is answered without graphql-http's per-request
 * work (Accept and content-type parsing, promise hops, a copy of the rule list), with the same bytes.
 *
 * @category GraphQL
 */
export function createHandlerOptions(options: HandlerOptionsOptions): HandlerOptions {
  const {
    schema,
    documentCacheSize = 1000,
    documentCacheCharacters = 4_000_000,
    maxCachedQueryLength = 100_000,
    propertyFirstResolvers,
    compile = true,
  } = options;
  const limits: DocumentLimits = { ...DEFAULT_DOCUMENT_LIMITS, ...options.limits };
  // Insertion-ordered: the first key is the oldest entry.
  const parsed = new Map<string, DocumentNode>();
  let cachedCharacters = 0;
  const validated = new WeakMap<DocumentNode, readonly GraphQLError[]>();
  // Plans per valid document and operation name (null: none, graphql-js runs it); they go when the document does.
  const plans = new WeakMap<DocumentNode, Map<string | null | undefined, CompiledOperation | null>>();

  const planOf = (args: ExecutionArgs): CompiledOperation | undefined => {
    if (
      !compile ||
      args.schema !== schema ||
      args.fieldResolver ||
      args.typeResolver ||
      args.subscribeFieldResolver ||
      validated.get(args.document)?.length !== 0
    )
      return undefined;
    let byName = plans.get(args.document);
    if (!byName) plans.set(args.document, (byName = new Map<string | null | undefined, CompiledOperation | null>()));
    let plan = byName.get(args.operationName);
    if (plan === undefined) {
      plan =
        compileOperation({
          schema,
          document: args.document,
          operationName: args.operationName,
          ...(propertyFirstResolvers ? { propertyFirstResolvers } : {}),
        }) ?? null;
      byName.set(args.operationName, plan);
    }
    return plan ?? undefined;
  };

  const parse: typeof graphqlParse = (source, parseOptions) => {
    const text = typeof source === 'string' ? source : source.body;
    const cached = parsed.get(text);
    if (cached) return cached;
    const tooDeep = checkQueryText(text, limits);
    if (tooDeep) throw tooDeep;
    let document: DocumentNode;
    try {
      document = graphqlParse(source, { maxLexicalTokens: limits.maxTokens, ...parseOptions });
    } catch (error) {
      if (error instanceof GraphQLError) throw withCode(error, ErrorCode.GRAPHQL_PARSE_FAILED);
      throw stackExhausted(error);
    }
    if (text.length > maxCachedQueryLength || text.length > documentCacheCharacters) return document;
    while (
      parsed.size > 0 &&
      (parsed.size >= documentCacheSize || cachedCharacters + text.length > documentCacheCharacters)
    ) {
      const oldest = parsed.keys().next().value as string;
      parsed.delete(oldest);
      cachedCharacters -= oldest.length;
    }
    parsed.set(text, document);
    cachedCharacters += text.length;
    return document;
  };

  const validate: typeof graphqlValidate = (validationSchema, document, rules, ...rest) => {
    const cacheable = validationSchema === schema && rules === undefined;
    const cached = cacheable ? validated.get(document) : undefined;
    if (cached) return cached;
    // The budget comes first: graphql-js validation recurses through fragments and would exhaust the stack.
    const overBudget = checkDocument(validationSchema, document, limits, { cost: false });
    let errors: readonly GraphQLError[];
    try {
      errors = overBudget
        ? [overBudget]
        : graphqlValidate(validationSchema, document, rules, ...rest).map((error) =>
            withCode(error, ErrorCode.GRAPHQL_VALIDATION_FAILED),
          );
    } catch (error) {
      const exhausted = stackExhausted(error);
      if (!(exhausted instanceof GraphQLError)) throw exhausted;
      errors = [exhausted];
    }
    if (cacheable) validated.set(document, errors);
    return errors;
  };

  // The cost of a document without variables is the same on every request: measured once.
  const constantCost = new WeakMap<DocumentNode, GraphQLError | null>();
  const overBudget = (args: ExecutionArgs): GraphQLError | null => {
    const tooLarge = checkVariables(args.variableValues, limits);
    if (tooLarge) return tooLarge;
    const constant = !args.document.definitions.some(
      (definition) =>
        definition.kind === Kind.OPERATION_DEFINITION && (definition.variableDefinitions?.length ?? 0) > 0,
    );
    if (!constant) return checkDocument(args.schema, args.document, limits, { variables: args.variableValues });
    let known = constantCost.get(args.document);
    if (known === undefined)
      constantCost.set(args.document, (known = checkDocument(args.schema, args.document, limits)));
    return known;
  };

  const runPlan = (args: ExecutionArgs, plan: CompiledOperation | undefined) => {
    const tooLarge = overBudget(args);
    if (tooLarge) return { errors: [tooLarge] };
    const result = plan ? plan.execute(args) : graphqlExecute(args);
    return result instanceof Promise ? result.then(codeErrors) : codeErrors(result);
  };
  const execute = ((args: ExecutionArgs) => runPlan(args, planOf(args))) as typeof graphqlExecute;
  const formatError = (error: Error) =>
    error instanceof GraphQLError ? withCode(error, ErrorCode.BAD_REQUEST) : error;

  // graphql-http's answer to a request it would run from a plan (a POST of a JSON object whose query is cached, valid
  // and compiled), without its per-request set-up: the same steps in the same order, the same bytes.
  const fastPath = (request: Request<unknown, unknown>): Promise<Response> | undefined => {
    const accepted = request.method === 'POST' ? acceptedMediaType(request) : undefined;
    if (accepted === undefined || typeof request.body !== 'string') return undefined;
    if (!JSON_CONTENT_TYPES.has(headerOf(request, 'content-type') ?? '')) return undefined;
    let data: unknown;
    try {
      data = JSON.parse(request.body);
    } catch {
      return undefined;
    }
    if (data === null || typeof data !== 'object') return undefined;
    const { query, variables, operationName, extensions } = data as Record<string, unknown>;
    if (typeof query !== 'string' || !isObjectOrNone(variables) || !isObjectOrNone(extensions)) return undefined;
    if (operationName != null && typeof operationName !== 'string') return undefined;
    const document = parsed.get(query);
    if (!document) return undefined;
    const args = {
      operationName,
      document,
      variableValues: variables as ExecutionArgs['variableValues'],
      contextValue: undefined,
      schema,
      rootValue: undefined,
    };
    const plan = planOf(args);
    if (!plan) return undefined;
    const result = runPlan(args, plan);
    return result instanceof Promise
      ? result.then((resolved) => resultResponse(resolved, accepted, formatError))
      : Promise.resolve(resultResponse(result, accepted, formatError));
  };

  const handlerOptions: HandlerOptions = {
    schema,
    parse,
    // graphql-http passes a fresh copy of graphql-js's specified rules on every request; validating with the
    // defaults instead is the same check and lets the cache above apply.
    validate: (validationSchema, document) => validate(validationSchema, document),
    execute,
    formatError,
  };
  return Object.assign(handlerOptions, { [FAST_PATH]: fastPath });
}

/** Where the options keep their fast path (a symbol: copied by a spread, unseen by graphql-http). */
const FAST_PATH = Symbol('sentera-mock.fastPath');

/**
 * The fast path of options made by {@link createHandlerOptions}: it answers a request graphql-http would run from a
 * compiled plan exactly as graphql-http would (a promise of its response), or returns undefined for any other request
 * (let graphql-http answer it).
 */
export function fastPathOf(
  options: HandlerOptions,
): ((request: Parameters<Handler>[0]) => Promise<Response> | undefined) | undefined {
  return (options as { [FAST_PATH]?: (request: Parameters<Handler>[0]) => Promise<Response> | undefined })[FAST_PATH];
}

/** The JSON content types graphql-http reads as `application/json` with UTF-8 (the common spellings; others go to it). */
const JSON_CONTENT_TYPES = new Set([
  'application/json',
  'application/json; charset=utf-8',
  'application/json;charset=utf-8',
]);

/** graphql-http's choice of response media type per Accept value seen (bounded: clients send a few). */
const acceptedByHeader = new Map<string, string | null>();

/** graphql-http's reading of an Accept header (its handler's first step), step for step; null: 406. */
function readAccept(header: string): string | null {
  for (const accept of header.replace(/\s/g, '').toLowerCase().split(',')) {
    const [mediaType, ...params] = accept.split(';');
    const charset = params.find((param) => param.includes('charset=')) ?? 'charset=utf-8';
    if (mediaType === 'application/graphql-response+json' && charset === 'charset=utf-8')
      return 'application/graphql-response+json';
    if (
      (mediaType === 'application/json' || mediaType === 'application/*' || mediaType === '*/*') &&
      (charset === 'charset=utf-8' || charset === 'charset=utf8')
    )
      return 'application/json';
  }
  return null;
}

function headerOf(request: Request<unknown, unknown>, name: string): string | null | undefined {
  const headers = request.headers as { get?: (name: string) => string | null } & Record<string, unknown>;
  if (typeof headers.get === 'function') return headers.get(name);
  const value = headers[name];
  // A value graphql-http would not read as one string (e.g. a list): a value no table here knows.
  return value === undefined || typeof value === 'string' ? value : '\u0000';
}

function acceptedMediaType(request: Request<unknown, unknown>): string | undefined {
  const header = headerOf(request, 'accept') || '*/*';
  let accepted = acceptedByHeader.get(header);
  if (accepted === undefined) {
    accepted = readAccept(header);
    if (acceptedByHeader.size < 64) acceptedByHeader.set(header, accepted);
  }
  return accepted ?? undefined;
}

function isObjectOrNone(value: unknown): boolean {
  return value == null || (typeof value === 'object' && !Array.isArray(value));
}

/** graphql-http's response to an execution result (its makeResponse for a result, with its JSON replacer). */
function resultResponse(result: ExecutionResult, accepted: string, formatError: (error: Error) => Error): Response {
  const body = JSON.stringify(
    'errors' in result && result.errors ? { ...result, errors: result.errors.map(formatError) } : result,
    jsonErrorReplacer,
  );
  return [
    body,
    {
      status: 200,
      statusText: 'OK',
      headers: {
        'content-type':
          accepted === 'application/json'
            ? 'application/json; charset=utf-8'
            : 'application/graphql-response+json; charset=utf-8',
      },
    },
  ];
}

/** graphql-http's: an Error that is not a GraphQLError is written as its message only. */
function jsonErrorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error && !(value instanceof GraphQLError) ? { message: value.message } : value;
}

/** A stack overflow inside graphql-js (a document the limits let through but still too deep) is the client's 400, not a 500. */
function stackExhausted(error: unknown): unknown {
  if (!(error instanceof RangeError)) return error;
  return new GraphQLError(
    `query too complex: graphql-js ran out of stack on it (${error.message}); flatten the query`,
    { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } },
  );
}

/** Errors of a result without data are request errors (e.g. a bad variable); others are field errors. */
function codeErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors) return result;
  const fallback =
    'data' in result && result.data !== undefined ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_USER_INPUT;
  return { ...result, errors: result.errors.map((error) => withCode(error, fallback)) };
}

/** The same error with `extensions.code` set to `code` unless it already has one. */
function withCode(error: GraphQLError, code: ErrorCode): GraphQLError {
  if (typeof error.extensions['code'] === 'string') return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}
