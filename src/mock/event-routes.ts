/**
 * event-routes
 */
import { formatDateTime } from '../schema/scalars.js';
import type { OrganizationEvent } from '../events/event-types.js';
import type { ControlRoute } from './control-api.js';
import { problem } from './control-problem.js';
import type { SenteraMock } from './create-mock.js';

/**
 * The control routes for events: emit one now, and find emitted or fixture events.
 *
 * @category Control API
 */
export function createEventRoutes(mock: SenteraMock): ControlRoute[] {
  return [
    {
      method: 'POST',
      path: '/events',
      description: 'emit an event now: {"type", "organization_sentera_id", "payload"?: {"created_by_id"?, "updated_by_id"?}, "triggering_object_id"?}',
      handle(request) {
        const body = request.body;
        if (body === null || typeof body !== 'object' || Array.isArray(body)) return problem(400, 'BAD_USER_INPUT', 'send a JSON object with type and organization_sentera_id');
        const input = body as Record<string, unknown>;
        const emitted = mock.events.emit({
          type: String(input['type']),
          organization_sentera_id: String(input['organization_sentera_id']),
          ...(isRecord(input['payload']) ? { payload: input['payload'] as { created_by_id?: string; updated_by_id?: string | null } } : {}),
          ...(typeof input['triggering_object_id'] === 'string' ? { triggering_object_id: input['triggering_object_id'] } : {}),
        });
        if (!emitted.ok) return problem(emitted.problem.code === 'ORGANIZATION_NOT_FOUND' ? 404 : 400, emitted.problem.code, emitted.problem.message);
        const deliveries = mock.delivery ? mock.delivery.list({ event: emitted.value.event.sentera_id }).map((record) => record.id) : [];
        return { status: 201, body: { event: eventJson(emitted.value.event), subscriptions: emitted.value.subscriptions.map((subscription) => subscription.sentera_id), deliveries } };
      },
    },
    {
      method: 'GET',
      path: '/events',
      description: 'emitted and fixture events (not generated ones), filtered by ?triggering_object_id=&organization_sentera_id=&type=',
      handle(request) {
        const filter: { triggering_object_id?: string; organization_sentera_id?: string; type?: string } = {};
        for (const key of ['triggering_object_id', 'organization_sentera_id', 'type'] as const) {
          const value = request.query.get(key);
          if (value !== null) filter[key] = value;
        }
        return { status: 200, body: { events: mock.events.findEvents(filter).map(eventJson) } };
      },
    },
  ];
}

/** An event as JSON, dates as Sentera formats them. */
export function eventJson(event: OrganizationEvent): Record<string, unknown> {
  return { ...event, created_at: formatDateTime(event.created_at) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
