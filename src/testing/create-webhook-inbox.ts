/**
 * create-webhook-inbox
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { verifyWebhook, type VerifyWebhookOptions, type WebhookVerification } from '../delivery/verify-webhook.js';

/**
 * One request the inbox received.
 *
 * @category Testing
 */
export interface ReceivedDelivery {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw body, exactly as sent (what signatures are computed over). */
  readonly body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
  /** Arrival order, from 0. */
  readonly index: number;
  /** With a `secret`, the Standard Webhooks verdict on this delivery (see {@link verifyWebhook}); otherwise null. */
  readonly verification: WebhookVerification | null;
}

/**
 * What the inbox answers: a status, or a status with headers and a body.
 *
 * @category Testing
 */
export type InboxReply = number | { status: number; headers?: Record<string, string>; body?: string };

/** Options of {@link createWebhookInbox}. */
export interface WebhookInboxOptions {
  /** How the inbox answers each delivery (e.g. fail the first, then succeed). @default 200 */
  respond?: (delivery: ReceivedDelivery) => InboxReply | Promise<InboxReply>;
  /** The path deliveries are POSTed to; the inbox accepts any path and records it. @default '/webhooks' */
  path?: string;
  /** The default timeout of {@link WebhookInbox.expect}, in milliseconds. @default 5000 */
  timeout?: number;
  /** The signing secret (`whsec_…`, or a list while rotating): every delivery is verified and the verdict recorded. @default none */
  secret?: string | readonly string[];
  /** Tolerance and clock of the verification. @default 300 s, the system clock */
  verify?: VerifyWebhookOptions;
}

/**
 * What {@link WebhookInbox.expect} waits for. Every given criterion must hold.
 *
 * @category Testing
 */
export interface InboxExpectation {
  /** The event type: the envelope's `type` (or the `type` header the sender sets). */
  type?: string;
  /** Only a delivery whose signature verified (needs the inbox's `secret`). */
  signed?: boolean;
  /** Any other condition on the delivery. */
  where?: (delivery: ReceivedDelivery) => boolean;
  /** How long to wait, in milliseconds. */
  timeout?: number;
}

/**
 * A local webhook receiver for consumers' tests.
 *
 * @category Testing
 */
export interface WebhookInbox {
  /** The URL to use as `callback_url`, e.g. `http://127.0.0.1:PORT/webhooks`. */
  readonly url: string;
  /** Everything received so far, in arrival order. */
  readonly deliveries: readonly ReceivedDelivery[];
  /**
   * Resolves with the first delivery (already received or still to come) that matches, or rejects after the timeout
   * with a message listing what did arrive.
   */
  expect(expectation?: InboxExpectation): Promise<ReceivedDelivery>;
  /** Forgets the deliveries received so far. */
  clear(): void;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Starts a webhook receiver on 127.0.0.1 and a free port. With `secret`, each delivery's Standard Webhooks
 * signature is verified and the verdict kept on the delivery; `expect({ signed: true })` waits for a valid one.
 *
 * @example
 * ```ts
 * const inbox = await createWebhookInbox();
 * // create a subscription with callback_url: inbox.url, trigger an event, then:
 * const delivery = await inbox.expect({ type: 'TASK_MODIFIED' });
 * await inbox.close();
 * ```
 * @category Testing
 */
export async function createWebhookInbox(options: WebhookInboxOptions = {}): Promise<WebhookInbox> {
  const { respond = () => 200, path = '/webhooks', timeout: defaultTimeout = 5_000, secret, verify = {} } = options;
  const deliveries: ReceivedDelivery[] = [];
  const waiters = new Set<(delivery: ReceivedDelivery) => void>();
  const sockets = new Set<Socket>();

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = raw.toString('utf8');
      const verification = secret === undefined ? null : verifyWebhook(raw, request.headers, secret, verify);
      const delivery: ReceivedDelivery = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body,
        json: parseJson(body),
        index: deliveries.length,
        verification,
      };
      deliveries.push(delivery);
      for (const waiter of waiters) waiter(delivery);
      Promise.resolve()
        .then(() => respond(delivery))
        .then(
          (reply) => {
            const {
              status,
              headers = {},
              body: replyBody = '',
            } = typeof reply === 'number' ? { status: reply } : reply;
            response.writeHead(status, headers).end(replyBody);
          },
          () => response.writeHead(500).end(),
        );
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const matches = (delivery: ReceivedDelivery, expectation: InboxExpectation) =>
    (expectation.type === undefined || typeOf(delivery) === expectation.type) &&
    (expectation.signed !== true || delivery.verification?.ok === true) &&
    (expectation.where === undefined || expectation.where(delivery));

  return {
    url: `http://127.0.0.1:${port}${path}`,
    deliveries,
    expect(expectation = {}) {
      if (expectation.signed && secret === undefined)
        return Promise.reject(
          new Error('[sentera-mock] webhook inbox: expect({ signed: true }) needs createWebhookInbox({ secret })'),
        );
      const found = deliveries.find((delivery) => matches(delivery, expectation));
      if (found) return Promise.resolve(found);
      const timeout = expectation.timeout ?? defaultTimeout;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen =
            deliveries
              .map(
                (delivery) =>
                  `#${delivery.index} ${delivery.method} ${delivery.path} type=${typeOf(delivery) ?? '?'}${verdictOf(delivery)}`,
              )
              .join('; ') || 'nothing';
          reject(
            new Error(
              `[sentera-mock] webhook inbox: no${expectation.signed ? ' validly signed' : ''} delivery${expectation.type ? ` of type ${expectation.type}` : ''}${expectation.where ? ' matching `where`' : ''} within ${timeout} ms; received: ${seen}`,
            ),
          );
        }, timeout);
        const waiter = (delivery: ReceivedDelivery) => {
          if (!matches(delivery, expectation)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(delivery);
        };
        waiters.add(waiter);
      });
    },
    clear() {
      deliveries.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

function typeOf(delivery: ReceivedDelivery): string | undefined {
  const envelope = delivery.json as { type?: unknown } | undefined;
  if (envelope && typeof envelope.type === 'string') return envelope.type;
  const header = delivery.headers['x-sentera-event-type'];
  return typeof header === 'string' ? header : undefined;
}

function verdictOf(delivery: ReceivedDelivery): string {
  const { verification } = delivery;
  if (verification === null) return '';
  return verification.ok ? ' signature=valid' : ` signature=${verification.reason} (${verification.message})`;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
