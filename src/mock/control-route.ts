/**
 * control-route
 *
 * What the control API and its route files share: one route, and the slice of the mock they control (a
 * `SenteraMock` is one; the routes take only what they use, so none of them imports the mock).
 */
import type { Delivery } from '../delivery/create-delivery.js';
import type { EventLog } from '../events/create-event-log.js';
import type { ControlRequest, ControlResponse } from '../http/control-api-types.js';
import type { InboxStore } from '../inbox/create-inbox-store.js';
import type { LiveFeed } from '../live/create-live-feed.js';
import type { Clock } from '../runtime/clock.js';
import type { StateRegistry } from '../state/create-state-registry.js';

/**
 * One route: a method, a path pattern with `:params`, and what it does.
 *
 * @category Control API
 */
export interface ControlRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  /** A line for the route listing at GET /_mock. */
  readonly description: string;
  /** The query parameters it reads; any other is refused with 400. @default none */
  readonly query?: readonly string[];
  handle(request: ControlRequest, params: Record<string, string>): ControlResponse | Promise<ControlResponse>;
}

/**
 * The parts of a mock the control API acts on; a `SenteraMock` has them all.
 *
 * @category Control API
 */
export interface ControlledMock {
  readonly clock: Clock;
  readonly events: EventLog;
  /** The webhook sender, unless delivery is off. */
  readonly delivery: Delivery | undefined;
  readonly inboxes: InboxStore;
  readonly live: LiveFeed;
  readonly state: StateRegistry;
  /** Back to the seeded start. */
  reset(): void;
}
