/**
 * create-store
 */
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import type { IdGenerator } from '../ids/create-id-generator.js';
import { parseSenteraId, TypeCode } from '../ids/sentera-id.js';
import type { Clock } from '../runtime/clock.js';
import { checkEventTypes, checkUrl } from './check-input.js';
import { paginate } from './paginate.js';
import type { Organization, Page, Pagination, WebhookAuthentication, WebhookSubscription } from './types.js';

/** The most ids `delete_webhook_subscriptions` takes at once (documented). */
export const MAX_DELETE_IDS = 100;

/**
 * The input of {@link Store.createWebhookSubscription}, as the mutation's arguments.
 *
 * @category Store
 */
export interface CreateWebhookSubscriptionInput {
  readonly organization_sentera_id: string;
  readonly callback_url: string;
  readonly event_types: readonly string[];
  readonly authentication?: {
    readonly client_id: string;
    readonly client_secret: string;
    readonly scope?: string | null;
    readonly token_url: string;
  } | null;
}

/**
 * The input of {@link Store.updateWebhookSubscription}; at least one of the optional fields is required.
 *
 * @category Store
 */
export interface UpdateWebhookSubscriptionInput {
  readonly sentera_id: string;
  readonly callback_url?: string | null;
  readonly event_types?: readonly string[] | null;
}

/**
 * The input of {@link Store.deleteWebhookSubscriptions}.
 *
 * @category Store
 */
export interface DeleteWebhookSubscriptionsInput {
  readonly organization_sentera_id: string;
  readonly sentera_ids: readonly string[];
}

/**
 * What the store announces after a change, for listeners such as event delivery.
 *
 * @category Store
 */
export type StoreChange =
  | { readonly kind: 'subscription-created'; readonly subscription: WebhookSubscription }
  | { readonly kind: 'subscription-updated'; readonly subscription: WebhookSubscription }
  | { readonly kind: 'subscriptions-deleted'; readonly subscriptions: readonly WebhookSubscription[] }
  | { readonly kind: 'restored' };

/**
 * Everything the store holds beyond its fixtures, as plain data (for saving state across restarts).
 *
 * @category Store
 */
export interface StoreSnapshot {
  /** Organizations created on first use (not those of the fixtures). */
  readonly organizations: readonly Organization[];
  /** Every subscription, oldest first. */
  readonly subscriptions: readonly WebhookSubscription[];
}

/**
 * The mock's in-memory state of organizations and webhook subscriptions. Every operation validates all of its
 * input before it changes anything: a failed operation changes nothing.
 *
 * @category Store
 */
export interface Store {
  /** An organization by id, or undefined. Never creates one. */
  getOrganization(sentera_id: string): Organization | undefined;
  /**
   * The organization with this id; with `autoCreateOrganizations`, a well-formed unknown organization id
   * creates it.
   */
  resolveOrganization(sentera_id: string, argument?: string): Result<Organization>;
  /** Organizations in fixture order, filtered as the `organizations` query does. */
  listOrganizations(input: {
    organization_sentera_ids?: readonly string[] | null;
    parent_organization_id?: string | null;
    pagination: Pagination;
  }): Result<Page<Organization>>;
  /** The organizations whose ancestors include `sentera_id` (not itself), in fixture order. */
  descendantsOf(sentera_id: string): Organization[];
  createWebhookSubscription(input: CreateWebhookSubscriptionInput): Result<WebhookSubscription>;
  updateWebhookSubscription(input: UpdateWebhookSubscriptionInput): Result<WebhookSubscription>;
  deleteWebhookSubscriptions(input: DeleteWebhookSubscriptionsInput): Result<WebhookSubscription[]>;
  getWebhookSubscription(sentera_id: string): WebhookSubscription | undefined;
  /** An organization's subscriptions, oldest first. */
  listWebhookSubscriptions(input: {
    organization_sentera_id: string;
    pagination: Pagination;
  }): Result<Page<WebhookSubscription>>;
  /** Every subscription, oldest first. */
  allWebhookSubscriptions(): WebhookSubscription[];
  /** Calls `listener` after each change; returns a function that stops it. */
  onChange(listener: (change: StoreChange) => void): () => void;
  /** Back to the fixtures' organizations and subscriptions. Id counters are the id generator's business. */
  reset(): void;
  /** What the store holds beyond its fixtures. */
  snapshot(): StoreSnapshot;
  /** Replaces the state with a snapshot (validated by the caller, see parseStoreSnapshot). */
  restore(snapshot: StoreSnapshot): void;
  /**
   * Applies a change read back from a journal (checked by the caller, see parseStoreChangeRecord): puts its
   * organizations and subscriptions (a new subscription goes last, as a created one) and removes the subscriptions it
   * names, announcing each as the operation did. Applying it twice changes nothing more.
   */
  replay(change: StoreReplay): void;
}

