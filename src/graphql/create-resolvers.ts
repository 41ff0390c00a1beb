/**
 * create-resolvers
 */
import { problemToGraphQLError, type Result } from '../errors.js';
import type {
  CreateWebhookSubscriptionInput,
  DeleteWebhookSubscriptionsInput,
  Store,
  UpdateWebhookSubscriptionInput,
} from '../store/create-store.js';
import type { EventLog, EventsQuery } from '../events/create-event-log.js';
import type { Pagination, WebhookSubscription } from '../store/types.js';
import type { FieldResolvers } from './create-executable-schema.js';

/** Options of {@link createResolvers}. */
export interface ResolversOptions {
  /** Where the state lives. */
  store: Store;
  /** Where the events come from. */
  events: EventLog;
}

/**
 * The resolvers of every documented operation (and the mock-extension read-back queries), over the store.
 * Expected failures become GraphQL errors with `extensions.code`; the field is then null.
 *
 * @category GraphQL
 */
export function createResolvers(options: ResolversOptions): FieldResolvers {
  const { store, events } = options;
  return {
    Query: {
      organizations: (
        _: unknown,
        args: {
          organization_sentera_ids?: string[] | null;
          parent_organization_id?: string | null;
          pagination: Pagination;
        },
      ) => unwrap(store.listOrganizations(args)),
      webhook_subscription: (_: unknown, args: { sentera_id: string }) =>
        store.getWebhookSubscription(args.sentera_id) ?? null,
      webhook_subscriptions: (_: unknown, args: { organization_sentera_id: string; pagination: Pagination }) =>
        unwrap(store.listWebhookSubscriptions(args)),
    },
    WebhookSubscription: {
      events: (subscription: WebhookSubscription, args: EventsQuery) => unwrap(events.query(subscription, args)),
    },
    Mutation: {
      create_webhook_subscription: (_: unknown, args: CreateWebhookSubscriptionInput) =>
        unwrap(store.createWebhookSubscription(args)),
      update_webhook_subscription: (_: unknown, args: UpdateWebhookSubscriptionInput) =>
        unwrap(store.updateWebhookSubscription(args)),
      delete_webhook_subscriptions: (_: unknown, args: DeleteWebhookSubscriptionsInput) =>
        unwrap(store.deleteWebhookSubscriptions(args)),
    },
  };
}

function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw problemToGraphQLError(result.problem);
}
