/**
 * load-contracts
 *
 * Reads contracts/ (checks.json and the operations it names) and checks it thoroughly, so that a mistake in the
 * contracts is found when they load, never in the middle of a run against someone's staging API.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  buildSchema,
  getOperationAST,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationTypeNode,
} from 'graphql';
import { packageRoot } from '../runtime/package-root.js';
import { readSchemaSource } from '../schema/load-schema.js';
import type { CheckName, ContractLayer } from './contract-check.js';
import { operationCoordinates } from './operation-coordinates.js';
import { parsePath } from './read-path.js';

/** The run's parameters that contracts refer to as `$name`. */
export interface ContractParameters {
  readonly organization: string;
  readonly callback_url: string;
  /** A second organization the caller can see (for the cross-organization delete); steps that need it are skipped without. */
  readonly other_organization?: string;
}

/** One operation of contracts/operations/. */
export interface ContractOperation {
  readonly name: string;
  readonly source: string;
  readonly document: DocumentNode;
  readonly kind: OperationTypeNode;
}

/** A request the responses layer sends: an operation and its variables (with references, see checks.json). */
export interface StepSpec {
  readonly name: string;
  readonly operation: ContractOperation;
  readonly variables: Readonly<Record<string, unknown>>;
  /** Path of the ids of webhook subscriptions the step created. */
  readonly creates?: string;
  /** Path of the ids of webhook subscriptions the step deleted. */
  readonly deletes?: string;
  /** Steps sent before this one (whatever became of them): the state it observes. */
  readonly after?: readonly string[];
  /** Send the step once per page, from page 1 until the page after the last (see {@link WalkSpec}). */
  readonly walk?: WalkSpec;
  /** The step reads a subscription's events (through a no-op update): `--subscription ID` reads them by query instead. */
  readonly reads_events?: boolean;
  /** The schema coordinates the step's operation and variables use; when the endpoint lacks one, the step is not sent. */
  readonly coordinates: readonly string[];
}

/** How a step walks pages: which variable holds the page number (the size is `$page_size`), where the page is, how many pages at most. */
interface WalkSpec {
  readonly variable: string;
  readonly path: string;
  readonly max_pages: number;
}

/** One expectation on a step's response (or, with `step`, on another step's). */
export type Expectation = ExpectationBody & { readonly step?: string };

/** What an expectation checks. */
type ExpectationBody =
  | { readonly expect: 'valid' }
  | { readonly expect: 'envelope' }
  | { readonly expect: 'walk'; readonly path: string; readonly id: string }
  | { readonly expect: 'walk_echo'; readonly path: string }
  | { readonly expect: 'excludes'; readonly path: string; readonly value: unknown }
  | { readonly expect: 'pairwise_equal'; readonly paths: readonly [string, string] }
  | { readonly expect: 'rejected' }
  | { readonly expect: 'equals' | 'same_members'; readonly path: string; readonly value: unknown }
  | {
      readonly expect: 'each';
      readonly path: string;
      readonly equals?: unknown;
      readonly at_least?: unknown;
      readonly at_most?: unknown;
    }
  | { readonly expect: 'sum'; readonly paths: readonly string[]; readonly equals: string }
  | { readonly expect: 'less_than'; readonly path: string; readonly than: string }
  | { readonly expect: 'page'; readonly path: string; readonly page: unknown; readonly page_size: unknown }
  | { readonly expect: 'disjoint'; readonly paths: readonly [string, string] }
  | { readonly expect: 'sentera_id'; readonly path: string; readonly type_code: string; readonly nullable?: boolean };

/** When a check can be judged: a number at `path` of at least `at_least`, or a list with `distinct_at_least` distinct values. */
export interface SkipUnless {
  readonly step?: string;
  readonly path: string;
  readonly at_least?: number;
  readonly at_most?: number;
  readonly distinct_at_least?: number;
}

/** Which schema changes a schema check reports. */
export type DriftKind = 'documented-breaking' | 'inferred-breaking' | 'dangerous' | 'mock-extension-breaking';

/** A check as written in checks.json. */
export type CheckSpec =
  | { readonly id: string; readonly name: CheckName; readonly layer: 'schema'; readonly drift: DriftKind }
  | {
      readonly id: string;
      readonly name: CheckName;
      readonly layer: 'responses';
      readonly step: string;
      readonly skip_unless?: SkipUnless;
      readonly expectations: readonly Expectation[];
    };

/**
 * The loaded contracts.
 *
 * @category Contract
 */
