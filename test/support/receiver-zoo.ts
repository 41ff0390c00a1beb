import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { signStandardWebhook } from '../../src/delivery/sign-standard-webhook.js';
import { verifyWebhook } from '../../src/delivery/verify-webhook.js';
import { afterFile } from './after-file.js';

export const ZOO_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ZOO_TOKEN = 'zoo-access-token';

/** One planted flaw per receiver; `none` is the correct receiver. */
export type Flaw =
  | 'none'
  | 'accepts-bad-signatures'
  | 'no-timestamp-check'
  | 'past-only-timestamp-check'
  | 'first-signature-only'
  | 'verifies-reserialized-json'
  | '500-on-duplicate'
  | 'refuses-out-of-order'
  | 'crashes-on-unknown-type'
  | 'rejects-unknown-type'
  | 'slow-acknowledgement'
  | 'answers-after-the-timeout'
  | 'redirects'
  | 'ignores-bearer-token'
  | 'accepts-any-bearer-token'
  | 'times-out-slow-bodies'
  | 'dies-on-dropped-connection';

export interface ZooOptions {
  readonly flaw: Flaw;
  /** Verify signatures (the receiver knows the secret). */
  readonly signed?: boolean;
  /** Require `Bearer ZOO_TOKEN`. */
  readonly authenticated?: boolean;
  /** How long the slow receiver works before answering. */
  readonly slowMs?: number;
}

function listen(server: Server): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });
  afterFile(close);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close }),
    ),
  );
}

/** The signature check of a receiver with the given flaw (null: valid). */
function signatureProblem(flaw: Flaw, raw: string, headers: IncomingMessage['headers']): string | null {
  if (flaw === 'accepts-bad-signatures') return null;
  const id = headers['webhook-id'] as string | undefined;
  const timestamp = headers['webhook-timestamp'] as string | undefined;
  const signatures = (headers['webhook-signature'] as string | undefined)?.split(' ') ?? [];
  if (!id || !timestamp || signatures.length === 0) return 'missing headers';
  if (
    flaw === 'no-timestamp-check' ||
    flaw === 'past-only-timestamp-check' ||
    flaw === 'first-signature-only' ||
    flaw === 'verifies-reserialized-json'
  ) {
    // A hand-written verifier, right but for the flaw.
    const age = Date.now() / 1000 - Number(timestamp);
    if (flaw !== 'no-timestamp-check' && age > 300) return 'too old';
    if (flaw !== 'no-timestamp-check' && flaw !== 'past-only-timestamp-check' && age < -300) return 'too new';
    const body = flaw === 'verifies-reserialized-json' ? JSON.stringify(JSON.parse(raw)) : raw;
    const expected = signStandardWebhook({ secret: ZOO_SECRET, id, timestamp: Number(timestamp), body });
    return (flaw === 'first-signature-only' ? signatures.slice(0, 1) : signatures).includes(expected)
      ? null
      : 'bad signature';
  }
  const verdict = verifyWebhook(raw, headers, ZOO_SECRET);
  return verdict.ok ? null : verdict.message;
}

/** A real webhook receiver on 127.0.0.1, correct except for its flaw. */
export async function startZooReceiver(options: ZooOptions): Promise<string> {
  const { flaw, signed = false, authenticated = false, slowMs = 1_200 } = options;
  const seen = new Set<string>();
  const latest = new Map<string, number>();
  let stop = async () => undefined as void;
  const server = createServer((request, response) => {
    if (flaw === 'redirects' && request.url === '/webhooks')
      return void response.writeHead(308, { location: '/webhooks/' }).end();
    const chunks: Buffer[] = [];
    let complete = false;
    if (flaw === 'times-out-slow-bodies')
      setTimeout(() => !complete && response.writeHead(408).end('request timeout'), 200);
    request.on('aborted', () => {
      if (flaw === 'dies-on-dropped-connection') void stop();
    });
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A failed answer (such as a body that is not JSON) fails the test as an unhandled rejection.
    request.on(
      'end',
      () =>
        void (async () => {
          complete = true;
          if (response.headersSent) return;
          const raw = Buffer.concat(chunks).toString('utf8');
          if (authenticated) {
            const authorization = request.headers['authorization'];
            const valid =
              flaw === 'ignores-bearer-token' ||
              (flaw === 'accepts-any-bearer-token'
                ? authorization?.startsWith('Bearer ')
                : authorization === `Bearer ${ZOO_TOKEN}`);
            if (!valid)
              return void response.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
          }
          if (signed) {
            const problem = signatureProblem(flaw, raw, request.headers);
            if (problem) return void response.writeHead(400).end(problem);
          }
          const event = JSON.parse(raw) as {
            sentera_id: string;
            type: string;
            created_at: string;
            triggering_object_id: string;
          };
          if (flaw === 'slow-acknowledgement') await new Promise((resolve) => setTimeout(resolve, slowMs));
          if (flaw === 'answers-after-the-timeout') await new Promise((resolve) => setTimeout(resolve, 1_000));
          if (response.destroyed) return;
          if (!['FEATURE_SET_CREATED', 'SURVEY_CREATED', 'TASK_MODIFIED'].includes(event.type)) {
            if (flaw === 'crashes-on-unknown-type')
              return void response.writeHead(500).end(`TypeError: no handler for ${event.type}`);
            if (flaw === 'rejects-unknown-type') return void response.writeHead(400).end('unknown type');
            return void response.writeHead(204).end();
          }
          if (seen.has(event.sentera_id))
            return void response
              .writeHead(flaw === '500-on-duplicate' ? 500 : 200)
              .end(
                flaw === '500-on-duplicate' ? 'duplicate key value violates unique constraint' : 'already processed',
              );
          const at = Date.parse(event.created_at);
          if (flaw === 'refuses-out-of-order' && (latest.get(event.triggering_object_id) ?? 0) > at)
            return void response.writeHead(409).end('stale event');
          seen.add(event.sentera_id);
          latest.set(event.triggering_object_id, Math.max(at, latest.get(event.triggering_object_id) ?? 0));
          response.writeHead(200).end('ok');
        })(),
    );
  });
  const listening = await listen(server);
  stop = listening.close;
  return `${listening.url}/webhooks`;
}

/** An OAuth token endpoint that gives ZOO_TOKEN to any client. */
export async function startTokenServer(): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: ZOO_TOKEN, token_type: 'Bearer', expires_in: 3600 })),
    );
  });
  return `${(await listen(server)).url}/token`;
}
