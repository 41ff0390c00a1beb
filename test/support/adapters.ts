import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { senteraMockMiddleware } from '../../src/express/sentera-mock-middleware.js';
import type { MockOptions } from '../../src/mock/create-mock.js';
import { startMockServer } from '../../src/server/start-mock-server.js';
import { createManualClock } from '../../src/runtime/clock.js';
import { DOCUMENTED_INSTANT } from './documented-example.js';
import { createTestMock } from './test-mock.js';
import { afterFile } from './after-file.js';

/** One request, as a test sends it: a path of the mock (`/graphql`, `/_mock/...`), the rest as for fetch. */
export interface TestRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What a test compares: status, the headers that matter, the exact body. */
interface TestResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The headers whose values must agree across adapters. */
const COMPARED_HEADERS = [
  'content-type',
  'allow',
  'vary',
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
];

/** A way to reach a mock: over node:http, in-process through mock.fetch, or mounted in an express app. */
export interface Adapter {
  readonly name: string;
  send(request: TestRequest): Promise<TestResponse>;
}

async function read(response: Response): Promise<TestResponse> {
  const headers: Record<string, string> = {};
  for (const name of COMPARED_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return { status: response.status, headers, body: await response.text() };
}

function init(request: TestRequest): RequestInit {
  return {
    method: request.method,
    headers: { ...request.headers },
    ...(request.body === undefined ? {} : { body: request.body }),
  };
}

/** The three adapters, each over its own mock made with the same options (so the same requests give the same bytes). */
export async function startAdapters(given: MockOptions): Promise<Adapter[]> {
  // One origin for `{mock}` in the fixtures' callback URLs, so state exports match byte for byte.
  const options: MockOptions = { origin: 'http://127.0.0.1:4000', ...given };
  const server = await startMockServer({
    seed: 'test',
    clock: createManualClock({ start: new Date(DOCUMENTED_INSTANT) }),
    delivery: false,
    ...options,
    port: 0,
  });
  afterFile(() => server.close());

  const inProcess = createTestMock(options);
  afterFile(async () => inProcess.close());

  const embedded = createTestMock(options);
  const app = express();
  app.use('/sentera', senteraMockMiddleware(embedded));
  const expressServer = createServer(app);
  await new Promise<void>((resolve) => expressServer.listen(0, '127.0.0.1', resolve));
  const expressOrigin = `http://127.0.0.1:${(expressServer.address() as AddressInfo).port}`;
  afterFile(async () => {
    embedded.close();
    expressServer.closeAllConnections();
    await new Promise((resolve) => expressServer.close(resolve));
  });

  return [
    { name: 'node:http', send: async (request) => read(await fetch(`${server.origin}${request.path}`, init(request))) },
    {
      name: 'mock.fetch',
      send: async (request) =>
        read(await inProcess.fetch(new Request(`http://127.0.0.1${request.path}`, init(request)))),
    },
    {
      name: 'express',
      send: async (request) => read(await fetch(`${expressOrigin}/sentera${request.path}`, init(request))),
    },
  ];
}