export interface Contracts {
  /** schema.graphql, built. */
  readonly schema: GraphQLSchema;
  readonly parameters: ContractParameters;
  readonly senteraIdPattern: RegExp;
  readonly transportIdPrefix: string;
  /** Schema coordinates that are inferred / sentera-mock extensions rather than documented. */
  readonly inferred: readonly string[];
  readonly mockExtensions: readonly string[];
  readonly operations: ReadonlyMap<string, ContractOperation>;
  readonly steps: ReadonlyMap<string, StepSpec>;
  readonly checks: readonly CheckSpec[];
}

/**
 * Options of {@link loadContracts}.
 *
 * @category Contract
 */
export interface LoadContractsOptions {
  /** The contracts directory. @default the package's contracts/ */
  dir?: string;
  /** The SDL the responses are validated against and introspection is diffed with. @default schema.graphql */
  schemaSource?: string;
}

const EXPECTATION_FIELDS: Record<Expectation['expect'], readonly string[]> = {
  valid: [],
  envelope: [],
  walk: ['path', 'id'],
  walk_echo: ['path'],
  excludes: ['path', 'value'],
  pairwise_equal: ['paths'],
  rejected: [],
  equals: ['path', 'value'],
  same_members: ['path', 'value'],
  each: ['path', 'equals', 'at_least', 'at_most'],
  sum: ['paths', 'equals'],
  less_than: ['path', 'than'],
  page: ['path', 'page', 'page_size'],
  disjoint: ['paths'],
  sentera_id: ['path', 'type_code', 'nullable'],
};
const DRIFT_KINDS: readonly DriftKind[] = [
  'documented-breaking',
  'inferred-breaking',
  'dangerous',
  'mock-extension-breaking',
];
const PARAMETERS = ['organization', 'callback_url', 'other_organization'] as const;
const REQUIRED_PARAMETERS = ['organization', 'callback_url'] as const;

/**
 * Loads and checks the contracts.
 *
 * @throws Error naming the file and the place when the contracts are malformed: an unknown step or operation, an
 * operation that does not validate against the schema, a duplicate id, a name without MUST/SHOULD/MAY...
 * @category Contract
 */
