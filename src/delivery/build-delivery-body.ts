/**
 * build-delivery-body
 */
import type { OrganizationEvent } from '../events/event-types.js';
import { formatDateTime } from '../schema/scalars.js';
import type { WebhookDeliveryEnvelope, WebhookDeliveryPayload } from './webhook-delivery-body.js';

/**
 * What a delivery POSTs: `envelope` (default) mirrors WebhookEvent without status and attempts; `payload` is the bare
 * payload, as the documentation's words ("The response payload … being sent via HTTP POST") could also mean.
 *
 * @category Delivery
 */
export type DeliveryBodyFormat = 'envelope' | 'payload';

/**
 * The exact bytes a delivery sends (signatures are computed over them).
 *
 * @category Delivery
 */
export function buildDeliveryBody(event: OrganizationEvent, format: DeliveryBodyFormat): string {
  const payload: WebhookDeliveryPayload = {
    sentera_id: event.payload.sentera_id,
    created_by_id: event.payload.created_by_id,
    updated_by_id: event.payload.updated_by_id,
  };
  if (format === 'payload') return JSON.stringify(payload);
  const envelope: WebhookDeliveryEnvelope = {
    sentera_id: event.sentera_id,
    type: event.type,
    created_at: formatDateTime(event.created_at),
    triggering_object_id: event.triggering_object_id,
    payload,
  };
  return JSON.stringify(envelope);
}
