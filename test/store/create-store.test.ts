import { beforeEach, describe, expect, it } from 'vitest';
import { createIdGenerator, type IdGenerator } from '../../src/ids/create-id-generator.js';
import { createManualClock } from '../../src/runtime/clock.js';
import { createStore, type Store } from '../../src/store/create-store.js';
import type { Organization } from '../../src/store/types.js';

const acme: Organization = {
  sentera_id: 'k2m9p4x_OR_ecg4Acme_CV_deve_ef64a0fce_220112_110958',
  name: 'Acme',
  email: 'a@x',
  parent_organization_id: null,
  token: 'ecg4Acme',
};
const child: Organization = {
  sentera_id: '3qz8w1r_OR_gd2jAcmeChild_CV_deve_ef64a0fce_220112_111011',
  name: 'Acme Child',
  email: 'c@x',
  parent_organization_id: acme.sentera_id,
  token: 'gd2jAcmeChild',
};
const grandchild: Organization = {
  sentera_id: '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024',
  name: 'Acme Grandchild',
  email: 'g@x',
  parent_organization_id: child.sentera_id,
  token: 'w3njAcmeGrand',
};
const unknownOrganization = 'abcdefg_OR_zzzzOther_CV_prod_0123456_220101_000000';
const page = { page: 1, page_size: 100 };

function makeStore(options: { autoCreateOrganizations?: boolean } = {}): Store {
  const clock = createManualClock({ start: new Date('2022-01-31T13:27:09Z') });
  return createStore({
    organizations: [acme, child, grandchild],
    ids: createIdGenerator({ seed: 's', clock }),
    clock,
    ...options,
  });
}

function snapshotOf(store: Store) {
  return JSON.stringify({
    subscriptions: store.allWebhookSubscriptions(),
    organizations: store.listOrganizations({ pagination: page }),
  });
}

const valid = {
  organization_sentera_id: grandchild.sentera_id,
  callback_url: 'https://example.com/webhooks',
  event_types: ['FEATURE_SET_CREATED'],
};

