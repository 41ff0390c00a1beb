/**
 * trigger-command
 */
import * as v from 'valibot';
import { createControlClient } from '../client/create-control-client.js';
import { type Command, parseFlags, parseInteger, UsageError } from './command.js';
import { deliveriesIn, refusalText, type DeliveryView } from './mock-control-client.js';
import { parseHeaders } from './parse-headers.js';
import { DEFAULT_PORT } from './serve-command.js';

const DEFAULT_ENDPOINT = `http://127.0.0.1:${DEFAULT_PORT}/graphql`;

const usage = `Usage: sentera-mock trigger <EVENT_TYPE> --org <sentera_id> [options]

Asks a running mock to emit one event now, then prints the event's sentera_id and the deliveries it caused
(after their first attempts, or --wait milliseconds).

Options:
  --org SENTERA_ID        the organization the event happens in (required)
  --endpoint URL          the running mock, as serve printed it (default ${DEFAULT_ENDPOINT})
  --set payload.FIELD=V   set a payload field (created_by_id, updated_by_id; "null" for null),
  --set triggering_object_id=V   or the triggering object; repeatable
  --header "Name: value"  a request header, repeatable
  --wait MS               how long to wait for the first attempts (default 5000; 0: do not wait)
  --json                  print one JSON document for scripts: {"event": {...}, "deliveries": [...]}
  -h, --help              show this help

Exit codes: 0 emitted (whatever the deliveries did), 1 refused by the mock, 2 bad usage or unreachable mock.`;

/** What `POST /_mock/events` answers when it emitted the event (the fields this command reads). */
const EMITTED = v.object({ event: v.object({ sentera_id: v.string() }), deliveries: v.optional(v.array(v.string())) });

/**
 * `sentera-mock trigger`: emits one event in a running mock, through its control API.
 *
 * @category CLI
 */
export const triggerCommand: Command = {
  name: 'trigger',
  summary: 'emit an event in a running mock and show its deliveries',
  usage,
  async run(args, io) {
    const { values, positionals, help } = parseFlags({
      args,
      positionals: true,
      options: {
        org: { type: 'string' },
        endpoint: { type: 'string' },
        set: { type: 'string', multiple: true },
        header: { type: 'string', multiple: true },
        wait: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    if (help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one EVENT_TYPE, e.g. TASK_MODIFIED');
    if (!values.org) throw new UsageError('--org is required');
    const endpoint = values.endpoint ?? DEFAULT_ENDPOINT;
    let origin: string;
    try {
      origin = new URL(endpoint).origin;
    } catch {
      throw new UsageError(`--endpoint must be an absolute URL such as ${DEFAULT_ENDPOINT}, got "${endpoint}"`);
    }
    const wait = values.wait === undefined ? 5_000 : parseInteger('wait', values.wait, 0, 600_000);
    const control = createControlClient({ origin, headers: parseHeaders(values.header ?? [], io.env) });
    const body: {
      type: string;
      organization_sentera_id: string;
      payload: Record<string, string | null>;
      triggering_object_id?: string;
    } = { type: positionals[0] as string, organization_sentera_id: values.org, payload: {} };
    for (const assignment of values.set ?? []) {
      const match = /^(payload\.(created_by_id|updated_by_id)|triggering_object_id)=(.*)$/.exec(assignment);
      if (!match)
        throw new UsageError(
          `--set must be payload.created_by_id=…, payload.updated_by_id=… or triggering_object_id=…, got "${assignment}"`,
        );
      const value = match[3] as string;
      if (match[1] === 'triggering_object_id') body.triggering_object_id = value;
      else body.payload[match[2] as string] = value === 'null' ? null : value;
    }

    const unreachable = (message: string) => {
      io.stderr.write(
        `sentera-mock trigger: cannot reach a mock at ${origin} (${message}); start one with sentera-mock serve\n`,
      );
      return 2;
    };
    const emitted = await control.request('/events', { method: 'POST', body });
    if (!emitted.reached) return unreachable(emitted.failure.message);
    const answer = emitted.body;
    if (emitted.status === 404 && !answer?.error?.code.startsWith('ORGANIZATION')) {
      io.stderr.write(`sentera-mock trigger: ${origin} is not a sentera-mock (no /_mock/events)\n`);
      return 2;
    }
    if (!v.is(EMITTED, answer)) {
      io.stderr.write(`sentera-mock trigger: ${refusalText(emitted.status, answer)}\n`);
      return 1;
    }
    if (!values.json) io.stdout.write(`${answer.event.sentera_id}\n`);
    const deliveries = answer.deliveries ?? [];
    if (deliveries.length === 0) {
      io.stdout.write(
        values.json
          ? `${JSON.stringify({ event: answer.event, deliveries: [] }, null, 2)}\n`
          : 'no subscription matches this event: nothing to deliver\n',
      );
      return 0;
    }
    const deadline = performance.now() + wait;
    let records: readonly DeliveryView[];
    do {
      const list = await control.request(`/deliveries?event=${encodeURIComponent(answer.event.sentera_id)}`);
      if (!list.reached) return unreachable(list.failure.message);
      records = deliveriesIn(list.body) ?? [];
      if (records.every((record) => record.attempts.length > 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } while (performance.now() < deadline);
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ event: answer.event, deliveries: records }, null, 2)}\n`);
      return 0;
    }
    for (const record of records) {
      const last = record.attempts[record.attempts.length - 1];
      const outcome = last
        ? last.status_code !== null
          ? `HTTP ${last.status_code}`
          : last.error
        : 'not attempted yet';
      io.stdout.write(
        `delivery ${record.subscription_sentera_id} ${record.url} ${record.status} attempts=${record.attempts.length} last=${outcome}\n`,
      );
    }
    return 0;
  },
};
