/**
 * create-attempt-sender
 */
import type { OrganizationEvent } from '../events/event-types.js';
import type { WebhookAuthentication } from '../store/types.js';
import { buildDeliveryBody, type DeliveryBodyFormat } from './build-delivery-body.js';
import { checkDestination } from './check-destination.js';
import type { TokenCache } from './create-token-cache.js';
import { sendAttempt, type AttemptOutcome } from './send-attempt.js';
import { signStandardWebhook } from './sign-standard-webhook.js';

/**
 * What one attempt of a delivery gave: the POST's outcome, whether a 401 made it fetch a fresh OAuth token, and
 * whether no retry can help (`final`: strict mode refused the callback's address).
 *
 * @category Delivery
 */
export interface SentAttempt extends AttemptOutcome {
  readonly tokenRefreshed: boolean;
  readonly final: boolean;
}

/**
 * Options of {@link createAttemptSender}: the delivery's own options, resolved.
 *
 * @category Delivery
 */
interface AttemptSenderOptions {
  fetch: typeof fetch;
  /** Real time, for signature timestamps. */
  now: () => Date;
  timeoutMs: number;
  body: DeliveryBodyFormat;
  signingSecret: string | null;
  strict: boolean;
  tokens: TokenCache;
  userAgent: string;
}

/**
 * Makes one attempt of a delivery: the body in the chosen format, the headers (`webhook-id`, the event type, a
 * Standard Webhooks signature when there is a secret), a Bearer token when the subscription has `authentication`
 * (and a fresh one once after a 401), strict mode's checks of the callback's and the token URL's addresses. Never
 * throws for a failure: it is in the result.
 *
 * @category Delivery
 */
export function createAttemptSender(
  options: AttemptSenderOptions,
): (input: {
  event: OrganizationEvent;
  url: string;
  authentication: WebhookAuthentication | null;
}) => Promise<SentAttempt> {
  const { fetch: fetchFn, now, timeoutMs, body: bodyFormat, signingSecret, strict, tokens, userAgent } = options;
  const failed = (error: string, { final = false, tokenRefreshed = false } = {}): SentAttempt => ({
    ok: false,
    status: null,
    durationMs: 0,
    error,
    responseSnippet: '',
    retryAfter: null,
    tokenRefreshed,
    final,
  });

  return async ({ event, url, authentication }) => {
    const body = buildDeliveryBody(event, bodyFormat);
    const headers = (): Record<string, string> => {
      const timestamp = Math.floor(now().getTime() / 1000);
      return {
        'content-type': 'application/json',
        'user-agent': userAgent,
        'webhook-id': event.sentera_id,
        'x-sentera-event-type': event.type,
        ...(signingSecret
          ? {
              'webhook-timestamp': String(timestamp),
              'webhook-signature': signStandardWebhook({
                secret: signingSecret,
                id: event.sentera_id,
                timestamp,
                body,
              }),
            }
          : {}),
      };
    };
    const post = async (bearer: { token: string; tokenRefreshed: boolean } | null): Promise<SentAttempt> => ({
      ...(await sendAttempt({
        fetch: fetchFn,
        url,
        headers: bearer ? { ...headers(), authorization: `Bearer ${bearer.token}` } : headers(),
        body,
        timeoutMs,
      })),
      tokenRefreshed: bearer?.tokenRefreshed ?? false,
      final: false,
    });
    if (strict) {
      const destination = await checkDestination(url);
      // No retry can change where a name resolves to in time to matter: the delivery fails at once.
      if (!destination.ok) return failed(destination.problem.message, { final: true });
    }
    if (!authentication) return post(null);
    if (strict) {
      // The token request carries the client credentials: it must not go where a delivery may not.
      const tokenDestination = await checkDestination(authentication.token_url);
      if (!tokenDestination.ok) return failed(`token_error: ${tokenDestination.problem.message}`);
    }
    const token = await tokens.get(authentication);
    if (!token.ok) return failed(token.problem.message);
    const first = await post({ token: token.value, tokenRefreshed: false });
    if (first.status !== 401) return first;
    tokens.invalidate(authentication);
    const fresh = await tokens.get(authentication);
    if (!fresh.ok) return failed(fresh.problem.message, { tokenRefreshed: true });
    return post({ token: fresh.value, tokenRefreshed: true });
  };
}
