/**
 * create-delivery
 */
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import type { EventLog } from '../events/create-event-log.js';
import type { OrganizationEvent, WebhookEventStatus } from '../events/event-types.js';
import { createSystemClock } from '../runtime/clock.js';
import { sha256 } from '../runtime/sha256.js';
import type { StatePart } from '../state/create-state-registry.js';
import type { Store } from '../store/create-store.js';
import type { DeliveryBodyFormat } from './build-delivery-body.js';
import { createAttemptSender } from './create-attempt-sender.js';
import { createDeliveryLog, type SentAttemptAt } from './create-delivery-log.js';
import { createLimiter } from './create-limiter.js';
import { createTokenCache, type TokenCache } from './create-token-cache.js';
import { attemptCount, renderAttempt, renderDelivery, type DeliveryEntry, type DeliveryJob } from './delivery-entry.js';
import type { AttemptRecord, DeliveryFaults, DeliveryRecord } from './delivery-types.js';
import { parseDeliveryState } from './parse-delivery-state.js';
import { DEFAULT_RETRY_SCHEDULE_MS, delayBefore, MAX_TIMER_DELAY_MS, parseRetryAfter } from './retry-schedule.js';
import { redactUrl } from './redact-url.js';

/**
 * Timers, injectable so tests can drive them.
 *
 * @category Delivery
 */
export interface Timers {
  /**
   * `keepAlive: false` asks that the timer not keep the process running on its own (Node's `unref()`): retries ask
   * for that, `idle()`'s wait does not. Timers that cannot tell may ignore it.
   */
  setTimeout(callback: () => void, milliseconds: number, options?: { keepAlive: boolean }): unknown;
  clearTimeout(handle: unknown): void;
  /**
   * Calls back on the next turn of the event loop, after pending I/O (Node's setImmediate). Without it, attempts are
   * not paced (see {@link DeliveryOptions.attemptsPerTurn}).
   */
  nextTurn?(callback: () => void): void;
}

