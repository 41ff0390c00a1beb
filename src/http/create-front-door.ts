/**
 * create-front-door
 *
 * The one request handler of the mock: every route (GraphQL, control API, and routes other modules register) with
 * the same host check, CORS, body limits, error bodies and logging, whatever adapter (node:http, in-process Fetch,
 * express) the request came through.
 */
import type { Handler } from 'graphql-http';
import type { ControlApi } from './control-api-types.js';
import { silentLogger, type Logger } from '../log/create-logger.js';
import { createHostCheck, type AllowedHosts } from './create-host-check.js';
import { errorCodes, operationLabel } from './describe-operation.js';
import type { MockHandler, MockRequest, MockResponse } from './http-types.js';
import { readBody } from './read-body.js';
import { errorResponse, jsonResponse, TextResponse } from './text-response.js';

/**
 * What a registered route gets besides the request.
 *
 * @category HTTP
 */
export interface RouteContext {
  /** The request's path, without query (e.g. `/_inbox/abc`), not percent-decoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Reads the body as text, within the front door's body limit (or `limit` bytes): a 413 response above it. */
  readonly readBody: (limit?: number) => Promise<string | TextResponse>;
}

/**
 * A route added to the front door, e.g. a page at `/` or server-sent events at `/_mock/stream`. Registered routes
 * are matched before the control API, after the GraphQL endpoint.
 *
 * @category HTTP
 */
export interface FrontDoorRoute {
  /** `GET`, `POST`... or `*` for any (the route then answers wrong methods itself). */
  readonly method: string;
  /** An exact path (`/`), or a prefix ending in `/*` (`/_inbox/*` matches `/_inbox` and everything below). */
  readonly path: string;
  handle(request: MockRequest, context: RouteContext): MockResponse | Promise<MockResponse>;
}

/**
 * The HTTP settings of a mock's front door, the same in every adapter.
 *
 * @category HTTP
 */
export interface FrontDoorSettings {
  /** Origins whose pages may call the mock from a browser (CORS), e.g. `http://localhost:5173`, or `*` for any. @default none */
  corsOrigins?: readonly string[];
  /** Host names the mock answers besides IP addresses and localhost (DNS-rebinding protection). @default [] */
  allowedHosts?: AllowedHosts;
  /** The largest request body, in bytes. @default 1048576 (1 MiB) */
  bodyLimit?: number;
  /** The largest body of `PUT /_mock/state` (a state export grows with the history it keeps). @default 67108864 (64 MiB) */
  stateBodyLimit?: number;
  /** More routes (pages, inboxes, streams). */
  routes?: readonly FrontDoorRoute[];
  /** One line per GraphQL operation (info), per control request (debug), per answered bug (error). @default silent */
  logger?: Logger;
}

/** Options of {@link createFrontDoor}. */
export interface FrontDoorOptions extends FrontDoorSettings {
  /** Answers the GraphQL endpoint (graphql-http's framework-free handler). */
  graphqlHandler: Handler;
  /** Answers `/_mock/*`. */
  control: ControlApi;
  /** @default '/graphql' */
  graphqlPath?: string;
  /**
   * Answers `GET <graphqlPath>` from a browser (GraphiQL) when it returns a response; undefined leaves the request to
   * the GraphQL endpoint. Asked for GET requests only, so POSTs pay nothing for it.
   */
  graphqlPage?: (request: MockRequest) => MockResponse | undefined;
}

/** @category HTTP */
export const DEFAULT_BODY_LIMIT = 1_048_576;
/** @category HTTP */
export const DEFAULT_STATE_BODY_LIMIT = 67_108_864;

const CONTROL = '/_mock';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CORS_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';
const CORS_HEADERS = 'content-type, accept, authorization';

/**
 * Creates the front door: one framework-free function from a Fetch-shaped request to a Fetch-shaped response for
 * every route. Adapters (node:http, `mock.fetch`, the express middleware) only translate.
 *
 * @category HTTP
 */
