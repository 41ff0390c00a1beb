/**
 * page-of
 *
 * One page of events merged from several sources (generated streams, the explicit events), without materialising
 * anything beyond the page.
 */
import type { WebhookEventType } from '../store/types.js';
import type { EventStream } from './create-event-stream.js';
import type { WebhookEvent, WebhookEventStatus } from './event-types.js';

/** A source of matching events in descending (created_at, then ascending sentera_id) order. */
export interface EventSource {
  /** Matching events with created_at second >= `second`. */
  countFrom(second: number): number;
  readonly newest: number;
  readonly oldest: number;
  /** Up to `limit` matching events with created_at second <= `second`, in order. */
  take(second: number, limit: number): WebhookEvent[];
}

/**
 * The events at ranks [offset, offset + size) of the merge of `sources` (created_at descending, then sentera_id
 * ascending), touching only about `size` events per source: a binary search over seconds finds the second holding
 * rank `offset`, then each source gives its next events from there and the small lists are merged.
 *
 * `sources` must not be empty.
 */
export function pageOf(sources: readonly EventSource[], offset: number, size: number): WebhookEvent[] {
  const countFrom = (second: number) => sources.reduce((sum, source) => sum + source.countFrom(second), 0);
  let low = Math.min(...sources.map((source) => source.oldest));
  let high = Math.max(...sources.map((source) => source.newest)) + 1;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (countFrom(middle) > offset) low = middle;
    else high = middle;
  }
  const skip = offset - countFrom(low + 1);
  const merged = sources.flatMap((source) => source.take(low, skip + size)).sort(compareEvents);
  return merged.slice(skip, skip + size);
}

/**
 * The events of a generated stream of these types (and status, unless null) with created_at seconds in [low, high],
 * counted by arithmetic over the stream's slot cycle; null when none match.
 */
export function streamSource(
  stream: EventStream,
  types: readonly WebhookEventType[],
  status: WebhookEventStatus | null,
  low: number,
  high: number,
): EventSource | null {
  const filter = stream.pattern.compile(types, status);
  if (filter.perCycle === 0) return null;
  const first = stream.firstIndexAtOrBefore(high);
  const end = low === -Infinity ? stream.count : stream.firstIndexAtOrBefore(low - 1);
  if (first >= end) return null;
  const before = stream.pattern.countBefore(filter, first);
  const countUntil = (index: number) => stream.pattern.countBefore(filter, Math.min(index, end)) - before;
  if (countUntil(end) === 0) return null;
  return {
    newest: stream.secondAt(first),
    oldest: stream.secondAt(end - 1),
    countFrom: (second) =>
      second === -Infinity ? countUntil(end) : Math.max(0, countUntil(stream.firstIndexAtOrBefore(second - 1))),
    take(second, limit) {
      const from = Math.max(first, stream.firstIndexAtOrBefore(second));
      const results: WebhookEvent[] = [];
      for (let k = stream.pattern.countBefore(filter, from); results.length < limit; k++) {
        const index = stream.pattern.nth(filter, k);
        if (index >= end) break;
        results.push(stream.eventAt(index));
      }
      return results;
    },
  };
}

/**
 * A list already in {@link compareEvents} order (at least one item, each with its created_at second) as a source;
 * `view` gives the event an item shows.
 */
export function listSource<T extends { readonly second: number }>(
  items: readonly T[],
  view: (item: T) => WebhookEvent,
): EventSource {
  // items are in descending order: the number with second >= s is the first index whose second < s.
  const firstBelow = (second: number) => {
    let low = 0;
    let high = items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((items[middle] as T).second < second) high = middle;
      else low = middle + 1;
    }
    return low;
  };
  return {
    newest: (items[0] as T).second,
    oldest: (items[items.length - 1] as T).second,
    countFrom: (second) => (second === -Infinity ? items.length : firstBelow(second)),
    take: (second, limit) => items.slice(firstBelow(second + 1), firstBelow(second + 1) + limit).map(view),
  };
}

/** The order of a page: created_at (whole seconds) descending, then sentera_id ascending. */
export function compareEvents(a: WebhookEvent, b: WebhookEvent): number {
  return (
    toSecond(b.created_at) - toSecond(a.created_at) ||
    (a.sentera_id < b.sentera_id ? -1 : a.sentera_id > b.sentera_id ? 1 : 0)
  );
}

/** An instant's whole second since the epoch (rounded down). */
export function toSecond(instant: Date): number {
  return Math.floor(instant.getTime() / 1000);
}
