/**
 * run-contract
 */
import type { CheckStatus, ContractResult } from './contract-check.js';
import { contractChecks, selectChecks, type ContractOptions } from './contract-checks.js';
import type { CleanupReport } from './create-step-runner.js';
import { sendGraphQL } from './send-graphql.js';

/**
 * The outcome of a whole run.
 *
 * @category Contract
 */
export interface ContractReport {
  readonly endpoint: string;
  readonly readOnly: boolean;
  readonly results: readonly ContractResult[];
  /** What was created and whether it was all deleted. */
  readonly cleanup: CleanupReport;
  /** How many checks ended with each status, and in all. */
  readonly summary: Readonly<Record<CheckStatus, number>> & { readonly total: number };
  readonly durationMs: number;
}

/**
 * A report, or why the run could not start: the endpoint gave no response, or `only`/`skip` named unknown checks.
 *
 * @category Contract
 */
export type ContractRun =
  | { readonly ok: true; readonly report: ContractReport }
  | { readonly ok: false; readonly problem: 'unreachable' | 'unknown-checks'; readonly message: string };

/**
 * Options of {@link runContract}.
 *
 * @category Contract
 */
export interface RunContractOptions extends ContractOptions {
  /** Check ids or layers to run (all when absent). */
  only?: readonly string[];
  /** Check ids or layers not to run. */
  skip?: readonly string[];
  /** Called after each check, e.g. to print progress. */
  onResult?: (result: ContractResult) => void;
  /** @default performance.now */
  now?: () => number;
}

/**
 * Runs the contract against an endpoint: checks it answers at all, runs the selected checks in order, then deletes
 * every webhook subscription the run created (also when a check throws).
 *
 * @example
 * ```ts
 * const run = await runContract({ endpoint: 'http://127.0.0.1:4000/graphql' });
 * if (run.ok && run.report.summary.error === 0) console.log('every MUST holds');
 * ```
 * @category Contract
 */
export async function runContract(options: RunContractOptions): Promise<ContractRun> {
  const { only, skip, onResult, now = performance.now.bind(performance), ...contractOptions } = options;
  const start = now();
  const selection = selectChecks(contractChecks(contractOptions), { ...(only ? { only } : {}), ...(skip ? { skip } : {}) });
  if (!selection.ok) return { ok: false, problem: 'unknown-checks', message: `unknown check ids or layers: ${selection.unknown.join(', ')}` };
  const probe = await sendGraphQL(
    { endpoint: options.endpoint, headers: options.headers ?? {}, fetch: options.fetch ?? globalThis.fetch, timeoutMs: options.timeoutMs ?? 10_000 },
    { query: '{ __typename }' },
  );
  if (!probe.ok) return { ok: false, problem: 'unreachable', message: probe.message };
  const results: ContractResult[] = [];
  let cleanup: CleanupReport;
  try {
    for (const check of selection.checks) {
      const result = await check.run();
      results.push(result);
      onResult?.(result);
    }
  } finally {
    cleanup = await selection.checks.cleanup();
  }
  const summary = { total: results.length, ok: 0, error: 0, warn: 0, notice: 0, skip: 0 };
  for (const result of results) summary[result.status] += 1;
  return { ok: true, report: { endpoint: options.endpoint, readOnly: options.readOnly ?? false, results, cleanup, summary, durationMs: Math.round(now() - start) } };
}
