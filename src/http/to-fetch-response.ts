/**
 * to-fetch-response
 */
import type { MockResponse } from './http-types.js';
import { TextResponse } from './text-response.js';

const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * A front-door response as a Fetch API `Response` (for `mock.fetch`). Hop-by-hop headers (`connection`) are left
 * out, as a Fetch client never sees them.
 *
 * @category HTTP
 */
export function toFetchResponse(response: MockResponse): Response {
  if (response instanceof Response) return response;
  const headers = new Headers();
  response.headers.forEach((value, name) => {
    if (name !== 'connection') headers.append(name, value);
  });
  let body: string | ReadableStream<Uint8Array> | null = null;
  if (!NULL_BODY.has(response.status)) {
    if (response instanceof TextResponse) body = response.bodyText === '' ? null : response.bodyText;
    else if (response.body !== null) body = iterableStream(response.body);
  }
  return new Response(body, { status: response.status, headers });
}

function iterableStream(iterable: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = iterable[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
