/**
 * create-undici-dispatcher
 *
 * A minimal undici Dispatcher that answers requests for some origins in-process and hands every other request to
 * the dispatcher that was there before. Duck-typed (no import of undici): undici's global dispatcher slot is shared by
 * Node's built-in fetch and the `undici` package.
 */
import type { MockHandler } from '../http/http-types.js';
import { TextResponse } from '../http/text-response.js';

/** The global slot undici (bundled in Node and the npm package) reads its dispatcher from. */
export const UNDICI_GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/** The parts of undici's DispatchOptions this dispatcher reads. */
interface DispatchOptions {
  origin?: string | URL;
  path: string;
  method: string;
  headers?: Record<string, string | string[] | undefined> | string[] | null;
  body?: unknown;
}

/** undici's (legacy) dispatch handler callbacks, which every undici version still calls. */
interface DispatchHandler {
  onConnect?(abort: (error?: Error) => void, context?: unknown): void;
  onHeaders?(statusCode: number, headers: Buffer[], resume: () => void, statusText: string): boolean | void;
  onData?(chunk: Buffer): boolean | void;
  onComplete?(trailers: Buffer[] | null): void;
  onError?(error: Error): void;
}

/** A dispatcher as undici sees it. */
export interface UndiciDispatcher {
  dispatch(options: DispatchOptions, handler: DispatchHandler): boolean;
  close(): Promise<void>;
  destroy(): Promise<void>;
}

/** Options of {@link createUndiciDispatcher}. */
export interface UndiciDispatcherOptions {
  /** The origin whose requests are answered in-process, e.g. `https://api.sentera.com`. */
  origin: string;
  /** Answers a request (the mock's front door). */
  handle: MockHandler;
  /** Handles every other origin; when absent, those requests fail with a clear error. */
  fallback?: UndiciDispatcher;
}

/**
 * Creates a dispatcher that serves `origin` with `handle` in-process: no socket, no port.
 */
export function createUndiciDispatcher(options: UndiciDispatcherOptions): UndiciDispatcher {
  const { origin, handle, fallback } = options;
  return {
    dispatch(dispatchOptions, handler) {
      const requestOrigin = dispatchOptions.origin === undefined ? '' : new URL(String(dispatchOptions.origin)).origin;
      if (requestOrigin !== origin) {
        if (fallback) return fallback.dispatch(dispatchOptions, handler);
        queueMicrotask(() =>
          handler.onError?.(
            new Error(
              `[sentera-mock] interceptSentera: no dispatcher for ${requestOrigin}; only ${origin} is intercepted`,
            ),
          ),
        );
        return true;
      }
      let aborted = false;
      handler.onConnect?.((error) => {
        aborted = true;
        handler.onError?.(error ?? new Error('aborted'));
      }, null);
      void (async () => {
        const body = await readBody(dispatchOptions.body);
        const headers = normaliseHeaders(dispatchOptions.headers);
        const response = await handle({
          method: dispatchOptions.method,
          url: `${origin}${dispatchOptions.path}`,
          headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
          body: body === '' ? null : once(Buffer.from(body)),
        });
        if (aborted) return;
        const rawHeaders: Buffer[] = [];
        response.headers.forEach((value, name) => rawHeaders.push(Buffer.from(name), Buffer.from(value)));
        handler.onHeaders?.(response.status, rawHeaders, () => undefined, '');
        if (response instanceof TextResponse) {
          if (response.bodyText !== '') handler.onData?.(Buffer.from(response.bodyText));
        } else if (response.body !== null) {
          for await (const chunk of response.body) {
            if (aborted) return;
            handler.onData?.(Buffer.from(chunk));
          }
        }
        handler.onComplete?.([]);
      })().catch((error: unknown) => {
        if (!aborted) handler.onError?.(error instanceof Error ? error : new Error(String(error)));
      });
      return true;
    },
    close: async () => undefined,
    destroy: async () => undefined,
  };
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

function normaliseHeaders(headers: DispatchOptions['headers']): Map<string, string> {
  const map = new Map<string, string>();
  if (Array.isArray(headers)) {
    for (let index = 0; index + 1 < headers.length; index += 2)
      map.set(String(headers[index]).toLowerCase(), String(headers[index + 1]));
  } else if (headers) {
    for (const [name, value] of Object.entries(headers))
      if (value !== undefined) map.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
  }
  return map;
}

async function readBody(body: unknown): Promise<string> {
  if (body === null || body === undefined) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  if (
    typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' ||
    typeof (body as Iterable<unknown>)[Symbol.iterator] === 'function'
  ) {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<string | Uint8Array>)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- URLSearchParams and the like print themselves; others are recorded as undici would not send them
  return String(body);
}
