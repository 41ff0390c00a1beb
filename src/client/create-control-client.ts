/**
 * create-control-client
 *
 * The one client of a running mock's control API (`/_mock/…`), for the CLI commands, seeding and tests:
 * framework-free, `fetch` given.
 */
import { fetchFailure, type FetchFailure } from './fetch-failure.js';

/**
 * A control API answer's JSON object; failures carry `error`.
 *
 * @category Clients
 */
export type ControlBody = Readonly<Record<string, unknown>> & {
  readonly error?: { readonly code: string; readonly message: string };
};

/**
 * What a control request gave: an HTTP answer (its body when it is a JSON object, else null, as from a server that is
 * not a sentera-mock), or no answer at all.
 *
 * @category Clients
 */
type ControlAnswer =
  | { readonly reached: true; readonly status: number; readonly body: ControlBody | null }
  | { readonly reached: false; readonly failure: FetchFailure };

/**
 * One control request: a method (GET unless given), extra headers, a body sent as JSON.
 *
 * @category Clients
 */
export interface ControlRequest {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON (with `content-type: application/json`) unless undefined. */
  readonly body?: unknown;
}

/**
 * A client of one mock's control API.
 *
 * @category Clients
 */
export interface ControlClient {
  /** The mock's origin, e.g. `http://127.0.0.1:4000`. */
  readonly origin: string;
  /** Sends `request` to `/_mock` + `path` (e.g. `/events?type=TASK_MODIFIED`). Never throws for the network. */
  request(path: string, request?: ControlRequest): Promise<ControlAnswer>;
}

/**
 * Options of {@link createControlClient}.
 *
 * @category Clients
 */
export interface ControlClientOptions {
  /** The mock's origin, e.g. `http://127.0.0.1:4000` (the origin of its /graphql URL). */
  origin: string;
  /** Sent with every request, e.g. `Authorization`; a request's own headers win. */
  headers?: Readonly<Record<string, string>>;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * Creates a client of a mock's control API.
 *
 * @example
 * ```ts
 * const control = createControlClient({ origin: 'http://127.0.0.1:4000' });
 * const answer = await control.request('/events', { method: 'POST', body: { type: 'TASK_MODIFIED', organization_sentera_id } });
 * if (answer.reached && answer.body?.['event']) console.log('emitted');
 * ```
 * @category Clients
 */
export function createControlClient(options: ControlClientOptions): ControlClient {
  const { origin, headers = {}, fetch: fetchFn = globalThis.fetch } = options;
  return {
    origin,
    async request(path, request = {}) {
      let response: Response;
      try {
        response = await fetchFn(`${origin}/_mock${path}`, {
          method: request.method ?? 'GET',
          headers: {
            ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
            ...request.headers,
          },
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        });
      } catch (error) {
        return { reached: false, failure: fetchFailure(error) };
      }
      const body: unknown = await response.json().catch(() => null);
      return {
        reached: true,
        status: response.status,
        body: body !== null && typeof body === 'object' ? (body as ControlBody) : null,
      };
    },
  };
}
