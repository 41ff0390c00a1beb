/**
 * read-body
 */
import type { MockRequest } from './http-types.js';
import { errorResponse, type TextResponse } from './text-response.js';

/** A node:http `IncomingMessage`, read with events (faster than its async iterator on the hot path). */
interface NodeReadable {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(event: string): unknown;
  resume(): unknown;
}

/**
 * Reads a request body as UTF-8 text, stopping as soon as it grows beyond `limit` bytes (checked against
 * `content-length` before reading, and while the bytes stream in), so an oversized body is never buffered whole.
 * Resolves to the text, or to a 413 response saying what the limit is and how to raise it.
 *
 * @category HTTP
 */
export function readBody(request: MockRequest, limit: number): Promise<string | TextResponse> {
  const body = request.body;
  if (body === null) return Promise.resolve('');
  const tooLarge = () =>
    errorResponse(
      413,
      'PAYLOAD_TOO_LARGE',
      `the request body is larger than ${limit} bytes; send less, or start the mock with a larger limit (serve --body-limit BYTES, or --state-body-limit for PUT /_mock/state)`,
      { connection: 'close' },
    );
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) return Promise.resolve(tooLarge());
  if (typeof (body as Partial<NodeReadable>).on === 'function')
    return readNode(body as unknown as NodeReadable, limit, tooLarge);
  return readIterable(body, limit, tooLarge);
}

async function readIterable(
  body: AsyncIterable<Uint8Array>,
  limit: number,
  tooLarge: () => TextResponse,
): Promise<string | TextResponse> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) return tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function readNode(stream: NodeReadable, limit: number, tooLarge: () => TextResponse): Promise<string | TextResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.removeAllListeners('data');
        stream.removeAllListeners('end');
        resolve(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () =>
      resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8')),
    );
    stream.on('error', reject);
  });
}
