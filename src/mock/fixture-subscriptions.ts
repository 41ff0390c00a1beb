/**
 * fixture-subscriptions
 */
import type { Fixtures } from '../fixtures/fixture-types.js';
import type { IdGenerator } from '../ids/create-id-generator.js';
import { TypeCode } from '../ids/sentera-id.js';
import { expandMockOrigin } from '../runtime/mock-origin.js';
import type { Organization, WebhookSubscription } from '../store/types.js';

/** Options of {@link fixtureSubscriptions}. */
export interface FixtureSubscriptionsOptions {
  fixtures: Fixtures;
  /** Mints the ids the fixtures leave out (by position, so the same fixtures always get the same ids). */
  ids: IdGenerator;
  /** What `{mock}` in a callback URL stands for. */
  origin: string;
  /** The creation time of subscriptions whose fixture has none. */
  start: Date;
}

/**
 * The fixtures' webhook subscriptions as the store holds them: ids minted where missing, `{mock}` filled in, no
 * authentication.
 *
 * @category Mock
 */
export function fixtureSubscriptions(options: FixtureSubscriptionsOptions): WebhookSubscription[] {
  const { fixtures, ids, origin, start } = options;
  return (fixtures.subscriptions ?? []).map((fixture, index): WebhookSubscription => {
    // The fixture checks made sure the organization exists.
    const organization = fixtures.organizations.find(
      (candidate) => candidate.sentera_id === fixture.organization_sentera_id,
    ) as Organization;
    const createdAt = fixture.created_at ?? start;
    return {
      sentera_id:
        fixture.sentera_id ??
        ids.at({
          typeCode: TypeCode.WEBHOOK_SUBSCRIPTION,
          owner: organization,
          stream: 'fixture-subscriptions',
          index,
          at: createdAt,
        }),
      organization_sentera_id: organization.sentera_id,
      callback_url: expandMockOrigin(fixture.callback_url, origin),
      event_types: fixture.event_types,
      authentication: null,
      created_at: createdAt,
    };
  });
}
