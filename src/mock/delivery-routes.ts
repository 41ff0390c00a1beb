/**
 * delivery-routes
 */
import type { WebhookEventStatus } from '../events/event-types.js';
import type { ControlledMock, ControlRoute } from './control-route.js';
import { readInput } from '../validate/check-document.js';
import { noBody, oneOfOrAbsent } from '../validate/request-input.js';
import { problem, refusal } from './control-problem.js';

const STATUS_FILTER = oneOfOrAbsent('status', ['PENDING', 'SUCCESS', 'FAILED'] as const satisfies WebhookEventStatus[]);

const REDELIVER_BODY = noBody('POST /_mock/events/:id/redeliver');

/**
 * The control routes of webhook delivery: the delivery log, and redelivery.
 *
 * @category Control API
 */
export function createDeliveryRoutes(mock: Pick<ControlledMock, 'events' | 'delivery'>): ControlRoute[] {
  const off = () => problem(409, 'DELIVERY_OFF', 'webhook delivery is off in this mock (serve --delivery off)');
  return [
    {
      method: 'GET',
      path: '/deliveries',
      description: 'the delivery log, newest first, filtered by ?event=&subscription=&status=PENDING|SUCCESS|FAILED',
      query: ['event', 'subscription', 'status'],
      handle(request) {
        if (!mock.delivery) return off();
        const status = readInput(STATUS_FILTER, request.query.get('status'));
        if (!status.ok) return refusal(status.problem);
        const filter: { event?: string; subscription?: string; status?: WebhookEventStatus } = {};
        const event = request.query.get('event');
        const subscription = request.query.get('subscription');
        if (event !== null) filter.event = event;
        if (subscription !== null) filter.subscription = subscription;
        if (status.value !== null) filter.status = status.value;
        return { status: 200, body: { deliveries: mock.delivery.list(filter) } };
      },
    },
    {
      method: 'GET',
      path: '/deliveries/:id',
      description: 'one delivery (id: {event sentera_id}:{subscription sentera_id}) with its attempts',
      handle(_request, params) {
        if (!mock.delivery) return off();
        const record = mock.delivery.get(params['id'] as string);
        return record ? { status: 200, body: record } : problem(404, 'NOT_FOUND', `no delivery ${params['id']}`);
      },
    },
    {
      method: 'POST',
      path: '/events/:id/redeliver',
      description: 'send an emitted or fixture event again to its subscriptions (?subscription= for one)',
      query: ['subscription'],
      handle(request, params) {
        const refused = readInput(REDELIVER_BODY, request.body);
        if (!refused.ok) return refusal(refused.problem);
        if (!mock.delivery) return off();
        const id = params['id'] as string;
        if (!mock.events.getEvent(id))
          return problem(
            404,
            'NOT_FOUND',
            `no emitted or fixture event ${JSON.stringify(id)}; generated (stream) events cannot be redelivered`,
          );
        const result = mock.delivery.redeliver(id, request.query.get('subscription') ?? undefined);
        // The event in the path exists: what is left to go wrong is in the query (an unknown subscription), so 400.
        if (!result.ok) return refusal(result.problem);
        return { status: 202, body: { deliveries: result.value } };
      },
    },
  ];
}
