/**
 * redact-store-secrets
 */
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import { REDACTED } from '../state/create-state-registry.js';
import type { Store, StoreSnapshot } from './create-store.js';

/**
 * A store snapshot with every OAuth `client_secret` replaced by {@link REDACTED}, for exports shown to users.
 *
 * @category Store
 */
export function redactStoreSecrets(snapshot: StoreSnapshot): StoreSnapshot {
  return {
    ...snapshot,
    subscriptions: snapshot.subscriptions.map((subscription) =>
      subscription.authentication
        ? { ...subscription, authentication: { ...subscription.authentication, client_secret: REDACTED } }
        : subscription,
    ),
  };
}

/**
 * Store snapshot data (anything) with each redacted `client_secret` taken back from the same subscription (same
 * `sentera_id` and `client_id`) in `store`; a redacted secret this store does not hold is refused, never imported as
 * the literal text.
 *
 * @category Store
 */
export function restoreRedactedSecrets(
  data: unknown,
  at: string,
  store: Pick<Store, 'getWebhookSubscription'>,
): Result<unknown> {
  const subscriptions = (data as { subscriptions?: unknown } | null | undefined)?.subscriptions;
  if (!Array.isArray(subscriptions)) return ok(data);
  let changed = false;
  const restored: unknown[] = [];
  for (const [index, raw] of subscriptions.entries()) {
    const authentication = (raw as { authentication?: { client_secret?: unknown; client_id?: unknown } } | null)
      ?.authentication;
    if (authentication?.client_secret !== REDACTED) {
      restored.push(raw);
      continue;
    }
    const current = store.getWebhookSubscription(String((raw as { sentera_id?: unknown }).sentera_id))?.authentication;
    if (!current || current.client_id !== authentication.client_id) {
      return fail(
        ErrorCode.BAD_USER_INPUT,
        `${at}.subscriptions[${index}].authentication.client_secret is redacted and this mock holds no secret for that subscription; export with GET /_mock/state?secrets=include`,
      );
    }
    restored.push({ ...(raw as object), authentication: { ...authentication, client_secret: current.client_secret } });
    changed = true;
  }
  return ok(changed ? { ...(data as object), subscriptions: restored } : data);
}
