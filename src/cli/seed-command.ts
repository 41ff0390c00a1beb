/**
 * seed-command
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../runtime/package-root.js';
import { createFileLedger } from '../seed/create-file-ledger.js';
import { parseScenario } from '../seed/parse-scenario.js';
import { runSeed } from '../seed/run-seed.js';
import { type Command, parseFlags, UsageError } from './command.js';
import { parseHeaders } from './parse-headers.js';
import { DEFAULT_PORT } from './serve-command.js';

const DEFAULT_ENDPOINT = `http://127.0.0.1:${DEFAULT_PORT}/graphql`;
const DEFAULT_LEDGER = '.sentera-mock-seed-ledger.json';

const usage = `Usage: sentera-mock seed [options]

Creates a scenario's webhook subscriptions in a running mock or a real endpoint (through the documented
create_webhook_subscription mutation only), and in a mock also emits its events (which the mock delivers).
Re-running creates nothing twice: a subscription is identified by (organization_sentera_id, callback_url),
an event by its triggering_object_id. Nothing is ever deleted.

Options:
  --scenario NAME|FILE   a shipped scenario (demo) or a scenario file (default demo)
  --endpoint URL         the GraphQL endpoint (default ${DEFAULT_ENDPOINT})
  --header "Name: value" a request header, repeatable; $SENTERA_TOKEN, when set, adds
                         "Authorization: Bearer $SENTERA_TOKEN"
  --ledger FILE          where seeding a real API remembers what it created, since the API has
                         no documented read-back query (default ${DEFAULT_LEDGER})
  --dry-run              show what would be created; change nothing
  -h, --help             show this help

Exit codes: 0 nothing failed, 1 something failed, 2 bad usage or unreachable endpoint.`;

/**
 * `sentera-mock seed`: fills a mock or a real endpoint with a reproducible scenario.
 *
 * @category CLI
 */
export const seedCommand: Command = {
  name: 'seed',
  summary: "create a scenario's subscriptions (and, in a mock, events) idempotently",
  usage,
  async run(args, io) {
    const { values, help } = parseFlags({
      args,
      options: {
        scenario: { type: 'string' },
        endpoint: { type: 'string' },
        header: { type: 'string', multiple: true },
        ledger: { type: 'string' },
        'dry-run': { type: 'boolean' },
      },
    });
    if (help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    const endpoint = values.endpoint ?? DEFAULT_ENDPOINT;
    try {
      new URL(endpoint);
    } catch {
      throw new UsageError(`--endpoint must be an absolute URL such as ${DEFAULT_ENDPOINT}, got "${endpoint}"`);
    }
    const headers = parseHeaders(values.header ?? [], io.env);
    const file = scenarioFile(values.scenario ?? 'demo');
    const scenario = parseScenario(readFileSync(file, 'utf8'), file);
    const ledger = createFileLedger(resolve(values.ledger ?? DEFAULT_LEDGER));
    const dryRun = values['dry-run'] ?? false;
    const report = await runSeed({ scenario, endpoint, headers, dryRun, ledger });
    if (!report.ok) {
      io.stderr.write(`sentera-mock seed: ${report.problem.message}\n`);
      return 2;
    }
    io.stdout.write(
      `seeding scenario "${scenario.name}" into ${endpoint} (${report.value.target === 'mock' ? 'a sentera-mock' : 'an API that is not a sentera-mock'})${dryRun ? ', dry run' : ''}\n`,
    );
    for (const outcome of report.value.outcomes) {
      const action = outcome.action === 'planned' ? 'would create' : outcome.action;
      io.stdout.write(
        `${action.padEnd(12)} ${outcome.kind.padEnd(12)} ${outcome.key}${outcome.sentera_id ? `  ${outcome.sentera_id}` : ''}${outcome.reason ? `  (${outcome.reason})` : ''}\n`,
      );
    }
    const count = (action: string) => report.value.outcomes.filter((outcome) => outcome.action === action).length;
    io.stdout.write(
      `${count('created')} created, ${count('skipped')} skipped, ${count('failed')} failed${dryRun ? `, ${count('planned')} would be created` : ''}\n`,
    );
    return count('failed') > 0 ? 1 : 0;
  },
};

function scenarioFile(value: string): string {
  const shipped = join(packageRoot(), 'scenarios', `${value}.yaml`);
  if (/^[a-z0-9-]+$/i.test(value) && existsSync(shipped)) return shipped;
  if (existsSync(value)) return value;
  throw new UsageError(`--scenario must be a shipped scenario (demo) or a scenario file; "${value}" is neither`);
}
