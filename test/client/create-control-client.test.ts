import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createControlClient } from '../../src/client/create-control-client.js';
import { startTestServer } from '../support/test-mock.js';

/** A fetch that records what it is given and answers `response`. */
function recordingFetch(response: () => Response) {
  const calls: Array<{ url: string; method: string; headers: Record<string, string>; body: string | null }> = [];
  const fetchFn: typeof fetch = async (input, init) => {
    calls.push({
      url: input instanceof Request ? input.url : input.toString(),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: typeof init?.body === 'string' ? init.body : null,
    });
    return response();
  };
  return { calls, fetchFn };
}

describe('createControlClient', () => {
  it("talks to a mock's control API: a GET and a JSON POST, with their answers", async () => {
    const server = await startTestServer();
    const control = createControlClient({ origin: server.origin });
    expect(await control.request('/clock')).toEqual({
      reached: true,
      status: 200,
      body: { now: '2022-01-31T13:27:09Z', manual: true },
    });
    expect(await control.request('/clock', { method: 'POST', body: { advance_ms: 1000 } })).toMatchObject({
      reached: true,
      status: 200,
      body: { now: '2022-01-31T13:27:10Z' },
    });
    expect(await control.request('/clock', { method: 'POST', body: { advance_ms: -1 } })).toMatchObject({
      reached: true,
      status: 400,
      body: { error: { code: 'BAD_USER_INPUT' } },
    });
  });

  it('sends the client headers and a JSON content type only with a body; a request header wins', async () => {
    const { calls, fetchFn } = recordingFetch(() => Response.json({ ok: true }));
    const control = createControlClient({
      origin: 'http://mock.test',
      headers: { authorization: 'Bearer a', 'x-a': '1' },
      fetch: fetchFn,
    });
    await control.request('/health');
    await control.request('/events', { method: 'POST', body: { type: 'TASK_MODIFIED' }, headers: { 'x-a': '2' } });
    expect(calls).toEqual([
      {
        url: 'http://mock.test/_mock/health',
        method: 'GET',
        headers: { authorization: 'Bearer a', 'x-a': '1' },
        body: null,
      },
      {
        url: 'http://mock.test/_mock/events',
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer a', 'x-a': '2' },
        body: '{"type":"TASK_MODIFIED"}',
      },
    ]);
  });

  it('gives a null body for an answer that is not a JSON object (not a sentera-mock)', async () => {
    const { fetchFn } = recordingFetch(() => new Response('<html>hello</html>', { status: 404 }));
    const control = createControlClient({ origin: 'http://other.test', fetch: fetchFn });
    expect(await control.request('/events')).toEqual({ reached: true, status: 404, body: null });
  });

  it('gives the failure, never throws, when nothing answers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const answer = await createControlClient({ origin: `http://127.0.0.1:${port}` }).request('/health');
    expect(answer).toEqual({
      reached: false,
      failure: { timedOut: false, message: 'fetch failed', detail: 'ECONNREFUSED' },
    });
  });
});
