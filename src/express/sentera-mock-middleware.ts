/**
 * sentera-mock-middleware
 *
 * The express adapter: the only module of the package that knows express (types only; the middleware is plain
 * node:http underneath).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { MockRequest } from '../http/http-types.js';
import type { SenteraMock } from '../mock/create-mock.js';
import { nodeRequest, writeResponse } from '../server/create-node-listener.js';

/**
 * An express middleware serving a mock: mount it where the mock should live, e.g.
 * `app.use('/sentera', senteraMockMiddleware(mock))` answers `/sentera/graphql` and `/sentera/_mock/*` exactly as
 * `sentera-mock serve` answers `/graphql` and `/_mock/*` (same front door, same bytes). Every path below the mount
 * point is the mock's: unknown ones get the mock's JSON 404.
 *
 * Mount it before body parsers such as `express.json()`; when one has already read the body, the middleware uses
 * what it parsed (a string or Buffer as is, an object re-serialised as JSON), which may differ in whitespace from
 * what was sent.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createMock } from 'sentera-mock';
 * import { senteraMockMiddleware } from 'sentera-mock/express';
 *
 * const app = express();
 * app.use('/sentera', senteraMockMiddleware(createMock({ seed: 'dev' })));
 * ```
 * @category Express
 */
export function senteraMockMiddleware(mock: SenteraMock): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const request = nodeRequest(req);
    const parsed = (req as { body?: unknown }).body;
    const consumed = req.readableEnded && parsed !== undefined;
    const adapted: MockRequest = consumed
      ? { method: request.method, url: request.url, headers: request.headers, body: bodyOf(parsed) }
      : request;
    mock.handle(adapted).then((response) => writeResponse(response, res), next);
  };
}

function bodyOf(parsed: unknown): AsyncIterable<Uint8Array> | null {
  const bytes =
    typeof parsed === 'string'
      ? Buffer.from(parsed)
      : Buffer.isBuffer(parsed)
        ? parsed
        : Buffer.from(JSON.stringify(parsed));
  if (bytes.length === 0) return null;
  return (async function* () {
    yield bytes;
  })();
}