/**
 * A change of the store as a journal replays it.
 *
 * @category Store
 */
export interface StoreReplay {
  readonly organizations: readonly Organization[];
  /** Subscriptions created or updated. */
  readonly put: readonly WebhookSubscription[];
  /** Ids of deleted subscriptions (an id the store lacks is skipped). */
  readonly deleted: readonly string[];
}

/** Options of {@link createStore}. */
export interface StoreOptions {
  /** The organizations to start with (e.g. from fixtures). */
  organizations: readonly Organization[];
  /** The subscriptions to start with (e.g. from fixtures). @default none */
  subscriptions?: readonly WebhookSubscription[];
  /** Mints subscription ids. */
  ids: IdGenerator;
  /** Stamps `created_at`. */
  clock: Clock;
  /**
   * Whether a well-formed organization id that is not in the fixtures creates that organization on first use
   * (handy offline with your real organization's id) instead of failing with ORGANIZATION_NOT_FOUND.
   * @default false
   */
  autoCreateOrganizations?: boolean;
  /**
   * An extra check of every callback URL a create or update sets, after its format is checked (strict delivery refuses
   * literal private addresses with it). A failure changes nothing. @default none
   */
  checkCallbackUrl?: (url: string) => Result<void>;
}

/**
 * Creates the in-memory store.
 *
 * @category Store
 */
