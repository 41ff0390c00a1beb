/**
 * clock
 */

/**
 * The source of "now" for everything the mock stamps with a time: ids, `created_at`, delivery logs.
 * Inject one instead of calling `Date.now()`.
 *
 * @category Runtime
 */
export interface Clock {
  /** The current instant. */
  readonly now: () => Date;
}

/**
 * A clock that stands still until it is moved: the same instant on every call, so responses are reproducible.
 *
 * @category Runtime
 */
export interface ManualClock extends Clock {
  /** Moves the clock forward by `milliseconds` (which must not be negative). */
  advance(milliseconds: number): void;
  /** Sets the clock to `instant`. */
  set(instant: Date): void;
}

/**
 * The instants a manual clock can hold: those Sentera ids can stamp (their `yymmdd` holds years 2000 to 2099).
 *
 * @category Runtime
 */
export const CLOCK_RANGE = { min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) - 1 } as const;

/**
 * Whether `milliseconds` since the epoch is within {@link CLOCK_RANGE}.
 *
 * @category Runtime
 */
export function isInClockRange(milliseconds: number): boolean {
  return milliseconds >= CLOCK_RANGE.min && milliseconds <= CLOCK_RANGE.max;
}

/**
 * The machine's clock.
 *
 * @category Runtime
 */
export function createSystemClock(): Clock {
  return { now: () => new Date() };
}

/** Options of {@link createManualClock}. */
export interface ManualClockOptions {
  /** The instant the clock starts at. */
  start: Date;
}

/**
 * A clock frozen at `start` that only moves when told to. It stays within {@link CLOCK_RANGE}: moving it outside
 * throws a RangeError (check with {@link isInClockRange} first).
 *
 * @example
 * ```ts
 * const clock = createManualClock({ start: new Date('2022-01-31T13:27:09Z') });
 * clock.advance(1000); // 13:27:10
 * ```
 * @category Runtime
 */
export function createManualClock(options: ManualClockOptions): ManualClock {
  const { start } = options;
  if (!isInClockRange(start.getTime()))
    throw new RangeError(
      `createManualClock: start must be a date from 2000 to 2099, got ${String(start.getTime())} ms`,
    );
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(milliseconds) {
      if (!(milliseconds >= 0)) throw new RangeError('ManualClock.advance: milliseconds must be >= 0');
      if (!isInClockRange(current + milliseconds))
        throw new RangeError('ManualClock.advance: the clock would leave 2000 to 2099');
      current += milliseconds;
    },
    set(instant) {
      if (!isInClockRange(instant.getTime())) throw new RangeError('ManualClock.set: not a date from 2000 to 2099');
      current = instant.getTime();
    },
  };
}

/** Tells a {@link ManualClock} from a plain {@link Clock}. */
export function isManualClock(clock: Clock): clock is ManualClock {
  return typeof (clock as Partial<ManualClock>).advance === 'function';
}
