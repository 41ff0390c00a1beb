/**
 * schema-parts
 *
 * Schema pieces with the messages the mock has always given ("expected a non-empty string, got 5", "unknown field
 * "colour"; expected one of: …"), shared by every kind of document.
 */
import * as v from 'valibot';

/** How a value is shown in a message: its JSON, or `nothing` when it is missing. */
export function shown(value: unknown): string {
  return JSON.stringify(value) ?? 'nothing';
}

/** Entries of a mapping schema. */
export type Entries = v.ObjectEntries;

/**
 * A mapping with these fields and no other: `expected <what>` when the value is not a mapping, `unknown field "k";
 * expected one of: …` for a field it does not have, and the field's own message when a required field is missing.
 */
export function mapping<const TEntries extends Entries>(entries: TEntries, what: string) {
  return notAList(`expected ${what}`, mappingFields(entries, what));
}

/** {@link mapping} without the refusal of lists, for the options of a `variant` (which refuses them itself). */
export function mappingFields<const TEntries extends Entries>(entries: TEntries, what: string) {
  const names = Object.keys(entries);
  return v.strictObject(entries, (issue) => {
    if (issue.expected === 'never')
      return `unknown field "${String(issue.input)}"; expected one of: ${names.join(', ')}`;
    return missingFieldMessage(entries, issue) ?? `expected ${what}`;
  });
}

/**
 * The message of a required field that is missing: its own schema's message for nothing (an object schema's issue
 * for a missing key carries the object's message, not the field's). Undefined when the issue is about something else.
 */
export function missingFieldMessage(entries: Entries, issue: v.BaseIssue<unknown>): string | undefined {
  const key = issue.path?.length === 1 ? issue.path[0]?.key : undefined;
  const entry = typeof key === 'string' && issue.input === undefined ? entries[key] : undefined;
  if (entry === undefined) return undefined;
  const missing = v.safeParse(entry, undefined);
  return missing.success ? undefined : missing.issues[0].message;
}

/** A list: `expected a list of <what>` otherwise. */
export function list<const TItem extends v.GenericSchema>(item: TItem, what: string) {
  return v.array(item, `expected a list of ${what}`);
}

/** A string with at least one character. */
export function nonEmptyString() {
  const message = (issue: v.BaseIssue<unknown>) => `expected a non-empty string, got ${shown(issue.input)}`;
  return v.pipe(v.string(message), v.minLength(1, message));
}

/** A whole number from `min` to `max`. */
export function wholeNumber(min: number, max: number) {
  const message = (issue: v.BaseIssue<unknown>) =>
    `expected a whole number from ${min} to ${max}, got ${shown(issue.input)}`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
}

/** `true` or `false`. */
export function trueOrFalse() {
  return v.boolean((issue) => `expected true or false, got ${shown(issue.input)}`);
}

/** One of an enum's values: `expected a <name>: one of A, B; got "C"` otherwise. */
export function oneOf<const TValues extends readonly [string, ...string[]]>(name: string, values: TValues) {
  return v.picklist(values, (issue) => `expected a ${name}: one of ${values.join(', ')}; got ${shown(issue.input)}`);
}

/** The JSON Schema of a value that a {@link parsedBy} function reads: its `type`, `format`, `pattern`, `description`. */
export interface JsonSchemaHint {
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly pattern?: string;
  readonly description?: string;
}

/**
 * A value read by a function that returns the value or the problem's message (a check no schema vocabulary has, e.g.
 * a Sentera id's type code). `json` is what a published JSON Schema says of it.
 */
export function parsedBy<TOutput>(
  parse: (
    value: unknown,
  ) => { readonly ok: true; readonly value: TOutput } | { readonly ok: false; readonly message: string },
  json: JsonSchemaHint = {},
) {
  return v.pipe(
    v.unknown(),
    v.metadata({ ...json }),
    v.rawTransform<unknown, TOutput>(({ dataset, addIssue, NEVER }) => {
      const parsed = parse(dataset.value);
      if (parsed.ok) return parsed.value;
      addIssue({ message: parsed.message });
      return NEVER;
    }),
  );
}

/**
 * A schema of an object (mapping, record, variant) that refuses lists with `message`: valibot's object schemas take
 * arrays, which are objects to JavaScript.
 */
export function notAList<const TSchema extends v.GenericSchema>(
  message: v.ErrorMessage<v.CustomIssue>,
  schema: TSchema,
) {
  return v.pipe(
    v.custom<unknown>((value) => !Array.isArray(value), message),
    schema,
  );
}

/**
 * A JSON object (not a list, not null) kept as it is, every key included: valibot's `record` and `looseObject` leave
 * out `__proto__`, `prototype` and `constructor`, which a document may still hold and a check must then see.
 */
export function anObject(message: v.ErrorMessage<v.CustomIssue>) {
  return v.custom<Record<string, unknown>>(
    (value) => value !== null && typeof value === 'object' && !Array.isArray(value),
    message,
  );
}

/**
 * A JSON object whose every value `value` accepts, every key kept (valibot's `record` leaves out `__proto__`,
 * `prototype` and `constructor`, which a document may name: a GraphQL variable may be called `constructor`). A wrong
 * value is reported at its key, as `record` would.
 */
export function aRecordOf<const TValue extends v.GenericSchema>(value: TValue, message: v.ErrorMessage<v.CustomIssue>) {
  return v.pipe(
    anObject(message),
    v.rawTransform<Record<string, unknown>, Record<string, v.InferOutput<TValue>>>(({ dataset, addIssue, NEVER }) => {
      const input = dataset.value;
      const entries: Array<[string, v.InferOutput<TValue>]> = [];
      let failed = false;
      for (const key of Object.keys(input)) {
        const checked = v.safeParse(value, input[key]);
        if (checked.success) entries.push([key, checked.output]);
        else {
          failed = true;
          for (const issue of checked.issues)
            addIssue({
              message: issue.message,
              path: [{ type: 'object', origin: 'value', input, key, value: input[key] }, ...(issue.path ?? [])],
            });
        }
      }
      // Object.fromEntries defines each key as an own property, `__proto__` included.
      return failed ? NEVER : Object.fromEntries(entries);
    }),
  );
}

/**
 * What `schema` accepts, with one message about the whole value (not the part of it that is wrong) otherwise: for
 * documents whose message says what the whole should be, e.g. `expected an object of counters`.
 */
export function asAWhole<const TSchema extends v.GenericSchema>(schema: TSchema, message: (input: unknown) => string) {
  return v.pipe(
    v.unknown(),
    v.rawTransform<unknown, v.InferOutput<TSchema>>(({ dataset, addIssue, NEVER }) => {
      const checked = v.safeParse(schema, dataset.value, { abortEarly: true });
      if (checked.success) return checked.output;
      addIssue({ message: message(dataset.value) });
      return NEVER;
    }),
  );
}
