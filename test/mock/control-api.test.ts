import { describe, expect, it } from 'vitest';
import { createSystemClock } from '../../src/runtime/clock.js';
import { startTestServer } from '../support/test-mock.js';
import { DOCUMENTED_MUTATION } from '../support/documented-example.js';

async function call(origin: string, method: string, path: string, body?: string) {
  const response = await fetch(`${origin}/_mock${path}`, {
    method,
    ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the control API under /_mock', async () => {
  const server = await startTestServer();

  it('lists its routes', async () => {
    const { status, body } = await call(server.origin, 'GET', '');
    expect(status).toBe(200);
    expect(body['routes']).toEqual(
      expect.arrayContaining([{ method: 'POST', path: '/_mock/reset', description: expect.any(String) }]),
    );
  });

  it('moves a manual clock and reports it', async () => {
    expect(await call(server.origin, 'GET', '/clock')).toEqual({
      status: 200,
      body: { now: '2022-01-31T13:27:09Z', manual: true },
    });
    expect(await call(server.origin, 'POST', '/clock', '{"advance_ms": 61000}')).toEqual({
      status: 200,
      body: { now: '2022-01-31T13:28:10Z', manual: true },
    });
    expect(await call(server.origin, 'POST', '/clock', '{"set": "2023-05-01T00:00:00Z"}')).toEqual({
      status: 200,
      body: { now: '2023-05-01T00:00:00Z', manual: true },
    });
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

  it.each([
    ['an advance of 9e15 ms', '{"advance_ms": 9e15}', 'the clock did not move'],
    ['an advance of 1e400 ms (Infinity)', '{"advance_ms": 1e400}', 'Infinity'],
    ['a date in 2100', '{"set": "2100-01-01T00:00:00Z"}', '2100-01-01T00:00:00.000Z'],
    ['a date in 1999', '{"set": "1999-12-31T23:59:59Z"}', '1999-12-31T23:59:59.000Z'],
  ])(
    'refuses %s with a 400 naming the 2000-2099 range, and the clock and creates keep working',
    async (_, body, shown) => {
      const before = await call(server.origin, 'GET', '/clock');
      const response = await call(server.origin, 'POST', '/clock', body);
      expect(response).toEqual({
        status: 400,
        body: {
          error: {
            code: 'BAD_USER_INPUT',
            message: expect.stringContaining('2000-01-01T00:00:00.000Z to 2099-12-31T23:59:59.999Z'),
          },
        },
      });
      expect(JSON.stringify(response.body)).toContain(shown);
      expect(await call(server.origin, 'GET', '/clock')).toEqual(before);
      const created = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: DOCUMENTED_MUTATION }),
      });
      expect(created.status).toBe(200);
      expect(await created.text()).not.toContain('errors');
    },
  );

  it('accepts the last millisecond of 2099', async () => {
    expect(await call(server.origin, 'POST', '/clock', '{"set": "2099-12-31T23:59:59Z"}')).toEqual({
      status: 200,
      body: { now: '2099-12-31T23:59:59Z', manual: true },
    });
    expect((await call(server.origin, 'POST', '/clock', '{"advance_ms": 1000}')).status).toBe(400);
  });

  it('refuses to move the system clock', async () => {
    const system = await startTestServer({ clock: createSystemClock() });
    const response = await call(system.origin, 'POST', '/clock', '{"advance_ms": 1}');
    expect(response).toEqual({
      status: 409,
      body: { error: { code: 'CLOCK_NOT_MANUAL', message: expect.stringContaining('--clock') } },
    });
  });
});
