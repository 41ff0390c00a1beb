import { describe, expect, it } from 'vitest';
import { createTokenEndpoint, type TokenRequest } from '../../src/oauth/create-token-endpoint.js';

const FORM = 'application/x-www-form-urlencoded';
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const request = (overrides: Partial<TokenRequest> = {}): TokenRequest => ({
  method: 'POST',
  contentType: FORM,
  authorization: basic('demo-client', 'demo-secret'),
  body: 'grant_type=client_credentials&scope=webhooks',
  ...overrides,
});

describe('createTokenEndpoint', () => {
  it('issues a Bearer token to a known client over HTTP Basic, with no-store, and knows it afterwards', () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const endpoint = createTokenEndpoint({ now: () => now, lifetimeSeconds: 60 });
    const answer = endpoint.handle(request());
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.body).toEqual({
      access_token: expect.stringMatching(/^smk_[0-9a-f]{40}$/),
      token_type: 'Bearer',
      expires_in: 60,
      scope: 'webhooks',
    });
    const token = answer.body['access_token'] as string;
    expect(endpoint.check(token)).toEqual({ status: 'valid', client_id: 'demo-client', scope: 'webhooks' });
    now = new Date('2026-01-01T00:01:00Z');
    expect(endpoint.check(token)).toEqual({ status: 'expired', client_id: 'demo-client' });
    expect(endpoint.check('smk_never_issued')).toEqual({ status: 'unknown' });
  });

  it('accepts client credentials in the body too, and gives the same tokens for the same seed', () => {
    const body = 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret';
    const first = createTokenEndpoint({ seed: 's' }).handle(request({ authorization: null, body }));
    const second = createTokenEndpoint({ seed: 's' }).handle(request({ authorization: null, body }));
    expect(first.status).toBe(200);
    expect(first.body['access_token']).toBe(second.body['access_token']);
    expect(first.body['scope']).toBe('webhooks');
  });

  it.each([
    ['GET', request({ method: 'GET' }), 405, 'invalid_request'],
    ['a JSON body', request({ contentType: 'application/json' }), 400, 'invalid_request'],
    ['no grant_type', request({ body: 'scope=webhooks' }), 400, 'invalid_request'],
    ['another grant', request({ body: 'grant_type=password' }), 400, 'unsupported_grant_type'],
    [
      'a repeated parameter',
      request({ body: 'grant_type=client_credentials&grant_type=client_credentials' }),
      400,
      'invalid_request',
    ],
    ['no client authentication', request({ authorization: null }), 401, 'invalid_client'],
    ['a wrong secret', request({ authorization: basic('demo-client', 'nope') }), 401, 'invalid_client'],
    ['an unknown client', request({ authorization: basic('someone', 'demo-secret') }), 401, 'invalid_client'],
    ['malformed Basic', request({ authorization: 'Basic !!!' }), 401, 'invalid_client'],
    [
      'two ways of authenticating',
      request({ body: 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret' }),
      400,
      'invalid_request',
    ],
    [
      'a scope the client may not have',
      request({ body: 'grant_type=client_credentials&scope=webhooks admin' }),
      400,
      'invalid_scope',
    ],
  ])('refuses %s with the RFC 6749 error and issues nothing', (_case, input, status, error) => {
    const endpoint = createTokenEndpoint();
    const answer = endpoint.handle(input);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ error, error_description: expect.any(String) });
    expect(answer.headers['cache-control']).toBe('no-store');
    if (status === 401 && input.authorization) expect(answer.headers['www-authenticate']).toContain('Basic');
    // A good request afterwards gets the first token of the sequence: the refused one issued nothing.
    expect(endpoint.handle(request()).body['access_token']).toBe(
      createTokenEndpoint().handle(request()).body['access_token'],
    );
  });

  it('decodes form-encoded client ids and secrets in Basic, as RFC 6749 §2.3.1 says', () => {
    const endpoint = createTokenEndpoint({
      clients: [{ client_id: 'app one', client_secret: 'p:ss+w%rd', scopes: [] }],
    });
    expect(
      endpoint.handle(request({ authorization: basic('app one', 'p:ss+w%rd'), body: 'grant_type=client_credentials' }))
        .status,
    ).toBe(200);
  });
});