/** Node's timers; pending retries never keep a process alive on their own. */
const SYSTEM_TIMERS: Timers = {
  setTimeout: (callback, milliseconds, { keepAlive } = { keepAlive: true }) => {
    const timer = setTimeout(callback, milliseconds);
    return keepAlive ? timer : timer.unref();
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  nextTurn: (callback) => void setImmediate(callback),
};

/**
 * Options of {@link createDelivery}. Everything but `events` and `store` has a default.
 *
 * @category Delivery
 */
export interface DeliveryOptions {
  events: EventLog;
  store: Store;
  /** Seeds fault simulation. @default 'sentera-mock' */
  seed?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Real time, for signature timestamps, the log and token expiry: receivers check signatures against their own clock. @default the system clock */
  now?: () => Date;
  /** Schedules attempts and bounds `idle()`'s wait. @default Node's setTimeout / clearTimeout */
  timers?: Timers;
  /** Delays before each attempt, from the previous failure. @default 0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h */
  schedule?: readonly number[];
  /** Multiplies every delay (Retry-After included): 0.001 turns hours into seconds. @default 1 */
  timeScale?: number;
  /** Per-attempt timeout. @default 15_000 */
  timeoutMs?: number;
  /** @default 'envelope' */
  body?: DeliveryBodyFormat;
  /** A Standard Webhooks secret (`whsec_…`): sign every delivery. @default none */
  signingSecret?: string | null;
  /** Refuse callback URLs and OAuth token URLs that resolve to loopback, private or link-local addresses: such a delivery fails at once (FAILED, no retries). @default false */
  strict?: boolean;
  /** Attempts in flight per callback host. @default 16 */
  concurrencyPerHost?: number;
  /** Attempts in flight over all hosts, so deliveries never crowd out requests. @default 64 */
  concurrency?: number;
  /**
   * Attempts started per turn of the event loop (when `timers` has `nextTurn`, as Node's do): many attempts due at
   * once start a few at a time, with requests served in between. @default 4
   */
  attemptsPerTurn?: number;
  /**
   * Finished (SUCCESS or FAILED) deliveries kept in the log; the oldest are forgotten beyond it and counted in
   * `dropped` (pending ones are always kept). @default 10_000
   */
  keepDeliveries?: number;
  faults?: DeliveryFaults;
  /** OAuth2 tokens. @default createTokenCache({ fetch }) */
  tokens?: TokenCache;
  /** @default 'sentera-mock (webhook delivery)' */
  userAgent?: string;
  /** Called after each attempt is recorded and its outcome applied (status, next retry), e.g. to log it. */
  onAttempt?: (delivery: DeliveryRecord, attempt: AttemptRecord) => void;
}

/**
 * The mock's webhook sender: every emitted event is POSTed to each matching subscription's callback_url, with OAuth
 * when the subscription has `authentication`, retried on the schedule until a 2xx (SUCCESS) or the last attempt
 * (FAILED), and logged. The event's status and attempts in `events` follow.
 *
 * @category Delivery
 */
export interface Delivery {
  /** Deliveries, newest first, filtered. */
  list(filter?: { event?: string; subscription?: string; status?: WebhookEventStatus }): DeliveryRecord[];
  get(id: string): DeliveryRecord | undefined;
  /** Sends an event again to its subscriptions (or one of them), as a new manual attempt sequence. */
  redeliver(event_sentera_id: string, subscription_sentera_id?: string): Result<DeliveryRecord[]>;
  /** Resolves when no attempt is in flight or scheduled (or after `timeoutMs`). */
  idle(timeoutMs?: number): Promise<void>;
  /** Forgets every delivery and cancels pending attempts. */
  reset(): void;
  /** Cancels pending attempts and stops listening for events. */
  close(): void;
  /** Calls `listener` with a delivery's record each time it changes (queued, attempted, finished); returns the unsubscribe. */
  onChange(listener: (record: DeliveryRecord) => void): () => void;
  /** The delivery log's share of saved state. */
  readonly statePart: StatePart;
  /** How many finished deliveries retention has forgotten since the start (or reset), saved with the state. */
  readonly dropped: number;
}

/**
 * Starts delivering the events the log emits. Its log (`create-delivery-log.ts`) keeps each delivery in a compact form
 * (`delivery-entry.ts`) and shows the public {@link DeliveryRecord} only when read.
 *
 * @category Delivery
 */
export function createDelivery(options: DeliveryOptions): Delivery {
  const {
    events,
    store,
    seed = 'sentera-mock',
    fetch: fetchFn = globalThis.fetch,
    now = createSystemClock().now,
    timers = SYSTEM_TIMERS,
    schedule = DEFAULT_RETRY_SCHEDULE_MS,
    timeScale = 1,
    timeoutMs = 15_000,
    body: bodyFormat = 'envelope',
    signingSecret = null,
    strict = false,
    concurrencyPerHost = 16,
    concurrency = 64,
    attemptsPerTurn = 4,
    keepDeliveries = 10_000,
    faults = {},
    tokens = createTokenCache({ fetch: fetchFn, now: () => now().getTime() }),
    userAgent = 'sentera-mock (webhook delivery)',
    onAttempt,
  } = options;
  const limit = createLimiter({
    perKey: concurrencyPerHost,
    total: concurrency,
    ...(timers.nextTurn ? { startsPerTurn: attemptsPerTurn, nextTurn: (callback) => timers.nextTurn?.(callback) } : {}),
  });
  const send = createAttemptSender({
    fetch: fetchFn,
    now,
    timeoutMs,
    body: bodyFormat,
    signingSecret,
    strict,
    tokens,
    userAgent,
  });
  const log = createDeliveryLog({ keepDeliveries, events });
  let inFlight = 0;
  let scheduled = 0;
  let closed = false;
  const idleWaiters = new Set<() => void>();
  const random = (...parts: Array<string | number>) =>
    sha256([seed, ...parts].join('\u0000')).readUInt32BE(0) / 2 ** 32;

  const settleIdle = () => {
    if (inFlight > 0 || scheduled > 0) return;
    for (const waiter of idleWaiters) waiter();
    idleWaiters.clear();
  };

  const isFinished = (entry: DeliveryEntry) => entry.status !== 'PENDING';

  const cancel = (job: DeliveryJob) => {
    if (job.timer === undefined) return;
    timers.clearTimeout(job.timer);
    job.timer = undefined;
    scheduled--;
  };
  /** Sets the timer of the job's next attempt (replacing a pending one) and shows when it is due. */
  const scheduleAttempt = (entry: DeliveryEntry, job: DeliveryJob, requested: number) => {
    const delay = Math.min(Math.max(0, requested), MAX_TIMER_DELAY_MS);
    cancel(job);
    scheduled++;
    job.timer = timers.setTimeout(
      () => {
        job.timer = undefined;
        scheduled--;
        void attempt(entry, job);
      },
      delay,
      { keepAlive: false },
    );
    log.update(entry, { nextAttemptAt: now().getTime() + delay });
  };
  /** Lets the entry forget its job (and so its event) once nothing more is sent for it. */
  const release = (entry: DeliveryEntry, job: DeliveryJob) => {
    if (entry.job === job && isFinished(entry) && job.timer === undefined) entry.job = undefined;
  };

  /**
   * Whether a redelivery replaced this job, or reset() (or a state load) forgot its delivery, while its POST was in
   * flight. The receiver got that POST, so the delivery in the log logs it; only the job now in place decides status
   * and retries, so no second retry chain runs and nothing is sent for a forgotten delivery.
   */
  const superseded = (entry: DeliveryEntry, job: DeliveryJob, sent: SentAttemptAt): boolean => {
    const live = log.entry(entry.id);
    if (live === entry && entry.job === job) return false;
    if (live) log.recordAttempt(live, sent);
    return true;
  };

  const attempt = async (entry: DeliveryEntry, job: DeliveryJob): Promise<void> => {
    if (closed) return;
    const subscription = store.getWebhookSubscription(entry.subscriptionId);
    if (!subscription) {
      log.update(entry, { status: 'FAILED', nextAttemptAt: null });
      release(entry, job);
      return;
    }
    inFlight++;
    let recorded: number | undefined;
    try {
      const url = subscription.callback_url;
      const host = new URL(url).host;
      const post = () =>
        limit(host, () => send({ event: job.event, url, authentication: subscription.authentication ?? null }));
      const at = now().getTime();
      const outcome = await post();
      if (closed || superseded(entry, job, { trigger: job.trigger, at, outcome })) return;
      job.sequence++;
      log.recordAttempt(entry, { trigger: job.trigger, at, outcome }, { url: redactUrl(url), nextAttemptAt: null });
      recorded = attemptCount(entry) - 1;
      // Only the attempt a redelivery starts is manual; its retries are scheduled ones, as Svix labels them.
      job.trigger = 'scheduled';
      if (outcome.ok) {
        log.update(entry, { status: 'SUCCESS' });
        if (faults.duplicateRate && random(entry.id, job.sequence, 'duplicate') < faults.duplicateRate) {
          const duplicateAt = now().getTime();
          const duplicate = await post();
          if (closed || superseded(entry, job, { trigger: 'duplicate', at: duplicateAt, outcome: duplicate })) return;
          log.recordAttempt(entry, { trigger: 'duplicate', at: duplicateAt, outcome: duplicate });
        }
        return;
      }
      const delay =
        outcome.status === 410 || outcome.final
          ? null
          : delayBefore(job.sequence + 1, {
              schedule,
              timeScale,
              retryAfterMs:
                outcome.status === 429 || outcome.status === 503 ? parseRetryAfter(outcome.retryAfter, now()) : null,
            });
      if (delay === null) log.update(entry, { status: 'FAILED' });
      else scheduleAttempt(entry, job, delay + (faults.delayMs ?? 0));
    } finally {
      if (recorded !== undefined && !closed) onAttempt?.(renderDelivery(entry), renderAttempt(entry, recorded));
      release(entry, job);
      inFlight--;
      settleIdle();
    }
  };

  const start = (event: OrganizationEvent, subscriptionId: string, trigger: 'scheduled' | 'manual') => {
    const id = `${event.sentera_id}:${subscriptionId}`;
    const previous = log.entry(id);
    if (previous?.job) cancel(previous.job);
    const job: DeliveryJob = { event, sequence: 0, trigger, timer: undefined };
    let entry: DeliveryEntry;
    if (previous) {
      entry = previous;
      entry.job = job;
      log.update(entry, { status: 'PENDING' });
    } else {
      entry = log.add({
        id,
        eventId: event.sentera_id,
        subscriptionId,
        eventType: event.type,
        url: redactUrl(store.getWebhookSubscription(subscriptionId)?.callback_url ?? ''),
      });
      entry.job = job;
    }
    const hold =
      (trigger === 'scheduled' && faults.reorderWindowMs ? random(id, 'reorder') * faults.reorderWindowMs : 0) +
      (faults.delayMs ?? 0);
    scheduleAttempt(entry, job, (delayBefore(1, { schedule, timeScale }) ?? 0) + hold);
    return entry;
  };

  const stop = events.onEmitted((event, subscriptions) => {
    if (closed) return;
    for (const subscription of subscriptions) start(event, subscription.sentera_id, 'scheduled');
  });

  const cancelAll = () => {
    for (const entry of log.entries()) if (entry.job) cancel(entry.job);
  };

  return {
    list: (filter = {}) => log.list(filter),
    get: (id) => log.get(id),
    redeliver(eventId, subscriptionId) {
      const event = events.getEvent(eventId);
      if (!event)
        return fail(
          ErrorCode.BAD_USER_INPUT,
          `no emitted or fixture event ${JSON.stringify(eventId)}; generated (stream) events cannot be redelivered`,
        );
      const targets =
        subscriptionId === undefined
          ? [
              ...new Set(
                [...log.entries()].filter((entry) => entry.eventId === eventId).map((entry) => entry.subscriptionId),
              ),
            ]
          : [subscriptionId];
      if (targets.length === 0)
        targets.push(...events.subscriptionsFor(event).map((subscription) => subscription.sentera_id));
      for (const target of targets) {
        if (!store.getWebhookSubscription(target))
          return fail(ErrorCode.WEBHOOK_SUBSCRIPTION_NOT_FOUND, `no webhook subscription ${JSON.stringify(target)}`);
      }
      if (targets.length === 0) return fail(ErrorCode.BAD_USER_INPUT, `event ${eventId} matches no subscription`);
      return ok(targets.map((target) => renderDelivery(start(event, target, 'manual'))));
    },
    idle(timeoutMs = 30_000) {
      return new Promise<void>((resolve) => {
        const timer = timers.setTimeout(
          () => {
            idleWaiters.delete(done);
            resolve();
          },
          timeoutMs,
          { keepAlive: true },
        );
        const done = () => {
          timers.clearTimeout(timer);
          resolve();
        };
        idleWaiters.add(done);
        settleIdle();
      });
    },
    get dropped() {
      return log.dropped;
    },
    reset() {
      cancelAll();
      log.clear();
      settleIdle();
    },
    onChange: (listener) => log.onChange(listener),
    close() {
      closed = true;
      stop();
      cancelAll();
      settleIdle();
    },
    statePart: {
      key: 'deliveries',
      snapshot: () => log.snapshot(),
      parse(input, at) {
        if (input === undefined) return ok(() => undefined);
        const parsed = parseDeliveryState(input, at);
        if (!parsed.ok) return parsed;
        return ok(() => {
          cancelAll();
          const restored = log.restore(
            parsed.value,
            (record) => events.getEvent(record.event_sentera_id) !== undefined,
          );
          for (const entry of restored) {
            const event = events.getEvent(entry.eventId);
            // A delivery still pending when the state was saved resumes where its schedule was.
            if (!event || isFinished(entry) || closed) continue;
            const job: DeliveryJob = { event, sequence: attemptCount(entry), trigger: 'scheduled', timer: undefined };
            entry.job = job;
            scheduleAttempt(entry, job, Math.max(0, (entry.nextAttemptAt ?? 0) - now().getTime()));
          }
        });
      },
    },
  };
}
