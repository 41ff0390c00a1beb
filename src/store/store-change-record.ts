/**
 * store-change-record
 *
 * A store change as a journal keeps it (JSON-ready data), and back: the change is checked as the same items of a
 * snapshot are (parseStoreSnapshot), so the two cannot disagree.
 */
import * as v from 'valibot';
import { ok, type Result } from '../errors.js';
import { readDocument } from '../validate/check-document.js';
import { anObject, asAWhole } from '../validate/schema-parts.js';
import type { Store, StoreChange, StoreReplay } from './create-store.js';
import { parseStoreSnapshot } from './parse-store-snapshot.js';
import type { Organization, WebhookSubscription } from './types.js';

/**
 * One store change in a journal: a subscription created or updated (with its organization when the fixtures do not
 * have it), or the ids of subscriptions deleted.
 */
type StoreChangeRecord =
  | { readonly put: WebhookSubscription; readonly organization?: Organization }
  | { readonly deleted: readonly string[] };

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

const CHANGE_RECORD = anObject('expected {"put": subscription} or {"deleted": [ids]}');
const DELETED_IDS = asAWhole(v.array(v.string()), () => 'expected a list of subscription ids');
/** What a put subscription names as its organization, when it is a string (the snapshot's check says the rest). */
const OWNED = v.object({ organization_sentera_id: v.string() });

/**
 * Checks a {@link StoreChangeRecord} read back from a journal (anything) against the store it will apply to; every
 * problem names its path under `at`.
 */
export function parseStoreChangeRecord(
  data: unknown,
  at: string,
  store: Pick<Store, 'getOrganization'>,
): Result<StoreReplay> {
  const checked = readDocument(CHANGE_RECORD, data, at);
  if (!checked.ok) return checked;
  const record = checked.value;
  if ('deleted' in record) {
    const ids = readDocument(DELETED_IDS, record['deleted'], `${at}.deleted`);
    return ids.ok ? ok({ organizations: [], put: [], deleted: ids.value }) : ids;
  }
  const put = record['put'];
  const owner = v.safeParse(OWNED, put);
  const organizationId = owner.success ? owner.output.organization_sentera_id : undefined;
  const known = organizationId !== undefined && store.getOrganization(organizationId) ? [organizationId] : [];
  const parsed = parseStoreSnapshot(
    { organizations: record['organization'] === undefined ? [] : [record['organization']], subscriptions: [put] },
    at,
    new Set(known),
  );
  if (!parsed.ok) return parsed;
  return ok({ organizations: parsed.value.organizations, put: parsed.value.subscriptions, deleted: [] });
}
