/**
 * create-step-runner
 *
 * Sends the responses layer's steps: each at most once per run (several checks look at one response), with its
 * references resolved, keeping account of every webhook subscription created so that cleanup can delete it.
 */
import type { ContractParameters, ContractOperation, StepSpec } from './load-contracts.js';
import { readPath, show } from './read-path.js';
import { errorMessage, responseErrors, sendGraphQL, type GraphQLExchange, type Transport } from './send-graphql.js';

/**
 * What became of a step: sent (with the variables it carried and what came back); not sent (a reference could not be
 * resolved, or `--read-only` forbids the mutation); or sent without a response.
 */
export type StepOutcome =
  | { readonly kind: 'answered'; readonly step: StepSpec; readonly variables: Readonly<Record<string, unknown>>; readonly exchange: GraphQLExchange }
  | { readonly kind: 'not-sent'; readonly step: StepSpec; readonly reason: string }
  | { readonly kind: 'no-response'; readonly step: StepSpec; readonly variables: Readonly<Record<string, unknown>>; readonly message: string };

/**
 * What cleanup did with the webhook subscriptions the run created.
 *
 * @category Contract
 */
export interface CleanupReport {
  /** Every webhook subscription the run created, in creation order. */
  readonly created: readonly string[];
  /** Those that are gone: deleted by a check or by cleanup. */
  readonly deleted: readonly string[];
  /** Those that could not be deleted: delete them by hand. */
  readonly left: readonly string[];
  /** Why some were left, when some were. */
  readonly problem?: string;
}

/** Options of {@link createStepRunner}. */
export interface StepRunnerOptions {
  readonly transport: Transport;
  readonly steps: ReadonlyMap<string, StepSpec>;
  readonly parameters: ContractParameters;
  /** The operation cleanup deletes with (delete_webhook_subscriptions selecting sentera_id). */
  readonly deleteOperation: ContractOperation;
  /** Send no mutation: mutation steps are "not sent". */
  readonly readOnly: boolean;
}

/** Sends steps and cleans up after them. */
export interface StepRunner {
  run(name: string): Promise<StepOutcome>;
  /** Resolves a value written with references (`$parameter`, `{ $step }`, `{ $variable }` of `sent`). */
  resolve(value: unknown, sent?: Readonly<Record<string, unknown>>): Promise<unknown>;
  /** Deletes what is left of what the run created; safe to call more than once. */
  cleanup(): Promise<CleanupReport>;
}

/** A reference that cannot be resolved; the step is then not sent. */
export class UnresolvedReference extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnresolvedReference';
  }
}

/** The most ids delete_webhook_subscriptions takes at once (documented). */
const DELETE_LIMIT = 100;

/**
 * Creates the step runner of one run.
 */