export function createFrontDoor(options: FrontDoorOptions): MockHandler {
  const {
    graphqlHandler,
    control,
    graphqlPath = '/graphql',
    corsOrigins = [],
    allowedHosts = [],
    bodyLimit = DEFAULT_BODY_LIMIT,
    stateBodyLimit = DEFAULT_STATE_BODY_LIMIT,
    routes = [],
    logger = silentLogger,
    graphqlPage,
  } = options;
  const hostAllowed = createHostCheck(allowedHosts);
  const anyOrigin = corsOrigins.includes('*');
  const origins = new Set(corsOrigins);
  const originAllowed = (origin: string) => anyOrigin || origins.has(origin);
  const compiled = routes.map((route) => ({ route, matches: compileRoute(route.path) }));

  async function serveGraphQL(
    request: MockRequest,
    url: string,
    cors: Record<string, string> | undefined,
  ): Promise<MockResponse> {
    const started = logger.enabled('info') ? performance.now() : 0;
    const method = request.method;
    let body = '';
    if (method !== 'GET' && method !== 'HEAD') {
      const read = await readBody(request, bodyLimit);
      if (typeof read !== 'string') return withHeaders(read, cors);
      body = read;
    }
    const [text, init] = await graphqlHandler({
      method,
      url,
      headers: request.headers,
      body,
      raw: request,
      context: null,
    });
    let headers = (init.headers ?? {}) as Record<string, string>;
    // graphql-http answers some protocol errors (e.g. a mutation over GET) with a JSON body but no content type.
    if (headers['content-type'] === undefined) headers = { ...headers, 'content-type': jsonTypeFor(request) };
    const response =
      typeof text === 'string' && text !== ''
        ? new TextResponse(init.status, cors ? { ...headers, ...cors } : headers, text)
        : graphqlProblem(init.status, headers, request, cors);
    if (started !== 0) {
      const label = operationLabel(method === 'GET' ? decodeQuery(url) : body);
      logger.log('info', 'graphql', {
        summary: label,
        status: response.status,
        duration_ms: round(performance.now() - started),
        codes: errorCodes(response.bodyText),
      });
    }
    return response;
  }

  async function serveControl(request: MockRequest, path: string, url: string): Promise<MockResponse> {
    const sub = path.slice(CONTROL.length) || '/';
    const limit = request.method === 'PUT' && (sub === '/state' || sub === '/state/') ? stateBodyLimit : bodyLimit;
    const text = await readBody(request, limit);
    if (typeof text !== 'string') return text;
    let body: unknown;
    if (text !== '') {
      const type = request.headers.get('content-type') ?? '';
      if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
        return errorResponse(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          `the control API takes JSON bodies: send content-type: application/json (got ${type === '' ? 'none' : `"${type}"`})`,
        );
      }
      try {
        body = JSON.parse(text);
      } catch (error) {
        return errorResponse(
          400,
          'BAD_REQUEST',
          `the body is not valid JSON (${(error as Error).message}); send a JSON object`,
        );
      }
    }
    const answer = await control({ method: request.method, path: sub, query: queryOf(url), body });
    if (logger.enabled('debug'))
      logger.log('debug', 'control', {
        summary: `${request.method} ${path}`,
        status: answer.status,
        codes: answer.status >= 400 ? errorCodes(JSON.stringify(answer.body)) : [],
      });
    return jsonResponse(answer.status, answer.body);
  }

  async function route(request: MockRequest): Promise<MockResponse> {
    const url = request.url;
    const path = pathOf(url);
    const host = request.headers.get('host');
    if (host !== null && !hostAllowed(host)) {
      return errorResponse(
        403,
        'HOST_NOT_ALLOWED',
        `this mock does not answer requests for host "${host}" (protection against DNS rebinding); if you reach it by that name, start it with --allowed-host ${hostname(host)}`,
      );
    }
    const origin = request.headers.get('origin');
    let cors: Record<string, string> | undefined;
    if (origin !== null && !sameOrigin(origin, host, url)) {
      if (request.method === 'OPTIONS' && request.headers.get('access-control-request-method') !== null)
        return preflight(request, origin);
      if (originAllowed(origin)) cors = { 'access-control-allow-origin': anyOrigin ? '*' : origin, vary: 'origin' };
      else if (!SAFE_METHODS.has(request.method) && path !== graphqlPath) {
        return errorResponse(
          403,
          'ORIGIN_NOT_ALLOWED',
          `cross-origin ${request.method} from ${origin} refused: the control API changes state; start the mock with --cors-origin ${origin} to allow that page`,
        );
      }
    }
    if (path === graphqlPath) {
      const page = graphqlPage && request.method === 'GET' ? graphqlPage(request) : undefined;
      return page ? withHeaders(page, cors) : serveGraphQL(request, url, cors);
    }
    return withHeaders(await routeOthers(request, url, path), cors);
  }

  async function routeOthers(request: MockRequest, url: string, path: string): Promise<MockResponse> {
    for (const { route: candidate, matches } of compiled) {
      if (matches(path) && (candidate.method === '*' || candidate.method === request.method)) {
        return candidate.handle(request, {
          path,
          query: queryOf(url),
          readBody: (limit = bodyLimit) => readBody(request, limit),
        });
      }
    }
    const allowed = [
      ...new Set(compiled.filter(({ matches }) => matches(path)).map(({ route: candidate }) => candidate.method)),
    ];
    if (allowed.length > 0)
      return errorResponse(
        405,
        'METHOD_NOT_ALLOWED',
        `${request.method} is not allowed on ${path}; use ${allowed.join(' or ')}`,
        { allow: allowed.join(', ') },
      );
    if (path === CONTROL || path.startsWith(`${CONTROL}/`)) return serveControl(request, path, url);
    return errorResponse(
      404,
      'NOT_FOUND',
      `nothing at ${request.method} ${path}; the GraphQL endpoint is POST ${graphqlPath}, the control API is under ${CONTROL} (GET ${CONTROL} lists it)`,
    );
  }

  function preflight(request: MockRequest, origin: string): MockResponse {
    if (!originAllowed(origin)) {
      return errorResponse(
        403,
        'ORIGIN_NOT_ALLOWED',
        `cross-origin requests from ${origin} are not allowed; start the mock with --cors-origin ${origin} (or --cors-origin '*')`,
        { vary: 'origin' },
      );
    }
    return new TextResponse(
      204,
      {
        'access-control-allow-origin': anyOrigin ? '*' : origin,
        'access-control-allow-methods': CORS_METHODS,
        'access-control-allow-headers': request.headers.get('access-control-request-headers') ?? CORS_HEADERS,
        'access-control-max-age': '600',
        vary: 'origin',
      },
      '',
    );
  }

  return (request) =>
    route(request).catch((error: unknown) => {
      // A bug in the mock, not the client's mistake.
      if (logger.enabled('error'))
        logger.log('error', 'bug', {
          summary: `${request.method} ${pathOf(request.url)}`,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
      return pathOf(request.url) === graphqlPath
        ? jsonResponse(500, {
            errors: [
              {
                message: 'internal error in sentera-mock; please report it',
                extensions: { code: 'INTERNAL_SERVER_ERROR' },
              },
            ],
          })
        : errorResponse(500, 'INTERNAL_SERVER_ERROR', 'internal error in sentera-mock; please report it');
    });
}

/** Bodies for the protocol answers graphql-http gives without one (405, 406, 415). */
function graphqlProblem(
  status: number,
  headers: Record<string, string>,
  request: MockRequest,
  cors: Record<string, string> | undefined,
): TextResponse {
  let message: string;
  if (status === 415)
    message = `send the GraphQL request as JSON with content-type: application/json (got ${describe(request.headers.get('content-type'))})`;
  else if (status === 406)
    message = `accept application/graphql-response+json or application/json (got accept: ${describe(request.headers.get('accept'))})`;
  else if (status === 405)
    message = `${request.method} is not allowed on the GraphQL endpoint; use POST (or GET for queries)`;
  else message = `the request is not a GraphQL-over-HTTP request this endpoint accepts (HTTP ${status})`;
  return new TextResponse(
    status,
    { ...headers, 'content-type': jsonTypeFor(request), ...cors },
    JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }),
  );
}

