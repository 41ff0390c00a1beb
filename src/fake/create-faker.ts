/**
 * create-faker
 *
 * The only place the mock makes a Faker: always seeded, never the global instance.
 */
import { sha256 } from '../runtime/sha256.js';
import { createRequire } from 'node:module';
import type { Faker } from '@faker-js/faker';
import type * as EnglishFaker from '@faker-js/faker/locale/en';

const require = createRequire(import.meta.url);

/** Options of {@link createFaker}. */
export interface FakerOptions {
  /** Any string; the same seed gives the same fake data. */
  seed: string;
  /** The instant relative dates are computed from (instead of the machine's "now"). */
  refDate: Date;
}

/**
 * Creates a seeded Faker whose relative dates count from `refDate`, so its output depends on nothing else.
 *
 * @category Fake data
 */
export function createFaker(options: FakerOptions): Faker {
  const { seed, refDate } = options;
  // Loaded on first use (a mock whose data is all in its fixtures never needs it), and only the English locale: the
  // package's main entry loads all of Faker's ~70 locales (~300 ms and ~60 MB of heap that every garbage collection
  // then traces); this entry loads en and base, and its instance gives us the class.
  const { faker: englishFaker } = require('@faker-js/faker/locale/en') as typeof EnglishFaker;
  const faker = new (englishFaker.constructor as typeof Faker)({ locale: englishFaker.rawDefinitions });
  faker.seed(seedNumbers(seed));
  faker.setDefaultRefDate(refDate);
  return faker;
}

/** Turns a string seed into the numbers Faker's generator takes. */
export function seedNumbers(seed: string): number[] {
  const bytes = sha256(seed);
  return [0, 4, 8, 12].map((offset) => bytes.readUInt32BE(offset));
}
