/**
 * create-token-endpoint
 *
 * An OAuth 2.0 token endpoint for the client-credentials grant (RFC 6749 §4.4), served by the mock so authenticated
 * webhook subscriptions get their Bearer token without leaving the machine. Framework-free: request parts in,
 * status/headers/JSON out.
 */
import { timingSafeEqual } from 'node:crypto';
import { createSystemClock } from '../runtime/clock.js';
import { sha256 } from '../runtime/sha256.js';

/**
 * A client the token endpoint knows.
 *
 * @category OAuth
 */
export interface OAuthClient {
  readonly client_id: string;
  readonly client_secret: string;
  /** Scopes it may ask for; a token request for any other scope is refused with `invalid_scope`. */
  readonly scopes: readonly string[];
}

/**
 * The clients known by default: the `demo` scenario's.
 *
 * @category OAuth
 */
export const DEFAULT_OAUTH_CLIENTS: readonly OAuthClient[] = [
  { client_id: 'demo-client', client_secret: 'demo-secret', scopes: ['webhooks'] },
];

/**
 * What the endpoint reads of a request.
 *
 * @category OAuth
 */
export interface TokenRequest {
  readonly method: string;
  readonly contentType: string | null;
  readonly authorization: string | null;
  /** The body as text. */
  readonly body: string;
}

/**
 * The endpoint's answer: a status, headers and a JSON body (RFC 6749 §5.1 or §5.2).
 *
 * @category OAuth
 */
export interface TokenResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown>;
}

/**
 * What a Bearer token is: `valid` (issued here, not expired), `expired`, or `unknown` (never issued here).
 *
 * @category OAuth
 */
export type TokenCheck =
  | { readonly status: 'valid'; readonly client_id: string; readonly scope: string }
  | { readonly status: 'expired'; readonly client_id: string }
  | { readonly status: 'unknown' };

/** Options of {@link createTokenEndpoint}. */
export interface TokenEndpointOptions {
  /** @default DEFAULT_OAUTH_CLIENTS */
  clients?: readonly OAuthClient[];
  /** Seeds the tokens: the same seed gives the same sequence of tokens. @default 'sentera-mock' */
  seed?: string;
  /** Real time, as the delivery's token cache uses. @default the system clock */
  now?: () => Date;
  /** @default 3600 */
  lifetimeSeconds?: number;
}

/**
 * The mock's token endpoint.
 *
 * @category OAuth
 */
export interface TokenEndpoint {
  /** Answers one token request. */
  handle(request: TokenRequest): TokenResponse;
  /** Whether `token` (without `Bearer `) was issued here and is still valid. */
  check(token: string): TokenCheck;
  /** Forgets every issued token. */
  reset(): void;
}

/**
 * Creates the token endpoint: the checks a real authorization server makes (POST, form-encoded body, `grant_type`
 * `client_credentials`, exactly one client authentication method, known client and secret, allowed scopes), with the
 * error codes of RFC 6749 §5.2 and `Cache-Control: no-store`.
 *
 * @example
 * ```ts
 * const endpoint = createTokenEndpoint({ clients: [{ client_id: 'app', client_secret: 's3cret', scopes: ['webhooks'] }] });
 * endpoint.handle({ method: 'POST', contentType: 'application/x-www-form-urlencoded', authorization: 'Basic YXBwOnMzY3JldA==', body: 'grant_type=client_credentials' });
 * ```
 * @category OAuth
 */
export function createTokenEndpoint(options: TokenEndpointOptions = {}): TokenEndpoint {
  const {
    clients = DEFAULT_OAUTH_CLIENTS,
    seed = 'sentera-mock',
    now = createSystemClock().now,
    lifetimeSeconds = 3600,
  } = options;
  let issued = new Map<string, { client_id: string; scope: string; expiresAt: number }>();
  let counter = 0;
  const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };
  const error = (
    status: number,
    code: string,
    description: string,
    extra: Record<string, string> = {},
  ): TokenResponse => ({
    status,
    headers: { ...noStore, ...extra },
    body: { error: code, error_description: description },
  });

  return {
    handle(request) {
      if (request.method !== 'POST')
        return error(405, 'invalid_request', 'the token endpoint takes POST', { allow: 'POST' });
      const type = (request.contentType ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/x-www-form-urlencoded')
        return error(
          400,
          'invalid_request',
          'send the parameters form-encoded (content-type: application/x-www-form-urlencoded)',
        );
      const form = new URLSearchParams(request.body);
      for (const name of new Set(form.keys()))
        if (form.getAll(name).length > 1) return error(400, 'invalid_request', `the parameter ${name} is repeated`);
      const grant = form.get('grant_type');
      if (grant === null)
        return error(400, 'invalid_request', 'grant_type is missing; send grant_type=client_credentials');
      if (grant !== 'client_credentials')
        return error(
          400,
          'unsupported_grant_type',
          `grant_type ${JSON.stringify(grant)} is not supported; this endpoint issues client_credentials tokens`,
        );

      const basic = parseBasic(request.authorization);
      const inBody = form.has('client_id') || form.has('client_secret');
      if (basic === 'malformed')
        return error(401, 'invalid_client', 'the Authorization header is not valid HTTP Basic', {
          'www-authenticate': 'Basic realm="sentera-mock"',
        });
      if (basic && inBody)
        return error(
          400,
          'invalid_request',
          'authenticate the client one way only: HTTP Basic or client_id/client_secret in the body',
        );
      const credentials =
        basic ?? (inBody ? { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' } : null);
      if (!credentials)
        return error(401, 'invalid_client', 'no client authentication; send HTTP Basic with client_id:client_secret', {
          'www-authenticate': 'Basic realm="sentera-mock"',
        });
      const client = clients.find((candidate) => candidate.client_id === credentials.id);
      if (!client || !sameSecret(client.client_secret, credentials.secret)) {
        return error(
          401,
          'invalid_client',
          `unknown client or wrong secret for client_id ${JSON.stringify(credentials.id)}`,
          basic ? { 'www-authenticate': 'Basic realm="sentera-mock"' } : {},
        );
      }
      const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
      const refused = requested.filter((scope) => !client.scopes.includes(scope));
      if (refused.length > 0)
        return error(
          400,
          'invalid_scope',
          `client ${client.client_id} may not ask for ${refused.join(' ')}; allowed: ${client.scopes.join(' ') || '(none)'}`,
        );
      const scope = (requested.length > 0 ? requested : client.scopes).join(' ');
      counter += 1;
      const token = `smk_${sha256(`${seed}\u0000token\u0000${counter}`, 'hex').slice(0, 40)}`;
      issued.set(token, { client_id: client.client_id, scope, expiresAt: now().getTime() + lifetimeSeconds * 1000 });
      return {
        status: 200,
        headers: noStore,
        body: { access_token: token, token_type: 'Bearer', expires_in: lifetimeSeconds, scope },
      };
    },
    check(token) {
      const entry = issued.get(token);
      if (!entry) return { status: 'unknown' };
      if (entry.expiresAt <= now().getTime()) return { status: 'expired', client_id: entry.client_id };
      return { status: 'valid', client_id: entry.client_id, scope: entry.scope };
    },
    reset() {
      issued = new Map();
      counter = 0;
    },
  };
}

function parseBasic(header: string | null): { id: string; secret: string } | 'malformed' | null {
  if (header === null) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return /^Basic\b/i.test(header) ? 'malformed' : null;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined.
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      return null;
    }
  };
  const id = decode(decoded.slice(0, colon));
  const secret = decode(decoded.slice(colon + 1));
  return id === null || secret === null ? 'malformed' : { id, secret };
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
