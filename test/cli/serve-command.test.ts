import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { cliHarness, startCliServer } from '../support/cli.js';

describe('sentera-mock CLI', () => {
  it('prints the commands and exits 0 with --help', async () => {
    const cli = cliHarness();
    expect(await runCli(['--help'], cli.io)).toBe(0);
    expect(cli.stdout()).toMatch(/Usage: sentera-mock <command>[\s\S]*serve/);
  });

  it('prints usage and exits 2 with no command', async () => {
    const cli = cliHarness();
    expect(await runCli([], cli.io)).toBe(2);
    expect(cli.stderr()).toContain('Usage: sentera-mock <command>');
  });

  it.each([
    ['serv', 'sentera-mock: unknown command "serv"; did you mean "serve"?\nsee sentera-mock --help\n'],
    ['trigge', 'sentera-mock: unknown command "trigge"; did you mean "trigger"?\nsee sentera-mock --help\n'],
    ['contracts', 'sentera-mock: unknown command "contracts"; did you mean "contract"?\nsee sentera-mock --help\n'],
  ])('suggests the closest command for the unknown command %s and exits 2', async (name, message) => {
    const cli = cliHarness();
    expect(await runCli([name], cli.io)).toBe(2);
    expect(cli.stderr()).toBe(message);
  });

  it('lists the commands for an unknown command close to none', async () => {
    const cli = cliHarness();
    expect(await runCli(['deploy-to-production'], cli.io)).toBe(2);
    expect(cli.stderr()).toMatch(
      /^sentera-mock: unknown command "deploy-to-production"; the commands are serve, trigger, seed, contract/,
    );
  });

  it.each([['--version'], ['-v']])('prints the version of package.json with %s', async (flag) => {
    const cli = cliHarness();
    expect(await runCli([flag], cli.io)).toBe(0);
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(cli.stdout()).toBe(`${version}\n`);
  });

  it('documents every serve flag in serve --help', async () => {
    const cli = cliHarness();
    expect(await runCli(['serve', '--help'], cli.io)).toBe(0);
    for (const flag of [
      '--port',
      '--host',
      '--seed',
      '--clock',
      '--fixtures',
      '--auto-create-organizations',
      '--state',
      '--state-journal-limit',
      '--bubbling',
      '--history',
    ])
      expect(cli.stdout()).toContain(flag);
  });

  it.each([
    ['an unknown flag', ['--bogus'], "Unknown option '--bogus'"],
    ['a port that is not a number', ['--port', 'abc'], '--port must be a whole number from 0 to 65535'],
    ['a port out of range', ['--port', '70000'], '--port must be a whole number'],
    ['a clock that is not a date', ['--clock', 'tomorrow'], '--clock must be "system" or an ISO 8601 date-time'],
    ['a positional argument', ['extra'], 'Unexpected argument'],
    ['a flag without its value', ['--seed'], "Option '--seed <value>' argument missing"],
    ['a bubbling that is not on or off', ['--bubbling', 'yes'], '--bubbling must be on or off, got "yes"'],
    ['a history that is not all or new', ['--history', 'none'], '--history must be all or new, got "none"'],
    [
      'schedules that are not on or off',
      ['--schedules', 'sometimes'],
      '--schedules must be on or off, got "sometimes"',
    ],
    ['a clock before 2000', ['--clock', '1999-12-31T23:59:59Z'], '--clock must be "system" or an ISO 8601 date-time'],
    ['a max-cost that is not a number', ['--max-cost', 'lots'], '--max-cost must be a whole number'],
    [
      'a journal limit that is not a number',
      ['--state-journal-limit', '8M'],
      '--state-journal-limit must be a whole number',
    ],
  ])('prints one line and a pointer to --help, and exits 2, for %s', async (_, args, message) => {
    const cli = cliHarness();
    expect(await runCli(['serve', ...args], cli.io)).toBe(2);
    expect(cli.stderr()).toContain(message);
    expect(cli.stderr()).toMatch(/^sentera-mock serve: [^\n]+\nsee sentera-mock serve --help\n$/);
    expect(cli.stderr()).not.toMatch(/\n\s+at /);
  });

  it('exits 1 with the fixture problem and no stack trace when fixtures are invalid', async () => {
    const cli = cliHarness();
    expect(await runCli(['serve', '--port', '0', '--fixtures', '/nonexistent/fixtures'], cli.io)).toBe(1);
    expect(cli.stderr()).toContain('fixtures directory "/nonexistent/fixtures" does not exist');
    expect(cli.stderr()).not.toMatch(/\n\s+at /);
  });

  it("exits 1 with a clear message when the --state file's directory does not exist", async () => {
    const cli = cliHarness();
    expect(await runCli(['serve', '--port', '0', '--state', '/nonexistent-sentera-dir/x.json'], cli.io)).toBe(1);
    expect(cli.stderr()).toBe(
      'sentera-mock: cannot write the state file /nonexistent-sentera-dir/x.json: its directory /nonexistent-sentera-dir does not exist; create it first\n',
    );
  });

  it('serves on a free port, prints the endpoint, the console and a working curl of the documented example (delivering to its own inbox), and stops on a signal', async () => {
    const { cli, exit } = await startCliServer(['--clock', '2022-01-31T13:27:09Z', '--seed', 'cli']);
    const [first] = cli.stdout().split('\n');
    const url = /(http:\/\/127\.0\.0\.1:\d+\/graphql)$/.exec(first ?? '')?.[1];
    expect(url).toBeDefined();
    const curl = cli
      .stdout()
      .split('\n')
      .find((line) => line.startsWith('curl '));
    const body = /-d '(.*)'$/.exec(curl ?? '')?.[1] ?? '';
    const response = await fetch(url as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const origin = new URL(url as string).origin;
    expect(await response.json()).toEqual({
      data: {
        create_webhook_subscription: {
          sentera_id: expect.stringMatching(/_WS_w3njAcmeGrand_CV_deve_[0-9a-f]{9}_220131_132709$/),
          event_types: ['FEATURE_SET_CREATED'],
          callback_url: `${origin}/_inbox/example`,
        },
      },
    });
    expect(cli.stdout()).toContain(`Console (subscriptions, deliveries, inbox, live): ${origin}/\n`);
    const page = await fetch(`${origin}/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>sentera-mock console</title>');
    cli.stop('SIGINT');
    expect(await exit).toBe(0);
    expect(cli.stdout()).toContain('stopped (SIGINT)');
    await expect(fetch(url as string)).rejects.toThrow();
  });

  it.each([
    ['on', 5004],
    ['off', 1],
  ])("serves with --bubbling %s: Acme Child's subscription sees %i events", async (bubbling, expected) => {
    const { cli, exit, url } = await startCliServer(['--bubbling', bubbling]);
    const query =
      '{ webhook_subscriptions(organization_sentera_id: "3qz8w1r_OR_gd2jAcmeChild_CV_deve_ef64a0fce_220112_111011", pagination: {page: 1, page_size: 1}) { results { events(pagination: {page: 1, page_size: 1}) { total_count } } } }';
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    expect(await response.json()).toEqual({
      data: { webhook_subscriptions: { results: [{ events: { total_count: expected } }] } },
    });
    cli.stop();
    expect(await exit).toBe(0);
  });

  it.each([
    ['on', 'text/html; charset=utf-8'],
    ['off', 'application/json; charset=utf-8'],
  ])('with --graphiql %s, a browser asking for /graphql gets %s', async (graphiql, type) => {
    const { cli, exit, url } = await startCliServer(['--graphiql', graphiql]);
    const response = await fetch(url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(response.headers.get('content-type')).toBe(type);
    expect(cli.stdout().includes('GraphiQL: open')).toBe(graphiql === 'on');
    cli.stop();
    expect(await exit).toBe(0);
  });

  it('refuses a --graphiql that is not on or off with usage and exit 2', async () => {
    const cli = cliHarness();
    expect(await runCli(['serve', '--graphiql', 'maybe'], cli.io)).toBe(2);
    expect(cli.stderr()).toContain('--graphiql must be on or off, got "maybe"');
  });

  it('applies --max-cost, --max-depth and --max-aliases to every request, with the limit in the error', async () => {
    const { cli, exit, url } = await startCliServer(['--max-cost', '20', '--max-depth', '3', '--max-aliases', '1']);
    const ask = async (query: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query }),
      });
      return {
        status: response.status,
        body: (await response.json()) as { errors?: Array<{ message: string; extensions: { code: string } }> },
      };
    };
    const page = (size: number) =>
      `organizations(pagination: {page: 1, page_size: ${size}}) { results { sentera_id name } }`;
    expect((await ask(`{ ${page(5)} }`)).status).toBe(200);
    for (const [query, message] of [
      [`{ ${page(50)} }`, 'the budget is 20'],
      ['{ a: __typename b: __typename }', 'the limit is 1'],
      [
        '{ organizations(pagination: {page: 1, page_size: 1}) { results { sentera_id } } webhook_subscription(sentera_id: "x") { events(pagination: {page: 1, page_size: 1}) { results { payload { __typename } } } } }',
        '5 fields deep; the limit is 3',
      ],
    ] as const) {
      const { status, body } = await ask(query);
      expect(status).toBe(400);
      expect(body.errors?.[0]?.extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(body.errors?.[0]?.message).toContain(message);
    }
    cli.stop();
    expect(await exit).toBe(0);
  });
});
