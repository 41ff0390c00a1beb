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
  now(): Date;
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
 * A clock frozen at `start` that only moves when told to.
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
  if (Number.isNaN(start.getTime())) throw new RangeError('createManualClock: start is not a valid date');
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(milliseconds) {
      if (!(milliseconds >= 0)) throw new RangeError('ManualClock.advance: milliseconds must be >= 0');
      current += milliseconds;
    },
    set(instant) {
      if (Number.isNaN(instant.getTime())) throw new RangeError('ManualClock.set: not a valid date');
      current = instant.getTime();
    },
  };
}

/** Tells a {@link ManualClock} from a plain {@link Clock}. */
export function isManualClock(clock: Clock): clock is ManualClock {
  return typeof (clock as Partial<ManualClock>).advance === 'function';
}
