import { describe, expect, it } from 'vitest';
import { createSystemClock } from '../../src/runtime/clock.js';
import { startTestServer } from '../support/test-mock.js';

async function call(origin: string, method: string, path: string, body?: string) {
  const response = await fetch(`${origin}/_mock${path}`, { method, ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the control API under /_mock', async () => {
  const server = await startTestServer();

  it('lists its routes', async () => {
    const { status, body } = await call(server.origin, 'GET', '');
    expect(status).toBe(200);
    expect(body['routes']).toEqual(expect.arrayContaining([{ method: 'POST', path: '/_mock/reset', description: expect.any(String) }]));
  });

  it('moves a manual clock and reports it', async () => {
    expect(await call(server.origin, 'GET', '/clock')).toEqual({ status: 200, body: { now: '2022-01-31T13:27:09Z', manual: true } });
    expect(await call(server.origin, 'POST', '/clock', '{"advance_ms": 61000}')).toEqual({ status: 200, body: { now: '2022-01-31T13:28:10Z', manual: true } });
    expect(await call(server.origin, 'POST', '/clock', '{"set": "2023-05-01T00:00:00Z"}')).toEqual({ status: 200, body: { now: '2023-05-01T00:00:00Z', manual: true } });
  });

  it.each([
    ['malformed JSON', 'POST', '/clock', '{nope', 400, 'BAD_REQUEST'],
    ['a negative advance', 'POST', '/clock', '{"advance_ms": -5}', 400, 'BAD_USER_INPUT'],
    ['a bad date', 'POST', '/clock', '{"set": "yesterday"}', 400, 'INVALID_DATE_TIME'],
    ['an unknown route', 'GET', '/nope', undefined, 404, 'NOT_FOUND'],
    ['a wrong method', 'DELETE', '/reset', undefined, 405, 'METHOD_NOT_ALLOWED'],
  ])('answers %s with %i and a coded JSON error', async (_, method, path, body, status, code) => {
    const response = await call(server.origin, method, path, body);
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error: { code, message: expect.any(String) } });
  });

  it('refuses to move the system clock', async () => {
    const system = await startTestServer({ clock: createSystemClock() });
    const response = await call(system.origin, 'POST', '/clock', '{"advance_ms": 1}');
    expect(response).toEqual({ status: 409, body: { error: { code: 'CLOCK_NOT_MANUAL', message: expect.stringContaining('--clock') } } });
  });
});
