/**
 * create-limiter
 */

/**
 * Runs at most `max` tasks at once per key (the callback host), the rest in arrival order.
 *
 * @category Delivery
 */
export function createLimiter(max: number): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const running = new Map<string, number>();
  const waiting = new Map<string, Array<() => void>>();
  return async (key, task) => {
    if ((running.get(key) ?? 0) >= max) {
      await new Promise<void>((resolve) => {
        const queue = waiting.get(key) ?? [];
        queue.push(resolve);
        waiting.set(key, queue);
      });
    }
    running.set(key, (running.get(key) ?? 0) + 1);
    try {
      return await task();
    } finally {
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
