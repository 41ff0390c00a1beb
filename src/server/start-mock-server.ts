/**
 * start-mock-server
 */
import type { Express } from 'express';
import { ConfigurationError } from '../errors.js';
import { attachStatePersistence } from '../state/attach-state-persistence.js';
import { createControlApi, type ControlApi, type ControlRoute } from '../mock/control-api.js';
import { createMock, type MockOptions, type SenteraMock } from '../mock/create-mock.js';
import { createApp } from './create-app.js';
import { createRequestListener } from './create-request-listener.js';
import { startServer, type RunningServer } from './start-server.js';

/**
 * Options of {@link createMockServer}: the mock's options plus the extra control routes.
 *
 * @category Server
 */
export interface MockServerOptions extends MockOptions {
  /** More control routes under /_mock. */
  controlRoutes?: readonly ControlRoute[];
}

/**
 * A mock with its HTTP app, not listening yet (embed `app` in your own server, or use {@link startMockServer}).
 *
 * @category Server
 */
export interface MockServer {
  readonly mock: SenteraMock;
  readonly control: ControlApi;
  readonly app: Express;
}

/**
 * Creates a mock and the express app that serves it.
 *
 * @category Server
 */
export function createMockServer(options: MockServerOptions = {}): MockServer {
  const { controlRoutes = [], ...mockOptions } = options;
  const mock = createMock(mockOptions);
  const control = createControlApi({ mock, routes: controlRoutes });
  return { mock, control, app: createApp({ mock, control }) };
}

/**
 * Options of {@link startMockServer}.
 *
 * @category Server
 */
export interface StartMockServerOptions extends MockServerOptions {
  /** The port; 0 picks a free one. @default 0 */
  port?: number;
  /** The interface to bind. @default '127.0.0.1' */
  host?: string;
  /**
   * A file that keeps the state across restarts: restored at start when it exists, saved atomically after every
   * change. A corrupt or foreign file is refused with a ConfigurationError, never overwritten.
   */
  stateFile?: string;
}

/**
 * A listening mock.
 *
 * @category Server
 */
export interface RunningMockServer extends RunningServer, MockServer {}

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
  const { port, host, stateFile, ...serverOptions } = options;
  const mockServer = createMockServer(serverOptions);
  const persistence = stateFile === undefined ? undefined : attachStatePersistence({ mock: mockServer.mock, path: stateFile });
  if (persistence && !persistence.ok) throw new ConfigurationError(persistence.problem.message);
  const listener = createRequestListener({ graphqlHandler: mockServer.mock.graphqlHandler, fallback: mockServer.app });
  let running: RunningServer;
  try {
    running = await startServer({ app: listener, ...(port === undefined ? {} : { port }), ...(host === undefined ? {} : { host }) });
  } catch (error) {
    mockServer.mock.close();
    persistence?.value.close(); // Releases the state file's lock.
    throw error;
  }
  const close = running.close;
  return Object.assign(running, mockServer, {
    close: async () => {
      mockServer.mock.close();
      await close();
      persistence?.value.close();
    },
  });
}
