/**
 * sign-standard-webhook
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

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
 * Checks a `webhook-signature` header (a space-separated list) against the expected `v1` signature.
 *
 * @category Delivery
 */
export function verifyStandardWebhook(input: { secret: string; id: string; timestamp: number; body: string; signature: string }): boolean {
  const expected = Buffer.from(signStandardWebhook(input));
  return input.signature.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** Checks a signing secret: `whsec_` and base64 of 24 to 64 bytes. */
export function isSigningSecret(secret: string): boolean {
  if (!secret.startsWith('whsec_')) return false;
  const key = secretKey(secret);
  return key.length >= 24 && key.length <= 64 && key.toString('base64').replace(/=+$/, '') === secret.slice(6).replace(/=+$/, '');
}

function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}
