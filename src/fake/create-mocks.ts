/**
 * create-mocks
 */
import type { Faker } from '@faker-js/faker';
import type { IMocks } from '@graphql-tools/mock';
import { formatDateTime } from '../schema/scalars.js';
import { formatSenteraId, stampOf, TypeCode } from '../ids/sentera-id.js';

/** Options of {@link createMocks}. */
export interface MocksOptions {
  /** A seeded Faker (see createFaker). */
  faker: Faker;
}

/**
 * The @graphql-tools/mock values for fields that no resolver fills: realistic, and reproducible because they come
 * from the injected seeded Faker.
 *
 * @category Fake data
 */
export function createMocks(options: MocksOptions): IMocks {
  const { faker } = options;
  const codes = Object.values(TypeCode);
  return {
    String: () => faker.lorem.words({ min: 1, max: 3 }),
    Int: () => faker.number.int({ min: 0, max: 100 }),
    Float: () => faker.number.float({ min: 0, max: 100, fractionDigits: 2 }),
    Boolean: () => faker.datatype.boolean(),
    ID: () => {
      const at = faker.date.past({ years: 2 });
      return formatSenteraId({
        nonce: faker.string.alphanumeric({ length: 7, casing: 'lower' }),
        typeCode: faker.helpers.arrayElement(codes),
        token:
          faker.string.alphanumeric({ length: 4, casing: 'lower' }) +
          faker.company
            .buzzNoun()
            .replace(/[^A-Za-z]/g, '')
            .slice(0, 9),
        system: 'CV',
        env: 'deve',
        build: faker.string.hexadecimal({ length: 9, casing: 'lower', prefix: '' }),
        ...stampOf(at),
      });
    },
    Url: () => faker.internet.url(),
    ISO8601DateTime: () => formatDateTime(faker.date.past({ years: 2 })),
  };
}
