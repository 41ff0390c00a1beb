/**
 * types
 *
 * The records the store keeps, and the domain vocabulary of schema.graphql shared by the modules above it (a leaf:
 * fixtures, events and delivery all read it, so none of them imports another for it). Field names follow the GraphQL
 * schema so resolvers can return records as they are.
 */
import { TypeCode } from '../ids/sentera-id.js';

/**
 * The event types of schema.graphql's `WebhookEventType`, in schema order.
 *
 * @category Store
 */
export const WEBHOOK_EVENT_TYPES = ['FEATURE_SET_CREATED', 'SURVEY_CREATED', 'TASK_MODIFIED'] as const;

/** @category Store */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * schema.graphql's `WebhookEventStatus`.
 *
 * @category Events
 */
export type WebhookEventStatus = 'PENDING' | 'SUCCESS' | 'FAILED';

/**
 * The type code of the object each event type is about (the triggering object): FS, CO, TA.
 *
 * @category Events
 */
export const TRIGGERING_TYPE_CODE: Readonly<Record<WebhookEventType, string>> = {
  FEATURE_SET_CREATED: TypeCode.FEATURE_SET,
  SURVEY_CREATED: TypeCode.SURVEY,
  TASK_MODIFIED: TypeCode.TASK,
};

/**
 * An organization.
 *
 * @category Store
 */
export interface Organization {
  readonly sentera_id: string;
  readonly name: string;
  readonly email: string;
  readonly parent_organization_id: string | null;
  /** Segment 3 of the id, copied into every id minted for the organization. */
  readonly token: string;
}

/**
 * The OAuth2 client-credentials settings of a subscription (write-only in the API).
 *
 * @category Store
 */
export interface WebhookAuthentication {
  readonly client_id: string;
  readonly client_secret: string;
  readonly scope: string | null;
  readonly token_url: string;
}

/**
 * A webhook subscription.
 *
 * @category Store
 */
export interface WebhookSubscription {
  readonly sentera_id: string;
  readonly organization_sentera_id: string;
  readonly callback_url: string;
  readonly event_types: readonly WebhookEventType[];
  readonly authentication: WebhookAuthentication | null;
  /** When it was created (not exposed by the API, which has no such field). */
  readonly created_at: Date;
}

/**
 * One page of a list, shaped like Sentera's `*QueryResult` types.
 *
 * @category Store
 */
export interface Page<T> {
  readonly page: number;
  readonly page_size: number;
  readonly present: boolean;
  readonly results: readonly T[];
  readonly total_count: number;
}

/**
 * 1-based pagination, as in schema.graphql's `Pagination` input.
 *
 * @category Store
 */
export interface Pagination {
  readonly page: number;
  readonly page_size: number;
}
