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
import { checkDocument } from '../validate/check-document.js';
import type { CheckName } from './contract-check.js';
import { checksSchema } from './checks-schema.js';
import type { DriftKind, Expectation, SkipUnless } from './checks-types.js';
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

const PARAMETERS = ['organization', 'callback_url', 'other_organization'] as const;

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
  const root = checkDocument(checksSchema, JSON.parse(readFileSync(file, 'utf8')) as unknown, { file, path: '' });
  const where = (at: string) => `${file}: ${at}`;

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

  const { parameters } = root;
  const senteraIdPattern = new RegExp(root.sentera_id_pattern);
  const transportIdPrefix = root.transport.id_prefix;
  const { inferred, mock_extensions: mockExtensions } = root.schema;
  for (const coordinate of [...inferred, ...mockExtensions]) {
    if (!schema.getType(coordinate.split('.')[0] as string))
      throw new Error(where(`schema: "${coordinate}" is not in the schema`));
  }

  const steps = new Map<string, StepSpec>();
  for (const [name, step] of Object.entries(root.steps)) {
    const at = `steps.${name}`;
    const operation = operations.get(step.operation);
    if (!operation) throw new Error(where(`${at}.operation: no operations/${step.operation}.graphql`));
    if (step.creates !== undefined) parsePath(step.creates);
    if (step.deletes !== undefined) parsePath(step.deletes);
    if (step.walk !== undefined) checkWalk(step.walk, where(`${at}.walk`), operation);
    const coordinates = operationCoordinates(schema, operation.document, step.variables);
    steps.set(name, {
      name,
      operation,
      variables: step.variables,
      coordinates,
      ...(step.creates === undefined ? {} : { creates: step.creates }),
      ...(step.deletes === undefined ? {} : { deletes: step.deletes }),
      ...(step.after === undefined ? {} : { after: step.after }),
      ...(step.walk === undefined ? {} : { walk: step.walk }),
      ...(step.reads_events ? { reads_events: true } : {}),
    });
  }
  for (const step of steps.values()) {
    checkReferences(step.variables, where(`steps.${step.name}.variables`), steps, undefined);
    for (const name of step.after ?? [])
      if (!steps.has(name)) throw new Error(where(`steps.${step.name}.after: no step "${name}"`));
  }

  const ids = new Set<string>();
  const checks = root.checks.map((check, index): CheckSpec => {
    const at = `checks[${index}]`;
    const { id } = check;
    if (ids.has(id)) throw new Error(where(`${at}.id: "${id}" is used twice`));
    ids.add(id);
    if (id.startsWith(transportIdPrefix))
      throw new Error(where(`${at}.id: "${id}" uses the transport prefix ${transportIdPrefix}`));
    if (check.layer === 'schema') return check;
    if (!steps.has(check.step)) throw new Error(where(`${at}.step: no step "${check.step}"`));
    check.expectations.forEach((item, position) =>
      checkExpectation(item, where(`${at}.expectations[${position}]`), steps, check.step),
    );
    if (check.skip_unless !== undefined) checkSkipCondition(check.skip_unless, where(`${at}.skip_unless`), steps);
    return check;
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

function checkExpectation(
  item: Expectation,
  at: string,
  steps: ReadonlyMap<string, StepSpec>,
  checkStep: string,
): void {
  const stepName = item.step ?? checkStep;
  const step = steps.get(stepName);
  if (!step) throw new Error(`${at}.step: no step "${stepName}"`);
  if ((item.expect === 'walk' || item.expect === 'walk_echo') && !step.walk)
    throw new Error(`${at}: a "${item.expect}" expectation needs a step that walks pages; ${stepName} does not`);
  if ('path' in item) parsePath(item.path);
  if ('than' in item) parsePath(item.than);
  if ('paths' in item) for (const path of item.paths) parsePath(path);
  if (item.expect === 'sum') parsePath(item.equals);
  const sent = variableNames(step.operation);
  for (const [key, value] of Object.entries(item))
    if (key !== 'expect' && key !== 'step' && key !== 'path' && key !== 'paths')
      checkReferences(value, `${at}.${key}`, steps, sent);
}

function checkSkipCondition(item: SkipUnless, at: string, steps: ReadonlyMap<string, StepSpec>): void {
  if (item.step !== undefined && !steps.has(item.step)) throw new Error(`${at}.step: no step "${item.step}"`);
  parsePath(item.path);
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

function checkWalk(walk: WalkSpec, at: string, operation: ContractOperation): void {
  if (!variableNames(operation).has(walk.variable))
    throw new Error(`${at}.variable: ${operation.name} has no variable $${walk.variable}`);
  if (!variableNames(operation).has('page_size'))
    throw new Error(`${at}: ${operation.name} must take the page size as $page_size to be walked`);
  parsePath(walk.path);
}

function variableNames(operation: ContractOperation): ReadonlySet<string> {
  return new Set(
    getOperationAST(operation.document)?.variableDefinitions?.map((definition) => definition.variable.name.value) ?? [],
  );
}

function array(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${at}: must be a list`);
  return value;
}

function string(value: unknown, at: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${at}: must be a non-empty string`);
  return value;
}
