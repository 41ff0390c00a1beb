/**
 * start-mock-server
 */
import type { RequestListener } from 'node:http';
import { ConfigurationError } from '../errors.js';
import { attachStatePersistence } from '../state/attach-state-persistence.js';
import type { ControlApi } from '../mock/control-api.js';
import { createMock, type MockOptions, type SenteraMock } from '../mock/create-mock.js';
import { createNodeListener } from './create-node-listener.js';
import { startServer, type RunningServer } from './start-server.js';

/**
 * Options of {@link createMockServer}: the mock's options.
 *
 * @category Server
 */
export type MockServerOptions = MockOptions;

/**
 * A mock with its node:http request listener, not listening yet (pass `listener` to `http.createServer`, or use
 * {@link startMockServer}; inside an express app, use `senteraMockMiddleware` from `sentera-mock/express`).
 *
 * @category Server
 */
export interface MockServer {
  readonly mock: SenteraMock;
  readonly control: ControlApi;
  /** Every route of the mock, for `http.createServer(listener)`. */
  readonly listener: RequestListener;
}

/**
 * Creates a mock and the node:http listener that serves it.
 *
 * @category Server
 */
export function createMockServer(options: MockServerOptions = {}): MockServer {
  const mock = createMock(options);
  return { mock, control: mock.control, listener: createNodeListener({ handle: mock.handle }) };
}

/**
 * Options of {@link startMockServer}.
 *
 * @category Server
 */
export interface StartMockServerOptions extends MockServerOptions {
  /** The port; 0 picks a free one. @default 0 */
  port?: number;
  /** The interface to bind; its name is also an allowed `Host`. @default '127.0.0.1' */
  host?: string;
  /**
   * A file that keeps the state across restarts: restored at start (with its journal, `<file>.journal`), every change
   * journaled before it is acknowledged (see attachStatePersistence). A corrupt or foreign file is refused with a
   * ConfigurationError, never overwritten.
   */
  stateFile?: string;
  /** The journal's size (bytes) past which the whole state is written to `stateFile` anew. @default 8 MiB */
  stateJournalLimit?: number;
}

/**
 * A listening mock.
 *
 * @category Server
 */
export interface RunningMockServer extends RunningServer, MockServer {
  /** What restoring `stateFile` worked around (a torn last journal record, a stale journal), one sentence each. */
  readonly stateNotes: readonly string[];
}

/**
 * Creates a mock and serves it over HTTP.
 *
 * @example
 * ```ts
 * const server = await startMockServer({ seed: 'test', port: 0 });
 * await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
 * await server.close();
 * ```
 * @category Server
 */
export async function startMockServer(options: StartMockServerOptions = {}): Promise<RunningMockServer> {
  const { port, host = '127.0.0.1', stateFile, stateJournalLimit, ...mockOptions } = options;
  const allowedHosts = mockOptions.http?.allowedHosts ?? [];
  // Listen first: the mock's origin (which `{mock}` in fixture URLs stands for) is known once the port is.
  let listener: RequestListener | undefined;
  const running = await startServer({
    app: (request, response) => (listener as RequestListener)(request, response),
    ...(port === undefined ? {} : { port }),
    host,
  });
  let mockServer: MockServer;
  try {
    mockServer = createMockServer({
      origin: running.origin,
      ...mockOptions,
      http: { ...mockOptions.http, allowedHosts: allowedHosts === true ? true : [...allowedHosts, host] },
    });
  } catch (error) {
    await running.close();
    throw error;
  }
  const persistence =
    stateFile === undefined
      ? undefined
      : attachStatePersistence({
          state: mockServer.mock.state,
          path: stateFile,
          ...(stateJournalLimit === undefined ? {} : { compactAfterBytes: stateJournalLimit }),
        });
  if (persistence && !persistence.ok) {
    mockServer.mock.close();
    await running.close();
    throw new ConfigurationError(persistence.problem.message);
  }
  listener = mockServer.listener;
  const close = running.close.bind(running);
  return Object.assign(running, mockServer, {
    stateNotes: persistence?.value.notes ?? [],
    close: async () => {
      mockServer.mock.close();
      await close();
      persistence?.value.close();
    },
  });
}
