/**
 * control-api
 *
 * The mock's own controls (reset, clock...), served under /_mock/ beside /graphql. They are not part of Sentera's
 * API, so they are plain JSON over REST instead of fields in schema.graphql. Framework-free: an adapter turns
 * HTTP requests into {@link ControlRequest}s.
 */
import { ErrorCode } from '../errors.js';
import { formatDateTime, parseDateTime } from '../schema/scalars.js';
import { CLOCK_RANGE, isInClockRange, isManualClock } from '../runtime/clock.js';
import { problem, refusal } from './control-problem.js';
import { createDeliveryRoutes } from './delivery-routes.js';
import { createEventRoutes } from './event-routes.js';
import { createInboxRoutes } from './inbox-routes.js';
import { readInput } from '../validate/check-document.js';
import { jsonBody, noBody, queryParameters } from '../validate/request-input.js';
import { asAWhole } from '../validate/schema-parts.js';
import * as v from 'valibot';
import type { ControlApi, ControlRequest, ControlResponse } from '../http/control-api-types.js';
import type { ControlledMock, ControlRoute } from './control-route.js';

export type { ControlApi, ControlledMock, ControlRequest, ControlResponse, ControlRoute };

/** Options of {@link createControlApi}. */
export interface ControlApiOptions {
  /** The mock to control (a `SenteraMock`, or any object with the parts the control API uses). */
  mock: ControlledMock;
  /** More routes, e.g. for events and deliveries. */
  routes?: readonly ControlRoute[];
}

const RESET_BODY = noBody('POST /_mock/reset');
const CLOCK_BODY = jsonBody('POST /_mock/clock', {
  advance_ms: v.exactOptional(v.unknown()),
  set: v.exactOptional(v.unknown()),
});
const CLOCK_MOVE = asAWhole(
  v.union([v.strictObject({ advance_ms: v.pipe(v.number(), v.minValue(0)) }), v.strictObject({ set: v.string() })]),
  (input) =>
    `send {"advance_ms": <whole milliseconds >= 0>} or {"set": "<ISO 8601 date-time>"}; got ${JSON.stringify(input)}`,
);

/**
 * Creates the control API of a mock.
 *
 * @category Control API
 */
