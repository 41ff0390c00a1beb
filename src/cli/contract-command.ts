/**
 * contract-command
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { renderJson } from '../contract/render-json.js';
import { renderCleanup, renderPretty, renderResult } from '../contract/render-pretty.js';
import { runContract, type ContractReport } from '../contract/run-contract.js';
import {
  type Command,
  commaList,
  parseFlags,
  parseHttpUrl,
  parseInteger,
  parseReporter,
  UsageError,
} from './command.js';
import { parseHeaders } from './parse-headers.js';

const usage = `Usage: sentera-mock contract --endpoint URL [options]

Checks that a GraphQL endpoint (Sentera's staging API, sentera-mock, any implementation) returns what
schema.graphql and the documentation promise, in three layers: transport (graphql-http's GraphQL-over-HTTP
audits), schema drift (introspection diffed against schema.graphql) and responses (the documented operations,
every response validated against the schema for exactly the selection sent).

Options:
  --endpoint URL          the GraphQL endpoint to check (required)
  --header "Name: value"  a request header, repeatable; $SENTERA_TOKEN, when set, adds
                          "Authorization: Bearer $SENTERA_TOKEN" (keeps tokens off the command line)
  --organization ID       the organization to create webhook subscriptions in
                          (default: the documentation example's, which sentera-mock has)
  --callback-url URL      the callback_url of the subscriptions it creates (default:
                          https://example.com/webhooks/sentera-mock-contract, the documentation
                          example's host: public, so SSRF filters accept it, and harmless)
  --other-organization ID a second organization you can see: checks that deleting a
                          subscription through it is refused (skipped without)
  --subscription ID       an existing subscription with events: the events checks read it
                          by query (webhook_subscription), changing nothing, also with --read-only
  --only ID,...           run only these checks (ids such as R-02, or layers: transport, schema, responses)
  --skip ID,...           do not run these checks (ids or layers)
  --reporter NAME         pretty (default), json or junit (one test case per check)
  --output FILE           write the report to FILE; print only a summary
  --read-only             send no mutation: the checks that need one are skipped
  --timeout MS            how long one request may take (default 10000)
  --pace MS               the least time between two requests (default 0 on this machine,
                          100 elsewhere); HTTP 429 is retried after its Retry-After either way
  -h, --help              show this help

Every webhook subscription it creates is deleted at the end; it says so if one could not be.
Exit codes: 0 no MUST failed, 1 a MUST failed, 2 bad usage, or an endpoint that cannot be reached,
does not answer as a GraphQL endpoint (a wrong path) or refuses the credentials.`;

/**
 * `sentera-mock contract`: runs the contract-testing kit against an endpoint.
 *
 * @category CLI
 */
export const contractCommand: Command = {
  name: 'contract',
  summary: 'check that an endpoint returns the documented fields and types',
  usage,
  async run(args, io) {
    const { values, help } = parseFlags({
      args,
      options: {
        endpoint: { type: 'string' },
        header: { type: 'string', multiple: true },
        organization: { type: 'string' },
        'callback-url': { type: 'string' },
        only: { type: 'string', multiple: true },
        skip: { type: 'string', multiple: true },
        reporter: { type: 'string' },
        output: { type: 'string' },
        'read-only': { type: 'boolean' },
        timeout: { type: 'string' },
        pace: { type: 'string' },
        'other-organization': { type: 'string' },
        subscription: { type: 'string' },
      },
    });
    if (help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    if (values.endpoint === undefined)
      throw new UsageError('--endpoint is required, e.g. --endpoint http://127.0.0.1:4000/graphql');
    const endpoint = parseHttpUrl('endpoint', values.endpoint);
    const callbackUrl =
      values['callback-url'] === undefined ? undefined : parseHttpUrl('callback-url', values['callback-url']);
    for (const flag of ['organization', 'other-organization', 'subscription'] as const) {
      if (values[flag] !== undefined && values[flag].trim() === '') throw new UsageError(`--${flag} must not be empty`);
    }
    if (values['other-organization'] !== undefined && values['other-organization'] === values.organization)
      throw new UsageError('--other-organization must differ from --organization');
    const reporter = parseReporter(values.reporter);
    const output = values.output === undefined ? undefined : resolve(values.output);
    if (output !== undefined && !existsSync(dirname(output)))
      throw new UsageError(`--output: the directory ${dirname(output)} does not exist`);
    const timeoutMs = values.timeout === undefined ? undefined : parseInteger('timeout', values.timeout, 1, 600_000);
    const paceMs = values.pace === undefined ? undefined : parseInteger('pace', values.pace, 0, 60_000);
    const headers = parseHeaders(values.header ?? [], io.env);

    const streaming = reporter === 'pretty' && output === undefined;
    const run = await runContract({
      endpoint,
      headers,
      readOnly: values['read-only'] ?? false,
      only: commaList(values.only),
      skip: commaList(values.skip),
      ...(values.organization === undefined ? {} : { organization: values.organization }),
      ...(callbackUrl === undefined ? {} : { callbackUrl }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(paceMs === undefined ? {} : { paceMs }),
      ...(values['other-organization'] === undefined ? {} : { otherOrganization: values['other-organization'] }),
      ...(values.subscription === undefined ? {} : { subscription: values.subscription }),
      ...(streaming ? { onResult: (result) => io.stdout.write(`${renderResult(result, 6)}\n`) } : {}),
    });
    if (!run.ok) {
      if (run.problem === 'unknown-checks') throw new UsageError(`--only/--skip: ${run.message}`);
      io.stderr.write(
        `sentera-mock contract: ${run.message}${run.problem === 'unreachable' ? '; check --endpoint and that the server is running' : ''}\n`,
      );
      return 2;
    }
    const { report } = run;
    if (streaming) io.stdout.write(`${summaryLine(report)}\n`);
    else {
      const rendered =
        reporter === 'json'
          ? renderJson(report)
          : reporter === 'junit'
            ? (await import('../contract/render-junit.js')).renderJunit(report)
            : `${renderPretty(report)}\n`;
      if (output === undefined) io.stdout.write(rendered);
      else {
        writeFileSync(output, rendered);
        io.stdout.write(`${summaryLine(report)}\nreport written to ${output}\n`);
      }
    }
    if (report.cleanup.left.length > 0) io.stderr.write(`sentera-mock contract: ${renderCleanup(report.cleanup)}\n`);
    return report.summary.error > 0 ? 1 : 0;
  },
};

function summaryLine(report: ContractReport): string {
  return renderPretty(report)
    .split('\n')
    .slice(-(2 + report.notices.length))
    .join('\n');
}
