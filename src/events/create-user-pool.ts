/**
 * create-user-pool
 */
import type { Faker } from '@faker-js/faker';
import { createFaker, seedNumbers } from '../fake/create-faker.js';
import type { UserFixture } from '../fixtures/fixture-types.js';
import type { IdGenerator } from '../ids/create-id-generator.js';
import { TypeCode } from '../ids/sentera-id.js';
import { sha256 } from '../runtime/sha256.js';
import type { Organization } from '../store/types.js';

/** How many users an organization without fixture users gets. */
const GENERATED_USERS_PER_ORGANIZATION = 4;

/**
 * The user ids of each organization: its fixture users, or a few generated ones whose tokens are made like Sentera's
 * (`7yqcJohnDow`: four characters and the name) by a Faker seeded per organization.
 *
 * @category Events
 */
export function createUserPool(options: {
  users: readonly UserFixture[];
  seed: string;
  ids: IdGenerator;
}): (organization: Organization) => readonly string[] {
  const { users, seed, ids } = options;
  const cache = new Map<string, readonly string[]>();
  // One Faker, re-seeded per organization: the same values as a new one each time, without its construction cost.
  let faker: Faker | undefined;
  return (organization) => {
    let pool = cache.get(organization.sentera_id);
    if (!pool) {
      const own = users
        .filter((user) => user.organization_sentera_id === organization.sentera_id)
        .map((user) => user.sentera_id);
      pool = own.length > 0 ? own : generate(organization);
      cache.set(organization.sentera_id, pool);
    }
    return pool;
  };

  function generate(organization: Organization): string[] {
    const organizationSeed = `${seed}\u0000users\u0000${organization.sentera_id}`;
    if (faker) faker.seed(seedNumbers(organizationSeed));
    else faker = createFaker({ seed: organizationSeed, refDate: new Date(Date.UTC(2022, 0, 1)) });
    const seeded = faker;
    return Array.from({ length: GENERATED_USERS_PER_ORGANIZATION }, (_, index) => {
      const name = `${seeded.person.firstName()}${seeded.person.lastName()}`.replace(/[^A-Za-z]/g, '').slice(0, 9);
      const prefix = sha256(`${seed}\u0000${organization.sentera_id}\u0000${index}`, 'hex')
        .replace(/[^a-z0-9]/g, '')
        .slice(0, 4);
      const joined = seeded.date.between({
        from: new Date(Date.UTC(2019, 0, 1)),
        to: new Date(Date.UTC(2021, 11, 31)),
      });
      return ids.at({
        typeCode: TypeCode.USER,
        owner: { sentera_id: `${organization.sentera_id}/users`, token: `${prefix}${name}` },
        stream: 'users',
        index,
        at: joined,
      });
    });
  }
}
