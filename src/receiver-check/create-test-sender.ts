/**
 * create-test-sender
 */
import { buildDeliveryBody, type DeliveryBodyFormat } from '../delivery/build-delivery-body.js';
import type { TokenCache } from '../delivery/create-token-cache.js';
import { sendAttempt, type AttemptOutcome } from '../delivery/send-attempt.js';
import { signStandardWebhook } from '../delivery/sign-standard-webhook.js';
import type { OrganizationEvent } from '../events/event-types.js';
import { formatSenteraId, stampOf } from '../ids/sentera-id.js';
import { sha256 } from '../runtime/sha256.js';
import type { WebhookAuthentication } from '../store/types.js';

/** How a test delivery is signed. */
type Signing = 'valid' | 'wrong-secret' | 'stale' | 'future' | 'none' | 'rotated';

/** How a test delivery carries its Bearer token. */
type Bearer = 'valid' | 'none' | 'wrong';

/** One test delivery; everything has a default that makes it a valid delivery of a fresh TASK_MODIFIED event. */
export interface TestDelivery {
  /** The `webhook-id` (and envelope sentera_id); a fresh one by default. */
  readonly id?: string;
  /** The event type; may be one the mock never sends. @default 'TASK_MODIFIED' */
  readonly type?: string;
  /** The object the event is about; a fresh one by default. */
  readonly objectId?: string;
  /** @default now */
  readonly createdAt?: Date;
  /** @default 'valid' (with a secret; unsigned without) */
  readonly signing?: Signing;
  /** Changes the body after it was signed. */
  readonly tamper?: (body: string) => string;
  /** @default 'valid' (with client credentials; none without) */
  readonly bearer?: Bearer;
}

/** What sending gave; `sent` describes the delivery for findings. */
export interface TestOutcome extends AttemptOutcome {
  readonly sent: string;
  /** The delivery's webhook-id. */
  readonly id: string;
}

/** Options of {@link createTestSender}. */
export interface TestSenderOptions {
  readonly url: string;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  readonly secret: string | null;
  readonly authentication: WebhookAuthentication | null;
  readonly tokens: TokenCache;
  readonly now: () => Date;
  readonly body: DeliveryBodyFormat;
  /** Makes ids unique to this run, so a receiver that remembers ids from an earlier run is not confused. */
  readonly runId: string;
  /** Pause between the pieces of a slow body. */
  readonly sleep: (milliseconds: number) => Promise<void>;
}

/**
 * Builds and sends the deliveries the receiver checks need, the way the mock's sender would (same body bytes, same
 * headers, same signature scheme), with one thing changed at a time.
 */
