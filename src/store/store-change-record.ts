/**
 * store-change-record
 *
 * A store change as a journal keeps it (JSON-ready data), and back: the change is checked as the same items of a
 * snapshot are (parseStoreSnapshot), so the two cannot disagree.
 */
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import type { Store, StoreChange, StoreReplay } from './create-store.js';
import { parseStoreSnapshot } from './parse-store-snapshot.js';
import type { Organization, WebhookSubscription } from './types.js';

/**
 * One store change in a journal: a subscription created or updated (with its organization when the fixtures do not
 * have it), or the ids of subscriptions deleted.
 */
type StoreChangeRecord =
  { readonly put: WebhookSubscription; readonly organization?: Organization } | { readonly deleted: readonly string[] };

/**
 * The record of a change, or undefined for a change a journal cannot express (`restored`: the whole store, saved as
 * a snapshot).
 */
export function storeChangeRecord(
  change: StoreChange,
  store: Pick<Store, 'getOrganization'>,
  fixtureOrganizations: ReadonlySet<string>,
): StoreChangeRecord | undefined {
  if (change.kind === 'restored') return undefined;
  if (change.kind === 'subscriptions-deleted')
    return { deleted: change.subscriptions.map((subscription) => subscription.sentera_id) };
  const id = change.subscription.organization_sentera_id;
  const organization = fixtureOrganizations.has(id) ? undefined : store.getOrganization(id);
  return organization ? { put: change.subscription, organization } : { put: change.subscription };
}

/**
 * Checks a {@link StoreChangeRecord} read back from a journal (anything) against the store it will apply to; every
 * problem names its path under `at`.
 */
export function parseStoreChangeRecord(
  data: unknown,
  at: string,
  store: Pick<Store, 'getOrganization'>,
): Result<StoreReplay> {
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return fail(ErrorCode.BAD_USER_INPUT, `${at}: expected {"put": subscription} or {"deleted": [ids]}`);
  const record = data as Record<string, unknown>;
  if ('deleted' in record) {
    const ids = record['deleted'];
    return Array.isArray(ids) && ids.every((id) => typeof id === 'string')
      ? ok({ organizations: [], put: [], deleted: ids })
      : fail(ErrorCode.BAD_USER_INPUT, `${at}.deleted: expected a list of subscription ids`);
  }
  const put = record['put'];
  const organizationId =
    put !== null && typeof put === 'object' ? (put as Record<string, unknown>)['organization_sentera_id'] : undefined;
  const known = typeof organizationId === 'string' && store.getOrganization(organizationId) ? [organizationId] : [];
  const parsed = parseStoreSnapshot(
    { organizations: record['organization'] === undefined ? [] : [record['organization']], subscriptions: [put] },
    at,
    new Set(known),
  );
  if (!parsed.ok) return parsed;
  return ok({ organizations: parsed.value.organizations, put: parsed.value.subscriptions, deleted: [] });
}