describe('createWebhookSubscription', () => {
  let store: Store;
  beforeEach(() => {
    store = makeStore();
  });

  it('creates a subscription whose id copies the organization token', () => {
    const result = store.createWebhookSubscription(valid);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      callback_url: valid.callback_url,
      event_types: ['FEATURE_SET_CREATED'],
      organization_sentera_id: grandchild.sentera_id,
      authentication: null,
    });
    expect(result.value.sentera_id).toMatch(/^[0-9a-z]{7}_WS_w3njAcmeGrand_CV_deve_[0-9a-f]{9}_220131_132709$/);
    expect(store.getWebhookSubscription(result.value.sentera_id)).toEqual(result.value);
  });

  it('keeps the OAuth settings it was given', () => {
    const result = store.createWebhookSubscription({
      ...valid,
      authentication: { client_id: 'id', client_secret: 'secret', token_url: 'https://auth.example.com/token' },
    });
    expect(result.ok && result.value.authentication).toEqual({
      client_id: 'id',
      client_secret: 'secret',
      scope: null,
      token_url: 'https://auth.example.com/token',
    });
  });

  it('drops repeated event types, keeping the first order', () => {
    const result = store.createWebhookSubscription({
      ...valid,
      event_types: ['TASK_MODIFIED', 'FEATURE_SET_CREATED', 'TASK_MODIFIED'],
    });
    expect(result.ok && result.value.event_types).toEqual(['TASK_MODIFIED', 'FEATURE_SET_CREATED']);
  });

  it.each([
    [
      'a relative callback_url',
      { callback_url: '/webhooks' },
      'INVALID_URL',
      'callback_url must be an absolute http(s) URL',
    ],
    ['an ftp callback_url', { callback_url: 'ftp://example.com/x' }, 'INVALID_URL', 'uses ftp'],
    ['a callback_url that is not a URL', { callback_url: 'not a url' }, 'INVALID_URL', 'is not an absolute URL'],
    [
      'a callback_url over 2048 characters',
      { callback_url: `https://example.com/${'a'.repeat(2048)}` },
      'INVALID_URL',
      'more than 2048',
    ],
    ['an empty event_types', { event_types: [] }, 'EMPTY_EVENT_TYPES', 'at least one event type'],
    [
      'an unknown event type',
      { event_types: ['ORDER_PLACED'] },
      'BAD_USER_INPUT',
      'unknown event types "ORDER_PLACED"',
    ],
    [
      'an unknown organization',
      { organization_sentera_id: unknownOrganization },
      'ORGANIZATION_NOT_FOUND',
      '--auto-create-organizations',
    ],
    ['a malformed organization id', { organization_sentera_id: 'acme' }, 'INVALID_SENTERA_ID', 'is not a Sentera id'],
    [
      'a subscription id as organization',
      { organization_sentera_id: 'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709' },
      'INVALID_SENTERA_ID',
      'type code WS',
    ],
    [
      'a token_url that is not a URL',
      { authentication: { client_id: 'a', client_secret: 'b', token_url: 'token' } },
      'INVALID_URL',
      'authentication.token_url',
    ],
    [
      'an empty client_secret',
      { authentication: { client_id: 'a', client_secret: '', token_url: 'https://a.example/t' } },
      'BAD_USER_INPUT',
      'authentication.client_secret',
    ],
  ])('refuses %s with %s and changes nothing', (_, change, code, message) => {
    const before = snapshotOf(store);
    const result = store.createWebhookSubscription({ ...valid, ...change });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe(code);
    expect(result.problem.message).toContain(message);
    expect(snapshotOf(store)).toBe(before);
  });

  it('creates a well-formed unknown organization on first use when auto-creation is on', () => {
    const store = makeStore({ autoCreateOrganizations: true });
    const result = store.createWebhookSubscription({ ...valid, organization_sentera_id: unknownOrganization });
    expect(result.ok && result.value.sentera_id).toMatch(/_WS_zzzzOther_/);
    expect(store.getOrganization(unknownOrganization)).toMatchObject({
      token: 'zzzzOther',
      parent_organization_id: null,
    });
  });

  it('does not create an organization when the operation fails, even with auto-creation on', () => {
    const store = makeStore({ autoCreateOrganizations: true });
    store.createWebhookSubscription({ ...valid, organization_sentera_id: unknownOrganization, event_types: [] });
    store.deleteWebhookSubscriptions({ organization_sentera_id: unknownOrganization, sentera_ids: ['nope'] });
    expect(store.getOrganization(unknownOrganization)).toBeUndefined();
  });
});

describe('updateWebhookSubscription', () => {
  let store: Store;
  let id: string;
  beforeEach(() => {
    store = makeStore();
    const created = store.createWebhookSubscription({
      ...valid,
      event_types: ['FEATURE_SET_CREATED', 'TASK_MODIFIED'],
    });
    if (!created.ok) throw new Error('setup failed');
    id = created.value.sentera_id;
  });

  it('changes only callback_url when only callback_url is given', () => {
    const result = store.updateWebhookSubscription({ sentera_id: id, callback_url: 'https://example.com/webhooks/v2' });
    expect(result.ok && result.value).toMatchObject({
      sentera_id: id,
      callback_url: 'https://example.com/webhooks/v2',
      event_types: ['FEATURE_SET_CREATED', 'TASK_MODIFIED'],
    });
  });

  it('replaces event_types instead of merging them', () => {
    const result = store.updateWebhookSubscription({ sentera_id: id, event_types: ['SURVEY_CREATED'] });
    expect(result.ok && result.value.event_types).toEqual(['SURVEY_CREATED']);
  });

  it.each([
    ['neither field', {}, 'NOTHING_TO_UPDATE', 'needs callback_url, event_types or both'],
    ['both fields null', { callback_url: null, event_types: null }, 'NOTHING_TO_UPDATE', 'neither was given'],
    ['an empty event_types', { event_types: [] }, 'EMPTY_EVENT_TYPES', 'at least one'],
    [
      'a bad callback_url with good event_types',
      { callback_url: 'x', event_types: ['TASK_MODIFIED'] },
      'INVALID_URL',
      'callback_url',
    ],
    [
      'an unknown id',
      { sentera_id: 'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709', event_types: ['TASK_MODIFIED'] },
      'WEBHOOK_SUBSCRIPTION_NOT_FOUND',
      'no webhook subscription',
    ],
  ])('refuses %s with %s and changes nothing', (_, change, code, message) => {
    const before = snapshotOf(store);
    const result = store.updateWebhookSubscription({ sentera_id: id, ...change });
    expect(!result.ok && result.problem).toMatchObject({ code });
    expect(!result.ok && result.problem.message).toContain(message);
    expect(snapshotOf(store)).toBe(before);
  });
});

