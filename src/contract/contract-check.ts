/**
 * contract-check
 *
 * The vocabulary of the contract kit, modelled on graphql-http's audits: a check has a stable id and a name that
 * starts with its RFC 2119 level, and running it gives a result rather than throwing.
 */

/**
 * The requirement level of a check, as in RFC 2119. It sets the severity of a failure: MUST → `error`,
 * SHOULD → `warn`, MAY → `notice`.
 *
 * @category Contract
 */
export type CheckLevel = 'MUST' | 'SHOULD' | 'MAY';

/**
 * A check's name: its level, then what an implementation is expected to do.
 *
 * @category Contract
 */
export type CheckName = `${CheckLevel} ${string}`;

/**
 * The three layers of the kit, each usable alone: GraphQL-over-HTTP conformance (graphql-http's audits), schema
 * drift (introspection diffed against schema.graphql) and responses (the documented operations, validated).
 *
 * @category Contract
 */
export type ContractLayer = 'transport' | 'schema' | 'responses';

/** Every layer, in the order the kit runs them. */
export const CONTRACT_LAYERS: readonly ContractLayer[] = ['transport', 'schema', 'responses'];

/**
 * The outcome of a check: `ok`; a failure whose severity follows the level (`error`, `warn`, `notice`); or `skip`
 * when it could not be judged (introspection disabled, `--read-only`, no events to page through...).
 *
 * @category Contract
 */
export type CheckStatus = 'ok' | 'error' | 'warn' | 'notice' | 'skip';

/**
 * One precise finding: where, what schema.graphql or the documentation expects, and what the endpoint did.
 *
 * @category Contract
 */
export interface ContractFailure {
  /** Where: a response path such as `create_webhook_subscription.event_types[0]`, a schema coordinate, or `(http)`. */
  readonly path: string;
  readonly expected: string;
  readonly actual: string;
}

/**
 * The result of running one check.
 *
 * @category Contract
 */
export interface ContractResult {
  readonly id: string;
  readonly name: CheckName;
  readonly layer: ContractLayer;
  readonly status: CheckStatus;
  /** Why it failed or was skipped, in one sentence. */
  readonly reason?: string;
  /** The findings behind a failure; empty when the check passed or was skipped. */
  readonly failures: readonly ContractFailure[];
  readonly durationMs: number;
}

/**
 * One check of the contract. `run()` never throws for a misbehaving endpoint: it resolves to a result.
 *
 * @example
 * ```ts
 * for (const check of contractChecks({ endpoint })) {
 *   it(`${check.id} ${check.name}`, async () => expect((await check.run()).status).not.toBe('error'));
 * }
 * ```
 * @category Contract
 */
export interface ContractCheck {
  readonly id: string;
  readonly name: CheckName;
  readonly layer: ContractLayer;
  /**
   * The schema coordinates the check depends on (response checks: those its steps use). When the endpoint lacks or
   * changed one, the check is skipped with that reason and the schema layer reports the change.
   */
  readonly dependsOn?: readonly string[];
  run(): Promise<ContractResult>;
}

/** The level a check's name starts with. */
function levelOf(name: CheckName): CheckLevel {
  return name.split(' ', 1)[0] as CheckLevel;
}

/** The status of a failed check, by level (graphql-http's rule). */
function failureStatus(name: CheckName): 'error' | 'warn' | 'notice' {
  const level = levelOf(name);
  return level === 'MUST' ? 'error' : level === 'SHOULD' ? 'warn' : 'notice';
}

/** What a check's body returns; {@link timedCheck} adds the id, name, layer and duration. */
export type CheckVerdict =
  | { readonly status: 'ok' }
  | { readonly status: 'fail'; readonly reason: string; readonly failures?: readonly ContractFailure[] }
  | { readonly status: 'skip'; readonly reason: string };

/**
 * The outcome of one check's body, timed: `status` from the verdict and the level of `name`; a body that throws is a
 * failure naming the exception, so one bad check never stops a run. Shared by the contract kit and the receiver check.
 */
export async function judge(
  name: CheckName,
  body: () => Promise<CheckVerdict>,
  now: () => number,
): Promise<Pick<ContractResult, 'status' | 'reason' | 'failures' | 'durationMs'>> {
  const start = now();
  let verdict: CheckVerdict;
  try {
    verdict = await body();
  } catch (error) {
    verdict = {
      status: 'fail',
      reason: `the check could not complete: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const durationMs = Math.round((now() - start) * 10) / 10;
  if (verdict.status === 'ok') return { status: 'ok', failures: [], durationMs };
  if (verdict.status === 'skip') return { status: 'skip', reason: verdict.reason, failures: [], durationMs };
  return { status: failureStatus(name), reason: verdict.reason, failures: verdict.failures ?? [], durationMs };
}

/**
 * Builds a check from its body; a body that throws is reported as a failure naming the exception, so one bad
 * check never stops the run.
 */
export function timedCheck(
  id: string,
  name: CheckName,
  layer: ContractLayer,
  body: () => Promise<CheckVerdict>,
  now: () => number = performance.now.bind(performance),
): ContractCheck {
  return { id, name, layer, run: async () => ({ id, name, layer, ...(await judge(name, body, now)) }) };
}
