/**
 * run-seed
 */
import { expandMockOrigin, MOCK_ORIGIN_PLACEHOLDER } from '../runtime/mock-origin.js';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import type { Scenario } from './scenario-types.js';

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
  let target: 'mock' | 'api';
  try {
    const health = await fetchFn(`${origin}/_mock/health`, { headers: { ...headers } });
    const body = (await health.json().catch(() => null)) as { ok?: unknown } | null;
    target = health.ok && body?.ok === true ? 'mock' : 'api';
  } catch (error) {
    return fail(ErrorCode.BAD_REQUEST, `cannot reach ${endpoint}: ${(error as Error).message}`);
  }

  const graphql = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetchFn(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: {
      data?: Record<string, unknown> | null;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return { error: `HTTP ${response.status} with a body that is not JSON` };
    }
    const error = body.errors?.[0];
    if (error) return { error: `${error.extensions?.code ?? 'ERROR'}: ${error.message}` };
    if (!response.ok) return { error: `HTTP ${response.status}` };
    return { data: body.data ?? {} };
  };

  const outcomes: SeedOutcome[] = [];
  const existing = new Map<string, string>();
  if (target === 'mock') {
    for (const organization of new Set(
      scenario.subscriptions.map((subscription) => subscription.organization_sentera_id),
    )) {
      for (let page = 1; page <= 100; page++) {
        const result = await graphql(LIST, { organization, page });
        const list = result.data?.['webhook_subscriptions'] as
          { present: boolean; results: Array<{ sentera_id: string; callback_url: string }> } | undefined;
        if (!list) break;
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
      const created = (result.data?.['create_webhook_subscription'] as { sentera_id?: string } | null | undefined)
        ?.sentera_id;
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
    try {
      const lookup = await fetchFn(`${origin}/_mock/events?triggering_object_id=${encodeURIComponent(key)}`, {
        headers: { ...headers },
      });
      const found = ((await lookup.json()) as { events?: Array<{ sentera_id: string }> }).events?.[0];
      if (found) {
        outcomes.push({ kind: 'event', action: 'skipped', key, sentera_id: found.sentera_id, reason: 'exists' });
        continue;
      }
      if (dryRun) {
        outcomes.push({ kind: 'event', action: 'planned', key });
        continue;
      }
      const response = await fetchFn(`${origin}/_mock/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          type: event.type,
          organization_sentera_id: event.organization_sentera_id,
          triggering_object_id: event.triggering_object_id,
          payload: event.payload,
        }),
      });
      const body = (await response.json()) as {
        event?: { sentera_id: string };
        error?: { code: string; message: string };
      };
      outcomes.push(
        body.event
          ? { kind: 'event', action: 'created', key, sentera_id: body.event.sentera_id }
          : {
              kind: 'event',
              action: 'failed',
              key,
              reason: body.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${response.status}`,
            },
      );
    } catch (error) {
      outcomes.push({ kind: 'event', action: 'failed', key, reason: (error as Error).message });
    }
  }
  return ok({ target, outcomes });
}