describe('deleteWebhookSubscriptions', () => {
  let store: Store;
  let ids: string[];
  let acmeId: string;
  beforeEach(() => {
    store = makeStore();
    ids = [1, 2, 3].map(() => {
      const created = store.createWebhookSubscription(valid);
      if (!created.ok) throw new Error('setup failed');
      return created.value.sentera_id;
    });
    const other = store.createWebhookSubscription({ ...valid, organization_sentera_id: acme.sentera_id });
    if (!other.ok) throw new Error('setup failed');
    acmeId = other.value.sentera_id;
  });

  it('deletes the given subscriptions and returns them', () => {
    const result = store.deleteWebhookSubscriptions({
      organization_sentera_id: grandchild.sentera_id,
      sentera_ids: [ids[0] as string, ids[2] as string],
    });
    expect(result.ok && result.value.map((subscription) => subscription.sentera_id)).toEqual([ids[0], ids[2]]);
    expect(store.allWebhookSubscriptions().map((subscription) => subscription.sentera_id)).toEqual([ids[1], acmeId]);
  });

  it('returns each subscription once when an id is repeated', () => {
    const result = store.deleteWebhookSubscriptions({
      organization_sentera_id: grandchild.sentera_id,
      sentera_ids: [ids[0] as string, ids[0] as string],
    });
    expect(result.ok && result.value).toHaveLength(1);
  });

  it.each([
    [
      'more than 100 ids',
      () => ({ sentera_ids: Array.from({ length: 101 }, () => ids[0] as string) }),
      'TOO_MANY_IDS',
      'maximum of 100',
    ],
    [
      'an id of another organization',
      () => ({ sentera_ids: [ids[0] as string, acmeId] }),
      'WRONG_ORGANIZATION',
      'belongs to another organization',
    ],
    [
      'an unknown id among known ones',
      () => ({ sentera_ids: [ids[0] as string, 'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709'] }),
      'WEBHOOK_SUBSCRIPTION_NOT_FOUND',
      'nothing was changed',
    ],
    [
      'an unknown organization',
      () => ({ organization_sentera_id: unknownOrganization }),
      'ORGANIZATION_NOT_FOUND',
      'no organization',
    ],
  ])('refuses %s with %s and deletes nothing', (_, change, code, message) => {
    const before = snapshotOf(store);
    const result = store.deleteWebhookSubscriptions({
      organization_sentera_id: grandchild.sentera_id,
      sentera_ids: ids,
      ...change(),
    });
    expect(!result.ok && result.problem.code).toBe(code);
    expect(!result.ok && result.problem.message).toContain(message);
    expect(snapshotOf(store)).toBe(before);
  });
});

describe('listings', () => {
  it('pages organizations and filters them by id and parent', () => {
    const store = makeStore();
    expect(store.listOrganizations({ pagination: { page: 2, page_size: 2 } })).toMatchObject({
      ok: true,
      value: { page: 2, page_size: 2, present: true, total_count: 3, results: [grandchild] },
    });
    expect(store.listOrganizations({ pagination: { page: 3, page_size: 2 } })).toMatchObject({
      ok: true,
      value: { present: false, results: [], total_count: 3 },
    });
    expect(store.listOrganizations({ parent_organization_id: acme.sentera_id, pagination: page })).toMatchObject({
      ok: true,
      value: { results: [child] },
    });
    expect(
      store.listOrganizations({ organization_sentera_ids: [grandchild.sentera_id, acme.sentera_id], pagination: page }),
    ).toMatchObject({ ok: true, value: { results: [acme, grandchild] } });
  });

  it.each([
    [{ page: 0, page_size: 10 }, 'pagination.page must be 1 or more'],
    [{ page: 1, page_size: 0 }, 'between 1 and 1000'],
    [{ page: 1, page_size: 1001 }, 'between 1 and 1000'],
  ])('refuses pagination %o with INVALID_PAGINATION', (pagination, message) => {
    const result = makeStore().listOrganizations({ pagination });
    expect(!result.ok && result.problem.code).toBe('INVALID_PAGINATION');
    expect(!result.ok && result.problem.message).toContain(message);
  });

  it('knows the descendants of an organization', () => {
    const store = makeStore();
    expect(store.descendantsOf(acme.sentera_id)).toEqual([child, grandchild]);
    expect(store.descendantsOf(grandchild.sentera_id)).toEqual([]);
  });
});

