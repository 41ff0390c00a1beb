/**
 * create-id-generator
 */
import type { Clock } from '../runtime/clock.js';
import { sha256 } from '../runtime/sha256.js';
import { stampOf } from './sentera-id.js';

/**
 * The organization an id is minted for: its id (the counter key) and its token (copied into the id).
 *
 * @category Ids
 */
export interface IdOwner {
  readonly sentera_id: string;
  readonly token: string;
}

/**
 * Mints Sentera ids deterministically.
 *
 * @category Ids
 */
export interface IdGenerator {
  /** Mints the next id of `typeCode` for `owner`, stamped with the clock's current time. */
  next(typeCode: string, owner: IdOwner): string;
  /**
   * The id that the `index`-th (0-based) mint of `typeCode` for `owner` in `stream` gives, stamped with `at`. Pure:
   * it neither reads nor moves a counter, so generated data can compute any id without minting the ones before it.
   */
  at(input: { typeCode: string; owner: IdOwner; stream: string; index: number; at: Date }): string;
  /** The counters, to save (e.g. with the mock's state) and give back to {@link IdGenerator.restore}. */
  snapshot(): Record<string, number>;
  /** Replaces the counters with a snapshot; throws a RangeError for a counter that is not from 0 to {@link MAX_COUNTER}. */
  restore(counters: Record<string, number>): void;
}

/** Options of {@link createIdGenerator}. */
export interface IdGeneratorOptions {
  /** Everything an id's random-looking parts are derived from. */
  seed: string;
  /** Stamps ids with their creation time. */
  clock: Clock;
  /** The environment segment. @default 'deve' */
  env?: string;
  /** The system segment. @default 'CV' */
  system?: string;
  /** The 9-hex build segment. @default derived from the seed */
  build?: string;
}

/**
 * Creates a generator of Sentera ids that are a pure function of (seed, type code, owner, counter, time): the same
 * calls give the same ids on any machine, and ids minted for one organization do not depend on any other. The nonces
 * `next` mints for one organization and type code are a keyed permutation of the counter, so they never repeat (up to
 * {@link MAX_COUNTER}), even with a clock that stands still.
 *
 * @example
 * ```ts
 * const ids = createIdGenerator({ seed: 'demo', clock });
 * ids.next('WS', { sentera_id: orgId, token: 'w3njAcmeGrand' });
 * // 'q0x1d3k_WS_w3njAcmeGrand_CV_deve_1b2c3d4e5_220131_132709'
 * ```
 * @category Ids
 */
export function createIdGenerator(options: IdGeneratorOptions): IdGenerator {
  const { seed, clock, env = 'deve', system = 'CV', build = sha256(`build\u0000${seed}`, 'hex').slice(0, 9) } = options;
  if (!/^[0-9a-f]{7,9}$/.test(build))
    throw new RangeError(`createIdGenerator: build must be 7 to 9 lowercase hex characters, got "${build}"`);
  if (!/^[a-z0-9]+$/.test(env))
    throw new RangeError(`createIdGenerator: env must be lowercase letters and digits, got "${env}"`);
  let counters = new Map<string, number>();
  const keys = new Map<string, readonly number[]>();
  // The stamp of the last second minted in: ids come in bursts within one second (always, with a manual clock).
  let stampSecond = Number.NaN;
  let stamp = { date: '', time: '' };

  const mint = (typeCode: string, owner: IdOwner, stream: string, index: number, at: Date): string => {
    const hex = sha256(`${seed}\u0000${stream}\u0000${typeCode}\u0000${owner.sentera_id}\u0000${index}`, 'hex');
    return stamped((BigInt(`0x${hex.slice(0, 16)}`) % NONCE_SPACE).toString(36).padStart(7, '0'), typeCode, owner, at);
  };

  const stamped = (nonce: string, typeCode: string, owner: IdOwner, at: Date): string => {
    const second = Math.floor(at.getTime() / 1000);
    if (second !== stampSecond) {
      stamp = stampOf(at);
      stampSecond = second;
    }
    // What formatSenteraId gives, without its parts object and array (one mint per created object).
    return `${nonce}_${typeCode}_${owner.token}_${system}_${env}_${build}_${stamp.date}_${stamp.time}`;
  };

  return {
    next(typeCode, owner) {
      const key = `${owner.sentera_id}|${typeCode}`;
      const index = counters.get(key) ?? 0;
      if (index >= MAX_COUNTER)
        throw new RangeError(`[sentera-mock] the id counter of ${key} is exhausted (${MAX_COUNTER} ids)`);
      counters.set(key, index + 1);
      let roundKeys = keys.get(key);
      if (!roundKeys) {
        const hex = sha256([seed, 'next', typeCode, owner.sentera_id].join('\u0000'), 'hex');
        roundKeys = [0, 8, 16, 24].map((offset) => Number.parseInt(hex.slice(offset, offset + 8), 16));
        keys.set(key, roundKeys);
      }
      // A keyed permutation of the counter: the nonces of one (owner, type code) never repeat, whatever the clock.
      return stamped(permute(index, roundKeys).toString(36).padStart(7, '0'), typeCode, owner, clock.now());
    },
    at({ typeCode, owner, stream, index, at }) {
      return mint(typeCode, owner, stream, index, at);
    },
    snapshot: () => Object.fromEntries(counters),
    restore(snapshot) {
      for (const [key, count] of Object.entries(snapshot)) {
        if (!Number.isSafeInteger(count) || count < 0 || count > MAX_COUNTER)
          throw new RangeError(
            `IdGenerator.restore: counter ${key} must be a whole number from 0 to ${MAX_COUNTER}, got ${count}`,
          );
      }
      counters = new Map(Object.entries(snapshot));
    },
  };
}

const NONCE_SPACE = 36n ** 7n;

/**
 * The most ids {@link IdGenerator.next} mints per organization and type code: one per 7-character base-36 nonce.
 *
 * @category Ids
 */
export const MAX_COUNTER = 36 ** 7;

/** 36^7 = 6^14 = HALF^2: a Feistel network over two halves of 6^7 covers the nonce space exactly, without walking. */
const HALF = 6 ** 7;

/** A bijection of [0, 36^7): a 4-round Feistel network with modular addition over two halves in [0, 6^7). */
function permute(value: number, roundKeys: readonly number[]): number {
  let left = Math.floor(value / HALF);
  let right = value - left * HALF;
  for (const roundKey of roundKeys) {
    const next = (left + (mix(right ^ roundKey) % HALF)) % HALF;
    left = right;
    right = next;
  }
  return left * HALF + right;
}

function mix(input: number): number {
  let x = input;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}
