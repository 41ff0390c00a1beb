/**
 * http-types
 *
 * The few members of a Fetch API `Request` and `Response` the front door reads. Fetch objects satisfy them, so
 * adapters may pass real ones; the node:http adapter passes lighter objects of the same shape (building undici
 * Request/Response objects costs more than the rest of a request on the hot path).
 */

/**
 * A request as the front door reads it: the subset of a Fetch API `Request` it uses.
 *
 * @category HTTP
 */
export interface MockRequest {
  readonly method: string;
  /** Absolute (`http://127.0.0.1:4000/graphql?x=1`, as in Fetch) or origin-relative (`/graphql?x=1`). */
  readonly url: string;
  /** `forEach` (as in Fetch `Headers`) lists them all, for routes that record requests (the inbox). */
  readonly headers: {
    get(name: string): string | null;
    forEach?(callback: (value: string, name: string) => void): void;
  };
  /** The body bytes, or null for none. A Fetch `ReadableStream` and a node:http `IncomingMessage` both qualify. */
  readonly body: AsyncIterable<Uint8Array> | null;
  /** Aborted when the client goes away (streaming routes stop then). */
  readonly signal?: AbortSignal;
}

/**
 * A response as adapters write it: the subset of a Fetch API `Response` they use. Routes may return a real Fetch
 * `Response` (e.g. a `ReadableStream` body for server-sent events) or {@link textResponse}'s lighter object.
 *
 * @category HTTP
 */
export interface MockResponse {
  readonly status: number;
  readonly headers: { forEach(callback: (value: string, name: string) => void): void };
  /** The body bytes, or null for none. */
  readonly body: AsyncIterable<Uint8Array> | null;
  /** The whole body as text. */
  text(): Promise<string>;
}

/**
 * What the front door is: one function from request to response, for every route.
 *
 * @category HTTP
 */
export type MockHandler = (request: MockRequest) => Promise<MockResponse>;
