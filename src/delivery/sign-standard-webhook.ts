/**
 * sign-standard-webhook
 */
import { createHmac } from 'node:crypto';
import { verifyWebhook, type VerifyWebhookOptions } from './verify-webhook.js';

/**
 * The `v1` signature of the Standard Webhooks spec: base64 HMAC-SHA256 of `{id}.{timestamp}.{body}` with the key
 * that follows `whsec_` in the secret (base64).
 *
 * @example
 * ```ts
 * signStandardWebhook({ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, body: '{"test": 2432232314}' });
 * // 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
 * ```
 * @see https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 * @category Delivery
 */
export function signStandardWebhook(input: { secret: string; id: string; timestamp: number; body: string }): string {
  const { secret, id, timestamp, body } = input;
  return `v1,${createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * Checks a signature the way {@link verifyWebhook} does (timestamp within `tolerance` of `now`, any `v1` entry of the
 * space-separated list, constant-time compare) and answers only yes or no. Prefer {@link verifyWebhook}, which takes
 * the headers as received and says why a delivery was refused.
 *
 * @deprecated Use {@link verifyWebhook}. Before 0.2 this accepted any timestamp, which made replays verify.
 * @category Delivery
 */
export function verifyStandardWebhook(
  input: { secret: string; id: string; timestamp: number; body: string; signature: string } & VerifyWebhookOptions,
): boolean {
  const { secret, id, timestamp, body, signature, ...options } = input;
  return verifyWebhook(
    body,
    { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
    secret,
    options,
  ).ok;
}

/** Checks a signing secret: `whsec_` and base64 of 24 to 64 bytes. */
export function isSigningSecret(secret: string): boolean {
  if (!secret.startsWith('whsec_')) return false;
  const key = secretKey(secret);
  return (
    key.length >= 24 &&
    key.length <= 64 &&
    key.toString('base64').replace(/=+$/, '') === secret.slice(6).replace(/=+$/, '')
  );
}

function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}