export function createStepRunner(options: StepRunnerOptions): StepRunner {
  const { transport, steps, parameters, deleteOperation, readOnly } = options;
  const outcomes = new Map<string, Promise<StepOutcome>>();
  const created: string[] = [];
  const deleted = new Set<string>();
  let problem: string | undefined;

  const run = (name: string): Promise<StepOutcome> => {
    let outcome = outcomes.get(name);
    if (!outcome) {
      outcome = send(name);
      outcomes.set(name, outcome);
    }
    return outcome;
  };

  const send = async (name: string): Promise<StepOutcome> => {
    const step = steps.get(name);
    if (!step) throw new Error(`no step "${name}" in the contracts`);
    if (readOnly && step.operation.kind !== 'query') return { kind: 'not-sent', step, reason: `--read-only: step ${name} sends a mutation (${step.operation.name})` };
    let variables: Record<string, unknown>;
    try {
      variables = (await resolve(step.variables)) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof UnresolvedReference) return { kind: 'not-sent', step, reason: `step ${name} was not sent: ${error.message}` };
      throw error;
    }
    const result = await sendGraphQL(transport, { query: step.operation.source, variables, operationName: step.operation.name });
    if (!result.ok) return { kind: 'no-response', step, variables, message: result.message };
    const data = result.exchange.body?.data;
    if (step.creates) for (const id of idsAt(data, step.creates)) if (!created.includes(id)) created.push(id);
    if (step.deletes) for (const id of idsAt(data, step.deletes)) deleted.add(id);
    return { kind: 'answered', step, variables, exchange: result.exchange };
  };

  const resolve = async (value: unknown, sent?: Readonly<Record<string, unknown>>): Promise<unknown> => {
    if (typeof value === 'string') {
      const whole = /^\$(\w+)$/.exec(value);
      if (whole) return parameters[whole[1] as keyof ContractParameters];
      return value.replace(/\$\{(\w+)\}/g, (_, key: string) => parameters[key as keyof ContractParameters]);
    }
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      for (const item of value) items.push(await resolve(item, sent));
      return items;
    }
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    if ('$variable' in record) return sent?.[record['$variable'] as string];
    if ('$step' in record) return resolveStep(record['$step'] as string, record['path'] as string, record['pick'] as 'min' | 'max' | undefined);
    const resolved: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) resolved[key] = await resolve(item, sent);
    return resolved;
  };

  const resolveStep = async (name: string, path: string, pick: 'min' | 'max' | undefined): Promise<unknown> => {
    const outcome = await run(name);
    if (outcome.kind === 'not-sent') throw new UnresolvedReference(`it needs ${path} from step ${name}, which was not sent (${outcome.reason})`);
    if (outcome.kind === 'no-response') throw new UnresolvedReference(`it needs ${path} from step ${name}, which got no response (${outcome.message})`);
    const read = readPath(outcome.exchange.body?.data, path);
    if (!read.found) {
      const errors = responseErrors(outcome.exchange);
      const why = errors.length > 0 ? `; it answered with errors: ${errors.map(errorMessage).join('; ')}` : '';
      throw new UnresolvedReference(`it needs ${path} from step ${name}, whose response has no ${read.missing}${why}`);
    }
    if (pick === undefined) return read.value;
    const instants = (Array.isArray(read.value) ? read.value : [read.value]).filter((item): item is string => typeof item === 'string' && !Number.isNaN(Date.parse(item)));
    if (instants.length === 0) throw new UnresolvedReference(`it needs the ${pick} date-time of ${path} from step ${name}, which holds none (${show(read.value)})`);
    return instants.reduce((best, item) => ((pick === 'min' ? Date.parse(item) < Date.parse(best) : Date.parse(item) > Date.parse(best)) ? item : best));
  };

  const cleanup = async (): Promise<CleanupReport> => {
    const pending = created.filter((id) => !deleted.has(id));
    for (let start = 0; start < pending.length; start += DELETE_LIMIT) {
      const batch = pending.slice(start, start + DELETE_LIMIT);
      const result = await sendGraphQL(transport, {
        query: deleteOperation.source,
        operationName: deleteOperation.name,
        variables: { organization_sentera_id: parameters.organization, sentera_ids: batch },
      });
      if (!result.ok) {
        problem = result.message;
        continue;
      }
      for (const id of idsAt(result.exchange.body?.data, 'delete_webhook_subscriptions[*].sentera_id')) deleted.add(id);
      const errors = responseErrors(result.exchange);
      if (batch.some((id) => !deleted.has(id))) {
        problem = errors.length > 0 ? errors.map(errorMessage).join('; ') : `delete_webhook_subscriptions answered HTTP ${result.exchange.status} without those ids: ${show(result.exchange.text, 200)}`;
      }
    }
    const left = created.filter((id) => !deleted.has(id));
    return { created: [...created], deleted: created.filter((id) => deleted.has(id)), left, ...(left.length > 0 && problem !== undefined ? { problem } : {}) };
  };

  return { run, resolve, cleanup };
}

function idsAt(data: unknown, path: string): string[] {
  const read = readPath(data, path);
  if (!read.found) return [];
  return (Array.isArray(read.value) ? read.value : [read.value]).filter((id): id is string => typeof id === 'string');
}
