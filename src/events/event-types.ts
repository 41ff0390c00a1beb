/**
 * event-types
 *
 * The shapes shared by the event log (fixture-driven `events`) and delivery. This file is the contract between
 * the two: change it in the same commit as both sides.
 */
import type { WebhookEventStatus, WebhookEventType } from '../store/types.js';

export type { WebhookEventStatus };

/**
 * The payload of an event, as schema.graphql's payload types (the `__typename` picks the type).
 *
 * @category Events
 */
export interface WebhookEventPayload {
  readonly __typename: 'TaskModifiedPayload' | 'SurveyCreatedPayload' | 'FeatureSetCreatedPayload';
  readonly sentera_id: string;
  readonly created_by_id: string;
  readonly updated_by_id: string | null;
}

/**
 * An event that happened in an organization, before it is seen through a subscription.
 *
 * @category Events
 */
export interface OrganizationEvent {
  /** Type code WE, with the organization's token. */
  readonly sentera_id: string;
  readonly organization_sentera_id: string;
  readonly type: WebhookEventType;
  readonly created_at: Date;
  /** Equal to `payload.sentera_id`. */
  readonly triggering_object_id: string;
  readonly payload: WebhookEventPayload;
}

/**
 * The delivery state of one event for one subscription: what `WebhookEvent.status` and `attempts` show.
 *
 * @category Events
 */
export interface DeliveryState {
  readonly status: WebhookEventStatus;
  readonly attempts: number;
}

/**
 * An event as seen through one subscription: schema.graphql's `WebhookEvent`.
 *
 * @category Events
 */
export interface WebhookEvent extends OrganizationEvent, DeliveryState {}
