/**
 * contract-checks
 *
 * The whole contract as a list of checks over one endpoint: transport, schema drift, responses.
 */
import { CONTRACT_LAYERS, type ContractCheck } from './contract-check.js';
import { createStepRunner, type CleanupReport } from './create-step-runner.js';
import { loadContracts, type CheckSpec, type Contracts } from './load-contracts.js';
import { responseChecks } from './response-checks.js';
import { schemaChecks } from './schema-checks.js';
import type { Transport } from './send-graphql.js';
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
  /** The callback_url of the subscriptions created. @default https://192.0.2.1/sentera-mock-contract (non-routable) */
  callbackUrl?: string;
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
  cleanup(): Promise<CleanupReport>;
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
  const { endpoint, headers = {}, readOnly = false, fetch: fetchFn = globalThis.fetch, timeoutMs = 10_000 } = options;
  const contracts = options.contracts ?? loadContracts();
  const parameters = {
    organization: options.organization ?? contracts.parameters.organization,
    callback_url: options.callbackUrl ?? contracts.parameters.callback_url,
  };
  const transport: Transport = { endpoint, headers, fetch: fetchFn, timeoutMs };
  const deleteOperation = contracts.operations.get('DeleteWebhookSubscriptions');
  if (!deleteOperation) throw new Error('the contracts have no operations/DeleteWebhookSubscriptions.graphql, which cleanup needs');
  const runner = createStepRunner({ transport, steps: contracts.steps, parameters, deleteOperation, readOnly });
  const of = <L extends CheckSpec['layer']>(layer: L) => contracts.checks.filter((spec): spec is Extract<CheckSpec, { layer: L }> => spec.layer === layer);
  const checks = [
    ...transportChecks(transport, contracts.transportIdPrefix),
    ...schemaChecks(of('schema'), contracts, transport),
    ...responseChecks(of('responses'), contracts, runner),
  ];
  return Object.assign(checks, { cleanup: runner.cleanup });
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
): { readonly ok: true; readonly checks: ContractChecks } | { readonly ok: false; readonly unknown: readonly string[] } {
  const { only = [], skip = [] } = selection;
  const known = new Set<string>([...CONTRACT_LAYERS, ...checks.map((check) => check.id)]);
  const unknown = [...only, ...skip].filter((selector) => !known.has(selector));
  if (unknown.length > 0) return { ok: false, unknown };
  const matches = (check: ContractCheck, selectors: readonly string[]) => selectors.includes(check.id) || selectors.includes(check.layer);
  const selected = checks.filter((check) => (only.length === 0 || matches(check, only)) && !matches(check, skip));
  return { ok: true, checks: Object.assign(selected, { cleanup: checks.cleanup }) };
}
