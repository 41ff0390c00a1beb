/**
 * intercept-sentera
 */
import type { EmitInput, EventLog } from '../events/create-event-log.js';
import type { ControlResponse } from '../mock/control-api.js';
import { createMock, type MockOptions, type SenteraMock } from '../mock/create-mock.js';
import type { MockHandler } from '../http/http-types.js';
import { TextResponse } from '../http/text-response.js';
import { createManualClock, type ManualClock } from '../runtime/clock.js';
import { createUndiciDispatcher, UNDICI_GLOBAL_DISPATCHER, type UndiciDispatcher } from './create-undici-dispatcher.js';

/**
 * Sentera's production GraphQL endpoint, the default URL {@link interceptSentera} intercepts.
 *
 * @category Testing
 */
export const SENTERA_PRODUCTION_URL = 'https://api.sentera.com/graphql';

/**
 * The instant interception's manual clock starts at unless told otherwise (the documented example's).
 *
 * @category Testing
 */
export const DEFAULT_INTERCEPT_START = '2022-01-31T13:27:09Z';

/**
 * Options of {@link interceptSentera}: the mock's options, plus the URL to intercept.
 *
 * @category Testing
 */
export interface InterceptSenteraOptions extends Omit<MockOptions, 'clock'> {
  /** The GraphQL URL your code calls. @default 'https://api.sentera.com/graphql' */
  url?: string;
  /** The clock; a manual clock so {@link SenteraInterception.advanceClock} works. @default frozen at 2022-01-31T13:27:09Z */
  clock?: ManualClock;
}

/**
 * An active interception, and the handles to drive the mock behind it.
 *
 * @category Testing
 */
export interface SenteraInterception {
  /** The intercepted GraphQL URL. */
  readonly url: string;
  /** The mock answering it (its store, clock, ids...). */
  readonly mock: SenteraMock;
  /** Back to the fixtures, first ids and first fake data. */
  reset(): void;
  /** Moves the mock's clock forward. */
  advanceClock(milliseconds: number): void;
  /** Emits an event now (delivered to the matching subscriptions' callback URLs): the same as `POST /_mock/events`. */
  trigger(input: EmitInput): ReturnType<EventLog['emit']>;
  /** Calls the mock's control API in-process, e.g. `control('GET', '/_mock/deliveries')` (or `'/deliveries'`). */
  control(method: string, path: string, body?: unknown): Promise<ControlResponse>;
  /** How many requests the interception answered. */
  readonly requestCount: number;
  /** Stops intercepting and restores what was there before. Safe to call twice. */
  done(): void;
}

const active = new Set<string>();

/**
 * Routes every request for a Sentera GraphQL URL to an in-memory mock inside the test process: no port, no network.
 * Works with the global `fetch` and `node:http` (through nock) and, when the `undici` package is installed, with its
 * `request`/`fetch` (through undici's global dispatcher). Each test file of vitest runs in its own worker, so interceptions never leak between files; within a
 * process, one interception per origin at a time.
 *
 * @example
 * ```ts
 * const sentera = await interceptSentera({ seed: 'my-test' });
 * const response = await fetch('https://api.sentera.com/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
 * sentera.done();
 * ```
 * @category Testing
 */
