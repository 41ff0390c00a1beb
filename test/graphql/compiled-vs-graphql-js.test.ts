/**
 * The compiled execution path against graphql-js's own `execute`, over every request the contract suite sends: the
 * suite runs against a mock in-process (recording each request), then the same requests go, in the same order, to
 * two fresh mocks that start alike, one answering from compiled plans (through the handler options' fast path when it
 * applies) and one with graphql-http and graphql-js; every response must be byte for byte the same.
 */
import { parse, validate } from 'graphql';
import type { Handler } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { runContract } from '../../src/contract/run-contract.js';
import { compileOperation } from '../../src/graphql/compile-operation.js';
import { createGraphQLHandler } from '../../src/graphql/create-graphql-handler.js';
import { createHandlerOptions } from '../../src/graphql/create-handler-options.js';
import type { SenteraMock } from '../../src/mock/create-mock.js';
import { createTestMock } from '../support/test-mock.js';

interface Recorded {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: string;
}

/** A fetch that answers from `handler` in-process, recording what it was sent. */
function inProcessFetch(handler: Handler, recorded: Recorded[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const body = await request.text();
    recorded.push({ method: request.method, url: request.url, headers: [...request.headers], body });
    const [responseBody, responseInit] = await handler({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: () => Promise.resolve(body),
      raw: request,
      context: null,
    });
    return new Response(responseBody, responseInit);
  };
}

async function replay(
  handler: Handler,
  request: Recorded,
): Promise<{ status: number; headers: unknown; body: string | null }> {
  const headers = new Headers(request.headers);
  const [body, init] = await handler({
    method: request.method,
    url: request.url,
    headers,
    // A string, as the front door gives it: the compiled mock then answers planned POSTs from its fast path.
    body: request.body,
    raw: null,
    context: null,
  });
  return { status: init.status, headers: init.headers, body: typeof body === 'string' ? body : null };
}

function handlerOf(mock: SenteraMock, compile: boolean): Handler {
  return createGraphQLHandler({ ...createHandlerOptions({ schema: mock.schema, compile }) });
}

/** Whether a recorded request's operation runs from a plan. */
function compiles(mock: SenteraMock, request: Recorded): boolean {
  let params: { query?: unknown; operationName?: unknown };
  try {
    params =
      request.method === 'GET'
        ? Object.fromEntries(new URL(request.url).searchParams)
        : (JSON.parse(request.body) as typeof params);
  } catch {
    return false;
  }
  if (typeof params.query !== 'string') return false;
  try {
    const document = parse(params.query);
    if (validate(mock.schema, document).length > 0) return false;
    return (
      compileOperation({
        schema: mock.schema,
        document,
        operationName: typeof params.operationName === 'string' ? params.operationName : undefined,
      }) !== undefined
    );
  } catch {
    return false;
  }
}

describe('compiled plans against graphql-js over the contract suite', () => {
  it('answers every request of the suite exactly as graphql-js does', async () => {
    const recorded: Recorded[] = [];
    const suiteMock = createTestMock();
    const run = await runContract({
      endpoint: 'http://sentera-mock.test/graphql',
      fetch: inProcessFetch(suiteMock.graphqlHandler, recorded),
      // In-process: nothing to be polite to (the kit spaces requests 100 ms apart for an endpoint off this machine).
      paceMs: 0,
    });
    expect(run.ok && run.report.summary.error).toBe(0);

    const compiledMock = createTestMock();
    const referenceMock = createTestMock();
    const compiled = handlerOf(compiledMock, true);
    const reference = handlerOf(referenceMock, false);
    const differences: string[] = [];
    for (const [index, request] of recorded.entries()) {
      const [mine, theirs] = [await replay(compiled, request), await replay(reference, request)];
      if (JSON.stringify(mine) !== JSON.stringify(theirs))
        differences.push(
          `#${index} ${request.method} ${request.body.slice(0, 120)}\n  compiled: ${JSON.stringify(mine)}\n  graphql-js: ${JSON.stringify(theirs)}`,
        );
    }
    expect(differences).toEqual([]);
    // The comparison means something only if most of the suite's operations do run from plans.
    const planned = recorded.filter((request) => compiles(compiledMock, request)).length;
    expect(recorded.length).toBeGreaterThan(40);
    expect(planned / recorded.length).toBeGreaterThan(0.5);
  });
});
