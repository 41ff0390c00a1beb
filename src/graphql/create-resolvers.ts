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
import type { EventLog, EventSlice, EventsQuery } from '../events/create-event-log.js';
import type { WebhookEvent } from '../events/event-types.js';
import type { Pagination, WebhookSubscription } from '../store/types.js';
import type { FieldResolvers } from './create-executable-schema.js';

/** Options of {@link createResolvers}. */
export interface ResolversOptions {
  /** Where the state lives. */
  store: Store;
  /** Where the events come from. */
  events: EventLog;
  /**
   * A page of events is built and completed in slices of this many events, with a turn of the event loop between
   * slices, so that a large page does not hold up the other requests. @default 100
   */
  sliceSize?: number;
  /** Resolves on a later turn of the event loop (after pending I/O). @default setImmediate */
  yieldToEventLoop?: () => Promise<void>;
}

/**
 * The resolvers of every documented operation (and the mock-extension read-back queries), over the store.
 * Expected failures become GraphQL errors with `extensions.code`; the field is then null.
 *
 * @category GraphQL
 */
export function createResolvers(options: ResolversOptions): FieldResolvers {
  const {
    store,
    events,
    sliceSize = 100,
    yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve)),
  } = options;
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
      events: (subscription: WebhookSubscription, args: EventsQuery) => {
        const { slices, ...page } = unwrap(events.queryInSlices(subscription, args, sliceSize));
        return { ...page, results: inTurns(slices, yieldToEventLoop) };
      },
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

/**
 * The events of the slices: the first slice's read now, each later slice's as promises that it reads one turn of the
 * event loop after the slice before. graphql-js (and compiled plans) complete a list item when it resolves, so a long
 * page is built and completed a slice at a time, with other requests served in between.
 */
function inTurns(
  slices: readonly EventSlice[],
  yieldToEventLoop: () => Promise<void>,
): Array<WebhookEvent | Promise<WebhookEvent>> {
  const [first, ...rest] = slices;
  const results: Array<WebhookEvent | Promise<WebhookEvent>> = first ? first.read() : [];
  let turn = Promise.resolve();
  for (const slice of rest) {
    const read = turn.then(yieldToEventLoop).then(() => slice.read());
    turn = read.then(() => undefined);
    for (let index = 0; index < slice.size; index++) results.push(read.then((events) => events[index] as WebhookEvent));
  }
  return results;
}

function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw problemToGraphQLError(result.problem);
}
