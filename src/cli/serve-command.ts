/**
 * serve-command
 */
import { parseArgs } from 'node:util';
import { createManualClock, createSystemClock, type Clock } from '../runtime/clock.js';
import { DEFAULT_SEED } from '../mock/default-seed.js';
import type { DeliveryOptions } from '../delivery/create-delivery.js';
import type { DeliveryFaults } from '../delivery/delivery-types.js';
import { isSigningSecret } from '../delivery/sign-standard-webhook.js';
import { parseInteger, UsageError, type Command } from './command.js';

type DeliverySettings = Omit<DeliveryOptions, 'events' | 'store' | 'seed'>;

/** The port `serve` uses when none is given. */
export const DEFAULT_PORT = 4000;

const DOCUMENTED_ORGANIZATION = '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024';

const usage = `Usage: sentera-mock serve [options]

Serves a mock of Sentera's GraphQL webhook-subscription API on localhost.

Options:
  --port N                     port to listen on; 0 picks a free one (default ${DEFAULT_PORT})
  --host H                     interface to bind (default 127.0.0.1)
  --seed S                     seed for ids and fake data (default "${DEFAULT_SEED}")
  --clock ISO|system           "system" (default) or a fixed start instant such as
                               2022-01-31T13:27:09Z; a fixed clock stands still until
                               moved with POST /_mock/clock
  --fixtures DIR               fixtures directory (default: the package's fixtures/)
  --auto-create-organizations  accept well-formed unknown organization ids and create
                               them on first use (default: ORGANIZATION_NOT_FOUND error)
  --state FILE                 keep subscriptions, emitted events, delivery states and id
                               counters in FILE across restarts (restored at start, saved
                               atomically after each change)
  --bubbling on|off            whether an organization's subscriptions also get its
                               descendants' events (default: fixtures' settings, else on)
  --history all|new            whether a new subscription's events include those from
                               before it was created (default: fixtures' settings, else all)
  --schedules on|off           emit the fixtures' scheduled events, for live demos (default off)
  --delivery on|off            POST emitted events to callback URLs (default on)
  --time-scale X               multiply delivery delays (retry schedule, Retry-After) by X,
                               e.g. 0.001 to run the ~28 h retry schedule in ~100 s (default 1)
  --delivery-timeout MS        per-attempt timeout (default 15000)
  --delivery-body envelope|payload
                               POST an envelope mirroring WebhookEvent (default) or the bare payload
  --signing-secret whsec_...   sign deliveries the Standard Webhooks way (webhook-id,
                               webhook-timestamp, webhook-signature); also $SENTERA_MOCK_SIGNING_SECRET
  --strict-delivery            refuse callback URLs that resolve to loopback, private or
                               link-local addresses, as production senders do
  --faults LIST                receiver-test faults, e.g. duplicate=0.2,reorder=500,delay=100
                               (share of duplicated deliveries, reorder window ms, extra delay ms)
  -h, --help                   show this help

Same seed, fixtures, fixed clock and requests give byte-identical responses.`;

/**
 * `sentera-mock serve`: runs the mock until SIGINT or SIGTERM.
 *
 * @category CLI
 */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the mock GraphQL endpoint on localhost',
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        clock: { type: 'string' },
        fixtures: { type: 'string' },
        'auto-create-organizations': { type: 'boolean' },
        state: { type: 'string' },
        bubbling: { type: 'string' },
        history: { type: 'string' },
        delivery: { type: 'string' },
        schedules: { type: 'string' },
        'time-scale': { type: 'string' },
        'delivery-timeout': { type: 'string' },
        'delivery-body': { type: 'string' },
        'signing-secret': { type: 'string' },
        'strict-delivery': { type: 'boolean' },
        faults: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    const port = values.port === undefined ? DEFAULT_PORT : parseInteger('port', values.port, 0, 65535);
    // Loaded here, not at import: `--help`, `trigger` and `seed` (which import DEFAULT_PORT) need none of it.
    const [{ startMockServer }, { ConfigurationError }, { parseDateTime }] = await Promise.all([import('../server/start-mock-server.js'), import('../errors.js'), import('../schema/scalars.js')]);
    const clock = parseClock(values.clock ?? 'system', parseDateTime);
    if (values.seed === '') throw new UsageError('--seed must not be empty');
    const bubbling = choice('bubbling', values.bubbling, { on: true, off: false });
    const history = choice('history', values.history, { all: true, new: false });
    const delivery = parseDelivery(values, io.env);
    let server;
    try {
      server = await startMockServer({
        port,
        host: values.host ?? '127.0.0.1',
        seed: values.seed ?? DEFAULT_SEED,
        clock,
        ...(values.fixtures === undefined ? {} : { fixturesDir: values.fixtures }),
        autoCreateOrganizations: values['auto-create-organizations'] ?? false,
        ...(values.state === undefined ? {} : { stateFile: values.state }),
        ...(bubbling === undefined ? {} : { bubbling }),
        ...(history === undefined ? {} : { newSubscriptionsSeeHistory: history }),
        delivery,
        schedules: choice('schedules', values.schedules, { on: true, off: false }) ?? false,
      });
    } catch (error) {
      if (error instanceof ConfigurationError) {
        io.stderr.write(`sentera-mock: ${error.message}\n`);
        return 1;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
        io.stderr.write(`sentera-mock: cannot listen on ${values.host ?? '127.0.0.1'}:${port} (${code}); pick another --port or --host\n`);
        return 1;
      }
      throw error;
    }
    io.stdout.write(`sentera-mock serving Sentera's webhook-subscription API at ${server.url}\n`);
    io.stdout.write(`Try the documented example:\n${exampleCurl(server.url)}\n`);
    io.stdout.write(delivery === false ? 'Webhook delivery is off.\n' : `Webhooks: sentera-mock trigger TASK_MODIFIED --org ${DOCUMENTED_ORGANIZATION} --endpoint ${server.url}\n`);
    const signal = await io.stopSignal;
    await server.close();
    io.stdout.write(`sentera-mock stopped (${signal})\n`);
    return 0;
  },
};

