import { afterAll, describe, expect, it } from 'vitest';
import { createSystemClock } from '../../src/runtime/clock.js';
import { DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { createTestMock } from '../support/test-mock.js';

const EVENT_FIELDS = '"type", "organization_sentera_id", "payload" (optional), "triggering_object_id" (optional)';
const PAYLOAD_FIELDS = '"created_by_id" (optional), "updated_by_id" (optional)';
const CLOCK_FIELDS = '"advance_ms" (optional), "set" (optional)';
const event = { type: 'TASK_MODIFIED', organization_sentera_id: DOCUMENTED_ORGANIZATION };

describe('the control API refuses a body or query it does not take, with a 400 saying what to send', () => {
  const mock = createTestMock();
  const call = (method: string, path: string, body?: unknown, query = '') =>
    mock.control({ method, path, query: new URLSearchParams(query), body });

  it.each([
    ['POST /reset with a field', 'POST', '/reset', { a: 1 }, 'POST /_mock/reset takes no body; got {"a":1}'],
    [
      'POST /reset with a field named __proto__',
      'POST',
      '/reset',
      JSON.parse('{"__proto__": 1}') as unknown,
      'POST /_mock/reset takes no body; got {"__proto__":1}',
    ],
    [
      'a clock move with a field named constructor',
      'POST',
      '/clock',
      JSON.parse('{"constructor": 1}') as unknown,
      `POST /_mock/clock has unknown field "constructor"; it takes ${CLOCK_FIELDS}`,
    ],
    ['POST /reset with a list', 'POST', '/reset', [], 'POST /_mock/reset takes no body; got []'],
    ['POST /reset with null', 'POST', '/reset', null, 'POST /_mock/reset takes no body; got null'],
    ['DELETE /inbox with a number', 'DELETE', '/inbox', 5, 'DELETE /_mock/inbox takes no body; got 5'],
    [
      'DELETE /inbox/<name> with a string',
      'DELETE',
      '/inbox/box',
      'x',
      'DELETE /_mock/inbox/<name> takes no body; got "x"',
    ],
    [
      'a redelivery with a body',
      'POST',
      '/events/x/redeliver',
      [1],
      'POST /_mock/events/:id/redeliver takes no body; got [1]',
    ],
    [
      'a clock move that is a list',
      'POST',
      '/clock',
      [1],
      `POST /_mock/clock takes a JSON object with ${CLOCK_FIELDS}; got [1]`,
    ],
    [
      'a clock move that is null',
      'POST',
      '/clock',
      null,
      `POST /_mock/clock takes a JSON object with ${CLOCK_FIELDS}; got null`,
    ],
    [
      'a clock move with two unknown fields',
      'POST',
      '/clock',
      { colour: 'red', advance_ms: 1, size: 2 },
      `POST /_mock/clock has unknown fields "colour", "size"; it takes ${CLOCK_FIELDS}`,
    ],
    [
      'a clock move with one unknown field',
      'POST',
      '/clock',
      { colour: 'red' },
      `POST /_mock/clock has unknown field "colour"; it takes ${CLOCK_FIELDS}`,
    ],
    [
      'an empty clock move',
      'POST',
      '/clock',
      undefined,
      'send {"advance_ms": <whole milliseconds >= 0>} or {"set": "<ISO 8601 date-time>"}; got {}',
    ],
    [
      'a clock move with both fields',
      'POST',
      '/clock',
      { advance_ms: 1, set: '2022-01-31T13:27:09Z' },
      'send {"advance_ms": <whole milliseconds >= 0>} or {"set": "<ISO 8601 date-time>"}; got {"advance_ms":1,"set":"2022-01-31T13:27:09Z"}',
    ],
    [
      'a clock advance given as a string',
      'POST',
      '/clock',
      { advance_ms: '5' },
      'send {"advance_ms": <whole milliseconds >= 0>} or {"set": "<ISO 8601 date-time>"}; got {"advance_ms":"5"}',
    ],
    [
      'a negative clock advance',
      'POST',
      '/clock',
      { advance_ms: -5 },
      'send {"advance_ms": <whole milliseconds >= 0>} or {"set": "<ISO 8601 date-time>"}; got {"advance_ms":-5}',
    ],
    [
      'a clock set given as a number',
      'POST',
      '/clock',
      { set: 5 },
      'send {"advance_ms": <whole milliseconds >= 0>} or {"set": "<ISO 8601 date-time>"}; got {"set":5}',
    ],
    [
      'a fraction of a millisecond',
      'POST',
      '/clock',
      { advance_ms: 1.5 },
      'advance_ms must be whole milliseconds, got 1.5',
    ],
    [
      'an event without a body',
      'POST',
      '/events',
      undefined,
      `POST /_mock/events takes a JSON object with ${EVENT_FIELDS}; got no body`,
    ],
    [
      'an event that is a list',
      'POST',
      '/events',
      [1, 2],
      `POST /_mock/events takes a JSON object with ${EVENT_FIELDS}; got [1,2]`,
    ],
    [
      'an empty event, naming both missing fields',
      'POST',
      '/events',
      { colour: 'red' },
      `POST /_mock/events is missing "type", "organization_sentera_id"; it takes ${EVENT_FIELDS}`,
    ],
    [
      'an event without its organization',
      'POST',
      '/events',
      { type: 'TASK_MODIFIED' },
      `POST /_mock/events is missing "organization_sentera_id"; it takes ${EVENT_FIELDS}`,
    ],
    [
      'an event with unknown fields',
      'POST',
      '/events',
      { ...event, colour: 'red', size: 1 },
      `POST /_mock/events has unknown fields "colour", "size"; it takes ${EVENT_FIELDS}`,
    ],
    [
      'an event whose payload is a number (before its type is checked)',
      'POST',
      '/events',
      { ...event, type: 5, payload: 5 },
      `payload takes a JSON object with ${PAYLOAD_FIELDS}; got 5`,
    ],
    [
      'an event whose payload is null',
      'POST',
      '/events',
      { ...event, payload: null },
      `payload takes a JSON object with ${PAYLOAD_FIELDS}; got null`,
    ],
    [
      'an event whose payload has an unknown field',
      'POST',
      '/events',
      { ...event, payload: { created_by: 'x' } },
      `payload has unknown field "created_by"; it takes ${PAYLOAD_FIELDS}`,
    ],
    ['an event whose type is a number', 'POST', '/events', { ...event, type: 5 }, 'type must be a string; got 5'],
    ['an event whose type is null', 'POST', '/events', { ...event, type: null }, 'type must be a string; got null'],
    [
      'an event whose organization is a list',
      'POST',
      '/events',
      { ...event, organization_sentera_id: [] },
      'organization_sentera_id must be a string; got []',
    ],
    [
      'an event whose triggering object is a number (before the payload fields are checked)',
      'POST',
      '/events',
      { ...event, triggering_object_id: 1, payload: { created_by_id: 2 } },
      'triggering_object_id must be a string; got 1',
    ],
    [
      'an event whose creator is a number',
      'POST',
      '/events',
      { ...event, payload: { created_by_id: 2 } },
      'payload.created_by_id must be a string; got 2',
    ],
    [
      'an event whose creator is null',
      'POST',
      '/events',
      { ...event, payload: { created_by_id: null } },
      'payload.created_by_id must be a string; got null',
    ],
    [
      'an event whose updater is a number',
      'POST',
      '/events',
      { ...event, payload: { updated_by_id: false } },
      'payload.updated_by_id must be a string or null; got false',
    ],
    [
      'an unknown query parameter',
      'GET',
      '/clock',
      undefined,
      'GET /_mock/clock has unknown query parameter "a"; it takes none',
      'a=1&a=2',
    ],
    [
      'two unknown query parameters',
      'GET',
      '/events',
      undefined,
      'GET /_mock/events has unknown query parameters "a", "b"; it takes "triggering_object_id", "organization_sentera_id", "type"',
      'a=1&type=TASK_MODIFIED&b=2&a=3',
    ],
    [
      'an events filter of an unknown type',
      'GET',
      '/events',
      undefined,
      'type must be one of FEATURE_SET_CREATED, SURVEY_CREATED, TASK_MODIFIED; got "NOPE"',
      'type=NOPE',
    ],
    [
      'a query parameter given twice',
      'GET',
      '/events',
      undefined,
      'GET /_mock/events: query parameter "type" given more than once',
      'type=TASK_MODIFIED&type=TASK_MODIFIED',
    ],
  ])('refuses %s', async (_, method, path, body, message, query = '') => {
    const before = JSON.stringify(mock.state.snapshot());
    expect(await call(method, path, body, query)).toEqual({
      status: 400,
      body: { error: { code: 'BAD_USER_INPUT', message } },
    });
    expect(JSON.stringify(mock.state.snapshot())).toBe(before);
  });

  it.each([
    ['POST /reset with no body', 'POST', '/reset', undefined, 200],
    ['POST /reset with an empty object', 'POST', '/reset', {}, 200],
    [
      'an event with a null updater and no creator',
      'POST',
      '/events',
      { ...event, payload: { updated_by_id: null } },
      201,
    ],
    ['an event with only its type and organization', 'POST', '/events', event, 201],
    ['an event with an empty payload', 'POST', '/events', { ...event, payload: {} }, 201],
    ['a clock move of 0 ms', 'POST', '/clock', { advance_ms: 0 }, 200],
    [
      'a query with the parameters it takes',
      'GET',
      '/events',
      undefined,
      200,
      'type=TASK_MODIFIED&organization_sentera_id=x',
    ],
  ])('takes %s', async (_, method, path, body, status, query = '') => {
    expect((await call(method, path, body, query)).status).toBe(status);
  });

  it('refuses a body before saying the clock is not manual, and says so for a body it takes', async () => {
    const system = createTestMock({ clock: createSystemClock() });
    const move = (body: unknown) =>
      system.control({ method: 'POST', path: '/clock', query: new URLSearchParams(), body });
    expect((await move({ colour: 1 })).status).toBe(400);
    expect((await move({ advance_ms: 'x' })).status).toBe(409);
  });
});

describe('the delivery routes refuse a filter they do not take', () => {
  const mock = createTestMock({ delivery: {} });
  afterAll(() => mock.close());

  it.each([
    ['an unknown status', 'status=DONE', 400, 'status must be one of PENDING, SUCCESS, FAILED; got "DONE"'],
    ['an empty status', 'status=', 400, 'status must be one of PENDING, SUCCESS, FAILED; got ""'],
  ])('refuses %s', async (_, query, status, message) => {
    expect(
      await mock.control({ method: 'GET', path: '/deliveries', query: new URLSearchParams(query), body: undefined }),
    ).toEqual({
      status,
      body: { error: { code: 'BAD_USER_INPUT', message } },
    });
  });

  it('takes a known status', async () => {
    const answer = await mock.control({
      method: 'GET',
      path: '/deliveries',
      query: new URLSearchParams('status=FAILED'),
      body: undefined,
    });
    expect(answer).toEqual({ status: 200, body: { deliveries: [] } });
  });
});
