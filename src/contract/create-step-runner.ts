/**
 * create-step-runner
 *
 * Sends the responses layer's steps: each at most once per run (several checks look at one response), with its
 * references resolved, keeping account of every webhook subscription created so that cleanup can delete it.
 */
import { OperationTypeNode } from 'graphql';
import {
  errorMessage,
  responseErrors,
  sendGraphQL,
  type GraphQLExchange,
  type Transport,
} from '../client/send-graphql.js';
import type { EndpointSchema } from './endpoint-schema.js';
import type { ContractParameters, ContractOperation, StepSpec } from './load-contracts.js';
import { readPath, show } from './read-path.js';

/**
 * What became of a step: sent (with the variables it carried and what came back); not sent (a reference could not be
 * resolved, or `--read-only` forbids the mutation); or sent without a response.
 */
type StepOutcome =
  | {
      readonly kind: 'answered';
      readonly step: StepSpec;
      readonly variables: Readonly<Record<string, unknown>>;
      readonly exchange: GraphQLExchange;
      /** For a step that walks pages: every page's exchange, from page 1 (the first is `exchange`). */
      readonly pages?: readonly GraphQLExchange[];
    }
  | { readonly kind: 'not-sent'; readonly step: StepSpec; readonly reason: string }
  | {
      readonly kind: 'no-response';
      readonly step: StepSpec;
      readonly variables: Readonly<Record<string, unknown>>;
      readonly message: string;
    };

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
  /** What the endpoint's introspection says: steps that use a coordinate it lacks are not sent; page sizes are capped. */
  readonly endpointSchema?: EndpointSchema;
}

/** Sends steps and cleans up after them. */
export interface StepRunner {
  run(name: string): Promise<StepOutcome>;
  /** Resolves a value written with references (`$parameter`, `{ $step }`, `{ $variable }` of `sent`). */
  resolve(value: unknown, sent?: Readonly<Record<string, unknown>>): Promise<unknown>;
  /** Deletes what is left of what the run created; safe to call more than once. */
  readonly cleanup: () => Promise<CleanupReport>;
  /** Every exchange the steps have had so far, in order. */
  readonly exchanges: () => readonly GraphQLExchange[];
}

