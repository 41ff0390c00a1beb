import { describe, expect, it } from 'vitest';
import { createIdGenerator } from '../../src/ids/create-id-generator.js';
import { createManualClock } from '../../src/runtime/clock.js';
import { createStore, type Store, type StoreChange } from '../../src/store/create-store.js';
import { parseStoreChangeRecord, storeChangeRecord } from '../../src/store/store-change-record.js';
import type { Organization } from '../../src/store/types.js';

const acme: Organization = {
  sentera_id: 'k2m9p4x_OR_ecg4Acme_CV_deve_ef64a0fce_220112_110958',
  name: 'Acme',
  email: 'a@x',
  parent_organization_id: null,
  token: 'ecg4Acme',
};
const other = 'abcdefg_OR_zzzzOther_CV_prod_0123456_220101_000000';
const fixtureOrganizations = new Set([acme.sentera_id]);

function makeStore(): Store {
  const clock = createManualClock({ start: new Date('2022-01-31T13:27:09Z') });
  return createStore({
    organizations: [acme],
    ids: createIdGenerator({ seed: 's', clock }),
    clock,
    autoCreateOrganizations: true,
  });
}

/** Runs `operations` on one store, journaling its changes as JSON, and replays the journal into another. */
function journalAndReplay(operations: (store: Store) => void) {
  const live = makeStore();
  const journal: string[] = [];
  live.onChange((change: StoreChange) => {
    const record = storeChangeRecord(change, live, fixtureOrganizations);
    if (record) journal.push(JSON.stringify(record));
  });
  operations(live);
  const replayed = makeStore();
  for (const [index, line] of journal.entries()) {
    const parsed = parseStoreChangeRecord(JSON.parse(line), `line ${index}`, replayed);
    if (!parsed.ok) throw new Error(parsed.problem.message);
    replayed.replay(parsed.value);
  }
  return { live, replayed, journal };
}

const created = (store: Store, organization = acme.sentera_id) => {
  const result = store.createWebhookSubscription({
    organization_sentera_id: organization,
    callback_url: 'https://example.com/hook',
    event_types: ['TASK_MODIFIED'],
    authentication: { client_id: 'id', client_secret: 'secret', scope: null, token_url: 'https://auth.example.com/t' },
  });
  if (!result.ok) throw new Error(result.problem.message);
  return result.value.sentera_id;
};

const subscription = {
  sentera_id: 'b6i0chc_WS_ecg4Acme_CV_deve_85c3a6365_220131_132709',
  organization_sentera_id: acme.sentera_id,
  callback_url: 'https://example.com/hook',
  event_types: ['TASK_MODIFIED'],
  authentication: null,
  created_at: '2022-01-31T13:27:09.000Z',
};

describe('store change records', () => {
  it('replay creates, updates and deletes (with an auto-created organization) into the same store', () => {
    const { live, replayed, journal } = journalAndReplay((store) => {
      const [first, second] = [created(store), created(store, other)];
      created(store);
      store.updateWebhookSubscription({ sentera_id: first, callback_url: 'https://example.com/moved' });
      store.deleteWebhookSubscriptions({ organization_sentera_id: other, sentera_ids: [second] });
    });
    expect(journal).toHaveLength(5);
    expect(replayed.snapshot()).toEqual(live.snapshot());
    expect(replayed.getOrganization(other)).toEqual(live.getOrganization(other));
  });

  it('change nothing more when replayed twice', () => {
    const { live, replayed, journal } = journalAndReplay((store) => {
      const id = created(store);
      created(store);
      store.deleteWebhookSubscriptions({ organization_sentera_id: acme.sentera_id, sentera_ids: [id] });
    });
    for (const line of journal) {
      const parsed = parseStoreChangeRecord(JSON.parse(line), 'again', replayed);
      if (parsed.ok) replayed.replay(parsed.value);
    }
    expect(replayed.snapshot()).toEqual(live.snapshot());
  });

  it('announce each replayed change as the operation did, so the event log forgets deleted subscriptions', () => {
    const store = makeStore();
    const kinds: string[] = [];
    store.onChange((change) => kinds.push(change.kind));
    const put = parseStoreChangeRecord({ put: subscription }, 'line 2', store);
    if (!put.ok) throw new Error(put.problem.message);
    store.replay(put.value);
    store.replay(put.value);
    store.replay({ organizations: [], put: [], deleted: [subscription.sentera_id] });
    expect(kinds).toEqual(['subscription-created', 'subscription-updated', 'subscriptions-deleted']);
  });

  it.each([
    ['not an object', 'x', 'line 2: expected {"put": subscription} or {"deleted": [ids]}'],
    ['deleted ids that are not strings', { deleted: [1] }, 'line 2.deleted: expected a list of subscription ids'],
    [
      'a subscription of an organization the store lacks',
      {
        put: {
          ...subscription,
          sentera_id: 'b6i0chc_WS_zzzzOther_CV_prod_85c3a6365_220131_132709',
          organization_sentera_id: other,
        },
      },
      `line 2.subscriptions[0].organization_sentera_id: unknown organization "${other}"`,
    ],
    [
      'a subscription with a bad callback_url',
      { put: { ...subscription, callback_url: 'nope' } },
      'line 2.subscriptions[0].callback_url',
    ],
  ])('are refused when they hold %s, with the path', (_, data, message) => {
    const parsed = parseStoreChangeRecord(data, 'line 2', makeStore());
    expect(!parsed.ok && parsed.problem.message).toContain(message);
  });
});
