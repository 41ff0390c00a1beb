/**
 * check-receiver-command
 */
import { isSigningSecret } from '../delivery/sign-standard-webhook.js';
import type { WebhookAuthentication } from '../store/types.js';
import {
  type Command,
  commaList,
  parseFlags,
  parseHttpUrl,
  parseInteger,
  parseReporter,
  UsageError,
} from './command.js';

const usage = `Usage: sentera-mock check-receiver --url URL [options]

Sends a battery of webhook deliveries to YOUR receiver (the service that gets Sentera's webhooks) and reports
what a robust receiver does: acknowledges valid deliveries quickly (also duplicates, out-of-order events and
unknown event types), rejects bad signatures, stale or future timestamps, changed bodies and missing or wrong
Bearer tokens, never redirects, and survives slow and dropped request bodies. Checks have stable ids (RC-01…)
and MUST/SHOULD levels like the contract kit. It cannot see what happens behind a 2xx (double processing of a
duplicate, a dropped event): test that in your own tests.

Options:
  --url URL              the receiver's endpoint, e.g. http://localhost:3000/webhooks (required)
  --secret whsec_...     the Standard Webhooks secret your receiver verifies with; enables the signature
                         checks (also $SENTERA_MOCK_SIGNING_SECRET)
  --auth LIST            client credentials the sender uses for a Bearer token, enabling the authentication
                         checks: token_url=URL,client_id=ID,client_secret=SECRET[,scope=S]
                         (client_secret may come from $SENTERA_MOCK_CLIENT_SECRET instead)
  --delivery-body envelope|payload
                         the body form your receiver expects (default envelope, the mock's default)
  --only ID,...          run only these checks
  --timeout MS           the sender's per-delivery timeout (default 15000, the mock's)
  --ack-within MS        the SHOULD bound for acknowledging a valid delivery (default 2000)
  --reporter NAME        pretty (default), json or junit (one test case per check)
  -h, --help             show this help

Every delivery uses fresh ids (webhook-id, sentera_id) made for this run.
Exit codes: 0 no MUST failed, 1 a MUST failed, 2 bad usage, or a receiver or token_url that cannot be reached.`;

/**
 * `sentera-mock check-receiver`: judges a webhook receiver with test deliveries.
 *
 * @category CLI
 */
export const checkReceiverCommand: Command = {
  name: 'check-receiver',
  summary: 'check that your webhook receiver verifies, acknowledges and rejects deliveries as it should',
  usage,
  async run(args, io) {
    const { values, help } = parseFlags({
      args,
      options: {
        url: { type: 'string' },
        secret: { type: 'string' },
        auth: { type: 'string' },
        'delivery-body': { type: 'string' },
        only: { type: 'string', multiple: true },
        timeout: { type: 'string' },
        'ack-within': { type: 'string' },
        reporter: { type: 'string' },
      },
    });
    if (help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    if (values.url === undefined) throw new UsageError('--url is required, e.g. --url http://localhost:3000/webhooks');
    const url = parseHttpUrl('url', values.url);
    const secret = values.secret ?? io.env['SENTERA_MOCK_SIGNING_SECRET'] ?? null;
    if (secret !== null && !isSigningSecret(secret))
      throw new UsageError(
        '--secret must be whsec_ followed by base64 of 24 to 64 bytes, e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      );
    const authentication =
      values.auth === undefined ? null : parseAuth(values.auth, io.env['SENTERA_MOCK_CLIENT_SECRET']);
    const body = values['delivery-body'] ?? 'envelope';
    if (body !== 'envelope' && body !== 'payload')
      throw new UsageError(`--delivery-body must be envelope or payload, got "${body}"`);
    const reporter = parseReporter(values.reporter);
    const timeoutMs = values.timeout === undefined ? undefined : parseInteger('timeout', values.timeout, 1, 600_000);
    const acknowledgeWithinMs =
      values['ack-within'] === undefined ? undefined : parseInteger('ack-within', values['ack-within'], 1, 600_000);
    const only = commaList(values.only);

    // Loaded here, not at import: other commands (serve) should not pay for the receiver check at start-up.
    const [{ renderResult }, { renderReceiverJson, renderReceiverJunit, renderReceiverSummary }, { runReceiverCheck }] =
      await Promise.all([
        import('../contract/render-pretty.js'),
        import('../receiver-check/render-receiver-report.js'),
        import('../receiver-check/run-receiver-check.js'),
      ]);
    const streaming = reporter === 'pretty';
    if (streaming)
      io.stdout.write(
        `sentera-mock check-receiver: ${url} (${secret === null ? 'unsigned (no --secret)' : 'signed'}, ${authentication === null ? 'no --auth' : 'with a Bearer token'})\n`,
      );
    const run = await runReceiverCheck({
      url,
      secret,
      authentication,
      body,
      ...(only.length > 0 ? { only } : {}),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(acknowledgeWithinMs === undefined ? {} : { acknowledgeWithinMs }),
      ...(streaming ? { onResult: (result) => io.stdout.write(`${renderResult(result, 5)}\n`) } : {}),
    });
    if (!run.ok) {
      if (run.problem === 'unknown-checks') throw new UsageError(`--only: ${run.message}`);
      io.stderr.write(
        `sentera-mock check-receiver: ${run.message}${run.problem === 'unreachable' ? '; is the receiver running?' : '; check --auth'}\n`,
      );
      return 2;
    }
    const { report } = run;
    io.stdout.write(
      streaming
        ? `${renderReceiverSummary(report)}\n`
        : reporter === 'json'
          ? renderReceiverJson(report)
          : renderReceiverJunit(report),
    );
    return report.summary.error > 0 ? 1 : 0;
  },
};

function parseAuth(list: string, envSecret: string | undefined): WebhookAuthentication {
  const fields: Record<string, string> = {};
  for (const item of list.split(',')) {
    const match = /^(token_url|client_id|client_secret|scope)=(.+)$/.exec(item.trim());
    if (!match)
      throw new UsageError(`--auth takes token_url=URL,client_id=ID,client_secret=SECRET[,scope=S], got "${item}"`);
    fields[match[1] as string] = match[2] as string;
  }
  const clientSecret = fields['client_secret'] ?? envSecret;
  if (!fields['token_url'] || !fields['client_id'] || !clientSecret)
    throw new UsageError('--auth needs token_url, client_id and client_secret (or $SENTERA_MOCK_CLIENT_SECRET)');
  return {
    token_url: parseHttpUrl('auth token_url', fields['token_url']),
    client_id: fields['client_id'],
    client_secret: clientSecret,
    scope: fields['scope'] ?? null,
  };
}