export function loadContracts(options: LoadContractsOptions = {}): Contracts {
  const { dir = join(packageRoot(), 'contracts'), schemaSource = readSchemaSource() } = options;
  const schema = buildSchema(schemaSource);
  const file = join(dir, 'checks.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const where = (at: string) => `${file}: ${at}`;
  const root = object(raw, where('(root)'));

  const operations = new Map<string, ContractOperation>();
  const operationsDir = join(dir, 'operations');
  for (const entry of readdirSync(operationsDir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()) {
    const path = join(operationsDir, entry);
    const source = readFileSync(path, 'utf8');
    const document = parse(source);
    const errors = validate(schema, document);
    if (errors.length > 0) throw new Error(`${path}: ${errors.map((error) => error.message).join('; ')}`);
    const operation = getOperationAST(document);
    const name = basename(entry, '.graphql');
    if (!operation || operation.name?.value !== name) throw new Error(`${path}: must hold one operation named ${name}`);
    operations.set(name, { name, source, document, kind: operation.operation });
  }

  const parametersRaw = object(root['parameters'], where('parameters'));
  const parameters = Object.fromEntries(
    PARAMETERS.filter(
      (key) => (REQUIRED_PARAMETERS as readonly string[]).includes(key) || parametersRaw[key] !== undefined,
    ).map((key) => [key, string(parametersRaw[key], where(`parameters.${key}`))]),
  ) as unknown as ContractParameters;
  const senteraIdPattern = new RegExp(string(root['sentera_id_pattern'], where('sentera_id_pattern')));
  const transportIdPrefix = string(
    object(root['transport'], where('transport'))['id_prefix'],
    where('transport.id_prefix'),
  );
  const schemaRaw = object(root['schema'], where('schema'));
  const inferred = strings(schemaRaw['inferred'], where('schema.inferred'));
  const mockExtensions = strings(schemaRaw['mock_extensions'], where('schema.mock_extensions'));
  for (const coordinate of [...inferred, ...mockExtensions]) {
    if (!schema.getType(coordinate.split('.')[0] as string))
      throw new Error(where(`schema: "${coordinate}" is not in the schema`));
  }

  const stepsRaw = object(root['steps'], where('steps'));
  const steps = new Map<string, StepSpec>();
  for (const [name, value] of Object.entries(stepsRaw)) {
    const at = `steps.${name}`;
    const step = object(value, where(at));
    const operationName = string(step['operation'], where(`${at}.operation`));
    const operation = operations.get(operationName);
    if (!operation) throw new Error(where(`${at}.operation: no operations/${operationName}.graphql`));
    const variables = object(step['variables'], where(`${at}.variables`));
    const creates = optionalPath(step['creates'], where(`${at}.creates`));
    const deletes = optionalPath(step['deletes'], where(`${at}.deletes`));
    const after = step['after'] === undefined ? undefined : strings(step['after'], where(`${at}.after`));
    const walk = step['walk'] === undefined ? undefined : walkSpec(step['walk'], where(`${at}.walk`), operation);
    const readsEvents = step['reads_events'] === undefined ? undefined : step['reads_events'] === true;
    const coordinates = operationCoordinates(schema, operation.document, variables);
    steps.set(name, {
      name,
      operation,
      variables,
      coordinates,
      ...(creates === undefined ? {} : { creates }),
      ...(deletes === undefined ? {} : { deletes }),
      ...(after === undefined ? {} : { after }),
      ...(walk === undefined ? {} : { walk }),
      ...(readsEvents ? { reads_events: true } : {}),
    });
  }
  for (const step of steps.values()) {
    checkReferences(step.variables, where(`steps.${step.name}.variables`), steps, undefined);
    for (const name of step.after ?? [])
      if (!steps.has(name)) throw new Error(where(`steps.${step.name}.after: no step "${name}"`));
  }

  const ids = new Set<string>();
  const checks = array(root['checks'], where('checks')).map((value, index): CheckSpec => {
    const at = `checks[${index}]`;
    const check = object(value, where(at));
    const id = string(check['id'], where(`${at}.id`));
    if (ids.has(id)) throw new Error(where(`${at}.id: "${id}" is used twice`));
    ids.add(id);
    if (id.startsWith(transportIdPrefix))
      throw new Error(where(`${at}.id: "${id}" uses the transport prefix ${transportIdPrefix}`));
    const name = string(check['name'], where(`${at}.name`));
    if (!/^(MUST|SHOULD|MAY) \S/.test(name))
      throw new Error(where(`${at}.name: must start with MUST, SHOULD or MAY, got "${name}"`));
    const layer = check['layer'] as ContractLayer;
    if (layer === 'schema') {
      const drift = check['drift'] as DriftKind;
      if (!DRIFT_KINDS.includes(drift)) throw new Error(where(`${at}.drift: must be one of ${DRIFT_KINDS.join(', ')}`));
      return { id, name: name as CheckName, layer, drift };
    }
    if (layer !== 'responses')
      throw new Error(where(`${at}.layer: must be schema or responses (transport checks come from graphql-http)`));
    const step = string(check['step'], where(`${at}.step`));
    if (!steps.has(step)) throw new Error(where(`${at}.step: no step "${step}"`));
    const expectations = array(check['expectations'], where(`${at}.expectations`)).map((item, position) =>
      expectation(item, where(`${at}.expectations[${position}]`), steps, step),
    );
    const skipUnless =
      check['skip_unless'] === undefined
        ? undefined
        : skipCondition(check['skip_unless'], where(`${at}.skip_unless`), steps);
    return {
      id,
      name: name as CheckName,
      layer,
      step,
      expectations,
      ...(skipUnless === undefined ? {} : { skip_unless: skipUnless }),
    };
  });

  return {
    schema,
    parameters,
    senteraIdPattern,
    transportIdPrefix,
    inferred,
    mockExtensions,
    operations,
    steps,
    checks,
  };
}

function expectation(value: unknown, at: string, steps: ReadonlyMap<string, StepSpec>, checkStep: string): Expectation {
  const item = object(value, at);
  const kind = item['expect'] as Expectation['expect'];
  const fields = EXPECTATION_FIELDS[kind];
  if (!fields) throw new Error(`${at}.expect: must be one of ${Object.keys(EXPECTATION_FIELDS).join(', ')}`);
  for (const key of Object.keys(item))
    if (key !== 'expect' && key !== 'step' && !fields.includes(key))
      throw new Error(`${at}: "${key}" does not belong to a "${kind}" expectation`);
  const stepName = item['step'] === undefined ? checkStep : string(item['step'], `${at}.step`);
  const step = steps.get(stepName);
  if (!step) throw new Error(`${at}.step: no step "${stepName}"`);
  if ((kind === 'walk' || kind === 'walk_echo') && !step.walk)
    throw new Error(`${at}: a "${kind}" expectation needs a step that walks pages; ${stepName} does not`);
  const sent = variableNames(step.operation);
  for (const key of ['path', 'than']) if (typeof item[key] === 'string') parsePath(item[key]);
  if (kind === 'sum' || kind === 'disjoint' || kind === 'pairwise_equal')
    for (const path of strings(item['paths'], `${at}.paths`)) parsePath(path);
  if (kind === 'sum') parsePath(string(item['equals'], `${at}.equals`));
  for (const key of fields)
    if (key !== 'path' && key !== 'paths') checkReferences(item[key], `${at}.${key}`, steps, sent);
  return item as unknown as Expectation;
}

function skipCondition(value: unknown, at: string, steps: ReadonlyMap<string, StepSpec>): SkipUnless {
  const item = object(value, at);
  if (item['step'] !== undefined && !steps.has(item['step'] as string))
    throw new Error(`${at}.step: no step ${JSON.stringify(item['step'])}`);
  parsePath(string(item['path'], `${at}.path`));
  if (
    typeof item['at_least'] !== 'number' &&
    typeof item['at_most'] !== 'number' &&
    typeof item['distinct_at_least'] !== 'number'
  )
    throw new Error(`${at}: needs at_least, at_most or distinct_at_least`);
  return item as unknown as SkipUnless;
}

/** Checks every `$parameter`, `{ $step }` and `{ $variable }` in a value; `{ $variable }` only where `sent` is given. */
function checkReferences(
  value: unknown,
  at: string,
  steps: ReadonlyMap<string, StepSpec>,
  sent: ReadonlySet<string> | undefined,
): void {
  if (typeof value === 'string') {
    const whole = /^\$(\w+)$/.exec(value);
    const names = whole ? [whole[1] as string] : [...value.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1] as string);
    for (const name of names)
      if (!(PARAMETERS as readonly string[]).includes(name))
        throw new Error(
          `${at}: unknown parameter $${name}; parameters are ${PARAMETERS.map((key) => `$${key}`).join(', ')}`,
        );
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkReferences(item, `${at}[${index}]`, steps, sent));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if ('$step' in record) {
    if (!steps.has(record['$step'] as string)) throw new Error(`${at}.$step: no step "${String(record['$step'])}"`);
    parsePath(string(record['path'], `${at}.path`));
    if (record['pick'] !== undefined && record['pick'] !== 'min' && record['pick'] !== 'max')
      throw new Error(`${at}.pick: must be min or max`);
    return;
  }
  if ('$unknown_ids' in record) {
    if (typeof record['$unknown_ids'] !== 'number' || !Number.isInteger(record['$unknown_ids']))
      throw new Error(`${at}.$unknown_ids: must be a whole number`);
    if (!/^[A-Z]{2}$/.test(String(record['type_code'])))
      throw new Error(`${at}.type_code: must be two capital letters`);
    if (record['prefix'] !== undefined)
      checkReferences(array(record['prefix'], `${at}.prefix`), `${at}.prefix`, steps, sent);
    return;
  }
  if ('$page_size' in record) {
    if (typeof record['$page_size'] !== 'number' || !Number.isInteger(record['$page_size']) || record['$page_size'] < 1)
      throw new Error(`${at}.$page_size: must be a whole number of 1 or more`);
    return;
  }
  if ('$variable' in record) {
    if (!sent) throw new Error(`${at}: { $variable } belongs in expectations, not in a step's variables`);
    const name = string(record['$variable'], `${at}.$variable`);
    if (!sent.has(name)) throw new Error(`${at}.$variable: the step's operation has no variable $${name}`);
    return;
  }
  for (const [key, item] of Object.entries(record)) checkReferences(item, `${at}.${key}`, steps, sent);
}

function walkSpec(value: unknown, at: string, operation: ContractOperation): WalkSpec {
  const item = object(value, at);
  const variable = string(item['variable'], `${at}.variable`);
  if (!variableNames(operation).has(variable))
    throw new Error(`${at}.variable: ${operation.name} has no variable $${variable}`);
  if (!variableNames(operation).has('page_size'))
    throw new Error(`${at}: ${operation.name} must take the page size as $page_size to be walked`);
  parsePath(string(item['path'], `${at}.path`));
  const maxPages = item['max_pages'];
  if (typeof maxPages !== 'number' || !Number.isInteger(maxPages) || maxPages < 1)
    throw new Error(`${at}.max_pages: must be a whole number of 1 or more`);
  return { variable, path: item['path'] as string, max_pages: maxPages };
}

function variableNames(operation: ContractOperation): ReadonlySet<string> {
  return new Set(
    getOperationAST(operation.document)?.variableDefinitions?.map((definition) => definition.variable.name.value) ?? [],
  );
}

function object(value: unknown, at: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${at}: must be an object`);
  return value as Record<string, unknown>;
}

function array(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${at}: must be a list`);
  return value;
}

function string(value: unknown, at: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${at}: must be a non-empty string`);
  return value;
}

function strings(value: unknown, at: string): string[] {
  return array(value, at).map((item, index) => string(item, `${at}[${index}]`));
}

function optionalPath(value: unknown, at: string): string | undefined {
  if (value === undefined) return undefined;
  parsePath(string(value, at));
  return value as string;
}
