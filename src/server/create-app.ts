/**
 * create-app
 *
 * The only module that knows express: it mounts the mock's graphql-http handler at /graphql and the control API at
 * /_mock. No listen(): see startServer. (startMockServer answers /graphql before express: see
 * create-request-listener.ts.)
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { ControlApi } from '../mock/control-api.js';
import type { SenteraMock } from '../mock/create-mock.js';
import { serveGraphQL } from './serve-graphql.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** The mock to serve. */
  mock: SenteraMock;
  /** The control API to serve under /_mock. */
  control: ControlApi;
}

/**
 * An express app serving a mock: `POST`/`GET /graphql` (GraphQL over HTTP) and `/_mock/*` (control API).
 *
 * @category Server
 */
export function createApp(options: AppOptions): Express {
  const { mock, control } = options;
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.all('/graphql', (req: Request, res: Response) => serveGraphQL(mock.graphqlHandler, req, res));
  app.use('/_mock', express.json({ limit: '1mb' }), async (req: Request, res: Response) => {
    const url = new URL(req.originalUrl, 'http://localhost');
    const response = await control({ method: req.method, path: req.path, query: url.searchParams, body: req.body });
    res.status(response.status).json(response.body);
  });
  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: `nothing at ${req.method} ${req.path}; the GraphQL endpoint is POST /graphql` } });
  });
  // Malformed JSON in a control request is the client's mistake: 400 with a message, never a stack trace.
  app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    const code = status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
    res.status(status).json({ error: { code, message: status === 500 ? 'internal error in sentera-mock; please report it' : error.message } });
  });
  return app;
}

