/**
 * contract-checks
 *
 * The whole contract as a list of checks over one endpoint: transport, schema drift, responses.
 */
import type { Transport } from '../client/send-graphql.js';
import { CONTRACT_LAYERS, type ContractCheck } from './contract-check.js';
import { createPacedFetch, isLoopback, rateLimitNotice } from './create-paced-fetch.js';
import { createStepRunner, type CleanupReport } from './create-step-runner.js';
import { createEndpointSchema } from './endpoint-schema.js';
import { loadContracts, type CheckSpec, type Contracts } from './load-contracts.js';
import { readEventsByQuery } from './read-events-by-query.js';
import { responseChecks } from './response-checks.js';
import { schemaChecks } from './schema-checks.js';
import { transportChecks } from './transport-checks.js';

/**
 * Options of {@link contractChecks}.
 *
 * @category Contract
 */
export interface ContractOptions {
  /** The GraphQL endpoint under test, e.g. `https://apistaging.sentera.com/graphql` or a mock's URL. */
  endpoint: string;
  /** Sent with every request, e.g. `{ authorization: 'Bearer …' }`. */
  headers?: Readonly<Record<string, string>>;
  /** The organization subscriptions are created in. @default the documentation example's organization */
  organization?: string;
  /**
   * The callback_url of the subscriptions created. @default https://example.com/webhooks/sentera-mock-contract: the
   * host of the documentation's own example (IANA's reserved example.com, RFC 2606), public and resolvable so an API
   * that refuses private addresses accepts it, and a host where stray deliveries are of no consequence.
   */
  callbackUrl?: string;
  /** A second organization the caller can see: the kit then checks that deleting through it is refused. */
  otherOrganization?: string;
  /**
   * An existing webhook subscription (with events) whose events the events checks read, by query
   * (`webhook_subscription`), changing nothing; instead of a subscription the kit creates.
   */
  subscription?: string;
  /** The least time between two requests. @default 0 for a loopback endpoint, 100 otherwise */
  paceMs?: number;
  /** Waits (for pacing and Retry-After). @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** The wall clock (epoch ms) for pacing and Retry-After dates. @default Date.now */
  clock?: () => number;
  /** Send no mutation: the checks that need one are skipped. @default false */
  readOnly?: boolean;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** How long one request may take. @default 10000 */
  timeoutMs?: number;
  /** Already-loaded contracts. @default loadContracts() */
  contracts?: Contracts;
}

/**
 * The checks of one run, in order, and the cleanup that deletes what they created.
 *
 * @category Contract
 */
export interface ContractChecks extends ReadonlyArray<ContractCheck> {
  /** Deletes every webhook subscription the checks created and not yet deleted; call it once the checks have run. */
  readonly cleanup: () => Promise<CleanupReport>;
  /** What the run met that is not a contract breach, such as rate limits; empty when nothing. */
  readonly notices: () => readonly string[];
}

/**
 * The contract of Sentera's webhook-subscription API as checks against `endpoint`. Nothing is sent until a check
 * runs; checks share requests (each step is sent once), so run them in order, then call `cleanup()`.
 *
 * @example
 * ```ts
 * import { contractChecks } from 'sentera-mock';
 *
 * const checks = contractChecks({ endpoint: process.env.SENTERA_URL!, headers: { authorization: `Bearer ${token}` } });
 * afterAll(() => checks.cleanup());
 * for (const check of checks) {
 *   it(`${check.id} ${check.name}`, async () => {
 *     const result = await check.run();
 *     expect(result.status, result.reason).not.toBe('error');
 *   });
 * }
 * ```
 * @category Contract
 */
export function contractChecks(options: ContractOptions): ContractChecks {
  const {
    endpoint,
    headers = {},
    readOnly = false,
    fetch: fetchFn = globalThis.fetch,
    timeoutMs = 10_000,
    subscription,
    sleep,
    clock,
  } = options;
  const contracts = options.contracts ?? loadContracts();
  const otherOrganization = options.otherOrganization ?? contracts.parameters.other_organization;
  const parameters = {
    organization: options.organization ?? contracts.parameters.organization,
    callback_url: options.callbackUrl ?? contracts.parameters.callback_url,
    ...(otherOrganization === undefined ? {} : { other_organization: otherOrganization }),
  };
  const paced = createPacedFetch({
    fetch: fetchFn,
    timeoutMs,
    minIntervalMs: options.paceMs ?? (isLoopback(endpoint) ? 0 : 100),
    ...(sleep ? { sleep } : {}),
    ...(clock ? { now: clock } : {}),
  });
  const transport: Transport = { endpoint, headers, fetch: paced.fetch, timeoutMs };
  const deleteOperation = contracts.operations.get('DeleteWebhookSubscriptions');
  if (!deleteOperation)
    throw new Error('the contracts have no operations/DeleteWebhookSubscriptions.graphql, which cleanup needs');
  const steps =
    subscription === undefined
      ? contracts.steps
      : new Map(
          [...contracts.steps].map(([name, step]) => [
            name,
            step.reads_events ? readEventsByQuery(step, subscription, contracts.schema) : step,
          ]),
        );
  const endpointSchema = createEndpointSchema(transport, contracts);
  const runner = createStepRunner({ transport, steps, parameters, deleteOperation, readOnly, endpointSchema });
  const of = <L extends CheckSpec['layer']>(layer: L) =>
    contracts.checks.filter((spec): spec is Extract<CheckSpec, { layer: L }> => spec.layer === layer);
  const checks = [
    ...transportChecks(transport, contracts.transportIdPrefix, endpointSchema),
    ...schemaChecks(of('schema'), contracts, endpointSchema),
    ...responseChecks(of('responses'), { senteraIdPattern: contracts.senteraIdPattern, steps }, runner, endpointSchema),
  ];
  const notices = () => [rateLimitNotice(paced.log())].filter((notice): notice is string => notice !== undefined);
  return Object.assign(checks, { cleanup: runner.cleanup, notices });
}

/**
 * Keeps the checks `only` names (all when empty) minus those `skip` names. Both take check ids and layer names
 * (`transport`, `schema`, `responses`); unknown ones are returned instead.
 *
 * @category Contract
 */
export function selectChecks(
  checks: ContractChecks,
  selection: { readonly only?: readonly string[]; readonly skip?: readonly string[] },
):
  | { readonly ok: true; readonly checks: ContractChecks }
  | { readonly ok: false; readonly unknown: readonly string[] } {
  const { only = [], skip = [] } = selection;
  const known = new Set<string>([...CONTRACT_LAYERS, ...checks.map((check) => check.id)]);
  const unknown = [...only, ...skip].filter((selector) => !known.has(selector));
  if (unknown.length > 0) return { ok: false, unknown };
  const matches = (check: ContractCheck, selectors: readonly string[]) =>
    selectors.includes(check.id) || selectors.includes(check.layer);
  const selected = checks.filter((check) => (only.length === 0 || matches(check, only)) && !matches(check, skip));
  return { ok: true, checks: Object.assign(selected, { cleanup: checks.cleanup, notices: checks.notices }) };
}
