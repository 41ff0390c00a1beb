/**
 * create-token-cache
 */
import { fail, ok, ErrorCode, type Result } from '../errors.js';
import { createSystemClock } from '../runtime/clock.js';
import type { WebhookAuthentication } from '../store/types.js';
import { redactUrl } from './redact-url.js';

/**
 * OAuth2 client-credentials tokens for webhook delivery, cached per (token_url, client_id, client_secret, scope).
 *
 * @category Delivery
 */
export interface TokenCache {
  /** A valid access token: cached, or fetched (one request in flight per key, shared by concurrent callers). */
  get(authentication: WebhookAuthentication): Promise<Result<string>>;
  /** Forgets the cached token (after a 401 from the receiver). */
  invalidate(authentication: WebhookAuthentication): void;
  /** How many token requests were made. */
  readonly requests: number;
}

/** Options of {@link createTokenCache}. */
export interface TokenCacheOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Milliseconds since the epoch. @default the system clock */
  now?: () => number;
  /** Refresh this long before `expires_in` runs out. @default 60_000 */
  refreshMarginMs?: number;
  /** Used when the token response has no `expires_in`. @default 3_600_000 */
  defaultLifetimeMs?: number;
  /** Timeout of a token request. @default 10_000 */
  timeoutMs?: number;
  /**
   * How the client authenticates at the token endpoint (RFC 6749 §2.3.1): HTTP Basic, which every server must
   * support, or client_id/client_secret in the form body. @default 'client_secret_basic'
   */
  clientAuthentication?: 'client_secret_basic' | 'client_secret_post';
}

/**
 * Creates a token cache. Failures (unreachable endpoint, non-2xx, no `access_token`) are results, never throws; secrets
 * and tokens never appear in messages.
 *
 * @category Delivery
 */
export function createTokenCache(options: TokenCacheOptions = {}): TokenCache {
  const {
    fetch: fetchFn = globalThis.fetch,
    now = () => createSystemClock().now().getTime(),
    refreshMarginMs = 60_000,
    defaultLifetimeMs = 3_600_000,
    timeoutMs = 10_000,
    clientAuthentication = 'client_secret_basic',
  } = options;
  const cache = new Map<string, { token: string; refreshAt: number }>();
  const inFlight = new Map<string, Promise<Result<string>>>();
  let requests = 0;
  const keyOf = (auth: WebhookAuthentication) =>
    JSON.stringify([auth.token_url, auth.client_id, auth.client_secret, auth.scope]);

  const fetchToken = async (auth: WebhookAuthentication, key: string): Promise<Result<string>> => {
    requests++;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (auth.scope) form.set('scope', auth.scope);
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    if (clientAuthentication === 'client_secret_basic') {
      headers['authorization'] =
        `Basic ${Buffer.from(`${encodeURIComponent(auth.client_id)}:${encodeURIComponent(auth.client_secret)}`).toString('base64')}`;
    } else {
      form.set('client_id', auth.client_id);
      form.set('client_secret', auth.client_secret);
    }
    const failure = (why: string) =>
      fail<string>(ErrorCode.BAD_REQUEST, `token_error: ${redactUrl(auth.token_url)} ${why}`);
    let response: Response;
    try {
      response = await fetchFn(auth.token_url, {
        method: 'POST',
        headers,
        body: form.toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return failure(
        `could not be reached (${(error as Error).name === 'TimeoutError' ? `timeout after ${timeoutMs} ms` : (error as Error).message})`,
      );
    }
    if (!response.ok) return failure(`answered HTTP ${response.status}`);
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      return failure('answered with a body that is not JSON');
    }
    if (typeof body.access_token !== 'string' || body.access_token === '')
      return failure('answered without an access_token');
    const lifetime =
      typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : defaultLifetimeMs;
    cache.set(key, { token: body.access_token, refreshAt: now() + Math.max(0, lifetime - refreshMarginMs) });
    return ok(body.access_token);
  };

  return {
    get(auth) {
      const key = keyOf(auth);
      const cached = cache.get(key);
      if (cached && now() < cached.refreshAt) return Promise.resolve(ok(cached.token));
      let pending = inFlight.get(key);
      if (!pending) {
        pending = fetchToken(auth, key).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
    invalidate(auth) {
      cache.delete(keyOf(auth));
    },
    get requests() {
      return requests;
    },
  };
}
