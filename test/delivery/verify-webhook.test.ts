import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signStandardWebhook, verifyStandardWebhook } from '../../src/delivery/sign-standard-webhook.js';
import { verifyWebhook, type WebhookVerificationFailure } from '../../src/delivery/verify-webhook.js';

// The specification's test vector.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
const OTHER_SECRET = 'whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHM=';

const headers = (overrides: Record<string, string | undefined> = {}) => {
  const all: Record<string, string | undefined> = {
    'webhook-id': ID,
    'webhook-timestamp': String(TS),
    'webhook-signature': SIGNATURE,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined)) as Record<string, string>;
};
const at = (seconds: number) => () => new Date(seconds * 1000);

type Case = [
  name: string,
  body: string,
  headers: Record<string, string>,
  secret: string,
  nowSeconds: number,
  expected: true | WebhookVerificationFailure,
];

const CASES: Case[] = [
  ['the spec test vector', BODY, headers(), SECRET, TS, true],
  ['a timestamp 300 s old (the edge)', BODY, headers(), SECRET, TS + 300, true],
  ['a timestamp 301 s old', BODY, headers(), SECRET, TS + 301, 'timestamp-too-old'],
  ['a timestamp 300 s ahead (the edge)', BODY, headers(), SECRET, TS - 300, true],
  ['a timestamp 301 s ahead', BODY, headers(), SECRET, TS - 301, 'timestamp-too-new'],
  ['a body changed after signing', `${BODY} `, headers(), SECRET, TS, 'no-matching-signature'],
  ['another secret', BODY, headers(), OTHER_SECRET, TS, 'no-matching-signature'],
  [
    'a wrong signature, then the right one (rotation)',
    BODY,
    headers({ 'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')} ${SIGNATURE}` }),
    SECRET,
    TS,
    true,
  ],
  [
    'an unknown version carrying the right bytes',
    BODY,
    headers({ 'webhook-signature': `v2,${SIGNATURE.slice(3)}` }),
    SECRET,
    TS,
    'no-matching-signature',
  ],
  [
    'a truncated signature',
    BODY,
    headers({ 'webhook-signature': SIGNATURE.slice(0, -4) }),
    SECRET,
    TS,
    'no-matching-signature',
  ],
  ['no webhook-signature', BODY, headers({ 'webhook-signature': undefined }), SECRET, TS, 'missing-headers'],
  ['no webhook-id', BODY, headers({ 'webhook-id': undefined }), SECRET, TS, 'missing-headers'],
  ['no webhook-timestamp', BODY, headers({ 'webhook-timestamp': undefined }), SECRET, TS, 'missing-headers'],
  [
    'a timestamp that is not a number',
    BODY,
    headers({ 'webhook-timestamp': 'yesterday' }),
    SECRET,
    TS,
    'invalid-timestamp',
  ],
  [
    'a year-2001 timestamp signed correctly',
    BODY,
    headers({
      'webhook-timestamp': '1000000000',
      'webhook-signature': signStandardWebhook({ secret: SECRET, id: ID, timestamp: 1_000_000_000, body: BODY }),
    }),
    SECRET,
    TS,
    'timestamp-too-old',
  ],
];

describe('verifyWebhook', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(CASES)(
    'judges %s like the standardwebhooks reference library',
    (_, body, given, secret, nowSeconds, expected) => {
      const verdict = verifyWebhook(body, given, secret, { now: at(nowSeconds) });
      if (expected === true)
        expect(verdict).toEqual({ ok: true, id: ID, timestamp: Number(given['webhook-timestamp']) });
      else expect(verdict).toMatchObject({ ok: false, reason: expected, message: expect.any(String) });

      vi.useFakeTimers({ now: nowSeconds * 1000 });
      let libraryAccepts: boolean;
      try {
        new Webhook(secret).verify(body, given);
        libraryAccepts = true;
      } catch {
        libraryAccepts = false;
      }
      expect(libraryAccepts).toBe(verdict.ok);
    },
  );

  it('says what was wrong in words', () => {
    expect(verifyWebhook(BODY, headers(), SECRET, { now: at(TS + 600) })).toEqual({
      ok: false,
      reason: 'timestamp-too-old',
      message: 'webhook-timestamp 1614265330 is 600 s old, more than the 300 s tolerance',
    });
    expect(verifyWebhook(BODY, headers({ 'webhook-id': undefined, 'webhook-signature': undefined }), SECRET)).toEqual({
      ok: false,
      reason: 'missing-headers',
      message: 'missing webhook-id, webhook-signature headers',
    });
  });

  it('takes a tolerance in seconds', () => {
    expect(verifyWebhook(BODY, headers(), SECRET, { now: at(TS + 30), tolerance: 10 })).toMatchObject({
      ok: false,
      reason: 'timestamp-too-old',
    });
    expect(verifyWebhook(BODY, headers(), SECRET, { now: at(TS + 3600), tolerance: 7200 })).toMatchObject({ ok: true });
  });

  it('accepts headers as fetch Headers, as node:http gives them, and a Buffer body', () => {
    expect(verifyWebhook(Buffer.from(BODY), new Headers(headers()), SECRET, { now: at(TS) })).toMatchObject({
      ok: true,
    });
    const upper = Object.fromEntries(Object.entries(headers()).map(([name, value]) => [name.toUpperCase(), value]));
    expect(verifyWebhook(new TextEncoder().encode(BODY), upper, SECRET, { now: at(TS) })).toMatchObject({ ok: true });
  });

  it('accepts any of several secrets, for a receiver rotating its own secret', () => {
    expect(verifyWebhook(BODY, headers(), [OTHER_SECRET, SECRET], { now: at(TS) })).toMatchObject({ ok: true });
    expect(verifyWebhook(BODY, headers(), [OTHER_SECRET], { now: at(TS) })).toMatchObject({
      ok: false,
      reason: 'no-matching-signature',
    });
  });

  it("reports a secret that is not base64 as the receiver's mistake", () => {
    expect(verifyWebhook(BODY, headers(), 'whsec_', { now: at(TS) })).toMatchObject({
      ok: false,
      reason: 'invalid-secret',
    });
  });
});

/* eslint-disable @typescript-eslint/no-deprecated -- these tests are about the deprecated function, until it is removed */
describe('verifyStandardWebhook', () => {
  it('no longer accepts a correctly signed body from 2001', () => {
    const signature = signStandardWebhook({ secret: SECRET, id: ID, timestamp: 1_000_000_000, body: BODY });
    expect(verifyStandardWebhook({ secret: SECRET, id: ID, timestamp: 1_000_000_000, body: BODY, signature })).toBe(
      false,
    );
    expect(
      verifyStandardWebhook({
        secret: SECRET,
        id: ID,
        timestamp: TS,
        body: BODY,
        signature: SIGNATURE,
        now: at(TS + 10),
      }),
    ).toBe(true);
  });
});