export async function interceptSentera(options: InterceptSenteraOptions = {}): Promise<SenteraInterception> {
  const {
    url = SENTERA_PRODUCTION_URL,
    clock = createManualClock({ start: new Date(DEFAULT_INTERCEPT_START) }),
    ...mockOptions
  } = options;
  const target = new URL(url);
  if (active.has(target.origin))
    throw new Error(
      `[sentera-mock] interceptSentera: ${target.origin} is already intercepted; call done() on the other interception first`,
    );
  const { default: nock } = await import('nock');
  const allowedHosts = mockOptions.http?.allowedHosts ?? [];
  const mock = createMock({
    origin: target.origin,
    ...mockOptions,
    clock,
    http: { ...mockOptions.http, allowedHosts: allowedHosts === true ? true : [...allowedHosts, target.hostname] },
  });
  const { control, handle } = mock;
  let requestCount = 0;
  const counted: MockHandler = (request) => {
    requestCount++;
    return handle(request);
  };
  // nock hands a reply function the body parsed when it is JSON (and fails the request when that JSON is malformed);
  // the front door wants the bytes sent. So the interceptors' match, which sees the raw text first, keeps it with the
  // content type, and hides the content type from nock's parser; the reply restores both.
  const sent = new WeakMap<object, { body: string; contentType: string | string[] | undefined }>();

  if (!nock.isActive()) nock.activate();
  const scope = nock(target.origin).persist();
  // The endpoint, the control API, and the built-in inbox and token endpoint (where the default world delivers).
  const paths = (path: string) =>
    path.split('?')[0] === target.pathname || /^\/(_mock|_inbox|_oauth)(\/|\?|$)/.test(path);
  const interceptors: ReturnType<typeof scope.intercept>[] = [];
  for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) {
    const interceptor = scope.intercept(paths, method);
    interceptors.push(interceptor);
    const match = (
      interceptor as unknown as { match: (this: unknown, req: object, options: unknown, body: string) => boolean }
    ).match;
    (interceptor as unknown as { match(req: ClientRequestLike, options: unknown, body: string): boolean }).match =
      function (req, matchOptions, body) {
        const matched = match.call(this, req, matchOptions, body);
        if (matched) {
          const getHeaders = req.getHeaders.bind(req);
          sent.set(req, { body, contentType: getHeaders()['content-type'] as string | string[] | undefined });
          req.getHeaders = () => {
            const headers = getHeaders();
            delete headers['content-type'];
            return headers;
          };
        }
        return matched;
      };
    interceptor.reply(async function reply(uri, requestBody) {
      const kept = sent.get(this.req);
      const headers = {
        ...(this.req.headers as Record<string, string | string[] | undefined>),
        ...(kept?.contentType === undefined ? {} : { 'content-type': kept.contentType }),
      };
      const text = kept?.body ?? (typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody));
      const response = await counted({
        method,
        url: `${target.origin}${uri}`,
        headers: {
          get: (name: string) => headerValue(headers, name),
          forEach: (callback: (value: string, name: string) => void) => {
            for (const name of Object.keys(headers)) callback(headerValue(headers, name) as string, name.toLowerCase());
          },
        },
        body: text === '' ? null : once(Buffer.from(text)),
      });
      const replyHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => (replyHeaders[name] = value));
      return [
        response.status,
        response instanceof TextResponse ? response.bodyText : await response.text(),
        replyHeaders,
      ];
    });
  }

  // The `undici` package does not go through node:http, so nock cannot see it: when it is installed, answer through
  // undici's global dispatcher too, handing other origins to the dispatcher that was there (or a fresh Agent).
  const undici = (await import('undici').catch(() => null)) as { Agent: new () => UndiciDispatcher } | null;
  const slot = globalThis as unknown as Record<symbol, UndiciDispatcher | undefined>;
  const previous = slot[UNDICI_GLOBAL_DISPATCHER];
  const ownAgent = undici && !previous ? new undici.Agent() : undefined;
  const dispatcher = undici
    ? createUndiciDispatcher({
        origin: target.origin,
        handle: counted,
        fallback: (previous ?? ownAgent) as UndiciDispatcher,
      })
    : undefined;
  if (dispatcher) setDispatcher(slot, dispatcher);
  active.add(target.origin);

  let finished = false;
  return {
    url,
    mock,
    reset: () => mock.reset(),
    advanceClock: (milliseconds) => clock.advance(milliseconds),
    trigger: (input) => mock.events.emit(input),
    control: (method, path, body) => {
      const url = new URL(path, 'http://x');
      const below =
        url.pathname === '/_mock'
          ? '/'
          : url.pathname.startsWith('/_mock/')
            ? url.pathname.slice('/_mock'.length)
            : url.pathname;
      return control({ method, path: below, query: url.searchParams, body });
    },
    get requestCount() {
      return requestCount;
    },
    done() {
      if (finished) return;
      finished = true;
      for (const interceptor of interceptors) nock.removeInterceptor(interceptor);
      if (dispatcher && slot[UNDICI_GLOBAL_DISPATCHER] === dispatcher) setDispatcher(slot, previous);
      void ownAgent?.close();
      mock.close();
      active.delete(target.origin);
    },
  };
}

function setDispatcher(
  slot: Record<symbol, UndiciDispatcher | undefined>,
  dispatcher: UndiciDispatcher | undefined,
): void {
  // undici defines the slot as writable but not configurable: assign when it exists, define it (configurable) if not.
  if (Object.prototype.hasOwnProperty.call(slot, UNDICI_GLOBAL_DISPATCHER)) slot[UNDICI_GLOBAL_DISPATCHER] = dispatcher;
  else
    Object.defineProperty(slot, UNDICI_GLOBAL_DISPATCHER, {
      value: dispatcher,
      writable: true,
      enumerable: false,
      configurable: true,
    });
}

/** The part of the ClientRequest nock matches that interception touches. */
interface ClientRequestLike {
  getHeaders(): Record<string, unknown>;
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
