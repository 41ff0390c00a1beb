import nock from 'nock';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { checkDestination } from '../../src/delivery/check-destination.js';
import { createTokenCache } from '../../src/delivery/create-token-cache.js';
import { DEFAULT_RETRY_SCHEDULE_MS, delayBefore, parseRetryAfter } from '../../src/delivery/retry-schedule.js';
import {
  isSigningSecret,
  signStandardWebhook,
  verifyStandardWebhook,
} from '../../src/delivery/sign-standard-webhook.js';

describe('Standard Webhooks signing', () => {
  it("matches the spec's published test vector", () => {
    expect(
      signStandardWebhook({
        secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
        timestamp: 1614265330,
        body: '{"test": 2432232314}',
      }),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('is accepted by the standardwebhooks reference library', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const timestamp = Math.floor(Date.now() / 1000);
    const body = '{"sentera_id":"abc","type":"TASK_MODIFIED"}';
    const signature = signStandardWebhook({ secret, id: 'evt_1', timestamp, body });
    expect(
      new Webhook(secret).verify(body, {
        'webhook-id': 'evt_1',
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature,
      }),
    ).toEqual(JSON.parse(body));
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the deprecated verifier must keep agreeing with the standardwebhooks library until it is removed
    expect(verifyStandardWebhook({ secret, id: 'evt_1', timestamp, body, signature: `v1,bogus ${signature}` })).toBe(
      true,
    );
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the deprecated verifier must keep agreeing with the standardwebhooks library until it is removed
    expect(verifyStandardWebhook({ secret, id: 'evt_1', timestamp, body: `${body} `, signature })).toBe(false);
  });

  it.each([
    ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', true],
    ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', false],
    ['whsec_c2hvcnQ=', false],
  ])('tells %s is a signing secret: %s', (secret, valid) => {
    expect(isSigningSecret(secret)).toBe(valid);
  });
});

describe('the retry schedule', () => {
  it("is Svix's: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h", () => {
    expect(DEFAULT_RETRY_SCHEDULE_MS.map((ms) => ms / 1000)).toEqual([0, 5, 300, 1800, 7200, 18000, 36000, 36000]);
  });

  it.each([
    [1, {}, 0],
    [2, {}, 5_000],
    [2, { timeScale: 0.001 }, 5],
    [3, { retryAfterMs: 600_000 }, 600_000],
    [3, { retryAfterMs: 1_000 }, 300_000],
    [9, {}, null],
  ])('gives attempt %i with %o a delay of %s ms', (attempt, options, delay) => {
    expect(delayBefore(attempt, options)).toBe(delay);
  });

  it.each([
    ['120', 120_000],
    ['Wed, 21 Oct 2015 07:28:30 GMT', 30_000],
    ['soon', null],
    [null, null],
  ])('reads Retry-After %s as %s ms', (value, ms) => {
    expect(parseRetryAfter(value, new Date('2015-10-21T07:28:00Z'))).toBe(ms);
  });
});

describe('the OAuth token cache', () => {
  const auth = {
    client_id: 'client',
    client_secret: 's3cret',
    scope: 'webhooks',
    token_url: 'https://auth.example.test/oauth/token',
  };

  it('fetches one token by client credentials with HTTP Basic, and serves it from cache until shortly before expiry', async () => {
    let now = 1_000_000;
    const seen: Array<{ body: string; authorization: string | undefined }> = [];
    const scope = nock('https://auth.example.test')
      .post('/oauth/token')
      .times(2)
      .reply(function reply(_uri, body) {
        seen.push({
          body: typeof body === 'string' ? body : JSON.stringify(body),
          authorization: this.req.headers['authorization'],
        });
        return [200, { access_token: `token-${seen.length}`, token_type: 'Bearer', expires_in: 3600 }];
      });
    const tokens = createTokenCache({ now: () => now });
    expect(await tokens.get(auth)).toEqual({ ok: true, value: 'token-1' });
    now += 3_600_000 - 61_000;
    expect(await tokens.get(auth)).toEqual({ ok: true, value: 'token-1' });
    now += 2_000;
    expect(await tokens.get(auth)).toEqual({ ok: true, value: 'token-2' });
    expect(seen[0]).toEqual({
      body: 'grant_type=client_credentials&scope=webhooks',
      authorization: `Basic ${Buffer.from('client:s3cret').toString('base64')}`,
    });
    scope.done();
  });

  it('shares one request among concurrent callers', async () => {
    const scope = nock('https://auth.example.test')
      .post('/oauth/token')
      .delay(30)
      .reply(200, { access_token: 'shared', expires_in: 60 });
    const tokens = createTokenCache();
    const results = await Promise.all([tokens.get(auth), tokens.get(auth), tokens.get(auth)]);
    expect(results.every((result) => result.ok && result.value === 'shared')).toBe(true);
    expect(tokens.requests).toBe(1);
    scope.done();
  });

  it('fetches a new token after invalidate', async () => {
    nock('https://auth.example.test')
      .post('/oauth/token')
      .reply(200, { access_token: 'a' })
      .post('/oauth/token')
      .reply(200, { access_token: 'b' });
    const tokens = createTokenCache();
    await tokens.get(auth);
    tokens.invalidate(auth);
    expect(await tokens.get(auth)).toEqual({ ok: true, value: 'b' });
  });

  it.each([
    ['a 500', () => nock('https://auth.example.test').post('/oauth/token').reply(500, 'boom'), 'answered HTTP 500'],
    [
      'no access_token',
      () => nock('https://auth.example.test').post('/oauth/token').reply(200, { token_type: 'Bearer' }),
      'without an access_token',
    ],
    [
      'a body that is not JSON',
      () => nock('https://auth.example.test').post('/oauth/token').reply(200, '<html>'),
      'not JSON',
    ],
    [
      'a connection error',
      () => nock('https://auth.example.test').post('/oauth/token').replyWithError('socket hang up'),
      'could not be reached',
    ],
  ])('turns %s into a token_error result that names neither secret nor token', async (_, setup, message) => {
    setup();
    const result = await createTokenCache().get(auth);
    expect(!result.ok && result.problem.message).toMatch(
      new RegExp(`^token_error: https://auth\\.example\\.test/oauth/token .*${message}`),
    );
    expect(!result.ok && result.problem.message).not.toContain('s3cret');
  });
});

describe('strict destinations', () => {
  const resolveTo = (address: string) => async () => [address];
  it.each([
    ['http://localhost/hook', '127.0.0.1', false],
    ['http://internal.example/hook', '10.1.2.3', false],
    ['http://internal.example/hook', '192.168.0.10', false],
    ['http://metadata.example/hook', '169.254.169.254', false],
    ['http://v6.example/hook', '::1', false],
    ['http://v6.example/hook', 'fd00::1', false],
    ['http://mapped.example/hook', '::ffff:127.0.0.1', false],
    ['http://[::1]/hook', 'unused', false],
    ['http://127.0.0.1:8080/hook', 'unused', false],
    ['https://example.com/hook', '93.184.216.34', true],
    ['http://[::127.0.0.1]/hook', 'unused', false],
    ['http://[::a9fe:a9fe]/hook', 'unused', false],
    ['http://[::ffff:0:7f00:1]/hook', 'unused', false],
    ['http://[64:ff9b::a9fe:a9fe]/hook', 'unused', false],
    ['http://[64:ff9b:1::a9fe:a9fe]/hook', 'unused', false],
    ['http://[2002:a00:1::1]/hook', 'unused', false],
    ['http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook', 'unused', false],
    ['http://nat64.example/hook', '64:ff9b::7f00:1', false],
    ['http://[::ffff:93.184.216.34]/hook', 'unused', true],
    ['http://[64:ff9b::5db8:d822]/hook', 'unused', true],
    ['http://[2002:5db8:d822::1]/hook', 'unused', true],
    ['http://[2606:4700::1111]/hook', 'unused', true],
  ])('%s resolving to %s is allowed: %s', async (url, address, allowed) => {
    const result = await checkDestination(url, resolveTo(address));
    expect(result.ok).toBe(allowed);
    if (!result.ok) expect(result.problem.message).toMatch(/^blocked: /);
  });

  it('names the IPv4 address an IPv6 one embeds', async () => {
    const result = await checkDestination('http://[::127.0.0.1]/hook');
    expect(!result.ok && result.problem.message).toBe(
      'blocked: ::7f00:1 resolves to ::7f00:1 (IPv4 127.0.0.1, loopback); strict delivery only sends to public addresses',
    );
  });
});
