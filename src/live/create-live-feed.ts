/**
 * create-live-feed
 *
 * One stream of what changes in a mock (subscriptions, emitted events, deliveries, inbox requests, resets), for the
 * console's live view. Framework-free; the HTTP route turns it into Server-Sent Events.
 */
import type { Delivery } from '../delivery/create-delivery.js';
import type { DeliveryRecord } from '../delivery/delivery-types.js';
import type { EventLog } from '../events/create-event-log.js';
import type { InboxEntry, InboxStore } from '../inbox/create-inbox-store.js';
import type { Store, StoreChange } from '../store/create-store.js';

/**
 * One change, as the console receives it: `type` is the SSE event name, `data` its JSON.
 *
 * @category Live
 */
export type LiveMessage =
  | {
      readonly type: 'subscriptions';
      readonly data: { readonly kind: StoreChange['kind']; readonly sentera_ids: readonly string[] };
    }
  | {
      readonly type: 'event';
      readonly data: {
        readonly sentera_id: string;
        readonly type: string;
        readonly organization_sentera_id: string;
        readonly created_at: string;
        readonly subscriptions: readonly string[];
      };
    }
  | { readonly type: 'delivery'; readonly data: DeliveryRecord }
  | { readonly type: 'inbox'; readonly data: InboxEntry }
  | { readonly type: 'clock'; readonly data: { readonly now: string; readonly manual: boolean } }
  | { readonly type: 'reset'; readonly data: Record<string, never> };

/** Options of {@link createLiveFeed}. */
export interface LiveFeedOptions {
  store: Store;
  events: EventLog;
  /** Absent when delivery is off. */
  delivery?: Delivery | undefined;
  inboxes: InboxStore;
}

/**
 * The live feed of one mock.
 *
 * @category Live
 */
export interface LiveFeed {
  /** Calls `listener` with every change from now on; returns the unsubscribe. */
  subscribe(listener: (message: LiveMessage) => void): () => void;
  /** Announces a change the mock's parts do not report themselves: a reset, a clock moved through the control API. */
  publish(message: Extract<LiveMessage, { type: 'reset' | 'clock' }>): void;
  /** Stops listening to the mock. */
  close(): void;
}

/**
 * Creates the live feed over a mock's parts.
 *
 * @category Live
 */
export function createLiveFeed(options: LiveFeedOptions): LiveFeed {
  const { store, events, delivery, inboxes } = options;
  const listeners = new Set<(message: LiveMessage) => void>();
  const publish = (message: LiveMessage) => {
    for (const listener of listeners) listener(message);
  };
  const stops = [
    store.onChange((change) => {
      const ids =
        change.kind === 'subscriptions-deleted'
          ? change.subscriptions.map((subscription) => subscription.sentera_id)
          : change.kind === 'restored'
            ? []
            : [change.subscription.sentera_id];
      publish({ type: 'subscriptions', data: { kind: change.kind, sentera_ids: ids } });
    }),
    events.onEmitted((event, subscriptions) =>
      publish({
        type: 'event',
        data: {
          sentera_id: event.sentera_id,
          type: event.type,
          organization_sentera_id: event.organization_sentera_id,
          created_at: event.created_at.toISOString(),
          subscriptions: subscriptions.map((subscription) => subscription.sentera_id),
        },
      }),
    ),
    delivery?.onChange((record) => publish({ type: 'delivery', data: record })) ?? (() => undefined),
    inboxes.onReceive((entry) => publish({ type: 'inbox', data: entry })),
  ];
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish,
    close() {
      for (const stop of stops) stop();
      listeners.clear();
    },
  };
}
