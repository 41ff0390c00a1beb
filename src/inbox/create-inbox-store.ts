/**
 * create-inbox-store
 *
 * The mock's built-in webhook inbox: every request to `/_inbox/<name>` is recorded (method, headers, body, time) with
 * what the mock can tell about it (Standard Webhooks signature, Bearer token), so the default world and the demo
 * deliver somewhere visible without another process. Framework-free; the HTTP route is in `src/ui/`.
 */
import { verifyWebhook } from '../delivery/verify-webhook.js';
import type { TokenCheck } from '../oauth/create-token-endpoint.js';
import { createSystemClock } from '../runtime/clock.js';

/**
 * The signature check of one request: `valid`, `invalid` (with why), `missing` headers, or `unchecked` (the mock has
 * no signing secret).
 *
 * @category Inbox
 */
export interface SignatureCheck {
  readonly status: 'valid' | 'invalid' | 'missing' | 'unchecked';
  readonly detail: string | null;
}

/**
 * The Bearer token check of one request: `none` (no Authorization header), `valid`/`expired`/`unknown` (whether this
 * mock's token endpoint issued it), or `not_bearer`.
 *
 * @category Inbox
 */
export interface AuthorizationCheck {
  readonly status: 'none' | 'valid' | 'expired' | 'unknown' | 'not_bearer';
  readonly client_id: string | null;
}

/**
 * One request an inbox received.
 *
 * @category Inbox
 */
export interface InboxEntry {
  /** Increasing over the whole store, from 1. */
  readonly id: number;
  readonly inbox: string;
  readonly method: string;
  /** The path and query as requested, e.g. `/_inbox/acme?status=503`. */
  readonly url: string;
  /** Lower-case names. The Authorization header's credentials are shortened (`Bearer smk_1a2b3c4d…`). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text, at most {@link InboxStoreOptions.maxBodyBytes} characters (then `truncated`). */
  readonly body: string;
  readonly truncated: boolean;
  /** ISO 8601, real time. */
  readonly received_at: string;
  /** What the inbox answered. */
  readonly response_status: number;
  readonly signature: SignatureCheck;
  readonly authorization: AuthorizationCheck;
}

/**
 * One inbox in the listing.
 *
 * @category Inbox
 */
export interface InboxSummary {
  readonly name: string;
  readonly count: number;
  readonly last_received_at: string | null;
}

/** Options of {@link createInboxStore}. */
export interface InboxStoreOptions {
  /** Real time for `received_at` and the signature's timestamp tolerance. @default the system clock */
  now?: () => Date;
  /** The Standard Webhooks secret deliveries are signed with; null leaves signatures `unchecked`. @default null */
  signingSecret?: string | null;
  /** Tells whether a Bearer token was issued by the mock's token endpoint. @default every token `unknown` */
  checkToken?: (token: string) => TokenCheck;
  /** Requests kept per inbox (oldest dropped first). @default 200 */
  limitPerInbox?: number;
  /** Inboxes kept (the one that received least recently is dropped first). @default 100 */
  maxInboxes?: number;
  /** Body characters kept per request. @default 65536 */
  maxBodyBytes?: number;
  /** How far `webhook-timestamp` may be from now, as the spec's libraries check. @default 300 */
  toleranceSeconds?: number;
}

/**
 * The inboxes and what they received.
 *
 * @category Inbox
 */
export interface InboxStore {
  /**
   * Records one request and decides the answer: 200, or the status asked for with `?status=NNN` in the URL (so a
   * callback_url such as `{mock}/_inbox/broken?status=503` makes a failing receiver).
   */
  receive(request: {
    inbox: string;
    method: string;
    url: string;
    headers: Readonly<Record<string, string>>;
    body: string;
  }): InboxEntry;
  /** An inbox's requests, oldest first (empty for an inbox that never received one). */
  list(inbox: string): readonly InboxEntry[];
  /** Every inbox that received something, by name. */
  names(): readonly InboxSummary[];
  /** Empties one inbox, or all. */
  clear(inbox?: string): void;
  /** Calls `listener` after each request is recorded; returns the unsubscribe. */
  onReceive(listener: (entry: InboxEntry) => void): () => void;
}