function parseDelivery(values: Record<string, string | boolean | undefined>, env: Readonly<Record<string, string | undefined>>): DeliverySettings | false {
  if (choice('delivery', values['delivery'] as string | undefined, { on: true, off: false }) === false) return false;
  const settings: { -readonly [K in keyof DeliverySettings]: DeliverySettings[K] } = {};
  const scale = values['time-scale'] as string | undefined;
  if (scale !== undefined) {
    if (!/^\d+(\.\d+)?(e-?\d+)?$/i.test(scale) || !(Number(scale) > 0)) throw new UsageError(`--time-scale must be a number above 0, e.g. 0.001, got "${scale}"`);
    settings.timeScale = Number(scale);
  }
  const timeout = values['delivery-timeout'] as string | undefined;
  if (timeout !== undefined) settings.timeoutMs = parseInteger('delivery-timeout', timeout, 1, 600_000);
  const body = choice('delivery-body', values['delivery-body'] as string | undefined, { envelope: 'envelope' as const, payload: 'payload' as const });
  if (body !== undefined) settings.body = body;
  const secret = (values['signing-secret'] as string | undefined) ?? env['SENTERA_MOCK_SIGNING_SECRET'];
  if (secret !== undefined) {
    if (!isSigningSecret(secret)) throw new UsageError('--signing-secret must be whsec_ followed by base64 of 24 to 64 bytes, e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    settings.signingSecret = secret;
  }
  if (values['strict-delivery']) settings.strict = true;
  const faults = values['faults'] as string | undefined;
  if (faults !== undefined) settings.faults = parseFaults(faults);
  return settings;
}

function parseFaults(list: string): DeliveryFaults {
  const faults: { duplicateRate?: number; reorderWindowMs?: number; delayMs?: number } = {};
  for (const item of list.split(',')) {
    const match = /^(duplicate|reorder|delay)=(\d+(\.\d+)?)$/.exec(item.trim());
    if (!match) throw new UsageError(`--faults takes duplicate=SHARE,reorder=MS,delay=MS, got "${item}"`);
    const value = Number(match[2]);
    if (match[1] === 'duplicate') {
      if (value > 1) throw new UsageError(`--faults duplicate is a share from 0 to 1, got ${value}`);
      faults.duplicateRate = value;
    } else if (match[1] === 'reorder') faults.reorderWindowMs = value;
    else faults.delayMs = value;
  }
  return faults;
}

function choice<T>(flag: string, value: string | undefined, choices: Record<string, T>): T | undefined {
  if (value === undefined) return undefined;
  if (!Object.hasOwn(choices, value)) throw new UsageError(`--${flag} must be ${Object.keys(choices).join(' or ')}, got "${value}"`);
  return choices[value];
}

function parseClock(value: string, parseDateTime: (value: string) => Date): Clock {
  if (value === 'system') return createSystemClock();
  try {
    return createManualClock({ start: parseDateTime(value) });
  } catch {
    throw new UsageError(`--clock must be "system" or an ISO 8601 date-time such as 2022-01-31T13:27:09Z, got "${value}"`);
  }
}

/** A copy-paste curl of the documentation's create_webhook_subscription example against `url`. */
export function exampleCurl(url: string): string {
  const query = `mutation CreateWebhookSubscription { create_webhook_subscription(organization_sentera_id: "${DOCUMENTED_ORGANIZATION}", callback_url: "https://example.com/webhooks", event_types: [FEATURE_SET_CREATED]) { sentera_id event_types callback_url } }`;
  return `curl -s ${url} -H 'content-type: application/json' -d '${JSON.stringify({ query })}'`;
}
