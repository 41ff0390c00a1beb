/**
 * serve-command
 */
import { DOCUMENTED_ORGANIZATION, documentedExampleMutation } from '../ui/documented-example.js';
import { createManualClock, createSystemClock, type Clock } from '../runtime/clock.js';
import { DEFAULT_SEED } from '../mock/default-seed.js';
import type { DeliveryOptions } from '../delivery/create-delivery.js';
import type { DeliveryFaults } from '../delivery/delivery-types.js';
import { isSigningSecret } from '../delivery/sign-standard-webhook.js';
import { DEFAULT_BODY_LIMIT, DEFAULT_STATE_BODY_LIMIT } from '../http/create-front-door.js';
import { createLogger, shouldColor, type LogFormat, type LogLevel } from '../log/create-logger.js';
import { packageRoot } from '../runtime/package-root.js';
import type { Organization } from '../store/types.js';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Command, parseFlags, parseInteger, UsageError } from './command.js';

type DeliverySettings = Omit<DeliveryOptions, 'events' | 'store' | 'seed'>;

/** The port `serve` uses when none is given. */
export const DEFAULT_PORT = 4000;

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
                               counters in FILE across restarts (restored at start; each change
                               is in the journal FILE.journal, on disk, before it is answered)
  --state-journal-limit BYTES  journal size past which the state is written to FILE anew and the
                               journal emptied (default 8 MiB)
  --bubbling on|off            whether an organization's subscriptions also get its
                               descendants' events (default: fixtures' settings, else on)
  --history all|new            whether a new subscription's events include those from
                               before it was created (default: fixtures' settings, else all)
  --schedules on|off           emit the fixtures' scheduled events, for live demos (default off)
  --graphiql on|off            serve GraphiQL to browsers at GET /graphql (default on)
  --delivery on|off            POST emitted events to callback URLs (default on)
  --time-scale X               multiply delivery delays (retry schedule, Retry-After) by X,
                               e.g. 0.001 to run the ~28 h retry schedule in ~100 s (default 1)
  --delivery-timeout MS        per-attempt timeout (default 15000)
  --delivery-body envelope|payload
                               POST an envelope mirroring WebhookEvent (default) or the bare payload
  --signing-secret whsec_...   sign deliveries the Standard Webhooks way (webhook-id,
                               webhook-timestamp, webhook-signature); also $SENTERA_MOCK_SIGNING_SECRET
  --strict-delivery            as production senders do: refuse a callback_url that is a literal
                               loopback, private or link-local address when a subscription is
                               created or updated (BLOCKED_CALLBACK_URL), and fail at once (FAILED,
                               no retries) a delivery to a name that resolves to one
  --faults LIST                receiver-test faults, e.g. duplicate=0.2,reorder=500,delay=100
                               (share of duplicated deliveries, reorder window ms, extra delay ms)
  --cors-origin ORIGIN|*       let pages of ORIGIN (e.g. http://localhost:5173) call the mock from a
                               browser; repeatable; '*' for any origin (default: none, same origin only)
  --allowed-host NAME          answer requests for this Host name too (default: IP addresses, localhost,
                               *.localhost and the --host name); repeatable; .example.com for subdomains
  --body-limit BYTES           largest request body (default ${DEFAULT_BODY_LIMIT}, 1 MiB); larger ones get 413
  --state-body-limit BYTES     largest PUT /_mock/state body (default ${DEFAULT_STATE_BODY_LIMIT}, 64 MiB)
  --log-level LEVEL            silent, error, info (default: one line per GraphQL operation and
                               delivery attempt, on stderr) or debug (also control API requests)
  --log-format pretty|json     log lines for people (default) or one JSON object per line
  --keep-deliveries N          finished deliveries kept in the log; older ones are forgotten
                               (counted in the state file) (default 10000)
  --keep-events N              emitted events kept; older ones are forgotten (default 10000)
  --max-cost N                 refuse operations that may return more than N values
                               (page_size times nesting; default 100000)
  --max-depth N                refuse operations nesting fields more than N deep (default 24)
  --max-aliases N              refuse operations with more than N aliases (default 64)
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
    const { values, help } = parseFlags({
      args,
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
        graphiql: { type: 'string' },
        'time-scale': { type: 'string' },
        'delivery-timeout': { type: 'string' },
        'delivery-body': { type: 'string' },
        'signing-secret': { type: 'string' },
        'strict-delivery': { type: 'boolean' },
        faults: { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        'allowed-host': { type: 'string', multiple: true },
        'body-limit': { type: 'string' },
        'state-body-limit': { type: 'string' },
        'state-journal-limit': { type: 'string' },
        'log-level': { type: 'string' },
        'log-format': { type: 'string' },
        'max-cost': { type: 'string' },
        'keep-deliveries': { type: 'string' },
        'keep-events': { type: 'string' },
        'max-depth': { type: 'string' },
        'max-aliases': { type: 'string' },
      },
    });
    if (help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    const port = values.port === undefined ? DEFAULT_PORT : parseInteger('port', values.port, 0, 65535);
    // Loaded here, not at import: `--help`, `trigger` and `seed` (which import DEFAULT_PORT) need none of it.
    const [{ startMockServer }, { ConfigurationError }, { parseDateTime }] = await Promise.all([
      import('../server/start-mock-server.js'),
      import('../errors.js'),
      import('../schema/scalars.js'),
    ]);
    const clock = parseClock(values.clock ?? 'system', parseDateTime);
    if (values.seed === '') throw new UsageError('--seed must not be empty');
    const bubbling = choice('bubbling', values.bubbling, { on: true, off: false });
    const history = choice('history', values.history, { all: true, new: false });
    const delivery = parseDelivery(values, io.env);
    const host = values.host ?? '127.0.0.1';
    const corsOrigins = (values['cors-origin'] ?? []).map(parseOrigin);
    const allowedHosts = values['allowed-host'] ?? [];
    for (const name of allowedHosts)
      if (!/^\.?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(name))
        throw new UsageError(`--allowed-host takes a host name such as mock.test or .example.com, got "${name}"`);
    const bodyLimit =
      values['body-limit'] === undefined ? undefined : parseInteger('body-limit', values['body-limit'], 1, 2 ** 31);
    const stateBodyLimit =
      values['state-body-limit'] === undefined
        ? undefined
        : parseInteger('state-body-limit', values['state-body-limit'], 1, 2 ** 31);
    const journalLimit =
      values['state-journal-limit'] === undefined
        ? undefined
        : parseInteger('state-journal-limit', values['state-journal-limit'], 0, 2 ** 40);
    const logLevel =
      choice('log-level', values['log-level'], {
        silent: 'silent',
        error: 'error',
        info: 'info',
        debug: 'debug',
      } satisfies Record<LogLevel, LogLevel>) ?? 'info';
    const logFormat =
      choice('log-format', values['log-format'], { pretty: 'pretty', json: 'json' } satisfies Record<
        LogFormat,
        LogFormat
      >) ?? 'pretty';
    const stderr = io.stderr as { write(text: string): unknown; isTTY?: boolean };
    const logger = createLogger({
      level: logLevel,
      format: logFormat,
      write: (line) => void io.stderr.write(line),
      color: logFormat === 'pretty' && shouldColor(stderr, io.env),
    });
    const graphiql = choice('graphiql', values.graphiql, { on: true, off: false }) ?? true;
    if (delivery !== false && values['keep-deliveries'] !== undefined)
      delivery.keepDeliveries = parseInteger('keep-deliveries', values['keep-deliveries'], 0, 10_000_000);
    const keepEvents =
      values['keep-events'] === undefined
        ? undefined
        : parseInteger('keep-events', values['keep-events'], 0, 10_000_000);
    const limits: { maxCost?: number; maxDepth?: number; maxAliases?: number } = {};
    if (values['max-cost'] !== undefined)
      limits.maxCost = parseInteger('max-cost', values['max-cost'], 1, 1_000_000_000);
    if (values['max-depth'] !== undefined) limits.maxDepth = parseInteger('max-depth', values['max-depth'], 1, 1_000);
    if (values['max-aliases'] !== undefined)
      limits.maxAliases = parseInteger('max-aliases', values['max-aliases'], 0, 100_000);
    let server;
    try {
      server = await startMockServer({
        port,
        host,
        logger,
        http: {
          corsOrigins,
          allowedHosts,
          ...(bodyLimit === undefined ? {} : { bodyLimit }),
          ...(stateBodyLimit === undefined ? {} : { stateBodyLimit }),
        },
        seed: values.seed ?? DEFAULT_SEED,
        clock,
        ...(values.fixtures === undefined ? {} : { fixturesDir: values.fixtures }),
        autoCreateOrganizations: values['auto-create-organizations'] ?? false,
        ...(values.state === undefined ? {} : { stateFile: values.state }),
        ...(journalLimit === undefined ? {} : { stateJournalLimit: journalLimit }),
        ...(bubbling === undefined ? {} : { bubbling }),
        ...(history === undefined ? {} : { newSubscriptionsSeeHistory: history }),
        delivery,
        schedules: choice('schedules', values.schedules, { on: true, off: false }) ?? false,
        graphiql,
        limits,
        ...(keepEvents === undefined ? {} : { keepEmittedEvents: keepEvents }),
      });
    } catch (error) {
      if (error instanceof ConfigurationError) {
        io.stderr.write(`sentera-mock: ${error.message}\n`);
        return 1;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
        io.stderr.write(`sentera-mock: cannot listen on ${host}:${port} (${code}); pick another --port or --host\n`);
        return 1;
      }
      throw error;
    }
    if (!isLoopback(host)) {
      io.stderr.write(
        `sentera-mock: warning: listening on ${host}, so the control API (/_mock: reset, state, events) is reachable from the network, not only from this machine\n`,
      );
    }
    const organization = exampleOrganization(server.mock.fixtures.organizations);
    io.stdout.write(`sentera-mock serving Sentera's webhook-subscription API at ${server.url}\n`);
    io.stdout.write(`Console (subscriptions, deliveries, inbox, live): ${server.origin}/\n`);
    if (graphiql) io.stdout.write(`GraphiQL: open ${server.url} in a browser\n`);
    if (organization === undefined)
      io.stdout.write('The fixtures have no organization: add one to create webhook subscriptions.\n');
    else io.stdout.write(`Try the documented example:\n${exampleCurl(server.url, organization)}\n`);
    if (delivery === false) io.stdout.write('Webhook delivery is off.\n');
    else if (organization !== undefined)
      io.stdout.write(
        `Webhooks: ${cliInvocation()} trigger TASK_MODIFIED --org ${organization} --endpoint ${server.url}\n`,
      );
    for (const note of server.stateNotes) io.stderr.write(`sentera-mock: warning: ${note}\n`);
    if (values.state !== undefined) {
      const droppedDeliveries = server.mock.delivery?.dropped ?? 0;
      const droppedEvents = server.mock.events.droppedEvents;
      io.stdout.write(
        `State: ${values.state}${droppedDeliveries + droppedEvents > 0 ? ` (retention has dropped ${droppedDeliveries} finished deliveries and ${droppedEvents} emitted events so far)` : ''}\n`,
      );
    }
    const signal = await io.stopSignal;
    await server.close();
    io.stdout.write(`sentera-mock stopped (${signal})\n`);
    return 0;
  },
};

function parseDelivery(
  values: Record<string, string | boolean | string[] | undefined>,
  env: Readonly<Record<string, string | undefined>>,
): DeliverySettings | false {
  if (choice('delivery', values['delivery'] as string | undefined, { on: true, off: false }) === false) return false;
  const settings: { -readonly [K in keyof DeliverySettings]: DeliverySettings[K] } = {};
  const scale = values['time-scale'] as string | undefined;
  if (scale !== undefined) {
    if (!/^\d+(\.\d+)?(e-?\d+)?$/i.test(scale) || !(Number(scale) > 0))
      throw new UsageError(`--time-scale must be a number above 0, e.g. 0.001, got "${scale}"`);
    settings.timeScale = Number(scale);
  }
  const timeout = values['delivery-timeout'] as string | undefined;
  if (timeout !== undefined) settings.timeoutMs = parseInteger('delivery-timeout', timeout, 1, 600_000);
  const body = choice('delivery-body', values['delivery-body'] as string | undefined, {
    envelope: 'envelope' as const,
    payload: 'payload' as const,
  });
  if (body !== undefined) settings.body = body;
  const secret = (values['signing-secret'] as string | undefined) ?? env['SENTERA_MOCK_SIGNING_SECRET'];
  if (secret !== undefined) {
    if (!isSigningSecret(secret))
      throw new UsageError(
        '--signing-secret must be whsec_ followed by base64 of 24 to 64 bytes, e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      );
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
  if (!Object.hasOwn(choices, value))
    throw new UsageError(`--${flag} must be ${Object.keys(choices).join(' or ')}, got "${value}"`);
  return choices[value];
}

function parseClock(value: string, parseDateTime: (value: string) => Date): Clock {
  if (value === 'system') return createSystemClock();
  try {
    return createManualClock({ start: parseDateTime(value) });
  } catch {
    throw new UsageError(
      `--clock must be "system" or an ISO 8601 date-time such as 2022-01-31T13:27:09Z, got "${value}"`,
    );
  }
}

/** A copy-paste curl of the documentation's create_webhook_subscription example against `url`, delivering to the mock's own inbox. */
export function exampleCurl(url: string, organization = DOCUMENTED_ORGANIZATION): string {
  const query = documentedExampleMutation({ callbackUrl: `${new URL(url).origin}/_inbox/example`, organization });
  return `curl -s ${url} -H 'content-type: application/json' -d '${JSON.stringify({ query })}'`;
}

/** The documented example's organization when the fixtures have it, else their first organization. */
function exampleOrganization(organizations: readonly Organization[]): string | undefined {
  return (
    organizations.find((organization) => organization.sentera_id === DOCUMENTED_ORGANIZATION)?.sentera_id ??
    organizations[0]?.sentera_id
  );
}

/**
 * How to run this CLI from where the user is: `npm run cli --` inside a checkout (the package root is the working
 * directory and has the sources), `node <path>/bin/sentera-mock.js` from elsewhere in a checkout, else the installed
 * `sentera-mock` (through npx).
 */
function cliInvocation(): string {
  const root = packageRoot();
  if (!existsSync(join(root, 'src', 'cli', 'main.ts'))) return 'npx sentera-mock';
  const cwd = process.cwd();
  if (relative(cwd, root) === '') return 'npm run cli --';
  return `node ${join(relative(cwd, root) || '.', 'bin', 'sentera-mock.js')}`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function parseOrigin(value: string): string {
  if (value === '*') return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--cors-origin takes an origin such as http://localhost:5173 or '*', got "${value}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== value.replace(/\/$/, '')) {
    throw new UsageError(
      `--cors-origin takes an origin (scheme, host and port, no path) such as http://localhost:5173, got "${value}"`,
    );
  }
  return url.origin;
}
