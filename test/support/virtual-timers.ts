import type { Timers } from '../../src/delivery/create-delivery.js';

/** Timers and a clock that move only when the test fires a timer: inject `timers` and `now` where they are options. */
interface VirtualTimers {
  readonly timers: Timers;
  /** Virtual time: where the last fired timer was due. */
  now: () => Date;
  /** Every timer set, in order: its delay and whether it asked to keep the process alive. */
  readonly set: ReadonlyArray<{ readonly milliseconds: number; readonly keepAlive: boolean | undefined }>;
  /** How many timers have fired. */
  fired(): number;
  /** Timers set and neither fired nor cleared. */
  pending(): number;
  /** Moves time to the earliest pending timer (the first set, among equals) and runs it; false when none is pending. */
  fireNext(): boolean;
}

/** Virtual timers starting at `start` (ms since the epoch; default: the real now, so signatures stay fresh). */
export function createVirtualTimers(options: { start?: number } = {}): VirtualTimers {
  const { start = Date.now() } = options;
  let now = start;
  let fired = 0;
  let sequence = 0;
  const set: Array<{ milliseconds: number; keepAlive: boolean | undefined }> = [];
  const pending = new Map<number, { due: number; callback: () => void }>();
  return {
    timers: {
      setTimeout(callback, milliseconds, timerOptions) {
        set.push({ milliseconds, keepAlive: timerOptions?.keepAlive });
        pending.set(++sequence, { due: now + milliseconds, callback });
        return sequence;
      },
      clearTimeout: (handle) => void pending.delete(handle as number),
    },
    now: () => new Date(now),
    set,
    fired: () => fired,
    pending: () => pending.size,
    fireNext() {
      let next: [number, { due: number; callback: () => void }] | undefined;
      for (const timer of pending) if (!next || timer[1].due < next[1].due) next = timer;
      if (!next) return false;
      pending.delete(next[0]);
      now = Math.max(now, next[1].due);
      fired++;
      next[1].callback();
      return true;
    },
  };
}