/** The inbox name rule: letters, digits, `.`, `_` and `-`, 1 to 100 characters. */
export const INBOX_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Creates an empty inbox store.
 *
 * @example
 * ```ts
 * const inboxes = createInboxStore({ signingSecret: 'whsec_…' });
 * inboxes.receive({ inbox: 'demo', method: 'POST', url: '/_inbox/demo', headers, body });
 * inboxes.list('demo')[0].signature.status; // 'valid'
 * ```
 * @category Inbox
 */
export function createInboxStore(options: InboxStoreOptions = {}): InboxStore {
  const {
    now = createSystemClock().now,
    signingSecret = null,
    checkToken = () => ({ status: 'unknown' }),
    limitPerInbox = 200,
    maxInboxes = 100,
    maxBodyBytes = 65_536,
    toleranceSeconds = 300,
  } = options;
  let inboxes = new Map<string, InboxEntry[]>();
  let sequence = 0;
  const listeners = new Set<(entry: InboxEntry) => void>();

  const checkSignature = (headers: Readonly<Record<string, string>>, body: string): SignatureCheck => {
    if (!signingSecret)
      return { status: 'unchecked', detail: 'the mock has no signing secret (serve --signing-secret)' };
    const verdict = verifyWebhook(body, headers, signingSecret, { tolerance: toleranceSeconds, now });
    if (verdict.ok) return { status: 'valid', detail: null };
    return { status: verdict.reason === 'missing-headers' ? 'missing' : 'invalid', detail: verdict.message };
  };

  const checkAuthorization = (header: string | undefined): AuthorizationCheck => {
    if (header === undefined) return { status: 'none', client_id: null };
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return { status: 'not_bearer', client_id: null };
    const check = checkToken(match[1] as string);
    return { status: check.status, client_id: check.status === 'unknown' ? null : check.client_id };
  };

  return {
    receive(request) {
      const { inbox, method, url, headers, body } = request;
      const asked = Number(new URL(url, 'http://inbox').searchParams.get('status'));
      const responseStatus = Number.isInteger(asked) && asked >= 200 && asked <= 599 ? asked : 200;
      const authorization = checkAuthorization(headers['authorization']);
      const shown = { ...headers };
      if (shown['authorization'] !== undefined) shown['authorization'] = shorten(shown['authorization']);
      sequence += 1;
      const entry: InboxEntry = {
        id: sequence,
        inbox,
        method,
        url,
        headers: shown,
        body: body.length > maxBodyBytes ? body.slice(0, maxBodyBytes) : body,
        truncated: body.length > maxBodyBytes,
        received_at: now().toISOString(),
        response_status: responseStatus,
        signature: checkSignature(headers, body),
        authorization,
      };
      const list = inboxes.get(inbox) ?? [];
      list.push(entry);
      if (list.length > limitPerInbox) list.splice(0, list.length - limitPerInbox);
      // Map order is insertion order: re-inserting keeps the most recently used last.
      inboxes.delete(inbox);
      inboxes.set(inbox, list);
      if (inboxes.size > maxInboxes) inboxes.delete(inboxes.keys().next().value as string);
      for (const listener of listeners) listener(entry);
      return entry;
    },
    list: (inbox) => inboxes.get(inbox) ?? [],
    names: () =>
      [...inboxes.entries()]
        .map(([name, list]) => ({ name, count: list.length, last_received_at: list.at(-1)?.received_at ?? null }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    clear(inbox) {
      if (inbox === undefined) inboxes = new Map();
      else inboxes.delete(inbox);
    },
    onReceive(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Keeps the scheme and the first 12 characters of credentials: enough to tell tokens apart, not to reuse one. */
function shorten(authorization: string): string {
  const [scheme, credentials = ''] = authorization.split(/\s+/, 2);
  return credentials.length > 12
    ? `${scheme} ${credentials.slice(0, 12)}…`
    : `${scheme} ${'*'.repeat(credentials.length)}`;
}
