/**
 * event-routes
 */
import { formatDateTime } from '../schema/scalars.js';
import type { OrganizationEvent } from '../events/event-types.js';
import type { ControlledMock, ControlRoute } from './control-route.js';
import { aString, aStringOrNull, jsonBody, oneOfOrAbsent } from '../validate/request-input.js';
import { readInput } from '../validate/check-document.js';
import * as v from 'valibot';
import { refusal } from './control-problem.js';
import { WEBHOOK_EVENT_TYPES } from '../store/types.js';

const EMIT_BODY = jsonBody('POST /_mock/events', {
  type: aString('type'),
  organization_sentera_id: aString('organization_sentera_id'),
  payload: v.exactOptional(
    jsonBody('payload', {
      created_by_id: v.exactOptional(aString('payload.created_by_id')),
      updated_by_id: v.exactOptional(aStringOrNull('payload.updated_by_id')),
    }),
  ),
  triggering_object_id: v.exactOptional(aString('triggering_object_id')),
});

const TYPE_FILTER = oneOfOrAbsent('type', WEBHOOK_EVENT_TYPES);

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
        const input = readInput(EMIT_BODY, request.body);
        if (!input.ok) return refusal(input.problem);
        const emitted = mock.events.emit(input.value);
        // Something named in the body that does not exist is a bad request (400); 404 is for paths that name nothing.
        if (!emitted.ok) return refusal(emitted.problem);
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
        const type = readInput(TYPE_FILTER, request.query.get('type'));
        if (!type.ok) return refusal(type.problem);
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
