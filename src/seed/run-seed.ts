/**
 * run-seed
 */
import { createControlClient } from '../client/create-control-client.js';
import * as v from 'valibot';
import { errorMessage, responseErrors, sendGraphQL, type Transport } from '../client/send-graphql.js';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import { expandMockOrigin, MOCK_ORIGIN_PLACEHOLDER } from '../runtime/mock-origin.js';
import { anObject } from '../validate/schema-parts.js';
import type { Scenario } from './scenario-types.js';

// What the endpoint answers (a mock or the real API: anything), read as far as seeding needs it.
const CODED = v.object({ extensions: v.object({ code: v.string() }) });
const DATA = v.nullish(anObject(''), () => ({}));
const SUBSCRIPTION_PAGE = v.object({
  present: v.boolean(),
  results: v.array(v.object({ sentera_id: v.string(), callback_url: v.string() })),
});
const CREATED = v.object({ sentera_id: v.pipe(v.string(), v.minLength(1)) });
const FOUND_EVENTS = v.array(v.object({ sentera_id: v.string() }));
const EMITTED = v.object({ event: v.object({ sentera_id: v.string() }) });
const REFUSED = v.object({ error: v.object({ code: v.string(), message: v.string() }) });

/**
 * What happened to one item of a scenario.
 *
 * @category Seeding
 */
export interface SeedOutcome {
  readonly kind: 'subscription' | 'event';
  readonly action: 'created' | 'skipped' | 'failed' | 'planned';
  /** The idempotency key: `organization callback_url` for subscriptions, the triggering object for events. */
  readonly key: string;
  /** The id of what was created or found. */
  readonly sentera_id?: string;
  /** Why it was skipped or failed. */
  readonly reason?: string;
}

/**
 * The outcome of a seeding run.
 *
 * @category Seeding
 */
export interface SeedReport {
  /** `mock` when the endpoint is a sentera-mock (it answers /_mock/health), else `api`. */
  readonly target: 'mock' | 'api';
  readonly outcomes: readonly SeedOutcome[];
}

/**
 * Where seeding remembers what it created in an endpoint that cannot be asked (a real API has no documented read-back
 * query).
 *
 * @category Seeding
 */
export interface SeedLedger {
  /** The sentera_id created earlier for this endpoint and key, if any. */
  find(endpoint: string, key: string): string | undefined;
  record(endpoint: string, key: string, sentera_id: string): void;
}

/** Options of {@link runSeed}. */
export interface SeedOptions {
  scenario: Scenario;
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  endpoint: string;
  /** Extra request headers, e.g. `Authorization`. */
  headers?: Readonly<Record<string, string>>;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Plan only: read what exists, change nothing. @default false */
  dryRun?: boolean;
  /** Used for endpoints that are not a mock. */
  ledger: SeedLedger;
}

const CREATE = `mutation SeedSubscription($organization: ID!, $url: Url!, $types: [WebhookEventType!]!, $authentication: WebhookAuthenticationConfigurationInput) {
  create_webhook_subscription(organization_sentera_id: $organization, callback_url: $url, event_types: $types, authentication: $authentication) { sentera_id }
}`;
const LIST = `query SeedExisting($organization: ID!, $page: Int!) {
  webhook_subscriptions(organization_sentera_id: $organization, pagination: { page: $page, page_size: 1000 }) { present results { sentera_id callback_url } }
}`;

/**
 * Creates a scenario's subscriptions (through the documented mutation only) and, in a mock, emits its events.
 * Idempotent: what exists is skipped. Never deletes anything. Fails (as a result) only when the endpoint cannot be
 * reached; each item's own failure is an outcome.
 *
 * @category Seeding
 */
