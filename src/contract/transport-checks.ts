/**
 * transport-checks
 *
 * Layer 1: graphql-http's GraphQL-over-HTTP audits, each one a check `T-<audit id>` with the audit's own name.
 */
import { serverAudits, type AuditResult } from 'graphql-http';
import type { Transport } from '../client/send-graphql.js';
import { timedCheck, type ContractCheck } from './contract-check.js';
import type { EndpointSchema } from './endpoint-schema.js';
import { show } from './read-path.js';

/** A request that asks for introspection (`__schema` or `__type`), in its body or its URL. */
const INTROSPECTIVE = /__schema|__type\b/;

/**
 * The transport checks: every audit of graphql-http's `serverAudits`, sent with the run's headers (a token, say).
 * An audit that cannot complete (no response) fails with the reason. An audit that failed on an introspection query
 * (several send `{ __type(name: …) }`) is skipped when the endpoint has introspection disabled, and one still rate
 * limited (HTTP 429) after the retries is skipped.
 */
export function transportChecks(
  transport: Transport,
  idPrefix: string,
  endpointSchema: EndpointSchema,
): ContractCheck[] {
  let introspective = false;
  const fetchWithHeaders: typeof fetch = (input, init) => {
    if (
      INTROSPECTIVE.test(
        `${String(input instanceof Request ? input.url : input)} ${typeof init?.body === 'string' ? init.body : ''}`,
      )
    )
      introspective = true;
    const headers = new Headers(init?.headers);
    for (const [name, value] of Object.entries(transport.headers)) if (!headers.has(name)) headers.set(name, value);
    return transport.fetch(input, { ...init, headers });
  };
  return serverAudits({ url: transport.endpoint, fetchFn: fetchWithHeaders }).map((audit) =>
    timedCheck(`${idPrefix}${audit.id}`, audit.name, 'transport', async () => {
      introspective = false;
      let result: AuditResult;
      try {
        result = await audit.fn();
      } catch (error) {
        const message =
          error instanceof Error
            ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`
            : String(error);
        return {
          status: 'fail',
          reason: `the audit could not complete: ${message}`,
          failures: [{ path: '(http)', expected: 'a response', actual: message }],
        };
      }
      if (result.status === 'ok') return { status: 'ok' };
      if (introspective) {
        const schema = await endpointSchema.get();
        if (schema.kind === 'unavailable')
          return { status: 'skip', reason: `the audit sends an introspection query, and ${schema.reason}` };
      }
      if (result.response.status === 429)
        return { status: 'skip', reason: 'rate limited (HTTP 429) after the retries Retry-After allowed' };
      const body = await bodyOf(result.response);
      return {
        status: 'fail',
        reason: result.reason,
        failures: [
          {
            path: '(http)',
            expected: audit.name.replace(/^(MUST|SHOULD|MAY)( NOT)? /, ''),
            actual: `${result.reason}: HTTP ${result.response.status} ${result.response.headers.get('content-type') ?? '(no content-type)'} ${show(body, 100)}`,
          },
        ],
      };
    }),
  );
}

/** The body of an audit's response, unless the audit already read it. */
async function bodyOf(response: Response): Promise<string> {
  if (response.bodyUsed) return '';
  try {
    return await response.clone().text();
  } catch {
    return '';
  }
}
