/**
 * create-limiter
 */

/** Options of {@link createLimiter}. */
export interface LimiterOptions {
  /** Tasks running at once per key (the callback host). */
  perKey: number;
  /** Tasks running at once over all keys. @default Infinity */
  total?: number;
}

/**
 * Runs at most `perKey` tasks at once per key (the callback host) and at most `total` over all keys, the rest in
 * arrival order (a task waiting on its host's limit does not hold a place in the global one).
 *
 * @category Delivery
 */
export function createLimiter(options: LimiterOptions): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const { perKey, total = Number.POSITIVE_INFINITY } = options;
  const running = new Map<string, number>();
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