export async function runSeed(options: SeedOptions): Promise<Result<SeedReport>> {
  const { scenario, endpoint, headers = {}, fetch: fetchFn = globalThis.fetch, dryRun = false, ledger } = options;
  const origin = new URL(endpoint).origin;
  const control = createControlClient({ origin, headers, fetch: fetchFn });
  const health = await control.request('/health');
  if (!health.reached) return fail(ErrorCode.BAD_REQUEST, `cannot reach ${endpoint}: ${health.failure.message}`);
  const target: 'mock' | 'api' =
    health.status >= 200 && health.status < 300 && health.body?.['ok'] === true ? 'mock' : 'api';

  const transport: Transport = { endpoint, headers, fetch: fetchFn };
  const graphql = async (
    query: string,
    variables: Record<string, unknown>,
  ): Promise<{ data?: Record<string, unknown>; error?: string }> => {
    const result = await sendGraphQL(transport, { query, variables });
    if (!result.ok) return { error: result.failure.message };
    const { status, body } = result.exchange;
    if (body === undefined) return { error: `HTTP ${status} with a body that is not JSON` };
    const [error] = responseErrors(result.exchange);
    if (error) {
      const coded = v.safeParse(CODED, error);
      return { error: `${coded.success ? coded.output.extensions.code : 'ERROR'}: ${errorMessage(error)}` };
    }
    if (status < 200 || status >= 300) return { error: `HTTP ${status}` };
    const data = v.safeParse(DATA, body.data);
    return data.success ? { data: data.output } : { error: `HTTP ${status} with a "data" that is not an object` };
  };

  const outcomes: SeedOutcome[] = [];
  const existing = new Map<string, string>();
  if (target === 'mock') {
    for (const organization of new Set(
      scenario.subscriptions.map((subscription) => subscription.organization_sentera_id),
    )) {
      for (let page = 1; page <= 100; page++) {
        const result = await graphql(LIST, { organization, page });
        const listed = v.safeParse(SUBSCRIPTION_PAGE, result.data?.['webhook_subscriptions']);
        if (!listed.success) break;
        const list = listed.output;
        for (const subscription of list.results)
          existing.set(`${organization} ${subscription.callback_url}`, subscription.sentera_id);
        if (!list.present) break;
      }
    }
  }

  for (const scenarioSubscription of scenario.subscriptions) {
    const subscription = {
      ...scenarioSubscription,
      callback_url: expandMockOrigin(scenarioSubscription.callback_url, origin),
      authentication: scenarioSubscription.authentication && {
        ...scenarioSubscription.authentication,
        token_url: expandMockOrigin(scenarioSubscription.authentication.token_url, origin),
      },
    };
    const key = `${subscription.organization_sentera_id} ${subscription.callback_url}`;
    if (
      target === 'api' &&
      [scenarioSubscription.callback_url, scenarioSubscription.authentication?.token_url].some((url) =>
        url?.startsWith(MOCK_ORIGIN_PLACEHOLDER),
      )
    ) {
      outcomes.push({
        kind: 'subscription',
        action: 'failed',
        key: `${subscription.organization_sentera_id} ${scenarioSubscription.callback_url}`,
        reason: `its URLs point at the mock's own inbox or token endpoint (${MOCK_ORIGIN_PLACEHOLDER}); seed a real API with a scenario file that has your own callback_url and token_url`,
      });
      continue;
    }
    const found = target === 'mock' ? existing.get(key) : ledger.find(endpoint, key);
    if (found) {
      outcomes.push({ kind: 'subscription', action: 'skipped', key, sentera_id: found, reason: 'exists' });
      continue;
    }
    if (dryRun) {
      outcomes.push({ kind: 'subscription', action: 'planned', key });
      continue;
    }
    try {
      const result = await graphql(CREATE, {
        organization: subscription.organization_sentera_id,
        url: subscription.callback_url,
        types: subscription.event_types,
        authentication: subscription.authentication,
      });
      const answer = v.safeParse(CREATED, result.data?.['create_webhook_subscription']);
      const created = answer.success ? answer.output.sentera_id : undefined;
      if (created) {
        existing.set(key, created);
        if (target === 'api') ledger.record(endpoint, key, created);
        outcomes.push({ kind: 'subscription', action: 'created', key, sentera_id: created });
      } else {
        outcomes.push({
          kind: 'subscription',
          action: 'failed',
          key,
          reason: result.error ?? 'no sentera_id in the response',
        });
      }
    } catch (error) {
      // e.g. the ledger file cannot be written
      outcomes.push({ kind: 'subscription', action: 'failed', key, reason: (error as Error).message });
    }
  }

  for (const event of scenario.events) {
    const key = event.triggering_object_id;
    if (target === 'api') {
      outcomes.push({
        kind: 'event',
        action: 'skipped',
        key,
        reason: 'events can only be seeded into a sentera-mock (the real API emits them itself)',
      });
      continue;
    }
    const lookup = await control.request(`/events?triggering_object_id=${encodeURIComponent(key)}`);
    if (!lookup.reached) {
      outcomes.push({ kind: 'event', action: 'failed', key, reason: lookup.failure.message });
      continue;
    }
    const events = v.safeParse(FOUND_EVENTS, lookup.body?.['events']);
    const found = events.success ? events.output[0] : undefined;
    if (found) {
      outcomes.push({ kind: 'event', action: 'skipped', key, sentera_id: found.sentera_id, reason: 'exists' });
      continue;
    }
    if (dryRun) {
      outcomes.push({ kind: 'event', action: 'planned', key });
      continue;
    }
    const response = await control.request('/events', {
      method: 'POST',
      body: {
        type: event.type,
        organization_sentera_id: event.organization_sentera_id,
        triggering_object_id: event.triggering_object_id,
        payload: event.payload,
      },
    });
    if (!response.reached) {
      outcomes.push({ kind: 'event', action: 'failed', key, reason: response.failure.message });
      continue;
    }
    const emitted = v.safeParse(EMITTED, response.body);
    const refused = v.safeParse(REFUSED, response.body);
    outcomes.push(
      emitted.success
        ? { kind: 'event', action: 'created', key, sentera_id: emitted.output.event.sentera_id }
        : {
            kind: 'event',
            action: 'failed',
            key,
            reason: refused.success
              ? `${refused.output.error.code}: ${refused.output.error.message}`
              : `HTTP ${response.status}`,
          },
    );
  }
  return ok({ target, outcomes });
}
