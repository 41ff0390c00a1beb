/**
 * response-checks
 *
 * Layer 3: the documented operations, sent as checks.json's steps and judged by each check's expectations.
 */
import type { ContractCheck, ContractFailure } from './contract-check.js';
import { timedCheck } from './contract-check.js';
import type { StepRunner } from './create-step-runner.js';
import type { EndpointSchema } from './endpoint-schema.js';
import { evaluateExpectation } from './evaluate-expectation.js';
import type { SkipUnless } from './checks-types.js';
import type { CheckSpec, Contracts } from './load-contracts.js';
import { readPath } from './read-path.js';

type ResponseCheckSpec = Extract<CheckSpec, { layer: 'responses' }>;

/**
 * The response checks of checks.json, over one run's steps.
 */
export function responseChecks(
  specs: readonly ResponseCheckSpec[],
  contracts: Pick<Contracts, 'senteraIdPattern' | 'steps'>,
  runner: StepRunner,
  endpointSchema: Pick<EndpointSchema, 'validationSchema'>,
): ContractCheck[] {
  return specs.map((spec) => {
    const stepNames = new Set([
      spec.step,
      ...spec.expectations.flatMap((expectation) => (expectation.step === undefined ? [] : [expectation.step])),
    ]);
    const dependsOn = [
      ...new Set([...stepNames].flatMap((name) => contracts.steps.get(name)?.coordinates ?? [])),
    ].sort();
    const check = timedCheck(spec.id, spec.name, 'responses', async () => {
      if (spec.skip_unless) {
        const reason = await unmetCondition(spec.skip_unless, spec.step, runner);
        if (reason !== undefined) return { status: 'skip', reason };
      }
      const failures: ContractFailure[] = [];
      let operationName = '';
      for (const expectation of spec.expectations) {
        const stepName = expectation.step ?? spec.step;
        const outcome = await runner.run(stepName);
        if (outcome.kind === 'not-sent') return { status: 'skip', reason: outcome.reason };
        if (outcome.kind === 'no-response') {
          return {
            status: 'fail',
            reason: `step ${stepName} got no response: ${outcome.message}`,
            failures: [{ path: '(http)', expected: 'a response', actual: outcome.message }],
          };
        }
        const context = {
          schema: await endpointSchema.validationSchema(),
          senteraIdPattern: contracts.senteraIdPattern,
          resolve: (value: unknown) => runner.resolve(value, outcome.variables),
          exchanges: runner.exchanges,
        };
        const step = {
          operation: outcome.step.operation,
          variables: outcome.variables,
          exchange: outcome.exchange,
          ...(outcome.pages ? { pages: outcome.pages } : {}),
        };
        const found = await evaluateExpectation(expectation, step, context);
        if (found.length > 0 && failures.length === 0) operationName = outcome.step.operation.name;
        failures.push(...found);
      }
      if (failures.length === 0) return { status: 'ok' };
      const [first] = failures as [ContractFailure];
      return {
        status: 'fail',
        reason: `${operationName}: at ${first.path}, expected ${first.expected}, got ${first.actual}${failures.length > 1 ? ` (and ${failures.length - 1} more)` : ''}`,
        failures,
      };
    });
    return { ...check, dependsOn };
  });
}

/** Why a check cannot be judged, or undefined when it can (or when the value is missing: the check then says so). */
async function unmetCondition(condition: SkipUnless, ownStep: string, runner: StepRunner): Promise<string | undefined> {
  const stepName = condition.step ?? ownStep;
  const outcome = await runner.run(stepName);
  if (outcome.kind !== 'answered') return undefined;
  const read = readPath(outcome.exchange.body?.data, condition.path);
  if (!read.found) return undefined;
  if (condition.at_least !== undefined && typeof read.value === 'number' && read.value < condition.at_least) {
    return `needs ${condition.at_least} or more at ${condition.path} (step ${stepName}), got ${read.value}: not enough events to judge`;
  }
  if (condition.at_most !== undefined && typeof read.value === 'number' && read.value > condition.at_most) {
    return `needs ${condition.at_most} or fewer at ${condition.path} (step ${stepName}), got ${read.value}: too many to walk through`;
  }
  if (condition.distinct_at_least !== undefined && Array.isArray(read.value)) {
    const distinct = new Set(read.value.map((item) => JSON.stringify(item))).size;
    if (distinct < condition.distinct_at_least) {
      return `needs ${condition.distinct_at_least} or more distinct values at ${condition.path} (step ${stepName}), got ${distinct}: not enough events to judge`;
    }
  }
  return undefined;
}
