/**
 * check-document
 *
 * The one way untrusted documents are read: a valibot schema, and its first problem as a ConfigurationError naming
 * the file and the path inside it.
 */
import { safeParse, type BaseIssue, type GenericSchema, type InferOutput } from 'valibot';
import { ConfigurationError, ErrorCode, fail, ok, type Result } from '../errors.js';

/** Where a document (or the part of it being checked) is: its file, and the path of the part inside it. */
export interface DocumentPlace {
  readonly file: string;
  /** The part's path, e.g. `organizations` or `steps[2]`; empty for the whole document. */
  readonly path: string;
}

/** One problem of a document: the path inside it and what is wrong there. */
interface DocumentProblem {
  /** `file: path`, or `file` for the document itself. */
  readonly location: string;
  readonly message: string;
}

/** `organizations` + `[0, 'name']` → `organizations[0].name`. */
function joinPath(base: string, keys: readonly unknown[]): string {
  let path = base;
  for (const key of keys) {
    if (typeof key === 'number') path += `[${key}]`;
    else path += path === '' ? String(key) : `.${String(key)}`;
  }
  return path;
}

function toProblem(issue: BaseIssue<unknown>, where: DocumentPlace): DocumentProblem {
  const path = joinPath(
    where.path,
    (issue.path ?? []).map((item) => item.key),
  );
  return { location: path === '' ? where.file : `${where.file}: ${path}`, message: issue.message };
}

/**
 * Checks a value against a schema and returns its output.
 *
 * @throws ConfigurationError naming `file: path` of the first problem, with the schema's message for it.
 */
export function checkDocument<TSchema extends GenericSchema>(
  schema: TSchema,
  value: unknown,
  where: DocumentPlace,
): InferOutput<TSchema> {
  const result = safeParse(schema, value, { abortEarly: true });
  if (result.success) return result.output;
  const problem = toProblem(result.issues[0], where);
  throw new ConfigurationError(problem.message, problem.location === where.file ? where.file : problem.location);
}

/**
 * Checks a value against a schema, for data whose problems are results rather than configuration errors (a state
 * file, a state imported through the control API): `at` is the value's path, and the problem's message is
 * `<at + path of the problem>: <message>` with code `BAD_USER_INPUT`.
 */
export function readDocument<TSchema extends GenericSchema>(
  schema: TSchema,
  value: unknown,
  at: string,
): Result<InferOutput<TSchema>> {
  const result = safeParse(schema, value, { abortEarly: true });
  if (result.success) return ok(result.output);
  const [issue] = result.issues;
  const path = joinPath(
    at,
    (issue.path ?? []).map((item) => item.key),
  );
  return fail(ErrorCode.BAD_USER_INPUT, `${path}: ${issue.message}`);
}

/**
 * Checks what a request sent (a body, a query, a state document as a whole) against a schema whose messages say
 * where the problem is themselves: the first problem's message as it is, with code `BAD_USER_INPUT`.
 */
export function readInput<TSchema extends GenericSchema>(
  schema: TSchema,
  value: unknown,
): Result<InferOutput<TSchema>> {
  const result = safeParse(schema, value, { abortEarly: true });
  return result.success ? ok(result.output) : fail(ErrorCode.BAD_USER_INPUT, result.issues[0].message);
}
