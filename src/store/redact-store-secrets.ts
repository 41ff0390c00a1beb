/**
 * redact-store-secrets
 */
import * as v from 'valibot';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import { anObject } from '../validate/schema-parts.js';
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
  const document = v.safeParse(AN_OBJECT, data);
  const subscriptions = document.success ? v.safeParse(A_LIST, document.output['subscriptions']) : undefined;
  if (!document.success || !subscriptions?.success) return ok(data);
  let changed = false;
  const restored: unknown[] = [];
  for (const [index, raw] of subscriptions.output.entries()) {
    const subscription = v.safeParse(AN_OBJECT, raw);
    const authentication = subscription.success
      ? v.safeParse(REDACTED_AUTHENTICATION, subscription.output['authentication'])
      : undefined;
    if (!subscription.success || !authentication?.success) {
      restored.push(raw);
      continue;
    }
    const current = store.getWebhookSubscription(String(subscription.output['sentera_id']))?.authentication;
    if (!current || current.client_id !== authentication.output['client_id']) {
      return fail(
        ErrorCode.BAD_USER_INPUT,
        `${at}.subscriptions[${index}].authentication.client_secret is redacted and this mock holds no secret for that subscription; export with GET /_mock/state?secrets=include`,
      );
    }
    restored.push({
      ...subscription.output,
      authentication: { ...authentication.output, client_secret: current.client_secret },
    });
    changed = true;
  }
  return ok(changed ? { ...document.output, subscriptions: restored } : data);
}

/** Objects are kept as they are, every key included: the snapshot's schema checks them afterwards. */
const AN_OBJECT = anObject('');
const A_LIST = v.array(v.unknown());
/** An OAuth authentication whose `client_secret` is {@link REDACTED}. */
const REDACTED_AUTHENTICATION = v.pipe(
  anObject(''),
  v.check((authentication) => authentication['client_secret'] === REDACTED),
);