export function createTestSender(options: TestSenderOptions) {
  const { url, fetch: fetchFn, timeoutMs, secret, authentication, tokens, now, body: format, runId, sleep } = options;
  let counter = 0;
  const nextId = (typeCode: string) => {
    counter += 1;
    const digest = BigInt(`0x${sha256(`${runId}:${counter}`, 'hex').slice(0, 12)}`);
    const nonce = (digest % 36n ** 7n).toString(36).padStart(7, '0');
    return formatSenteraId({
      nonce,
      typeCode,
      token: 'receiverCheck',
      system: 'CV',
      env: 'deve',
      build: 'c0ffee1',
      ...stampOf(now()),
    });
  };
  const user = nextId('US');

  /** The body and headers of a delivery, before sending. */
  const build = async (
    spec: TestDelivery,
  ): Promise<
    { body: string; headers: Record<string, string>; sent: string; id: string } | { problem: string; id: string }
  > => {
    const id = spec.id ?? nextId('WE');
    const type = spec.type ?? 'TASK_MODIFIED';
    const objectId = spec.objectId ?? nextId('TA');
    const createdAt = spec.createdAt ?? now();
    const event: OrganizationEvent = {
      sentera_id: id,
      organization_sentera_id: nextId('OR'),
      type: 'TASK_MODIFIED',
      created_at: createdAt,
      triggering_object_id: objectId,
      payload: { __typename: 'TaskModifiedPayload', sentera_id: objectId, created_by_id: user, updated_by_id: user },
    };
    let body = buildDeliveryBody(event, format);
    if (type !== 'TASK_MODIFIED' && format === 'envelope')
      body = body.replace('"type":"TASK_MODIFIED"', `"type":${JSON.stringify(type)}`);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'sentera-mock check-receiver',
      'webhook-id': id,
      'x-sentera-event-type': type,
    };
    const signing = spec.signing ?? 'valid';
    const parts = [`${type} ${id}`];
    if (secret !== null && signing !== 'none') {
      const seconds =
        Math.floor(now().getTime() / 1000) + (signing === 'stale' ? -3600 : signing === 'future' ? 3600 : 0);
      const signWith = (key: string) => signStandardWebhook({ secret: key, id, timestamp: seconds, body });
      const other = `whsec_${sha256(`${runId}:other-secret`, 'base64')}`;
      headers['webhook-timestamp'] = String(seconds);
      headers['webhook-signature'] =
        signing === 'wrong-secret'
          ? signWith(other)
          : signing === 'rotated'
            ? `${signWith(other)} ${signWith(secret)}`
            : signWith(secret);
      if (signing !== 'valid') parts.push(`signature: ${signing}`);
    } else if (secret !== null) parts.push('no webhook-timestamp, no webhook-signature');
    if (spec.tamper) {
      body = spec.tamper(body);
      parts.push('body changed after signing');
    }
    const bearer = spec.bearer ?? 'valid';
    if (authentication !== null && bearer !== 'none') {
      const token = await tokens.get(authentication);
      if (!token.ok) return { problem: token.problem.message, id };
      headers['authorization'] = `Bearer ${bearer === 'wrong' ? `${token.value}-wrong` : token.value}`;
      if (bearer === 'wrong') parts.push('wrong Bearer token');
    } else if (authentication !== null) parts.push('no Authorization header');
    return { body, headers, sent: parts.join(', '), id };
  };

  const failed = (sent: string, id: string, error: string): TestOutcome => ({
    ok: false,
    status: null,
    durationMs: 0,
    error,
    responseSnippet: '',
    retryAfter: null,
    sent,
    id,
  });

  return {
    /** A fresh Sentera id of this run, e.g. for an object several deliveries are about. */
    nextId,
    /** Sends one delivery in one piece. */
    async send(spec: TestDelivery = {}): Promise<TestOutcome> {
      const built = await build(spec);
      if ('problem' in built) return failed('a delivery', built.id, built.problem);
      return {
        ...(await sendAttempt({ fetch: fetchFn, url, headers: built.headers, body: built.body, timeoutMs })),
        sent: built.sent,
        id: built.id,
      };
    },
    /** Sends a valid delivery whose body arrives in `pieces` pieces, `gapMs` apart. */
    async sendSlowly(pieces: number, gapMs: number): Promise<TestOutcome> {
      const built = await build({});
      if ('problem' in built) return failed('a delivery', built.id, built.problem);
      const bytes = new TextEncoder().encode(built.body);
      const size = Math.ceil(bytes.length / pieces);
      let index = 0;
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (index > 0) await sleep(gapMs);
          const piece = bytes.subarray(index * size, (index + 1) * size);
          index += 1;
          if (piece.length > 0) controller.enqueue(piece);
          if (index * size >= bytes.length) controller.close();
        },
      });
      const started = performance.now();
      try {
        const response = await fetchFn(url, {
          method: 'POST',
          headers: built.headers,
          body: stream,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs + pieces * gapMs),
          duplex: 'half',
        });
        const text = await response.text().catch(() => '');
        return {
          ok: response.ok,
          status: response.status,
          durationMs: performance.now() - started,
          error: null,
          responseSnippet: text.slice(0, 256),
          retryAfter: null,
          sent: `${built.sent}, body in ${pieces} pieces ${gapMs} ms apart`,
          id: built.id,
        };
      } catch (error) {
        return failed(
          `${built.sent}, body in ${pieces} pieces`,
          built.id,
          (error as Error).name === 'TimeoutError'
            ? `timeout after ${timeoutMs + pieces * gapMs} ms`
            : ((error as { cause?: Error }).cause?.message ?? (error as Error).message),
        );
      }
    },
    /** Starts a delivery, sends half its body and drops the connection. Resolves when the request has failed. */
    async sendAborted(): Promise<void> {
      const built = await build({});
      if ('problem' in built) return;
      const bytes = new TextEncoder().encode(built.body);
      let sentHalf = false;
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!sentHalf) {
            sentHalf = true;
            controller.enqueue(bytes.subarray(0, Math.floor(bytes.length / 2)));
            return;
          }
          await sleep(50);
          controller.error(new Error('connection dropped on purpose'));
        },
      });
      await fetchFn(url, {
        method: 'POST',
        headers: built.headers,
        body: stream,
        signal: AbortSignal.timeout(timeoutMs),
        duplex: 'half',
      }).then(
        (response) => response.body?.cancel(),
        () => undefined,
      );
    },
  };
}

/** The sender {@link createTestSender} makes. */
export type TestSender = ReturnType<typeof createTestSender>;