export function createStore(options: StoreOptions): Store {
  const {
    organizations: initialOrganizations,
    subscriptions: initialSubscriptions = [],
    ids,
    clock,
    autoCreateOrganizations = false,
    checkCallbackUrl,
  } = options;
  let organizations = new Map<string, Organization>();
  let subscriptions = new Map<string, WebhookSubscription>();
  const listeners = new Set<(change: StoreChange) => void>();
  const initialIds = new Set(initialOrganizations.map((organization) => organization.sentera_id));
  const emit = (change: StoreChange) => {
    for (const listener of listeners) listener(change);
  };

  const reset = () => {
    organizations = new Map(initialOrganizations.map((organization) => [organization.sentera_id, organization]));
    subscriptions = new Map(initialSubscriptions.map((subscription) => [subscription.sentera_id, subscription]));
  };
  reset();

  const lookupOrganization = (sentera_id: string, argument: string, create: boolean): Result<Organization> => {
    const known = organizations.get(sentera_id);
    if (known) return ok(known);
    const parsed = parseSenteraId(sentera_id);
    if (!parsed.ok) return fail(ErrorCode.INVALID_SENTERA_ID, `${argument}: ${parsed.problem.message}`, argument);
    if (parsed.value.typeCode !== TypeCode.ORGANIZATION) {
      return fail(
        ErrorCode.INVALID_SENTERA_ID,
        `${argument}: "${sentera_id}" has type code ${parsed.value.typeCode}; an organization id has type code OR`,
        argument,
      );
    }
    if (!autoCreateOrganizations) {
      return fail(
        ErrorCode.ORGANIZATION_NOT_FOUND,
        `${argument}: no organization "${sentera_id}"; use one from the fixtures (query organizations to list them) or start the mock with --auto-create-organizations`,
        argument,
      );
    }
    const created: Organization = {
      sentera_id,
      name: `Organization ${parsed.value.token || parsed.value.nonce}`,
      email: `${(parsed.value.token || parsed.value.nonce).toLowerCase()}@example.com`,
      parent_organization_id: null,
      token: parsed.value.token,
    };
    if (create) organizations.set(sentera_id, created);
    return ok(created);
  };
  const resolveOrganization = (sentera_id: string, argument = 'organization_sentera_id') =>
    lookupOrganization(sentera_id, argument, true);
  // Reads never create an organization, so a failed or read-only operation changes nothing.
  const peekOrganization = (sentera_id: string, argument = 'organization_sentera_id') =>
    lookupOrganization(sentera_id, argument, false);

  const checkAuthentication = (
    input: CreateWebhookSubscriptionInput['authentication'],
  ): Result<WebhookAuthentication | null> => {
    if (input === undefined || input === null) return ok(null);
    const tokenUrl = checkUrl(input.token_url, 'authentication.token_url');
    if (!tokenUrl.ok) return tokenUrl;
    for (const field of ['client_id', 'client_secret'] as const) {
      if (typeof input[field] !== 'string' || input[field] === '') {
        return fail(
          ErrorCode.BAD_USER_INPUT,
          `authentication.${field} must be a non-empty string`,
          `authentication.${field}`,
        );
      }
    }
    return ok({
      client_id: input.client_id,
      client_secret: input.client_secret,
      scope: input.scope ?? null,
      token_url: tokenUrl.value,
    });
  };

  return {
    getOrganization: (sentera_id) => organizations.get(sentera_id),
    resolveOrganization,
    listOrganizations({ organization_sentera_ids, parent_organization_id, pagination }) {
      let list = [...organizations.values()];
      if (organization_sentera_ids)
        list = list.filter((organization) => organization_sentera_ids.includes(organization.sentera_id));
      if (parent_organization_id)
        list = list.filter((organization) => organization.parent_organization_id === parent_organization_id);
      return paginate(list, pagination);
    },
    descendantsOf(sentera_id) {
      const result: Organization[] = [];
      for (const organization of organizations.values()) {
        const seen = new Set<string>();
        for (
          let parent = organization.parent_organization_id;
          parent !== null && !seen.has(parent);
          parent = organizations.get(parent)?.parent_organization_id ?? null
        ) {
          seen.add(parent);
          if (parent === sentera_id) {
            result.push(organization);
            break;
          }
        }
      }
      return result;
    },
    createWebhookSubscription(input) {
      const callbackUrl = checkUrl(input.callback_url, 'callback_url');
      if (!callbackUrl.ok) return callbackUrl;
      const allowed = checkCallbackUrl?.(callbackUrl.value);
      if (allowed && !allowed.ok) return allowed;
      const eventTypes = checkEventTypes(input.event_types);
      if (!eventTypes.ok) return eventTypes;
      const authentication = checkAuthentication(input.authentication);
      if (!authentication.ok) return authentication;
      const organization = resolveOrganization(input.organization_sentera_id);
      if (!organization.ok) return organization;
      // Ids minted by `next` never repeat; one given by a fixture or a restored state could still be taken: mint the
      // next one (deterministic), never replace.
      let sentera_id = ids.next(TypeCode.WEBHOOK_SUBSCRIPTION, organization.value);
      while (subscriptions.has(sentera_id)) sentera_id = ids.next(TypeCode.WEBHOOK_SUBSCRIPTION, organization.value);
      const subscription: WebhookSubscription = {
        sentera_id,
        organization_sentera_id: organization.value.sentera_id,
        callback_url: callbackUrl.value,
        event_types: eventTypes.value,
        authentication: authentication.value,
        created_at: clock.now(),
      };
      subscriptions.set(subscription.sentera_id, subscription);
      emit({ kind: 'subscription-created', subscription });
      return ok(subscription);
    },
    updateWebhookSubscription(input) {
      const hasUrl = input.callback_url !== undefined && input.callback_url !== null;
      const hasTypes = input.event_types !== undefined && input.event_types !== null;
      if (!hasUrl && !hasTypes) {
        return fail(
          ErrorCode.NOTHING_TO_UPDATE,
          'update_webhook_subscription needs callback_url, event_types or both; neither was given',
        );
      }
      const existing = subscriptions.get(input.sentera_id);
      if (!existing) return notFound([input.sentera_id], 'sentera_id');
      const callbackUrl = hasUrl ? checkUrl(input.callback_url, 'callback_url') : ok(existing.callback_url);
      if (!callbackUrl.ok) return callbackUrl;
      const allowed = hasUrl ? checkCallbackUrl?.(callbackUrl.value) : undefined;
      if (allowed && !allowed.ok) return allowed;
      const eventTypes = hasTypes ? checkEventTypes(input.event_types) : ok([...existing.event_types]);
      if (!eventTypes.ok) return eventTypes;
      const subscription: WebhookSubscription = {
        ...existing,
        callback_url: callbackUrl.value,
        event_types: eventTypes.value,
      };
      subscriptions.set(subscription.sentera_id, subscription);
      emit({ kind: 'subscription-updated', subscription });
      return ok(subscription);
    },
    deleteWebhookSubscriptions(input) {
      if (input.sentera_ids.length > MAX_DELETE_IDS) {
        return fail(
          ErrorCode.TOO_MANY_IDS,
          `sentera_ids is limited to a maximum of ${MAX_DELETE_IDS} ids, got ${input.sentera_ids.length}; delete them in batches`,
          'sentera_ids',
        );
      }
      const organization = peekOrganization(input.organization_sentera_id);
      if (!organization.ok) return organization;
      const unique = [...new Set(input.sentera_ids)];
      const missing = unique.filter((id) => !subscriptions.has(id));
      if (missing.length > 0) return notFound(missing, 'sentera_ids');
      const foreign = unique.filter(
        (id) => subscriptions.get(id)?.organization_sentera_id !== organization.value.sentera_id,
      );
      if (foreign.length > 0) {
        return fail(
          ErrorCode.WRONG_ORGANIZATION,
          `sentera_ids: ${foreign.map((id) => `"${id}"`).join(', ')} ${foreign.length === 1 ? 'belongs' : 'belong'} to another organization than "${organization.value.sentera_id}"; nothing was deleted`,
          'sentera_ids',
        );
      }
      const deleted = unique.map((id) => subscriptions.get(id) as WebhookSubscription);
      for (const subscription of deleted) subscriptions.delete(subscription.sentera_id);
      if (deleted.length > 0) emit({ kind: 'subscriptions-deleted', subscriptions: deleted });
      return ok(deleted);
    },
    getWebhookSubscription: (sentera_id) => subscriptions.get(sentera_id),
    listWebhookSubscriptions({ organization_sentera_id, pagination }) {
      const organization = peekOrganization(organization_sentera_id);
      if (!organization.ok) return organization;
      const list = [...subscriptions.values()].filter(
        (subscription) => subscription.organization_sentera_id === organization.value.sentera_id,
      );
      return paginate(list, pagination);
    },
    allWebhookSubscriptions: () => [...subscriptions.values()],
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reset,
    snapshot: () => ({
      organizations: [...organizations.values()].filter((organization) => !initialIds.has(organization.sentera_id)),
      subscriptions: [...subscriptions.values()],
    }),
    restore(snapshot) {
      reset();
      subscriptions = new Map();
      for (const organization of snapshot.organizations) organizations.set(organization.sentera_id, organization);
      for (const subscription of snapshot.subscriptions) subscriptions.set(subscription.sentera_id, subscription);
      emit({ kind: 'restored' });
    },
    replay(change) {
      for (const organization of change.organizations) organizations.set(organization.sentera_id, organization);
      for (const subscription of change.put) {
        const existed = subscriptions.has(subscription.sentera_id);
        subscriptions.set(subscription.sentera_id, subscription);
        emit({ kind: existed ? 'subscription-updated' : 'subscription-created', subscription });
      }
      const deleted = change.deleted.flatMap((id) => subscriptions.get(id) ?? []);
      for (const subscription of deleted) subscriptions.delete(subscription.sentera_id);
      if (deleted.length > 0) emit({ kind: 'subscriptions-deleted', subscriptions: deleted });
    },
  };
}

function notFound<T>(ids: readonly string[], argument: string): Result<T> {
  const list = ids.map((id) => `"${id}"`).join(', ');
  return fail(
    ErrorCode.WEBHOOK_SUBSCRIPTION_NOT_FOUND,
    `${argument}: no webhook subscription ${list}; nothing was changed`,
    argument,
  );
}
