/**
 * text-response
 */
import type { MockResponse } from './http-types.js';

/** Headers over a plain object of lower-case names: the part of Fetch `Headers` adapters read, and `get`. */
export class PlainHeaders {
  constructor(readonly record: Readonly<Record<string, string>>) {}

  get(name: string): string | null {
    return this.record[name.toLowerCase()] ?? null;
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const name in this.record) callback(this.record[name] as string, name);
  }
}

/**
 * A response whose body is a string known up front: what every built-in route answers. Adapters write `bodyText`
 * directly instead of streaming `body`.
 *
 * @category HTTP
 */
export class TextResponse implements MockResponse {
  readonly headers: PlainHeaders;

  constructor(
    readonly status: number,
    headers: Readonly<Record<string, string>>,
    /** The whole body; '' for none. */
    readonly bodyText: string,
  ) {
    this.headers = new PlainHeaders(headers);
  }

  get body(): AsyncIterable<Uint8Array> | null {
    if (this.bodyText === '') return null;
    const bytes = Buffer.from(this.bodyText);
    return (async function* () {
      yield bytes;
    })();
  }

  text(): Promise<string> {
    return Promise.resolve(this.bodyText);
  }
}

/**
 * A response with a text body. Header names must be lower-case.
 *
 * @example
 * ```ts
 * textResponse(200, '<h1>hi</h1>', { 'content-type': 'text/html; charset=utf-8' })
 * ```
 * @category HTTP
 */
export function textResponse(
  status: number,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): TextResponse {
  return new TextResponse(status, headers, body);
}

/**
 * A response with a JSON body (`application/json; charset=utf-8`).
 *
 * @category HTTP
 */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): TextResponse {
  return new TextResponse(
    status,
    { 'content-type': 'application/json; charset=utf-8', ...headers },
    JSON.stringify(body),
  );
}

/**
 * An error response of the front door and the control API: `{ "error": { "code", "message" } }`, the message
 * saying what to fix.
 *
 * @category HTTP
 */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): TextResponse {
  return jsonResponse(status, { error: { code, message } }, headers);
}
