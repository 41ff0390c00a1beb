/**
 * deliveries-command
 */
import { type Command, parseFlags, UsageError } from './command.js';
import {
  callControl,
  DEFAULT_MOCK_ENDPOINT,
  deliveryLine,
  mockOrigin,
  refusalText,
  deliveriesIn,
} from './mock-control-client.js';
import { parseHeaders } from './parse-headers.js';

const STATUSES = ['PENDING', 'SUCCESS', 'FAILED'];

const usage = `Usage: sentera-mock deliveries [options]

Lists the webhook deliveries of a running mock, newest first: one line per (event, subscription) with its
status, attempts and last outcome.

Options:
  --event ID              only this event's deliveries
  --subscription ID       only this subscription's deliveries
  --status S              PENDING, SUCCESS or FAILED
  --json                  print the log as one JSON document ({"deliveries": [...]}, every attempt in full)
  --endpoint URL          the running mock, as serve printed it (default ${DEFAULT_MOCK_ENDPOINT})
  --header "Name: value"  a request header, repeatable
  -h, --help              show this help

Exit codes: 0 listed (even none), 1 refused by the mock (e.g. delivery off), 2 bad usage or no mock.`;

/**
 * `sentera-mock deliveries`: the delivery log of a running mock.
 *
 * @category CLI
 */
export const deliveriesCommand: Command = {
  name: 'deliveries',
  summary: "list a running mock's webhook deliveries and their attempts",
  usage,
  async run(args, io) {
    const { values, help } = parseFlags({
      args,
      options: {
        event: { type: 'string' },
        subscription: { type: 'string' },
        status: { type: 'string' },
        json: { type: 'boolean' },
        endpoint: { type: 'string' },
        header: { type: 'string', multiple: true },
      },
    });
    if (help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    if (values.status !== undefined && !STATUSES.includes(values.status))
      throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, got "${values.status}"`);
    const origin = mockOrigin(values.endpoint);
    const query = new URLSearchParams();
    for (const key of ['event', 'subscription', 'status'] as const)
      if (values[key] !== undefined) query.set(key, values[key]);
    const answer = await callControl(origin, `/deliveries${query.size > 0 ? `?${query.toString()}` : ''}`, {
      headers: parseHeaders(values.header ?? [], io.env),
    });
    if (!answer.reached) {
      io.stderr.write(`sentera-mock deliveries: ${answer.message}\n`);
      return 2;
    }
    const deliveries = deliveriesIn(answer.body);
    if (answer.status !== 200 || !deliveries) {
      io.stderr.write(`sentera-mock deliveries: ${refusalText(answer.status, answer.body)}\n`);
      return 1;
    }
    if (values.json) io.stdout.write(`${JSON.stringify({ deliveries }, null, 2)}\n`);
    else if (deliveries.length === 0) io.stdout.write('no deliveries\n');
    else for (const record of deliveries) io.stdout.write(`${deliveryLine(record)}\n`);
    return 0;
  },
};
