/**
 * event-routes
 */
import { formatDateTime } from '../schema/scalars.js';
import type { OrganizationEvent } from '../events/event-types.js';
import type { ControlledMock, ControlRoute } from './control-route.js';
import { objectWith } from './check-fields.js';
import { problem } from './control-problem.js';
import { WEBHOOK_EVENT_TYPES } from '../store/types.js';

/**
 * The control routes for events: emit one now, and find emitted or fixture events.
 *
 * @category Control API
 */
export function createEventRoutes(mock: Pick<ControlledMock, 'events' | 'delivery'>): ControlRoute[] {
  return [
    {
      method: 'POST',
      path: '/events',
      description:
        'emit an event now: {"type", "organization_sentera_id", "payload"?: {"created_by_id"?, "updated_by_id"?}, "triggering_object_id"?}',
      handle(request) {
        const checked = objectWith(
          request.body,
          { required: ['type', 'organization_sentera_id'], optional: ['payload', 'triggering_object_id'] },
          'POST /_mock/events',
        );
        if (!checked.ok) return checked.response;
        const input = checked.value;
        const payload =
          input['payload'] === undefined
            ? { ok: true as const, value: undefined }
            : objectWith(input['payload'], { optional: ['created_by_id', 'updated_by_id'] }, 'payload');
        if (!payload.ok) return payload.response;
        for (const [name, value] of [
          ['type', input['type']],
          ['organization_sentera_id', input['organization_sentera_id']],
          ['triggering_object_id', input['triggering_object_id']],
          ['payload.created_by_id', payload.value?.['created_by_id']],
          ['payload.updated_by_id', payload.value?.['updated_by_id']],
        ] as const) {
          const nullable = name === 'payload.updated_by_id';
          if (value !== undefined && typeof value !== 'string' && !(nullable && value === null))
            return problem(
              400,
              'BAD_USER_INPUT',
              `${name} must be a string${nullable ? ' or null' : ''}; got ${JSON.stringify(value)}`,
            );
        }
        const emitted = mock.events.emit({
          type: input['type'] as string,
          organization_sentera_id: input['organization_sentera_id'] as string,
          ...(payload.value ? { payload: payload.value } : {}),
          ...(typeof input['triggering_object_id'] === 'string'
            ? { triggering_object_id: input['triggering_object_id'] }
            : {}),
        });
        // Something named in the body that does not exist is a bad request (400); 404 is for paths that name nothing.
        if (!emitted.ok) return problem(400, emitted.problem.code, emitted.problem.message);
        const deliveries = mock.delivery
          ? mock.delivery.list({ event: emitted.value.event.sentera_id }).map((record) => record.id)
          : [];
        return {
          status: 201,
          body: {
            event: eventJson(emitted.value.event),
            subscriptions: emitted.value.subscriptions.map((subscription) => subscription.sentera_id),
            deliveries,
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/events',
      description:
        'emitted and fixture events (not generated ones), filtered by ?triggering_object_id=&organization_sentera_id=&type=',
      query: ['triggering_object_id', 'organization_sentera_id', 'type'],
      handle(request) {
        const type = request.query.get('type');
        if (type !== null && !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(type))
          return problem(400, 'BAD_USER_INPUT', `type must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}; got "${type}"`);
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
function eventJson(event: OrganizationEvent): Record<string, unknown> {
  return { ...event, created_at: formatDateTime(event.created_at) };
}