export function createControlApi(options: ControlApiOptions): ControlApi {
  const { mock, routes: extraRoutes = [] } = options;
  const routes: ControlRoute[] = [
    {
      method: 'GET',
      path: '/',
      description: 'this listing',
      handle: () => ({
        status: 200,
        body: {
          routes: routes.map(({ method, path, description }) => ({
            method,
            path: `/_mock${path === '/' ? '' : path}`,
            description,
          })),
        },
      }),
    },
    {
      method: 'GET',
      path: '/health',
      description: 'liveness: {"ok":true}',
      handle: () => ({ status: 200, body: { ok: true } }),
    },
    {
      method: 'POST',
      path: '/reset',
      description: 'back to the fixtures, first ids and first fake data of the seed',
      handle: (request) => {
        const refused = readInput(RESET_BODY, request.body);
        if (!refused.ok) return refusal(refused.problem);
        mock.reset();
        return { status: 200, body: { reset: true } };
      },
    },
    {
      method: 'GET',
      path: '/clock',
      description: 'the current time and whether it is a manual (frozen) clock',
      handle: () => ({ status: 200, body: clockBody(mock) }),
    },
    {
      method: 'POST',
      path: '/clock',
      description: 'move a manual clock: {"advance_ms": 1000} or {"set": "2022-01-31T13:27:09Z"}',
      handle: (request) => {
        const body = readInput(CLOCK_BODY, request.body);
        if (!body.ok) return refusal(body.problem);
        if (!isManualClock(mock.clock))
          return problem(
            409,
            'CLOCK_NOT_MANUAL',
            'the clock is the system clock; start the mock with --clock ISO to control it',
          );
        const move = readInput(CLOCK_MOVE, body.value);
        if (!move.ok) return refusal(move.problem);
        const outOfRange = (target: number) =>
          problem(
            400,
            ErrorCode.BAD_USER_INPUT,
            `the clock must stay from ${new Date(CLOCK_RANGE.min).toISOString()} to ${new Date(CLOCK_RANGE.max).toISOString()} (Sentera ids stamp yymmdd), which ${Number.isFinite(target) && Math.abs(target) <= 8.64e15 ? new Date(target).toISOString() : String(target)} is not; the clock did not move`,
          );
        if ('advance_ms' in move.value) {
          const { advance_ms } = move.value;
          const target = mock.clock.now().getTime() + advance_ms;
          if (!isInClockRange(target)) return outOfRange(target);
          if (!Number.isSafeInteger(advance_ms))
            return problem(400, ErrorCode.BAD_USER_INPUT, `advance_ms must be whole milliseconds, got ${advance_ms}`);
          mock.clock.advance(advance_ms);
        } else {
          let instant: Date;
          try {
            instant = parseDateTime(move.value.set);
          } catch (error) {
            return problem(400, ErrorCode.INVALID_DATE_TIME, `set: ${(error as Error).message}`);
          }
          if (!isInClockRange(instant.getTime())) return outOfRange(instant.getTime());
          mock.clock.set(instant);
        }
        mock.state.notifyChange({ part: 'clock' });
        const moved = clockBody(mock);
        mock.live.publish({ type: 'clock', data: moved });
        return { status: 200, body: moved };
      },
    },
    {
      method: 'GET',
      path: '/state',
      description:
        'export the whole state (subscriptions, id counters...) as a JSON document; OAuth client secrets are redacted unless ?secrets=include',
      query: ['secrets'],
      handle: (request) => {
        const secrets = request.query.get('secrets');
        if (secrets !== null && secrets !== 'include')
          return problem(
            400,
            ErrorCode.BAD_USER_INPUT,
            `GET /_mock/state takes ?secrets=include (to export OAuth client secrets), got ?secrets=${secrets}`,
          );
        return { status: 200, body: mock.state.snapshot({ redactSecrets: secrets !== 'include' }) };
      },
    },
    {
      method: 'PUT',
      path: '/state',
      description:
        'import a state document exported by GET /_mock/state (all or nothing; redacted secrets are kept from the current state)',
      handle: (request) => {
        const restored = mock.state.restore(request.body);
        return restored.ok ? { status: 200, body: { restored: true } } : refusal(restored.problem);
      },
    },
    ...createEventRoutes(mock),
    ...createDeliveryRoutes(mock),
    ...createInboxRoutes(mock),
    ...extraRoutes,
  ];
  const compiled = routes.map((route) => ({ route, pattern: compilePath(route.path) }));

  return async (request) => {
    const matching = compiled
      .map(({ route, pattern }) => ({ route, params: pattern(request.path) }))
      .filter(({ params }) => params !== null);
    if (matching.some(({ params }) => params === BAD_ESCAPE))
      return problem(
        400,
        'BAD_REQUEST',
        `the path /_mock${request.path} has a malformed percent-escape; encode ids with encodeURIComponent`,
      );
    if (matching.length === 0)
      return problem(
        404,
        'NOT_FOUND',
        `no control route /_mock${request.path === '/' ? '' : request.path}; GET /_mock lists them`,
      );
    const match = matching.find(({ route }) => route.method === request.method);
    if (!match)
      return problem(
        405,
        'METHOD_NOT_ALLOWED',
        `${request.method} is not allowed on /_mock${request.path}; use ${matching.map(({ route }) => route.method).join(' or ')}`,
      );
    const query = readInput(
      queryParameters(match.route.query ?? [], `${request.method} /_mock${request.path}`),
      request.query,
    );
    if (!query.ok) return refusal(query.problem);
    const response = await match.route.handle(request, match.params as Record<string, string>);
    // Acknowledged only once durable (written to the state file, when there is one).
    await mock.state.durable();
    return response;
  };
}

function clockBody(mock: Pick<ControlledMock, 'clock'>) {
  return { now: formatDateTime(mock.clock.now()), manual: isManualClock(mock.clock) };
}

const BAD_ESCAPE = Symbol('bad percent-escape');

function compilePath(path: string): (candidate: string) => Record<string, string> | typeof BAD_ESCAPE | null {
  const names: string[] = [];
  const source = path.replace(/\/$/, '').replace(/:([a-z_]+)/gi, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const regex = new RegExp(`^${source}/?$`);
  return (candidate) => {
    const match = regex.exec(candidate);
    if (!match) return null;
    try {
      return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] as string)]));
    } catch {
      return BAD_ESCAPE;
    }
  };
}
