/**
 * create-delivery-log
 */
import type { EventLog } from '../events/create-event-log.js';
import type { WebhookEventStatus } from '../events/event-types.js';
import type { SentAttempt } from './create-attempt-sender.js';
import { createInterner } from './create-interner.js';
import {
  appendAttempt,
  attemptCount,
  createDeliveryEntry,
  entryFromRecord,
  renderDelivery,
  type DeliveryEntry,
} from './delivery-entry.js';
import type { AttemptRecord, DeliveryRecord } from './delivery-types.js';

/** Distinct texts (errors, responses, URLs, event types) the log shares at most before it starts sharing afresh. */
const INTERNED_TEXTS = 1_000;

/**
 * One attempt as the dispatcher hands it to the log.
 *
 * @category Delivery
 */
export interface SentAttemptAt {
  readonly trigger: AttemptRecord['trigger'];
  /** When it started, in milliseconds since the epoch. */
  readonly at: number;
  readonly outcome: SentAttempt;
}

/**
 * What the dispatcher may change in an entry through the log.
 *
 * @category Delivery
 */
interface EntryChange {
  readonly status?: WebhookEventStatus;
  /** The callback URL (redacted) of the latest attempt. */
  readonly url?: string;
  /** Milliseconds since the epoch, or null when nothing is due. */
  readonly nextAttemptAt?: number | null;
}

/**
 * The delivery log: compact entries in the order they were first made, retention of the finished ones, the
 * per-subscription state the event log shows, and change listeners. Entries are changed only through it, so the
 * counts and the listeners stay true; readers get rendered {@link DeliveryRecord}s.
 *
 * @category Delivery
 */
interface DeliveryLog {
  /** The entry of a delivery the log holds. */
  entry(id: string): DeliveryEntry | undefined;
  /** Every entry, oldest first. */
  entries(): Iterable<DeliveryEntry>;
  /** A new pending entry, at the end of the log. */
  add(fields: { id: string; eventId: string; subscriptionId: string; eventType: string; url: string }): DeliveryEntry;
  /** Applies `change` to the entry, then counts, notifies and enforces retention. */
  update(entry: DeliveryEntry, change: EntryChange): void;
  /** Appends an attempt (the one place an attempt is recorded), with `change` applied in the same change. */
  recordAttempt(entry: DeliveryEntry, sent: SentAttemptAt, change?: EntryChange): void;
  /** Deliveries, newest first, filtered. */
  list(filter: { event?: string; subscription?: string; status?: WebhookEventStatus }): DeliveryRecord[];
  get(id: string): DeliveryRecord | undefined;
  /** The log as saved state. */
  snapshot(): { dropped: number; records: DeliveryRecord[] };
  /** Replaces the log with saved records (those `keep` accepts) and their dropped count; returns the new entries. */
  restore(
    saved: { dropped: number; records: readonly DeliveryRecord[] },
    keep: (record: DeliveryRecord) => boolean,
  ): DeliveryEntry[];
  /** Forgets every entry (and the dropped count). */
  clear(): void;
  /** How many finished deliveries retention has forgotten. */
  readonly dropped: number;
  onChange(listener: (record: DeliveryRecord) => void): () => void;
}

/**
 * A delivery log that keeps the last `keepDeliveries` finished deliveries (pending ones, and finished ones with a
 * retry timer, always) and tells `events` each delivery's status and attempt count.
 *
 * @category Delivery
 */
export function createDeliveryLog(options: {
  keepDeliveries: number;
  events: Pick<EventLog, 'setDeliveryState'>;
}): DeliveryLog {
  const { keepDeliveries, events } = options;
  const texts = createInterner({ limit: INTERNED_TEXTS });
  let entries = new Map<string, DeliveryEntry>();
  let dropped = 0;
  let finished = 0;
  const listeners = new Set<(record: DeliveryRecord) => void>();
  const isFinished = (entry: DeliveryEntry) => entry.status !== 'PENDING';

  /** Forgets the oldest finished deliveries beyond `keepDeliveries` (the map keeps insertion order). */
  const enforceRetention = () => {
    if (finished <= keepDeliveries) return;
    for (const [id, entry] of entries) {
      if (finished <= keepDeliveries) break;
      if (!isFinished(entry) || entry.job?.timer !== undefined) continue;
      entries.delete(id);
      finished--;
      dropped++;
    }
  };
  /** Counts, tells the event log and the listeners; `wasFinished` is whether the entry was before the change. */
  const changed = (entry: DeliveryEntry, wasFinished: boolean) => {
    if (entries.get(entry.id) === entry && wasFinished !== isFinished(entry)) {
      finished += wasFinished ? -1 : 1;
      if (!wasFinished) enforceRetention();
    }
    events.setDeliveryState(entry.subscriptionId, entry.eventId, {
      status: entry.status,
      attempts: attemptCount(entry),
    });
    if (listeners.size === 0) return;
    const record = renderDelivery(entry);
    for (const listener of listeners) listener(record);
  };
  const apply = (entry: DeliveryEntry, change: EntryChange) => {
    if (change.status !== undefined) entry.status = change.status;
    if (change.url !== undefined) entry.url = texts.intern(change.url);
    if (change.nextAttemptAt !== undefined) entry.nextAttemptAt = change.nextAttemptAt;
  };
  const clear = () => {
    entries = new Map();
    texts.clear();
    finished = 0;
    dropped = 0;
  };

  return {
    entry: (id) => entries.get(id),
    entries: () => entries.values(),
    add(fields) {
      const entry = createDeliveryEntry({
        ...fields,
        eventType: texts.intern(fields.eventType),
        url: texts.intern(fields.url),
      });
      entries.set(entry.id, entry);
      changed(entry, false);
      return entry;
    },
    update(entry, change) {
      const wasFinished = isFinished(entry);
      apply(entry, change);
      changed(entry, wasFinished);
    },
    recordAttempt(entry, { trigger, at, outcome }, change = {}) {
      const wasFinished = isFinished(entry);
      apply(entry, change);
      appendAttempt(entry, {
        trigger,
        at,
        statusCode: outcome.status,
        durationMs: outcome.durationMs,
        error: outcome.error === null ? null : texts.intern(outcome.error),
        response: texts.intern(outcome.responseSnippet),
        tokenRefreshed: outcome.tokenRefreshed,
      });
      changed(entry, wasFinished);
    },
    list(filter) {
      const matching: DeliveryRecord[] = [];
      for (const entry of entries.values())
        if (
          (filter.event === undefined || entry.eventId === filter.event) &&
          (filter.subscription === undefined || entry.subscriptionId === filter.subscription) &&
          (filter.status === undefined || entry.status === filter.status)
        )
          matching.push(renderDelivery(entry));
      return matching.reverse();
    },
    get(id) {
      const entry = entries.get(id);
      return entry && renderDelivery(entry);
    },
    snapshot: () => ({ dropped, records: [...entries.values()].map(renderDelivery) }),
    restore(saved, keep) {
      clear();
      dropped = saved.dropped;
      const restored: DeliveryEntry[] = [];
      for (const record of saved.records) {
        if (!keep(record)) continue;
        const entry = entryFromRecord(record, texts.intern);
        entries.set(entry.id, entry);
        if (isFinished(entry)) finished++;
        restored.push(entry);
      }
      enforceRetention();
      return restored;
    },
    clear,
    get dropped() {
      return dropped;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
