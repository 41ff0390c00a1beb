/**
 * create-delivery
 */
import { createHash } from 'node:crypto';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import type { EventLog } from '../events/create-event-log.js';
import type { OrganizationEvent, WebhookEventStatus } from '../events/event-types.js';
import { createSystemClock } from '../runtime/clock.js';
import type { StatePart } from '../state/create-state-registry.js';
import type { Store } from '../store/create-store.js';
import { buildDeliveryBody, type DeliveryBodyFormat } from './build-delivery-body.js';
import { checkDestination } from './check-destination.js';
import { createLimiter } from './create-limiter.js';
import { createTokenCache, type TokenCache } from './create-token-cache.js';
import type { AttemptRecord, DeliveryFaults, DeliveryRecord } from './delivery-types.js';
import { DEFAULT_RETRY_SCHEDULE_MS, delayBefore, MAX_TIMER_DELAY_MS, parseRetryAfter } from './retry-schedule.js';
import { redactUrl } from './redact-url.js';
import { sendAttempt, type AttemptOutcome } from './send-attempt.js';
import { signStandardWebhook } from './sign-standard-webhook.js';

/**
 * Timers, injectable so tests can drive them.
 *
 * @category Delivery
 */
export interface Timers {
  setTimeout(callback: () => void, milliseconds: number): unknown;
  clearTimeout(handle: unknown): void;
}

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
  /** @default globalThis.setTimeout / clearTimeout */
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

interface Job {
  record: DeliveryRecord;
  event: OrganizationEvent;
  /** Attempts in the current sequence (a redelivery starts a new one). */
  sequence: number;
  trigger: 'scheduled' | 'manual';
  timer: unknown;
}

