/**
 * send-graphql
 *
 * The one GraphQL-over-HTTP client of the package (contract kit, seeding, tests): framework-free, `fetch` given.
 */
import { fetchFailure, type FetchFailure } from './fetch-failure.js';

/** A GraphQL request body. */
export interface GraphQLRequest {
  readonly query: string;
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly operationName?: string;
}

/** An error as it appears in a response body. */
export interface ResponseError {
  readonly message?: unknown;
  readonly path?: unknown;
  readonly extensions?: unknown;
}

/**
 * What came back: the HTTP status and content type, the raw text, and the body when it is a JSON object.
 */
export interface GraphQLExchange {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  /** The parsed body, or undefined when the text is not a JSON object. */
  readonly body: { readonly data?: unknown; readonly errors?: unknown } | undefined;
}

/** An exchange, or why no response arrived (connection refused, DNS, timeout): a sentence and the failure. */
export type ExchangeResult =
  | { readonly ok: true; readonly exchange: GraphQLExchange }
  | { readonly ok: false; readonly message: string; readonly failure: FetchFailure };

/** Where and how requests go. */
export interface Transport {
  readonly endpoint: string;
  /** Extra headers (e.g. `Authorization`); `content-type` and `accept` are the client's. */
  readonly headers: Readonly<Record<string, string>>;
  readonly fetch: typeof fetch;
  /** Per request; no timeout when absent. */
  readonly timeoutMs?: number;
}

/**
 * POSTs one GraphQL request as JSON, accepting both GraphQL-over-HTTP media types. Never throws for the network:
 * a request that gets no response resolves to `{ ok: false, message }`.
 *
 * @example
 * ```ts
 * const result = await sendGraphQL({ endpoint, headers: {}, fetch }, { query: '{ __typename }' });
 * if (!result.ok) console.error(result.message); // e.g. cannot reach http://127.0.0.1:4000/graphql (ECONNREFUSED)
 * else console.log(result.exchange.status, result.exchange.body?.data);
 * ```
 */
export async function sendGraphQL(transport: Transport, request: GraphQLRequest): Promise<ExchangeResult> {
  let response: Response;
  let text: string;
  try {
    response = await transport.fetch(transport.endpoint, {
      method: 'POST',
      headers: {
        ...transport.headers,
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json;q=0.9',
      },
      body: JSON.stringify(request),
      ...(transport.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(transport.timeoutMs) }),
    });
    text = await response.text();
  } catch (error) {
    const failure = fetchFailure(error);
    return {
      ok: false,
      message: failure.timedOut
        ? `no response from ${transport.endpoint} within ${transport.timeoutMs} ms`
        : `cannot reach ${transport.endpoint} (${failure.detail})`,
      failure,
    };
  }
  let body: GraphQLExchange['body'];
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed;
  } catch {
    body = undefined;
  }
  return {
    ok: true,
    exchange: { status: response.status, contentType: response.headers.get('content-type') ?? '', text, body },
  };
}

/** Whether a content type is one a GraphQL-over-HTTP server answers with. */
export function isGraphQLContentType(contentType: string): boolean {
  return /^application\/(graphql-response\+json|json)\b/i.test(contentType.trim());
}

/** The errors of a body as a list (empty when there are none or the entry is not a list). */
export function responseErrors(exchange: GraphQLExchange): readonly ResponseError[] {
  const errors = exchange.body?.errors;
  return Array.isArray(errors) ? (errors as ResponseError[]) : [];
}

/** The message of a response error, for reports. */
export function errorMessage(error: ResponseError): string {
  return typeof error.message === 'string' ? error.message : JSON.stringify(error);
}
