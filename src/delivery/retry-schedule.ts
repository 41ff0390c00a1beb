/**
 * retry-schedule
 */

/**
 * When each attempt is made, counted from the previous failure (Svix's schedule): immediately, 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h. Eight attempts in all.
 *
 * @category Delivery
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];

/**
 * The longest delay a timer can wait: Node fires a longer one after 1 ms (with a TimeoutOverflowWarning).
 *
 * @category Delivery
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * The delay before attempt `attempt` (1-based), or null when the schedule has no such attempt. A `Retry-After` the
 * receiver sent (429, 503) lengthens the delay, never shortens it. `timeScale` multiplies every delay (0.001 runs the
 * whole ~28 h schedule in about 100 s, 0.00001 in a second). The delay is capped at {@link MAX_TIMER_DELAY_MS} (about
 * 24.8 days), so a huge `Retry-After` waits long instead of overflowing the timer.
 *
 * @category Delivery
 */
export function delayBefore(
  attempt: number,
  options: { schedule?: readonly number[]; timeScale?: number; retryAfterMs?: number | null } = {},
): number | null {
  const { schedule = DEFAULT_RETRY_SCHEDULE_MS, timeScale = 1, retryAfterMs = null } = options;
  const planned = schedule[attempt - 1];
  if (planned === undefined) return null;
  return Math.min(Math.max(planned, retryAfterMs ?? 0) * timeScale, MAX_TIMER_DELAY_MS);
}

/**
 * Parses a `Retry-After` header (seconds, or an HTTP date relative to `now`) into milliseconds.
 *
 * @category Delivery
 */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}
