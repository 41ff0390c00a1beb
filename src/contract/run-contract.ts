/**
 * run-contract
 */
import { sendGraphQL, type GraphQLExchange } from '../client/send-graphql.js';
import type { CheckStatus, ContractResult } from './contract-check.js';
import { contractChecks, selectChecks, type ContractOptions } from './contract-checks.js';
import type { CleanupReport } from './create-step-runner.js';
import { createPacedFetch } from './create-paced-fetch.js';
import { describeExchange } from './evaluate-expectation.js';

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
  /** What the run met that is not a contract breach (rate limits...). */
  readonly notices: readonly string[];
  /** How many checks ended with each status, and in all. */
  readonly summary: Readonly<Record<CheckStatus, number>> & { readonly total: number };
  readonly durationMs: number;
}

/**
 * A report, or why the run could not start: the endpoint gave no response, does not answer as a GraphQL endpoint
 * (a wrong path, a web page), refused the credentials, or `only`/`skip` named unknown checks.
 *
 * @category Contract
 */
export type ContractRun =
  | { readonly ok: true; readonly report: ContractReport }
  | {
      readonly ok: false;
      readonly problem: 'unreachable' | 'not-graphql' | 'unauthorized' | 'unknown-checks';
      readonly message: string;
    };

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
  /** Measures the run's duration. @default performance.now */
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
  const selection = selectChecks(contractChecks(contractOptions), {
    ...(only ? { only } : {}),
    ...(skip ? { skip } : {}),
  });
  if (!selection.ok)
    return {
      ok: false,
      problem: 'unknown-checks',
      message: `unknown check ids or layers: ${selection.unknown.join(', ')}`,
    };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const probeFetch = createPacedFetch({
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.clock ? { now: options.clock } : {}),
  });
  const probe = await sendGraphQL(
    { endpoint: options.endpoint, headers: options.headers ?? {}, fetch: probeFetch.fetch, timeoutMs },
    { query: '{ __typename }' },
  );
  if (!probe.ok) return { ok: false, problem: 'unreachable', message: probe.message };
  const refusal = notGraphQL(options.endpoint, probe.exchange);
  if (refusal) return { ok: false, ...refusal };
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
  const notices = [...selection.checks.notices()];
  return {
    ok: true,
    report: {
      endpoint: options.endpoint,
      readOnly: options.readOnly ?? false,
      results,
      cleanup,
      notices,
      summary,
      durationMs: Math.round(now() - start),
    },
  };
}

/**
 * Why the answer to `{ __typename }` shows that the run cannot start: the URL answers, but not as a GraphQL endpoint
 * (404/405/501, or a body that is not a GraphQL response, below 500), or it refused the credentials (401/403 without a
 * GraphQL body). A 5xx or a GraphQL body lets the run go on: a broken server is for the checks to report.
 */
function notGraphQL(
  endpoint: string,
  exchange: GraphQLExchange,
): { problem: 'not-graphql' | 'unauthorized'; message: string } | undefined {
  const body = exchange.body;
  const graphQLBody = body !== undefined && ('data' in body || 'errors' in body);
  if (graphQLBody && exchange.status !== 404 && exchange.status !== 405) return undefined;
  if (exchange.status >= 500 && exchange.status !== 501) return undefined;
  if (exchange.status === 401 || exchange.status === 403) {
    return {
      problem: 'unauthorized',
      message: `${endpoint} refused the request (${describeExchange(exchange)}); give a token with $SENTERA_TOKEN or --header "Authorization: Bearer …"`,
    };
  }
  const url = new URL(endpoint);
  const hint = url.pathname.replace(/\/+$/, '').endsWith('/graphql')
    ? ''
    : `; GraphQL endpoints are usually at /graphql, e.g. ${url.origin}/graphql`;
  return {
    problem: 'not-graphql',
    message: `${endpoint} does not answer as a GraphQL endpoint: { __typename } got ${describeExchange(exchange)}${hint}`,
  };
}
