/**
 * scenario-types
 */
import type { WebhookEventType } from '../store/types.js';

/**
 * A subscription a scenario wants to exist. Its idempotency key is (organization_sentera_id, callback_url).
 *
 * @category Seeding
 */
export interface ScenarioSubscription {
  readonly organization_sentera_id: string;
  readonly callback_url: string;
  readonly event_types: readonly WebhookEventType[];
  readonly authentication: {
    readonly client_id: string;
    readonly client_secret: string;
    readonly scope: string | null;
    readonly token_url: string;
  } | null;
}

/**
 * An event a scenario emits into a mock. Its idempotency key is its triggering_object_id, derived from the scenario
 * name and the event's `key` unless given.
 *
 * @category Seeding
 */
export interface ScenarioEvent {
  readonly key: string;
  readonly organization_sentera_id: string;
  readonly type: WebhookEventType;
  readonly triggering_object_id: string;
  readonly payload: { readonly created_by_id?: string; readonly updated_by_id?: string | null };
}

/**
 * A demo data set: what `sentera-mock seed` creates.
 *
 * @category Seeding
 */
export interface Scenario {
  readonly name: string;
  readonly description: string | null;
  readonly subscriptions: readonly ScenarioSubscription[];
  readonly events: readonly ScenarioEvent[];
}
