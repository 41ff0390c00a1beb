/**
 * create-interner
 */

/**
 * Gives one shared copy of equal strings, so a log that holds the same text many times (an error, a response body,
 * a URL) holds it once.
 *
 * @category Delivery
 */
interface Interner {
  /** The shared copy of `text` (`text` itself the first time it is seen). */
  intern: (text: string) => string;
  /** Forgets every string. */
  clear(): void;
}

/**
 * An interner that remembers at most `limit` distinct strings: when full it starts over, so a stream of distinct texts
 * costs a bounded amount and texts that keep coming back are shared again after one sighting.
 *
 * @example
 * ```ts
 * const { intern } = createInterner({ limit: 1_000 });
 * intern(['o', 'k'].join('')) === intern('ok'); // true
 * ```
 * @category Delivery
 */
export function createInterner(options: { limit: number }): Interner {
  const { limit } = options;
  const table = new Map<string, string>();
  return {
    intern(text) {
      const known = table.get(text);
      if (known !== undefined) return known;
      if (table.size >= limit) table.clear();
      table.set(text, text);
      return text;
    },
    clear: () => table.clear(),
  };
}