/** The GraphQL response media type the request accepts (the GraphQL over HTTP one first). */
function jsonTypeFor(request: MockRequest): string {
  const accept = request.headers.get('accept') ?? '';
  return accept.includes('application/graphql-response+json')
    ? 'application/graphql-response+json; charset=utf-8'
    : 'application/json; charset=utf-8';
}

function describe(value: string | null): string {
  return value === null || value === '' ? 'none' : `"${value}"`;
}

function withHeaders(response: MockResponse, extra: Record<string, string> | undefined): MockResponse {
  if (!extra) return response;
  if (response instanceof TextResponse)
    return new TextResponse(response.status, { ...response.headers.record, ...extra }, response.bodyText);
  // A Fetch Response: its headers are mutable unless it came from fetch(); routes build their own.
  const headers = response.headers as unknown as { set?(name: string, value: string): void };
  if (typeof headers.set === 'function') for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  return response;
}

/** The path of an absolute or origin-relative URL, without query or fragment. */
function pathOf(url: string): string {
  let start = 0;
  if (url[0] !== '/') {
    const scheme = url.indexOf('://');
    start = scheme === -1 ? 0 : url.indexOf('/', scheme + 3);
    if (start === -1) return '/';
  }
  let end = url.length;
  const query = url.indexOf('?', start);
  if (query !== -1) end = query;
  const hash = url.indexOf('#', start);
  if (hash !== -1 && hash < end) end = hash;
  return url.slice(start, end) || '/';
}

function queryOf(url: string): URLSearchParams {
  const index = url.indexOf('?');
  if (index === -1) return new URLSearchParams();
  const hash = url.indexOf('#', index);
  return new URLSearchParams(url.slice(index + 1, hash === -1 ? undefined : hash));
}

function decodeQuery(url: string): string {
  return queryOf(url).get('query') ?? '';
}

function sameOrigin(origin: string, host: string | null, url: string): boolean {
  const requestHost = host ?? hostOfUrl(url);
  if (requestHost === null) return false;
  const scheme = origin.indexOf('://');
  return scheme !== -1 && origin.slice(scheme + 3) === requestHost;
}

function hostOfUrl(url: string): string | null {
  const scheme = url.indexOf('://');
  if (scheme === -1) return null;
  const end = url.indexOf('/', scheme + 3);
  return url.slice(scheme + 3, end === -1 ? undefined : end);
}

function hostname(host: string): string {
  return host.startsWith('[') ? host : host.replace(/:\d+$/, '');
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function compileRoute(path: string): (candidate: string) => boolean {
  if (path.endsWith('/*')) {
    const prefix = path.slice(0, -2);
    return (candidate) => candidate === prefix || candidate.startsWith(`${prefix}/`);
  }
  return (candidate) => candidate === path;
}