/** A reference that cannot be resolved; the step is then not sent. */
class UnresolvedReference extends Error {
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
  const { transport, steps, parameters, deleteOperation, readOnly, endpointSchema } = options;
  const outcomes = new Map<string, Promise<StepOutcome>>();
  const created: string[] = [];
  /** The organization each created subscription was created in (cleanup deletes through it). */
  const organizationOf = new Map<string, string>();
  const deleted = new Set<string>();
  const history: GraphQLExchange[] = [];
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
    if (readOnly && step.operation.kind !== OperationTypeNode.QUERY)
      return { kind: 'not-sent', step, reason: `--read-only: step ${name} sends a mutation (${step.operation.name})` };
    const missing = await endpointSchema?.missing(step.coordinates);
    if (missing) return { kind: 'not-sent', step, reason: `step ${name} was not sent: ${missing.reason}` };
    for (const before of step.after ?? []) await run(before);
    let variables: Record<string, unknown>;
    try {
      variables = (await resolve(step.variables)) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof UnresolvedReference)
        return { kind: 'not-sent', step, reason: `step ${name} was not sent: ${error.message}` };
      throw error;
    }
    const first = await exchange(step, variables);
    if (first.kind !== 'answered' || !step.walk) return first;
    const pages = [first.exchange];
    const size = Number(variables['page_size']);
    const total = readPath(first.exchange.body?.data, `${step.walk.path}.total_count`);
    const last =
      total.found && typeof total.value === 'number' && size > 0 ? Math.ceil(total.value / size) : step.walk.max_pages;
    // Too many pages to walk: the first stands alone (the walking checks say so through their skip_unless).
    if (last > step.walk.max_pages) return { ...first, pages };
    for (
      let number = 2;
      number <= last + 1 && hasResults(pages[pages.length - 1] as GraphQLExchange, step.walk.path);
      number++
    ) {
      const next = await exchange(step, { ...variables, [step.walk.variable]: number });
      if (next.kind !== 'answered') return next;
      pages.push(next.exchange);
    }
    return { ...first, pages };
  };

  const exchange = async (step: StepSpec, variables: Record<string, unknown>): Promise<StepOutcome> => {
    const result = await sendGraphQL(transport, {
      query: step.operation.source,
      variables,
      operationName: step.operation.name,
    });
    if (!result.ok) return { kind: 'no-response', step, variables, message: result.message };
    history.push(result.exchange);
    if (result.exchange.status === 429)
      return {
        kind: 'not-sent',
        step,
        reason: `step ${step.name} was rate limited (HTTP 429) after the retries Retry-After allowed`,
      };
    const data = result.exchange.body?.data;
    if (step.creates) {
      const organization =
        typeof variables['organization_sentera_id'] === 'string'
          ? variables['organization_sentera_id']
          : parameters.organization;
      for (const id of idsAt(data, step.creates)) {
        if (!created.includes(id)) created.push(id);
        organizationOf.set(id, organization);
      }
    }
    if (step.deletes) for (const id of idsAt(data, step.deletes)) deleted.add(id);
    return { kind: 'answered', step, variables, exchange: result.exchange };
  };

  const resolve = async (value: unknown, sent?: Readonly<Record<string, unknown>>): Promise<unknown> => {
    if (typeof value === 'string') {
      const whole = /^\$(\w+)$/.exec(value);
      if (whole) {
        const parameter = parameters[whole[1] as keyof ContractParameters];
        if (parameter === undefined)
          throw new UnresolvedReference(
            `it needs $${whole[1] as string}, which was not given${whole[1] === 'other_organization' ? ' (--other-organization)' : ''}`,
          );
        return parameter;
      }
      return value.replace(/\$\{(\w+)\}/g, (_, key: string) => {
        const parameter = parameters[key as keyof ContractParameters];
        if (parameter === undefined) throw new UnresolvedReference(`it needs $${key}, which was not given`);
        return parameter;
      });
    }
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      for (const item of value) items.push(await resolve(item, sent));
      return items;
    }
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    if ('$variable' in record) return sent?.[record['$variable'] as string];
    if ('$page_size' in record) {
      const cap = await endpointSchema?.pageSizeCap();
      return Math.min(record['$page_size'] as number, cap ?? Number.POSITIVE_INFINITY);
    }
    if ('$unknown_ids' in record) {
      const prefix = (await resolve(record['prefix'] ?? [], sent)) as unknown[];
      return [...prefix, ...unknownIds(record['$unknown_ids'] as number, record['type_code'] as string)];
    }
    if ('$step' in record)
      return resolveStep(
        record['$step'] as string,
        record['path'] as string,
        record['pick'] as 'min' | 'max' | undefined,
      );
    const resolved: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) resolved[key] = await resolve(item, sent);
    return resolved;
  };

  const resolveStep = async (name: string, path: string, pick: 'min' | 'max' | undefined): Promise<unknown> => {
    const outcome = await run(name);
    if (outcome.kind === 'not-sent')
      throw new UnresolvedReference(`it needs ${path} from step ${name}, which was not sent (${outcome.reason})`);
    if (outcome.kind === 'no-response')
      throw new UnresolvedReference(`it needs ${path} from step ${name}, which got no response (${outcome.message})`);
    const read = readPath(outcome.exchange.body?.data, path);
    if (!read.found) {
      const errors = responseErrors(outcome.exchange);
      const why = errors.length > 0 ? `; it answered with errors: ${errors.map(errorMessage).join('; ')}` : '';
      throw new UnresolvedReference(`it needs ${path} from step ${name}, whose response has no ${read.missing}${why}`);
    }
    if (pick === undefined) return read.value;
    const instants = (Array.isArray(read.value) ? read.value : [read.value]).filter(
      (item): item is string => typeof item === 'string' && !Number.isNaN(Date.parse(item)),
    );
    if (instants.length === 0)
      throw new UnresolvedReference(
        `it needs the ${pick} date-time of ${path} from step ${name}, which holds none (${show(read.value)})`,
      );
    return instants.reduce((best, item) =>
      (pick === 'min' ? Date.parse(item) < Date.parse(best) : Date.parse(item) > Date.parse(best)) ? item : best,
    );
  };

  const deleteBatch = async (organization: string, batch: readonly string[]): Promise<void> => {
    const result = await sendGraphQL(transport, {
      query: deleteOperation.source,
      operationName: deleteOperation.name,
      variables: { organization_sentera_id: organization, sentera_ids: batch },
    });
    if (!result.ok) {
      problem = result.message;
      return;
    }
    for (const id of idsAt(result.exchange.body?.data, 'delete_webhook_subscriptions[*].sentera_id')) deleted.add(id);
    const errors = responseErrors(result.exchange);
    if (batch.some((id) => !deleted.has(id))) {
      problem =
        errors.length > 0
          ? errors.map(errorMessage).join('; ')
          : `delete_webhook_subscriptions answered HTTP ${result.exchange.status} without those ids: ${show(result.exchange.text, 200)}`;
    }
  };

  const cleanup = async (): Promise<CleanupReport> => {
    const pending = created.filter((id) => !deleted.has(id));
    const organization = (id: string) => organizationOf.get(id) ?? parameters.organization;
    for (const owner of new Set(pending.map(organization))) {
      const owned = pending.filter((id) => organization(id) === owner);
      for (let start = 0; start < owned.length; start += DELETE_LIMIT)
        await deleteBatch(owner, owned.slice(start, start + DELETE_LIMIT));
    }
    // A batch is refused as a whole when one id in it is gone already: try the rest one by one.
    const refused = pending.filter((id) => !deleted.has(id));
    if (refused.length > 1) for (const id of refused) await deleteBatch(organization(id), [id]);
    const left = created.filter((id) => !deleted.has(id));
    return {
      created: [...created],
      deleted: created.filter((id) => deleted.has(id)),
      left,
      ...(left.length > 0 && problem !== undefined ? { problem } : {}),
    };
  };

  return { run, resolve, cleanup, exchanges: () => [...history] };
}

/**
 * `count` distinct ids in Sentera's format that no API has minted (environment `test`, build `0000000`, dated
 * 2000-01-01): ids of things that do not exist.
 */
function unknownIds(count: number, typeCode: string): string[] {
  return Array.from(
    { length: count },
    (_, index) => `${(index + 1).toString(36).padStart(7, '0')}_${typeCode}_contractKit_CV_test_0000000_000101_000000`,
  );
}

function hasResults(exchange: GraphQLExchange, path: string): boolean {
  const read = readPath(exchange.body?.data, `${path}.results`);
  return read.found && Array.isArray(read.value) && read.value.length > 0;
}

function idsAt(data: unknown, path: string): string[] {
  const read = readPath(data, path);
  if (!read.found) return [];
  return (Array.isArray(read.value) ? read.value : [read.value]).filter((id): id is string => typeof id === 'string');
}
