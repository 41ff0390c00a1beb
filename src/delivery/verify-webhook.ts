/**
 * verify-webhook
 */
import { timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as StandardWebhooks from 'standardwebhooks';

const require = createRequire(import.meta.url);

/** The Standard Webhooks reference library's tolerance: 5 minutes, both directions. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

/**
 * Why a delivery did not verify. Stable strings: receivers may switch on them.
 *
 * @category Delivery
 */
export type WebhookVerificationFailure =
  /** `webhook-id`, `webhook-timestamp` or `webhook-signature` is absent or empty. */
  | 'missing-headers'
  /** `webhook-timestamp` is not whole Unix seconds. */
  | 'invalid-timestamp'
  /** Signed more than `tolerance` seconds ago (a replay, or a badly late retry). */
  | 'timestamp-too-old'
  /** Signed more than `tolerance` seconds in the future (a clock far ahead, or a forged timestamp). */
  | 'timestamp-too-new'
  /** No `v1` signature in the header matches any of the secrets. */
  | 'no-matching-signature'
  /** A secret is not base64 (after the optional `whsec_` prefix) or is empty: a mistake of the receiver, not the sender. */
  | 'invalid-secret';

/**
 * The verdict on one delivery: valid, with the id and timestamp that were signed, or the failure and a sentence
 * saying what was wrong.
 *
 * @category Delivery
 */
export type WebhookVerification =
  | { readonly ok: true; readonly id: string; readonly timestamp: number }
  | { readonly ok: false; readonly reason: WebhookVerificationFailure; readonly message: string };

/**
 * Headers as node:http gives them (`request.headers`), as fetch gives them (`Headers`), or a plain record.
 *
 * @category Delivery
 */
export type WebhookHeadersInput = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Options of {@link verifyWebhook}.
 *
 * @category Delivery
 */
export interface VerifyWebhookOptions {
  /** How far, in seconds, the signed timestamp may be from now, in either direction. @default 300 */
  tolerance?: number;
  /** The receiver's clock. @default () => new Date() */
  now?: () => Date;
}

/**
 * Verifies a Standard Webhooks delivery (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64> …`) the
 * way a receiver should: the timestamp must be within `tolerance` of now (both directions), and any one `v1` entry of
 * the space-separated signature list must match, compared in constant time. `secret` may be a list, for a receiver
 * that accepts both the old and the new secret while rotating. Never throws for a bad delivery: the result says why.
 *
 * The signature is computed by the `standardwebhooks` reference library; the timestamp window is checked here so
 * the tolerance and the clock can be chosen (the library fixes them at 5 minutes and `Date.now()`).
 *
 * Caveat: `body` must be the raw bytes received. JSON parsed and serialised again no longer verifies.
 *
 * @example
 * ```ts
 * const verdict = verifyWebhook(rawBody, request.headers, process.env.WEBHOOK_SECRET!);
 * if (!verdict.ok) return response.writeHead(400).end(verdict.message);
 * ```
 * @category Delivery
 */
export function verifyWebhook(
  body: string | Uint8Array,
  headers: WebhookHeadersInput,
  secret: string | readonly string[],
  options: VerifyWebhookOptions = {},
): WebhookVerification {
  const { tolerance = DEFAULT_WEBHOOK_TOLERANCE_SECONDS, now = () => new Date() } = options;
  const id = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatureList = header(headers, 'webhook-signature');
  const missing = [
    !id && 'webhook-id',
    !timestampText && 'webhook-timestamp',
    !signatureList && 'webhook-signature',
  ].filter(Boolean);
  if (!id || !timestampText || !signatureList)
    return failure('missing-headers', `missing ${missing.join(', ')} header${missing.length > 1 ? 's' : ''}`);
  if (!/^\d{1,15}$/.test(timestampText))
    return failure(
      'invalid-timestamp',
      `webhook-timestamp must be whole Unix seconds, got ${JSON.stringify(timestampText)}`,
    );
  const timestamp = Number(timestampText);
  const nowSeconds = Math.floor(now().getTime() / 1000);
  if (nowSeconds - timestamp > tolerance)
    return failure(
      'timestamp-too-old',
      `webhook-timestamp ${timestamp} is ${nowSeconds - timestamp} s old, more than the ${tolerance} s tolerance`,
    );
  if (timestamp - nowSeconds > tolerance)
    return failure(
      'timestamp-too-new',
      `webhook-timestamp ${timestamp} is ${timestamp - nowSeconds} s in the future, more than the ${tolerance} s tolerance`,
    );

  const payload = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const secrets = typeof secret === 'string' ? [secret] : secret;
  // Loaded on first use: a mock without signed deliveries never verifies one.
  const { Webhook } = require('standardwebhooks') as typeof StandardWebhooks;
  const candidates = signatureList
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3)));
  for (const key of secrets) {
    let expected: Buffer;
    try {
      expected = Buffer.from(new Webhook(key).sign(id, new Date(timestamp * 1000), payload).slice(3));
    } catch (error) {
      return failure(
        'invalid-secret',
        `the secret cannot be used: ${(error as Error).message}; expected whsec_ followed by base64`,
      );
    }
    if (candidates.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected)))
      return { ok: true, id, timestamp };
  }
  const versions = signatureList.split(' ').length;
  return failure(
    'no-matching-signature',
    `none of the ${versions} signature${versions === 1 ? '' : 's'} in webhook-signature (${candidates.length} v1) matches the body signed with ${secrets.length === 1 ? 'the secret' : `any of the ${secrets.length} secrets`}`,
  );
}

function header(headers: WebhookHeadersInput, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function')
    return (headers as Headers).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return typeof value === 'string' ? value : value?.join(' ');
}

function failure(reason: WebhookVerificationFailure, message: string): WebhookVerification {
  return { ok: false, reason, message };
}
