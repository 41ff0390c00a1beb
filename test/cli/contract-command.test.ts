import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../support/cli.js';
import { runContractCli } from '../support/contract-cli.js';
import { rewriteData, startReferenceApi } from '../support/reference-api.js';

const dir = mkdtempSync(join(tmpdir(), 'sentera-contract-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sentera-mock contract', () => {
  it('is listed by sentera-mock --help', async () => {
    const { stdout } = await runCommand(['--help']);
    expect(stdout).toMatch(/^ {2}contract +check that an endpoint returns the documented fields and types$/m);
  });

  it('prints its usage and exits 0 with --help', async () => {
    const run = await runContractCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: sentera-mock contract --endpoint URL/);
    expect(run.stdout).toContain(
      'Exit codes: 0 no MUST failed, 1 a MUST failed, 2 bad usage, or an endpoint that cannot be reached,\ndoes not answer as a GraphQL endpoint (a wrong path) or refuses the credentials.',
    );
  });

  it.each([
    [[], '--endpoint is required'],
    [['--endpoint', 'localhost 4000'], '--endpoint must be an absolute http(s) URL, got "localhost 4000"'],
    [['--endpoint', 'ftp://a.example/graphql'], '--endpoint must be an http(s) URL'],
    [
      ['--endpoint', 'http://a.example/graphql', '--reporter', 'tap'],
      '--reporter must be one of pretty, json, junit, got "tap"',
    ],
    [
      ['--endpoint', 'http://a.example/graphql', '--only', 'R-01,R-99,payloads'],
      '--only/--skip: unknown check ids or layers: R-99, payloads',
    ],
    [
      ['--endpoint', 'http://a.example/graphql', '--callback-url', 'not a url'],
      '--callback-url must be an absolute http(s) URL',
    ],
    [
      ['--endpoint', 'http://a.example/graphql', '--output', '/no/such/dir/report.xml'],
      '--output: the directory /no/such/dir does not exist',
    ],
    [['--endpoint', 'http://a.example/graphql', '--timeout', 'soon'], '--timeout must be a whole number'],
    [['--endpoint', 'http://a.example/graphql', '--verbose'], "Unknown option '--verbose'"],
    [['--endpoint', 'http://a.example/graphql', '--pace', 'slowly'], '--pace must be a whole number'],
    [['--endpoint', 'http://a.example/graphql', '--subscription', ' '], '--subscription must not be empty'],
    [
      ['--endpoint', 'http://a.example/graphql', '--organization', 'x_OR_a', '--other-organization', 'x_OR_a'],
      '--other-organization must differ from --organization',
    ],
  ])('exits 2 with one line and a pointer to --help for %j', async (args, message) => {
    const run = await runContractCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/^sentera-mock contract: [^\n]+\nsee sentera-mock contract --help\n$/);
  });

  it('exits 2 and says which endpoint cannot be reached', async () => {
    const api = await startReferenceApi();
    await api.close();
    const run = await runContractCli(['--endpoint', api.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `sentera-mock contract: cannot reach ${api.url} (ECONNREFUSED); check --endpoint and that the server is running\n`,
    );
  });

  it('prints one line per check, and for a failure its path, expected and actual value; exits 1', async () => {
    const api = await startReferenceApi({
      respond: rewriteData(
        'CreateWebhookSubscription',
        (data) => (data['create_webhook_subscription'].event_types = ['SURVEY_CREATED']),
      ),
    });
    const run = await runContractCli(['--endpoint', api.url, '--only', 'R-01,R-02,R-03,S-01', '--skip', 'S-01']);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')).toEqual([
      `ok    R-01    MUST answer the documentation's create_webhook_subscription example with every requested field, of the documented type`,
      'FAIL  R-02    MUST echo callback_url and event_types in the created webhook subscription',
      '              at create_webhook_subscription.event_types: expected ["FEATURE_SET_CREATED"] (in any order), got ["SURVEY_CREATED"]',
      `ok    R-03    MUST give a created webhook subscription a sentera_id in Sentera's format, with type code WS (as the documentation's example)`,
      'cleanup: created 1 webhook subscription, deleted 1',
      expect.stringMatching(
        /^3 checks in \d+ ms: 2 ok, 1 failed \(MUST\), 0 warnings \(SHOULD\), 0 notices \(MAY\), 0 skipped$/,
      ),
      '',
    ]);
  });

  it('writes a JUnit report with one test case per check to --output and prints a summary', async () => {
    const api = await startReferenceApi({ ignoreStatusFilter: true });
    const output = join(dir, 'contract.xml');
    const run = await runContractCli([
      '--endpoint',
      api.url,
      '--only',
      'schema,R-16,R-17',
      '--reporter',
      'junit',
      '--output',
      output,
      '--read-only',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^cleanup: nothing was created\n6 checks in \d+ ms: 4 ok, 0 failed \(MUST\), 0 warnings \(SHOULD\), 0 notices \(MAY\), 2 skipped\nreport written to .*contract\.xml\n$/,
    );
    const xml = readFileSync(output, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(7);
    expect(xml).toContain(
      '<testsuite name="sentera-mock contract: schema" tests="4" failures="0" errors="0" skipped="0"',
    );
    expect(xml).toContain(
      '<testsuite name="sentera-mock contract: responses" tests="2" failures="0" errors="0" skipped="2"',
    );
  });

  it('marks a failed MUST as a JUnit failure with its findings', async () => {
    const api = await startReferenceApi({ ignoreStatusFilter: true });
    const run = await runContractCli(['--endpoint', api.url, '--only', 'R-17', '--reporter', 'junit']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /<testcase classname="sentera-mock\.contract\.responses" name="R-17 MUST filter events by status" time="[\d.]+">\s*<failure message="WebhookEventsStatuses: at update_webhook_subscription\.failed\.results\[\d+\]\.status, expected &quot;FAILED&quot;, got &quot;(SUCCESS|PENDING)&quot; \(and \d+ more\)" type="MUST"\/>/,
    );
    expect(run.stdout).toMatch(
      /<system-out>[\s\S]*at update_webhook_subscription\.failed\.results\[\d+\]\.status: expected "FAILED"/,
    );
  });

  it('writes the json report to stdout', async () => {
    const api = await startReferenceApi();
    const run = await runContractCli(['--endpoint', api.url, '--only', 'R-20', '--reporter', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      endpoint: api.url,
      read_only: false,
      passed: true,
      summary: { total: 1, ok: 1, error: 0, warn: 0, notice: 0, skip: 0 },
      checks: [{ id: 'R-20', layer: 'responses', status: 'ok', failures: [] }],
      cleanup: { created: [], deleted: [], left: [] },
    });
  });

  it('sends --header values with every request', async () => {
    const api = await startReferenceApi();
    await runContractCli(['--endpoint', api.url, '--only', 'R-20', '--header', 'Authorization: Bearer from-flag'], {
      SENTERA_TOKEN: 'from-env',
    });
    expect(api.requests.length).toBe(3);
    expect(api.requests.map((request) => request.authorization)).toEqual([
      'Bearer from-flag',
      'Bearer from-flag',
      'Bearer from-flag',
    ]);
  });
});
