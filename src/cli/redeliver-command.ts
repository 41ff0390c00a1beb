/**
 * redeliver-command
 */
import { parseFlags, parseInteger, UsageError, type Command } from './command.js';
import {
  callControl,
  DEFAULT_MOCK_ENDPOINT,
  deliveryLine,
  mockOrigin,
  refusalText,
  deliveriesIn,
} from './mock-control-client.js';
import { parseHeaders } from './parse-headers.js';

const usage = `Usage: sentera-mock redeliver <EVENT_ID> [options]

Sends an emitted or fixture event again (a manual attempt, as in Svix or Stripe's "events resend") to the
subscriptions it was delivered to, or to one of them, then prints the deliveries after their first attempt.

Options:
  --subscription ID       only to this subscription
  --wait MS               how long to wait for the first attempts (default 5000; 0: do not wait)
  --json                  print the deliveries as one JSON document
  --endpoint URL          the running mock, as serve printed it (default ${DEFAULT_MOCK_ENDPOINT})
  --header "Name: value"  a request header, repeatable
  -h, --help              show this help

Exit codes: 0 redelivery started (whatever the receiver answers), 1 refused by the mock (unknown event or
subscription, delivery off), 2 bad usage or no mock.`;

/**
 * `sentera-mock redeliver`: sends an event again through a running mock.
 *
 * @category CLI
 */
export const redeliverCommand: Command = {
  name: 'redeliver',
  summary: 'send an event again to its subscriptions in a running mock',
  usage,
  async run(args, io) {
    const { values, positionals, help } = parseFlags({
      args,
      positionals: true,
      options: {
        subscription: { type: 'string' },
        wait: { type: 'string' },
        json: { type: 'boolean' },
        endpoint: { type: 'string' },
        header: { type: 'string', multiple: true },
      },
    });
    if (help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one EVENT_ID (the sentera_id trigger printed)');
    const eventId = positionals[0] as string;
    const origin = mockOrigin(values.endpoint);
    const wait = values.wait === undefined ? 5_000 : parseInteger('wait', values.wait, 0, 600_000);
    const headers = parseHeaders(values.header ?? [], io.env);
    const query = values.subscription === undefined ? '' : `?subscription=${encodeURIComponent(values.subscription)}`;
    const answer = await callControl(origin, `/events/${encodeURIComponent(eventId)}/redeliver${query}`, {
      method: 'POST',
      headers,
    });
    if (!answer.reached) {
      io.stderr.write(`sentera-mock redeliver: ${answer.message}\n`);
      return 2;
    }
    const started = deliveriesIn(answer.body);
    if (answer.status !== 202 || !started) {
      io.stderr.write(`sentera-mock redeliver: ${refusalText(answer.status, answer.body)}\n`);
      return 1;
    }
    const before = new Map(started.map((record) => [record.id, record.attempts.length]));
    let records = started;
    const deadline = performance.now() + wait;
    while (wait > 0 && performance.now() < deadline) {
      const list = await callControl(origin, `/deliveries?event=${encodeURIComponent(eventId)}`, { headers });
      const listed = list.reached ? deliveriesIn(list.body) : undefined;
      if (listed) records = listed.filter((record) => before.has(record.id));
      if (
        records.every((record) =>
          record.attempts.some(
            (attempt, index) => index >= (before.get(record.id) ?? 0) && attempt.trigger === 'manual',
          ),
        )
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (values.json) io.stdout.write(`${JSON.stringify({ deliveries: records }, null, 2)}\n`);
    else for (const record of records) io.stdout.write(`${deliveryLine(record)}\n`);
    return 0;
  },
};
