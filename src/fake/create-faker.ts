/**
 * create-faker
 *
 * The only place the mock makes a Faker: always seeded, never the global instance.
 */
import { createHash } from 'node:crypto';
import { base, en, Faker } from '@faker-js/faker';

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
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seedNumbers(seed));
  faker.setDefaultRefDate(refDate);
  return faker;
}

/** Turns a string seed into the numbers Faker's generator takes. */
export function seedNumbers(seed: string): number[] {
  const bytes = createHash('sha256').update(seed).digest();
  return [0, 4, 8, 12].map((offset) => bytes.readUInt32BE(offset));
}
