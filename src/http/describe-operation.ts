/**
 * describe-operation
 *
 * Cheap guesses for log lines, without parsing the request again: the operation's name or its first field, and
 * the error codes of a response.
 */

const NAMED = /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/;
const OPERATION_NAME = /"operationName"\s*:\s*"([_A-Za-z][_0-9A-Za-z]*)"/;
// The first `{` followed by a name; in JSON text whitespace may be escaped (\n, \t, \r).
const FIRST_FIELD = /\{(?:\s|\\[ntr])*([_A-Za-z][_0-9A-Za-z]*)/;

/**
 * The operation name (`operationName`, or the name in the document) or else the first field of a GraphQL request,
 * from its body text (POST) or URL (GET); `?` when neither shows.
 *
 * @category HTTP
 */
export function operationLabel(bodyOrQuery: string): string {
  return (
    OPERATION_NAME.exec(bodyOrQuery)?.[1] ?? NAMED.exec(bodyOrQuery)?.[1] ?? FIRST_FIELD.exec(bodyOrQuery)?.[1] ?? '?'
  );
}

const CODE = /"code"\s*:\s*"([A-Z_]+)"/g;

/**
 * The distinct `extensions.code`s (or control API error codes) in a JSON response body.
 *
 * @category HTTP
 */
export function errorCodes(body: string): string[] {
  if (!body.includes('"code"')) return [];
  return [...new Set(Array.from(body.matchAll(CODE), (match) => match[1] as string))];
}
