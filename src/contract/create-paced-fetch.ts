/**
 * create-paced-fetch
 *
 * Every request of a contract run goes through one paced fetch: requests start at least `minIntervalMs` apart, and
 * a rate-limited answer (HTTP 429) is retried after the `Retry-After` it gives (bounded), a few times. Being rate
 * limited is an operational fact, not a contract breach: the run reports it as a notice.
 */

/** What the rate limits of a run came to. */
export interface RateLimitLog {
  /** How many answers were HTTP 429. */
  readonly limited: number;
  /** How long the kit waited for them in all. */
  readonly waitedMs: number;
  /** How many requests were still rate limited after the last retry. */
  readonly gaveUp: number;
}

/** Options of {@link createPacedFetch}. */
export interface PacedFetchOptions {
  readonly fetch: typeof fetch;
  /** The least time between the starts of two requests. @default 0 */
  readonly minIntervalMs?: number;
  /** How many times a rate-limited request is sent again. @default 3 */
  readonly maxRetries?: number;
  /** The longest wait for one Retry-After (longer ones are cut to it). @default 30000 */
  readonly maxWaitMs?: number;
  /** The wait when a 429 gives no usable Retry-After. @default 1000 */
  readonly defaultWaitMs?: number;
  /** Per attempt. @default 10000 */
  readonly timeoutMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A fetch that paces itself and honours Retry-After, with the log of what it met. */
export interface PacedFetch {
  readonly fetch: typeof fetch;
  log(): RateLimitLog;
}

/**
 * Wraps `fetch`. Each attempt gets its own timeout signal (a wait never eats a request's time).
 */
export function createPacedFetch(options: PacedFetchOptions): PacedFetch {
  const {
    fetch: fetchFn,
    minIntervalMs = 0,
    maxRetries = 3,
    maxWaitMs = 30_000,
    defaultWaitMs = 1000,
    timeoutMs = 10_000,
    now = Date.now,
    sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  } = options;
  let next = Number.NEGATIVE_INFINITY;
  let limited = 0;
  let waitedMs = 0;
  let gaveUp = 0;

  const pace = async () => {
    const at = now();
    const start = Math.max(at, next);
    next = start + minIntervalMs;
    if (start > at) await sleep(start - at);
  };

  const paced: typeof fetch = async (input, init) => {
    for (let attempt = 0; ; attempt++) {
      await pace();
      const response = await fetchFn(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      if (response.status !== 429) return response;
      limited += 1;
      if (attempt >= maxRetries) {
        gaveUp += 1;
        return response;
      }
      const wait = Math.min(maxWaitMs, retryAfterMs(response.headers.get('retry-after'), now()) ?? defaultWaitMs);
      await response.body?.cancel().catch(() => undefined);
      waitedMs += wait;
      next = Math.max(next, now() + wait);
    }
  };

  return { fetch: paced, log: () => ({ limited, waitedMs, gaveUp }) };
}

/**
 * A Retry-After header in milliseconds from `now`: delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when
 * absent or unreadable.
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The run's notice about rate limits, or undefined when there were none. */
export function rateLimitNotice(log: RateLimitLog): string | undefined {
  if (log.limited === 0) return undefined;
  const gaveUp =
    log.gaveUp > 0 ? `; ${log.gaveUp} still rate limited after the retries (their checks are skipped)` : '';
  return `the endpoint rate-limited ${log.limited} ${log.limited === 1 ? 'request' : 'requests'} (HTTP 429); the kit waited ${(log.waitedMs / 1000).toFixed(1)} s in all as Retry-After asked${gaveUp}. This is not a contract breach; --pace MS spaces requests out.`;
}

/** Whether a URL's host is this machine (where the kit need not pace itself). */
export function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