/**
 * Starts delivering the events the log emits.
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
    // Unref'd: pending retries never keep a process alive on their own.
    timers = {
      setTimeout: (callback, milliseconds) => setTimeout(callback, milliseconds).unref(),
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    },
    schedule = DEFAULT_RETRY_SCHEDULE_MS,
    timeScale = 1,
    timeoutMs = 15_000,
    body: bodyFormat = 'envelope',
    signingSecret = null,
    strict = false,
    concurrencyPerHost = 16,
    concurrency = 64,
    keepDeliveries = 10_000,
    faults = {},
    tokens = createTokenCache({ fetch: fetchFn, now: () => now().getTime() }),
    userAgent = 'sentera-mock (webhook delivery)',
    onAttempt,
  } = options;
  const limit = createLimiter({ perKey: concurrencyPerHost, total: concurrency });
  let jobs = new Map<string, Job>();
  let dropped = 0;
  let finished = 0;
  const isFinished = (record: DeliveryRecord) => record.status !== 'PENDING';
  /** Forgets the oldest finished deliveries beyond `keepDeliveries` (the map keeps insertion order). */
  const enforceRetention = () => {
    if (finished <= keepDeliveries) return;
    for (const [id, job] of jobs) {
      if (finished <= keepDeliveries) break;
      if (!isFinished(job.record) || job.timer !== undefined) continue;
      jobs.delete(id);
      finished--;
      dropped++;
    }
  };
  let inFlight = 0;
  let scheduled = 0;
  let closed = false;
  const idleWaiters = new Set<() => void>();
  const changeListeners = new Set<(record: DeliveryRecord) => void>();
  const random = (...parts: Array<string | number>) =>
    createHash('sha256')
      .update([seed, ...parts].join('\u0000'))
      .digest()
      .readUInt32BE(0) /
    2 ** 32;

  const settleIdle = () => {
    if (inFlight > 0 || scheduled > 0) return;
    for (const waiter of idleWaiters) waiter();
    idleWaiters.clear();
  };

  const update = (job: Job, changes: Partial<DeliveryRecord>) => {
    const wasFinished = isFinished(job.record);
    job.record = { ...job.record, ...changes };
    if (jobs.get(job.record.id) === job && wasFinished !== isFinished(job.record)) {
      finished += wasFinished ? -1 : 1;
      if (!wasFinished) enforceRetention();
    }
    events.setDeliveryState(job.record.subscription_sentera_id, job.record.event_sentera_id, {
      status: job.record.status,
      attempts: job.record.attempts.length,
    });
    for (const listener of changeListeners) listener(job.record);
  };

  const cancel = (job: Job) => {
    if (job.timer === undefined) return;
    timers.clearTimeout(job.timer);
    job.timer = undefined;
    scheduled--;
  };
  const schedule_ = (job: Job, requested: number) => {
    const delay = Math.min(Math.max(0, requested), MAX_TIMER_DELAY_MS);
    cancel(job);
    scheduled++;
    job.timer = timers.setTimeout(() => {
      job.timer = undefined;
      scheduled--;
      void attempt(job);
    }, delay);
    update(job, { next_attempt_at: new Date(now().getTime() + delay).toISOString() });
  };

  const send = async (
    job: Job,
    url: string,
  ): Promise<AttemptOutcome & { tokenRefreshed: boolean; final?: boolean }> => {
    const subscription = store.getWebhookSubscription(job.record.subscription_sentera_id);
    const body = buildDeliveryBody(job.event, bodyFormat);
    const headers = (): Record<string, string> => {
      const timestamp = Math.floor(now().getTime() / 1000);
      return {
        'content-type': 'application/json',
        'user-agent': userAgent,
        'webhook-id': job.event.sentera_id,
        'x-sentera-event-type': job.event.type,
        ...(signingSecret
          ? {
              'webhook-timestamp': String(timestamp),
              'webhook-signature': signStandardWebhook({
                secret: signingSecret,
                id: job.event.sentera_id,
                timestamp,
                body,
              }),
            }
          : {}),
      };
    };
    const failed = (error: string): AttemptOutcome & { tokenRefreshed: boolean } => ({
      ok: false,
      status: null,
      durationMs: 0,
      error,
      responseSnippet: '',
      retryAfter: null,
      tokenRefreshed: false,
    });
    if (strict) {
      const destination = await checkDestination(url);
      // No retry can change where a name resolves to in time to matter: the delivery fails at once.
      if (!destination.ok) return { ...failed(destination.problem.message), final: true };
    }
    const authentication = subscription?.authentication ?? null;
    if (!authentication)
      return {
        ...(await sendAttempt({ fetch: fetchFn, url, headers: headers(), body, timeoutMs })),
        tokenRefreshed: false,
      };
    if (strict) {
      // The token request carries the client credentials: it must not go where a delivery may not.
      const tokenDestination = await checkDestination(authentication.token_url);
      if (!tokenDestination.ok) return failed(`token_error: ${tokenDestination.problem.message}`);
    }
    const token = await tokens.get(authentication);
    if (!token.ok) return failed(token.problem.message);
    const first = await sendAttempt({
      fetch: fetchFn,
      url,
      headers: { ...headers(), authorization: `Bearer ${token.value}` },
      body,
      timeoutMs,
    });
    if (first.status !== 401) return { ...first, tokenRefreshed: false };
    tokens.invalidate(authentication);
    const fresh = await tokens.get(authentication);
    if (!fresh.ok) return { ...failed(fresh.problem.message), tokenRefreshed: true };
    return {
      ...(await sendAttempt({
        fetch: fetchFn,
        url,
        headers: { ...headers(), authorization: `Bearer ${fresh.value}` },
        body,
        timeoutMs,
      })),
      tokenRefreshed: true,
    };
  };

  /**
   * Whether a redelivery replaced this job, or reset() (or a state load) forgot it, while its POST was in flight. The
   * receiver got that POST, so the job now in its place logs it; only that job decides status and retries, so no
   * second retry chain runs and nothing is sent for a forgotten delivery.
   */
  const superseded = (
    job: Job,
    sent: { trigger: AttemptRecord['trigger']; at: string; outcome: AttemptOutcome & { tokenRefreshed: boolean } },
  ): boolean => {
    const live = jobs.get(job.record.id);
    if (live === job) return false;
    if (live) {
      const { outcome } = sent;
      const record: AttemptRecord = {
        attempt: live.record.attempts.length + 1,
        trigger: sent.trigger,
        at: sent.at,
        status_code: outcome.status,
        duration_ms: Math.round(outcome.durationMs * 100) / 100,
        error: outcome.error,
        response: outcome.responseSnippet,
        token_refreshed: outcome.tokenRefreshed,
      };
      update(live, { attempts: [...live.record.attempts, record] });
    }
    return true;
  };

  const attempt = async (job: Job): Promise<void> => {
    if (closed) return;
    const subscription = store.getWebhookSubscription(job.record.subscription_sentera_id);
    if (!subscription) {
      update(job, { status: 'FAILED', next_attempt_at: null });
      return;
    }
    inFlight++;
    let recorded: AttemptRecord | undefined;
    try {
      const url = subscription.callback_url;
      const host = new URL(url).host;
      const at = now().toISOString();
      const outcome = await limit(host, () => send(job, url));
      if (closed || superseded(job, { trigger: job.trigger, at, outcome })) return;
      job.sequence++;
      const record: AttemptRecord = {
        attempt: job.record.attempts.length + 1,
        trigger: job.trigger,
        at,
        status_code: outcome.status,
        duration_ms: Math.round(outcome.durationMs * 100) / 100,
        error: outcome.error,
        response: outcome.responseSnippet,
        token_refreshed: outcome.tokenRefreshed,
      };
      update(job, { url: redactUrl(url), attempts: [...job.record.attempts, record], next_attempt_at: null });
      recorded = record;
      // Only the attempt a redelivery starts is manual; its retries are scheduled ones, as Svix labels them.
      job.trigger = 'scheduled';
      if (outcome.ok) {
        update(job, { status: 'SUCCESS' });
        if (faults.duplicateRate && random(job.record.id, job.sequence, 'duplicate') < faults.duplicateRate) {
          const duplicateAt = now().toISOString();
          const duplicate = await limit(host, () => send(job, url));
          if (closed || superseded(job, { trigger: 'duplicate', at: duplicateAt, outcome: duplicate })) return;
          update(job, {
            attempts: [
              ...job.record.attempts,
              {
                ...record,
                attempt: job.record.attempts.length + 1,
                trigger: 'duplicate',
                at: duplicateAt,
                status_code: duplicate.status,
                duration_ms: Math.round(duplicate.durationMs * 100) / 100,
                error: duplicate.error,
                response: duplicate.responseSnippet,
                token_refreshed: duplicate.tokenRefreshed,
              },
            ],
          });
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
      if (delay === null) update(job, { status: 'FAILED' });
      else schedule_(job, delay + (faults.delayMs ?? 0));
    } finally {
      if (recorded && !closed) onAttempt?.(job.record, recorded);
      inFlight--;
      settleIdle();
    }
  };

  const start = (event: OrganizationEvent, subscriptionId: string, trigger: 'scheduled' | 'manual') => {
    const id = `${event.sentera_id}:${subscriptionId}`;
    const previous = jobs.get(id);
    if (previous) cancel(previous);
    const subscription = store.getWebhookSubscription(subscriptionId);
    const job: Job = {
      record: previous?.record ?? {
        id,
        event_sentera_id: event.sentera_id,
        subscription_sentera_id: subscriptionId,
        event_type: event.type,
        url: redactUrl(subscription?.callback_url ?? ''),
        status: 'PENDING',
        attempts: [],
        next_attempt_at: null,
      },
      event,
      sequence: 0,
      trigger,
      timer: undefined,
    };
    jobs.set(id, job);
    update(job, { status: 'PENDING' });
    const hold =
      (trigger === 'scheduled' && faults.reorderWindowMs ? random(id, 'reorder') * faults.reorderWindowMs : 0) +
      (faults.delayMs ?? 0);
    schedule_(job, (delayBefore(1, { schedule, timeScale }) ?? 0) + hold);
    return job;
  };

  const stop = events.onEmitted((event, subscriptions) => {
    if (closed) return;
    for (const subscription of subscriptions) start(event, subscription.sentera_id, 'scheduled');
  });

  const cancelAll = () => {
    for (const job of jobs.values()) cancel(job);
  };

  return {
    list(filter = {}) {
      return [...jobs.values()]
        .map((job) => job.record)
        .filter(
          (record) =>
            (filter.event === undefined || record.event_sentera_id === filter.event) &&
            (filter.subscription === undefined || record.subscription_sentera_id === filter.subscription) &&
            (filter.status === undefined || record.status === filter.status),
        )
        .reverse();
    },
    get: (id) => jobs.get(id)?.record,
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
                [...jobs.values()]
                  .filter((job) => job.record.event_sentera_id === eventId)
                  .map((job) => job.record.subscription_sentera_id),
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
      return ok(targets.map((target) => start(event, target, 'manual').record));
    },
    idle(timeoutMs = 30_000) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          idleWaiters.delete(done);
          resolve();
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        idleWaiters.add(done);
        settleIdle();
      });
    },
    get dropped() {
      return dropped;
    },
    reset() {
      cancelAll();
      jobs = new Map();
      finished = 0;
      dropped = 0;
      settleIdle();
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    close() {
      closed = true;
      stop();
      cancelAll();
      settleIdle();
    },
    statePart: {
      key: 'deliveries',
      snapshot: () => ({ dropped, records: [...jobs.values()].map((job) => job.record) }),
      parse(input, at) {
        if (input === undefined) return ok(() => undefined);
        // Older states saved the bare list of records.
        const saved: { records?: unknown; dropped?: unknown } | null = Array.isArray(input)
          ? { records: input, dropped: 0 }
          : input;
        const data = saved?.records;
        const droppedBefore = saved?.dropped ?? 0;
        if (!Number.isSafeInteger(droppedBefore) || (droppedBefore as number) < 0)
          return fail(ErrorCode.BAD_USER_INPUT, `${at}.dropped: expected a whole number >= 0`);
        if (
          !Array.isArray(data) ||
          !data.every(
            (record: Partial<Record<keyof DeliveryRecord, unknown>> | null) =>
              record &&
              typeof record === 'object' &&
              typeof record.id === 'string' &&
              typeof record.event_sentera_id === 'string' &&
              typeof record.subscription_sentera_id === 'string' &&
              Array.isArray(record.attempts),
          )
        ) {
          return fail(ErrorCode.BAD_USER_INPUT, `${at}: expected {dropped, records: [delivery records]}`);
        }
        return ok(() => {
          cancelAll();
          jobs = new Map();
          finished = 0;
          dropped = droppedBefore as number;
          for (const record of data as DeliveryRecord[]) {
            const event = events.getEvent(record.event_sentera_id);
            if (!event) continue;
            const job: Job = {
              record,
              event,
              sequence: record.attempts.length,
              trigger: 'scheduled',
              timer: undefined,
            };
            jobs.set(record.id, job);
            if (isFinished(record)) finished++;
            // A delivery still pending when the state was saved resumes where its schedule was.
            if (record.status === 'PENDING' && !closed)
              schedule_(
                job,
                Math.max(0, (record.next_attempt_at ? Date.parse(record.next_attempt_at) : 0) - now().getTime()),
              );
          }
          enforceRetention();
        });
      },
    },
  };
}
