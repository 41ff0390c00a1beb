/**
 * request-input
 *
 * Schemas of what a request sends (the control API's JSON bodies and query strings), with the messages the mock has
 * always given: the whole body when it is not an object, every missing field at once, every unknown field at once,
 * then each field's own message.
 */
import * as v from 'valibot';
import { anObject, asAWhole, notAList, shown, type Entries } from './schema-parts.js';

/** The checks of a body's shape (object, missing and unknown fields, the shape of nested bodies), by body schema. */
const shapes = new WeakMap<v.GenericSchema, v.GenericSchema>();

/**
 * A JSON object body with these fields and no other; fields wrapped in `v.exactOptional` (or `v.optional`) may be left out, the others are
 * required. Problems are found in this order, the first one refusing the body:
 * 1. not a JSON object: `<where> takes a JSON object with "a", "b" (optional); got <the JSON, or no body>`;
 * 2. required fields missing, all named: `<where> is missing "a", "c"; it takes …`;
 * 3. unknown fields, all named: `<where> has unknown fields "x", "y"; it takes …`;
 * 4. the same three checks of each field that is itself a `jsonBody`;
 * 5. each other field's own schema, in the order of `entries`;
 * 6. the fields of each nested `jsonBody`.
 *
 * No body at all is an empty object when every field is optional.
 *
 * @example jsonBody('POST /_mock/clock', { advance_ms: v.optional(v.unknown()), set: v.optional(v.unknown()) })
 */
export function jsonBody<const TEntries extends Entries>(where: string, entries: TEntries) {
  const names = Object.keys(entries);
  const optional = names.filter((name) => isOptional(entryOf(entries, name)));
  const required = names.filter((name) => !optional.includes(name));
  const expected = describeFields(required, optional);
  const nested = names.flatMap((name) => {
    const shape = shapes.get(unwrapped(entryOf(entries, name)));
    return shape ? [{ name, shape }] : [];
  });
  const missing = (body: Record<string, unknown>) => required.filter((name) => body[name] === undefined);
  const unknown = (body: Record<string, unknown>) => Object.keys(body).filter((name) => !names.includes(name));
  const notAnObject = (issue: v.BaseIssue<unknown>) =>
    `${where} takes a JSON object with ${expected}; got ${issue.input === undefined ? 'no body' : JSON.stringify(issue.input)}`;

  const shape = v.pipe(
    v.unknown(),
    v.transform((input) => (input === undefined && required.length === 0 ? {} : input)),
    anObject(notAnObject),
    v.check(
      (body) => missing(body).length === 0,
      (issue) => `${where} is missing ${quoted(missing(issue.input))}; it takes ${expected}`,
    ),
    v.check(
      (body) => unknown(body).length === 0,
      (issue) => {
        const names = unknown(issue.input);
        return `${where} has unknown field${names.length > 1 ? 's' : ''} ${quoted(names)}; it takes ${expected}`;
      },
    ),
    v.rawCheck<Record<string, unknown>>(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      for (const { name, shape: nestedShape } of nested) {
        const value = dataset.value[name];
        if (value === undefined) continue;
        const checked = v.safeParse(nestedShape, value, { abortEarly: true });
        if (!checked.success) return addIssue({ message: checked.issues[0].message });
      }
    }),
  );
  const flatFields = Object.fromEntries(
    names.map((name) => {
      const entry = entryOf(entries, name);
      if (!shapes.has(unwrapped(entry))) return [name, entry];
      return [name, isOptional(entry) ? v.exactOptional(v.unknown()) : v.unknown()];
    }),
  );
  const body = v.pipe(shape, v.looseObject(flatFields), v.object(entries));
  shapes.set(body, shape);
  return body;
}

/** A request that takes no body: nothing, or `{}`; `<where> takes no body; got <the JSON>` otherwise. */
export function noBody(where: string) {
  return asAWhole(
    v.optional(notAList('', v.strictObject({}))),
    (input) => `${where} takes no body; got ${JSON.stringify(input)}`,
  );
}

/**
 * A query string with only the parameters `allowed`, each at most once: `<where> has unknown query parameters "a",
 * "b"; it takes "c"` (or `it takes none`), `<where>: query parameter "c" given more than once`.
 */
export function queryParameters(allowed: readonly string[], where: string) {
  const unknown = (names: readonly string[]) => [...new Set(names.filter((name) => !allowed.includes(name)))];
  const repeated = (names: readonly string[]) => names.find((name, index) => names.indexOf(name) !== index);
  return v.pipe(
    v.instance(URLSearchParams),
    v.transform((query) => [...query.keys()]),
    v.check(
      (names) => unknown(names).length === 0,
      (issue) => {
        const names = unknown(issue.input);
        return `${where} has unknown query parameter${names.length > 1 ? 's' : ''} ${quoted(names)}; ${allowed.length === 0 ? 'it takes none' : `it takes ${quoted(allowed)}`}`;
      },
    ),
    v.check(
      (names) => repeated(names) === undefined,
      (issue) => `${where}: query parameter "${repeated(issue.input)}" given more than once`,
    ),
  );
}

/** A query parameter that is absent (null) or one of `values`: `<name> must be one of A, B; got "C"` otherwise. */
export function oneOfOrAbsent<const TValues extends readonly [string, ...string[]]>(name: string, values: TValues) {
  return v.nullable(
    v.picklist(values, (issue) => `${name} must be one of ${values.join(', ')}; got "${String(issue.input)}"`),
  );
}

/** A field that must be a string: `<name> must be a string; got <the JSON>` otherwise. */
export function aString(name: string) {
  return v.string((issue) => `${name} must be a string; got ${shown(issue.input)}`);
}

/** A field that must be a string or null: `<name> must be a string or null; got <the JSON>` otherwise. */
export function aStringOrNull(name: string) {
  return v.nullable(v.string((issue) => `${name} must be a string or null; got ${shown(issue.input)}`));
}

function entryOf(entries: Entries, name: string): Entries[string] {
  const entry = entries[name];
  if (entry === undefined) throw new Error(`[sentera-mock] no field "${name}"`);
  return entry;
}

function isOptional(
  schema: Entries[string],
): schema is v.OptionalSchema<v.GenericSchema, unknown> | v.ExactOptionalSchema<v.GenericSchema, unknown> {
  return schema.type === 'optional' || schema.type === 'exact_optional';
}

/** The schema a `v.exactOptional` or `v.optional` wraps, or the schema itself. */
function unwrapped(schema: Entries[string]): v.GenericSchema {
  return isOptional(schema) ? schema.wrapped : schema;
}

function describeFields(required: readonly string[], optional: readonly string[]): string {
  const parts = [...required.map((name) => `"${name}"`), ...optional.map((name) => `"${name}" (optional)`)];
  return parts.length === 0 ? 'no fields' : parts.join(', ');
}

function quoted(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}
