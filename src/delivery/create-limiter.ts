/**
 * create-limiter
 */

/** Options of {@link createLimiter}. */
export interface LimiterOptions {
  /** Tasks running at once per key (the callback host). */
  perKey: number;
  /** Tasks running at once over all keys. @default Infinity */
  total?: number;
  /**
   * Tasks started per turn of the event loop: the others start on later turns, so that many tasks due at once (timers
   * firing together, a burst of slots freed) do not hold up everything else while they start. @default Infinity
   */
  startsPerTurn?: number;
  /** Calls back on the next turn of the event loop (e.g. setImmediate); needed when `startsPerTurn` is finite. */
  nextTurn?: (callback: () => void) => void;
}

/**
 * Runs at most `perKey` tasks at once per key (the callback host) and at most `total` over all keys, the rest in
 * arrival order (a task waiting on its host's limit does not hold a place in the global one), starting at most
 * `startsPerTurn` of them per turn of the event loop.
 *
 * @category Delivery
 */
export function createLimiter(options: LimiterOptions): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const { perKey, total = Number.POSITIVE_INFINITY, startsPerTurn = Number.POSITIVE_INFINITY, nextTurn } = options;
  if (!(startsPerTurn >= 1))
    throw new RangeError(`createLimiter: startsPerTurn must be at least 1, got ${startsPerTurn}`);
  if (Number.isFinite(startsPerTurn) && !nextTurn) throw new TypeError('createLimiter: startsPerTurn needs nextTurn');
  const running = new Map<string, number>();
  let startedThisTurn = 0;
  let turnPending = false;
  const gated: Array<() => void> = [];
  const newTurn = () => {
    turnPending = false;
    startedThisTurn = 0;
    while (startedThisTurn < startsPerTurn && gated.length > 0) {
      startedThisTurn++;
      gated.shift()?.();
    }
    if (startedThisTurn > 0) awaitTurn();
  };
  const awaitTurn = () => {
    if (turnPending) return;
    turnPending = true;
    nextTurn?.(newTurn);
  };
  /** Resolves when the task may start: at once while this turn has starts left, else on a later turn. */
  const started = (): Promise<void> | undefined => {
    if (!Number.isFinite(startsPerTurn)) return undefined;
    awaitTurn();
    if (startedThisTurn < startsPerTurn) {
      startedThisTurn++;
      return undefined;
    }
    return new Promise<void>((resolve) => gated.push(resolve));
  };
  const waiting = new Map<string, Array<() => void>>();
  let runningTotal = 0;
  const waitingTotal: Array<() => void> = [];
  return async (key, task) => {
    if ((running.get(key) ?? 0) >= perKey) {
      await new Promise<void>((resolve) => {
        const queue = waiting.get(key) ?? [];
        queue.push(resolve);
        waiting.set(key, queue);
      });
    }
    running.set(key, (running.get(key) ?? 0) + 1);
    if (runningTotal >= total) await new Promise<void>((resolve) => waitingTotal.push(resolve));
    runningTotal++;
    try {
      const gate = started();
      if (gate) await gate;
      return await task();
    } finally {
      runningTotal--;
      waitingTotal.shift()?.();
      running.set(key, (running.get(key) ?? 1) - 1);
      const next = waiting.get(key)?.shift();
      if (next) next();
      else if (running.get(key) === 0) {
        running.delete(key);
        waiting.delete(key);
      }
    }
  };
}