describe('reset and listeners', () => {
  it('reset forgets subscriptions and auto-created organizations', () => {
    const store = makeStore({ autoCreateOrganizations: true });
    store.createWebhookSubscription({ ...valid, organization_sentera_id: unknownOrganization });
    store.reset();
    expect(store.allWebhookSubscriptions()).toEqual([]);
    expect(store.getOrganization(unknownOrganization)).toBeUndefined();
  });

  it('tells listeners about each change, and stops when asked', () => {
    const store = makeStore();
    const kinds: string[] = [];
    const stop = store.onChange((change) => kinds.push(change.kind));
    const created = store.createWebhookSubscription(valid);
    if (!created.ok) throw new Error('setup failed');
    store.updateWebhookSubscription({ sentera_id: created.value.sentera_id, event_types: ['TASK_MODIFIED'] });
    store.updateWebhookSubscription({ sentera_id: created.value.sentera_id });
    store.deleteWebhookSubscriptions({
      organization_sentera_id: grandchild.sentera_id,
      sentera_ids: [created.value.sentera_id],
    });
    stop();
    store.createWebhookSubscription(valid);
    expect(kinds).toEqual(['subscription-created', 'subscription-updated', 'subscriptions-deleted']);
  });
});

describe('ids of created subscriptions', () => {
  it('are never those of an existing subscription: a taken id is re-minted, nothing is replaced', () => {
    const clock = createManualClock({ start: new Date('2022-01-31T13:27:09Z') });
    const taken = createIdGenerator({ seed: 's', clock }).next('WS', grandchild);
    const existing = {
      sentera_id: taken,
      organization_sentera_id: grandchild.sentera_id,
      callback_url: 'https://fixture.example/h',
      event_types: ['TASK_MODIFIED' as const],
      authentication: null,
      created_at: clock.now(),
    };
    const store = createStore({
      organizations: [acme, child, grandchild],
      subscriptions: [existing],
      ids: createIdGenerator({ seed: 's', clock }),
      clock,
    });
    const created = store.createWebhookSubscription(valid);
    expect(created.ok && created.value.sentera_id).not.toBe(taken);
    expect(store.getWebhookSubscription(taken)?.callback_url).toBe('https://fixture.example/h');
    expect(store.allWebhookSubscriptions()).toHaveLength(2);
  });

  it('are all distinct over a million creates in one organization with a standing clock, each the first id minted', () => {
    // The store keeps every create and never meets one of its own ids again: it would mint another (as the test above
    // shows), so a repeat would hide here but for the count of mints. Issue 12 asks for a million creates; they take
    // 6 s on a quiet 2-core machine, more under load, hence the timeout.
    const clock = createManualClock({ start: new Date('2022-01-31T13:27:09Z') });
    const generator = createIdGenerator({ seed: 's', clock });
    let minted = 0;
    const ids: IdGenerator = {
      ...generator,
      next: (typeCode, owner) => {
        minted++;
        return generator.next(typeCode, owner);
      },
    };
    const store = createStore({ organizations: [acme, child, grandchild], ids, clock });
    for (let index = 0; index < 1_000_000; index++) store.createWebhookSubscription(valid);
    const result = store.listWebhookSubscriptions({
      organization_sentera_id: grandchild.sentera_id,
      pagination: { page: 1, page_size: 1 },
    });
    expect(result.ok && result.value.total_count).toBe(1_000_000);
    expect(minted).toBe(1_000_000);
  }, 120_000);
});
