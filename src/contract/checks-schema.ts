/**
 * checks-schema
 *
 * The shape of contracts/checks.json as a valibot schema; what a shape cannot say (steps and operations that exist,
 * references, paths that parse, unique ids) is checked after it by `loadContracts`.
 */
import * as v from 'valibot';
import { aRecordOf, missingFieldMessage, notAList } from '../validate/schema-parts.js';
import type { CheckName } from './contract-check.js';
import type { DriftKind, Expectation, SkipUnless } from './checks-types.js';

const text = () => v.pipe(v.string('must be a non-empty string'), v.minLength(1, 'must be a non-empty string'));
const texts = () => v.array(text(), 'must be a list');
const fields = <const TEntries extends v.ObjectEntries>(entries: TEntries) =>
  v.object(entries, (issue) => missingFieldMessage(entries, issue) ?? 'must be an object');
const object = <const TEntries extends v.ObjectEntries>(entries: TEntries) =>
  notAList('must be an object', fields(entries));
const record = <const TValue extends v.GenericSchema>(value: TValue) =>
  notAList('must be an object', aRecordOf(value, 'must be an object'));
const wholeNumberFromOne = () =>
  v.pipe(
    v.number('must be a whole number of 1 or more'),
    v.integer('must be a whole number of 1 or more'),
    v.minValue(1, 'must be a whole number of 1 or more'),
  );

/** The fields each kind of expectation may have, beside `expect` and `step`. */
const EXPECTATION_ENTRIES = {
  valid: {},
  envelope: {},
  walk: { path: text(), id: text() },
  walk_echo: { path: text() },
  excludes: { path: text(), value: v.unknown() },
  pairwise_equal: { paths: v.tuple([text(), text()], 'must be a list of two paths') },
  rejected: {},
  equals: { path: text(), value: v.unknown() },
  same_members: { path: text(), value: v.unknown() },
  each: {
    path: text(),
    equals: v.exactOptional(v.unknown()),
    at_least: v.exactOptional(v.unknown()),
    at_most: v.exactOptional(v.unknown()),
  },
  sum: { paths: texts(), equals: text() },
  less_than: { path: text(), than: text() },
  page: { path: text(), page: v.unknown(), page_size: v.unknown() },
  disjoint: { paths: v.tuple([text(), text()], 'must be a list of two paths') },
  sentera_id: { path: text(), type_code: text(), nullable: v.exactOptional(v.boolean('must be true or false')) },
} as const;

/** The kinds of expectation, for messages. */
const EXPECTATION_KINDS = Object.keys(EXPECTATION_ENTRIES) as ReadonlyArray<Expectation['expect']>;

function expectationOf<const TKind extends string, const TEntries extends v.ObjectEntries>(
  kind: TKind,
  entries: TEntries,
) {
  const all = { expect: v.literal(kind), step: v.exactOptional(text()), ...entries };
  return v.strictObject(all, (issue) =>
    issue.expected === 'never'
      ? `"${String(issue.input)}" does not belong to a "${kind}" expectation`
      : (missingFieldMessage(all, issue) ?? 'must be an object'),
  );
}

const expectation: v.GenericSchema<unknown, Expectation> = notAList(
  'must be an object',
  v.variant(
    'expect',
    [
      expectationOf('valid', EXPECTATION_ENTRIES.valid),
      expectationOf('envelope', EXPECTATION_ENTRIES.envelope),
      expectationOf('walk', EXPECTATION_ENTRIES.walk),
      expectationOf('walk_echo', EXPECTATION_ENTRIES.walk_echo),
      expectationOf('excludes', EXPECTATION_ENTRIES.excludes),
      expectationOf('pairwise_equal', EXPECTATION_ENTRIES.pairwise_equal),
      expectationOf('rejected', EXPECTATION_ENTRIES.rejected),
      expectationOf('equals', EXPECTATION_ENTRIES.equals),
      expectationOf('same_members', EXPECTATION_ENTRIES.same_members),
      expectationOf('each', EXPECTATION_ENTRIES.each),
      expectationOf('sum', EXPECTATION_ENTRIES.sum),
      expectationOf('less_than', EXPECTATION_ENTRIES.less_than),
      expectationOf('page', EXPECTATION_ENTRIES.page),
      expectationOf('disjoint', EXPECTATION_ENTRIES.disjoint),
      expectationOf('sentera_id', EXPECTATION_ENTRIES.sentera_id),
    ],
    (issue) => (issue.expected === 'Object' ? 'must be an object' : `must be one of ${EXPECTATION_KINDS.join(', ')}`),
  ),
);

const skipUnless: v.GenericSchema<unknown, SkipUnless> = v.pipe(
  object({
    step: v.exactOptional(text()),
    path: text(),
    at_least: v.exactOptional(v.number('must be a number')),
    at_most: v.exactOptional(v.number('must be a number')),
    distinct_at_least: v.exactOptional(v.number('must be a number')),
  }),
  v.check(
    (item) => item.at_least !== undefined || item.at_most !== undefined || item.distinct_at_least !== undefined,
    'needs at_least, at_most or distinct_at_least',
  ),
);

const DRIFT_KINDS = [
  'documented-breaking',
  'inferred-breaking',
  'dangerous',
  'mock-extension-breaking',
] as const satisfies readonly DriftKind[];

const checkName = v.custom<CheckName>(
  (value) => typeof value === 'string' && /^(MUST|SHOULD|MAY) \S/.test(value),
  (issue) =>
    typeof issue.input === 'string' && issue.input !== ''
      ? `must start with MUST, SHOULD or MAY, got "${issue.input}"`
      : 'must be a non-empty string',
);

const check = notAList(
  'must be an object',
  v.variant(
    'layer',
    [
      fields({
        id: text(),
        name: checkName,
        layer: v.literal('schema'),
        drift: v.picklist(DRIFT_KINDS, `must be one of ${DRIFT_KINDS.join(', ')}`),
      }),
      fields({
        id: text(),
        name: checkName,
        layer: v.literal('responses'),
        step: text(),
        skip_unless: v.exactOptional(skipUnless),
        expectations: v.array(expectation, 'must be a list'),
      }),
    ],
    (issue) =>
      issue.expected === 'Object'
        ? 'must be an object'
        : 'must be schema or responses (transport checks come from graphql-http)',
  ),
);

const step = object({
  operation: text(),
  variables: record(v.unknown()),
  creates: v.exactOptional(text()),
  deletes: v.exactOptional(text()),
  after: v.exactOptional(texts()),
  walk: v.exactOptional(object({ variable: text(), path: text(), max_pages: wholeNumberFromOne() })),
  reads_events: v.exactOptional(v.boolean('must be true or false')),
});

/** contracts/checks.json (a `$comment` and other unknown top-level fields are ignored). */
export const checksSchema = object({
  parameters: object({
    organization: text(),
    callback_url: text(),
    other_organization: v.exactOptional(text()),
  }),
  sentera_id_pattern: text(),
  transport: object({ id_prefix: text() }),
  schema: object({ inferred: texts(), mock_extensions: texts() }),
  steps: record(step),
  checks: v.array(check, 'must be a list'),
});
