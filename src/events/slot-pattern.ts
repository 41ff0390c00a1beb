/**
 * slot-pattern
 *
 * How a generated stream assigns types and statuses without storing them: event i takes slot `i % length` of a fixed,
 * shuffled cycle of (type, status) slots whose proportions follow the weights. Counting or finding the k-th event
 * that matches a filter is then arithmetic on one cycle.
 */
import { sha256 } from '../runtime/sha256.js';
import type { WebhookEventType } from '../store/types.js';
import type { WebhookEventStatus } from './event-types.js';

/** One slot of the cycle. */
interface Slot {
  readonly type: WebhookEventType;
  readonly status: WebhookEventStatus;
}

/** A filter over slots, compiled to the tables that make counting O(1). */
interface CompiledFilter {
  /** Matching slots per cycle. */
  readonly perCycle: number;
  /** The positions in the cycle of the matching slots, ascending. */
  readonly positions: Int32Array;
  /** prefix[p] = matching slots among positions [0, p). */
  readonly prefix: Int32Array;
}

/** The cycle of a stream. */
export interface SlotPattern {
  readonly length: number;
  slot(index: number): Slot;
  /** Compiles (and caches) the filter "type in `types` and status is `status` (when given)". */
  compile(types: readonly WebhookEventType[], status: WebhookEventStatus | null): CompiledFilter;
  /** Matching events among indices [0, n). */
  countBefore(filter: CompiledFilter, n: number): number;
  /** The index of the k-th (0-based) matching event, counting from index 0. */
  nth(filter: CompiledFilter, k: number): number;
}

/** Slots per cycle: proportions are exact to 0.1%. */
const CYCLE_LENGTH = 1000;

/**
 * Builds the cycle for these weights, shuffled deterministically by `seed`.
 */
export function createSlotPattern(options: {
  types: Readonly<Partial<Record<WebhookEventType, number>>>;
  statuses: Readonly<Partial<Record<WebhookEventStatus, number>>>;
  seed: string;
}): SlotPattern {
  const { types, statuses, seed } = options;
  // Built on first use: a mock with streams nobody reads never pays for the shuffle.
  let built: Slot[] | undefined;
  const cycle = (): Slot[] => (built ??= buildCycle(types, statuses, seed));

  const cache = new Map<string, CompiledFilter>();
  return {
    get length() {
      return cycle().length;
    },
    slot(index) {
      const slots = cycle();
      return slots[index % slots.length] as Slot;
    },
    compile(filterTypes, status) {
      const key = `${[...filterTypes].sort().join(',')}|${status ?? ''}`;
      let compiled = cache.get(key);
      if (!compiled) {
        const slots = cycle();
        const positions: number[] = [];
        const prefix = new Int32Array(slots.length + 1);
        slots.forEach((slot, position) => {
          const matches = filterTypes.includes(slot.type) && (status === null || slot.status === status);
          if (matches) positions.push(position);
          prefix[position + 1] = (prefix[position] ?? 0) + (matches ? 1 : 0);
        });
        compiled = { perCycle: positions.length, positions: Int32Array.from(positions), prefix };
        cache.set(key, compiled);
      }
      return compiled;
    },
    countBefore(filter, n) {
      if (n <= 0 || filter.perCycle === 0) return 0;
      const slots = cycle();
      return Math.floor(n / slots.length) * filter.perCycle + (filter.prefix[n % slots.length] ?? 0);
    },
    nth(filter, k) {
      const slots = cycle();
      return Math.floor(k / filter.perCycle) * slots.length + (filter.positions[k % filter.perCycle] ?? 0);
    },
  };
}

function buildCycle(
  types: Readonly<Partial<Record<WebhookEventType, number>>>,
  statuses: Readonly<Partial<Record<WebhookEventStatus, number>>>,
  seed: string,
): Slot[] {
  const typeEntries = Object.entries(types).filter(([, weight]) => (weight ?? 0) > 0) as Array<
    [WebhookEventType, number]
  >;
  const statusEntries = Object.entries(statuses).filter(([, weight]) => (weight ?? 0) > 0) as Array<
    [WebhookEventStatus, number]
  >;
  const typeTotal = typeEntries.reduce((sum, [, weight]) => sum + weight, 0);
  const statusTotal = statusEntries.reduce((sum, [, weight]) => sum + weight, 0);
  const shares = typeEntries.flatMap(([type, typeWeight]) =>
    statusEntries.map(([status, statusWeight]) => ({
      slot: { type, status },
      exact: (CYCLE_LENGTH * typeWeight * statusWeight) / (typeTotal * statusTotal),
    })),
  );
  // Largest remainder: whole counts that add up to the cycle length.
  const counts = shares.map((share) => Math.floor(share.exact));
  let missing = CYCLE_LENGTH - counts.reduce((sum, count) => sum + count, 0);
  const byRemainder = shares
    .map((share, index) => ({ index, remainder: share.exact - Math.floor(share.exact) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder) {
    if (missing-- <= 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
  }
  const slots: Slot[] = shares.flatMap((share, index) => Array.from({ length: counts[index] ?? 0 }, () => share.slot));
  shuffle(slots, seed);
  return slots;
}

/** Fisher-Yates with a SHA-256 counter stream as the random source: the same seed, the same order, anywhere. */
function shuffle<T>(items: T[], seed: string): void {
  let block = Buffer.alloc(0);
  let offset = 0;
  let counter = 0;
  const next = () => {
    if (offset + 4 > block.length) {
      block = sha256(`${seed}\u0000${counter++}`);
      offset = 0;
    }
    const value = block.readUInt32BE(offset);
    offset += 4;
    return value;
  };
  for (let index = items.length - 1; index > 0; index--) {
    const other = next() % (index + 1);
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
}
