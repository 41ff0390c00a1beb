/**
 * intercept-sentera
 */
import type { EmitInput, EventLog } from '../events/create-event-log.js';
import { createControlApi, type ControlResponse, type ControlRoute } from '../mock/control-api.js';
import { createMock, type MockOptions, type SenteraMock } from '../mock/create-mock.js';
import { createRequestHandler } from '../mock/create-request-handler.js';
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
  /** More control routes (e.g. events and deliveries) to serve under `<origin>/_mock`. */
  controlRoutes?: readonly ControlRoute[];
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
  /** Calls the mock's control API in-process, e.g. `control('GET', '/deliveries')`. */
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
  const { url = SENTERA_PRODUCTION_URL, clock = createManualClock({ start: new Date(DEFAULT_INTERCEPT_START) }), controlRoutes = [], ...mockOptions } = options;
  const target = new URL(url);
  if (active.has(target.origin)) throw new Error(`[sentera-mock] interceptSentera: ${target.origin} is already intercepted; call done() on the other interception first`);
  const { default: nock } = await import('nock');
  const mock = createMock({ ...mockOptions, clock });
  const control = createControlApi({ mock, routes: controlRoutes });
  const handle = createRequestHandler({ mock, control, graphqlPath: target.pathname });
  let requestCount = 0;
  const counted: typeof handle = (request) => {
    requestCount++;
    return handle(request);
  };

  if (!nock.isActive()) nock.activate();
  const scope = nock(target.origin).persist();
  const paths = (path: string) => path.split('?')[0] === target.pathname || /^\/_mock(\/|\?|$)/.test(path);
  const interceptors: ReturnType<typeof scope.intercept>[] = [];
  for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) {
    const interceptor = scope.intercept(paths, method);
    interceptors.push(interceptor);
    interceptor.reply(async function reply(uri, requestBody) {
      const headers = this.req.headers as Record<string, string | string[] | undefined>;
      const [body, init] = await counted({
        method,
        url: `${target.origin}${uri}`,
        headers: { get: (name: string) => headerValue(headers, name) },
        body: typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody),
        raw: null,
        context: null,
      });
      return [init.status, body ?? '', init.headers as Record<string, string>];
    });
  }

  // The `undici` package does not go through node:http, so nock cannot see it: when it is installed, answer through
  // undici's global dispatcher too, handing other origins to the dispatcher that was there (or a fresh Agent).
  const undici = (await import('undici').catch(() => null)) as { Agent: new () => UndiciDispatcher } | null;
  const slot = globalThis as unknown as Record<symbol, UndiciDispatcher | undefined>;
  const previous = slot[UNDICI_GLOBAL_DISPATCHER];
  const ownAgent = undici && !previous ? new undici.Agent() : undefined;
  const dispatcher = undici ? createUndiciDispatcher({ origin: target.origin, handle: counted, fallback: (previous ?? ownAgent) as UndiciDispatcher }) : undefined;
  if (dispatcher) setDispatcher(slot, dispatcher);
  active.add(target.origin);

  let finished = false;
  return {
    url,
    mock,
    reset: () => mock.reset(),
    advanceClock: (milliseconds) => clock.advance(milliseconds),
    trigger: (input) => mock.events.emit(input),
    control: (method, path, body) => control({ method, path, query: new URLSearchParams(new URL(path, 'http://x').search), body }),
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

function setDispatcher(slot: Record<symbol, UndiciDispatcher | undefined>, dispatcher: UndiciDispatcher | undefined): void {
  // undici defines the slot as writable but not configurable: assign when it exists, define it (configurable) if not.
  if (Object.prototype.hasOwnProperty.call(slot, UNDICI_GLOBAL_DISPATCHER)) slot[UNDICI_GLOBAL_DISPATCHER] = dispatcher;
  else Object.defineProperty(slot, UNDICI_GLOBAL_DISPATCHER, { value: dispatcher, writable: true, enumerable: false, configurable: true });
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
