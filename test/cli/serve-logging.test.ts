import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { cliHarness, startCliServer } from '../support/cli.js';
import { DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { startReceiver } from '../support/receiver.js';

const SIGNING_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const CLIENT_SECRET = 'client-secret-4f1d9b';
const ACCESS_TOKEN = 'access-token-8c2e71';

async function serve(args: readonly string[], options: { env?: Record<string, string>; tty?: boolean } = {}) {
  const server = await startCliServer(['--clock', '2022-01-31T13:27:09Z', ...args], options);
  const post = (query: string) =>
    fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
  return { ...server, post };
}

/** Waits (bounded) until the running server has logged what `what` names. */
const logged = (predicate: () => boolean, what: string) =>
  vi.waitFor(
    () => {
      if (!predicate()) throw new Error(`timed out waiting for ${what}`);
    },
    { timeout: 10_000, interval: 10 },
  );

describe('serve logs what happens on stderr', () => {
  it('one JSON object per GraphQL operation and per delivery attempt with --log-format json, and no secret in any line', async () => {
    const tokens = await startReceiver((_, response) =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600 })),
    );
    const receiver = await startReceiver();
    const { cli, exit, origin, post } = await serve(['--log-format', 'json', '--signing-secret', SIGNING_SECRET]);
    const created = await post(
      `mutation Subscribe { create_webhook_subscription(organization_sentera_id: "${DOCUMENTED_ORGANIZATION}", callback_url: "${receiver.url}", event_types: [TASK_MODIFIED], authentication: { client_id: "me", client_secret: "${CLIENT_SECRET}", token_url: "${tokens.url}" }) { sentera_id } }`,
    );
    expect(created.status).toBe(200);
    await post('{ organizations(pagination: { page: 0, page_size: 1 }) { total_count } }');
    await fetch(`${origin}/_mock/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'TASK_MODIFIED', organization_sentera_id: DOCUMENTED_ORGANIZATION }),
    });
    await logged(() => cli.stderr().includes(`"summary":"TASK_MODIFIED ${receiver.url}"`), 'the delivery line');
    cli.stop();
    expect(await exit).toBe(0);

    const lines = cli
      .stderr()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'info',
        event: 'graphql',
        summary: 'Subscribe',
        status: 200,
        duration_ms: expect.any(Number),
        codes: [],
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ event: 'graphql', summary: 'organizations', codes: ['INVALID_PAGINATION'] }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        event: 'delivery',
        summary: `TASK_MODIFIED ${receiver.url}`,
        result: '200',
        status: 'SUCCESS',
        attempt: 1,
      }),
    );
    expect(receiver.received[0]?.headers['authorization']).toBe(`Bearer ${ACCESS_TOKEN}`);
    for (const secret of [SIGNING_SECRET, SIGNING_SECRET.slice(6), CLIENT_SECRET, ACCESS_TOKEN])
      expect(cli.stderr()).not.toContain(secret);
  });

  it.each([
    ['a terminal', { tty: true }, true],
    ['a terminal with NO_COLOR set', { tty: true, env: { NO_COLOR: '1' } }, false],
    ['a pipe', {}, false],
  ])('pretty lines, coloured only on %s', async (_, options, coloured) => {
    const { cli, exit, post } = await serve([], options);
    await post('query Probe { __typename }');
    await logged(() => cli.stderr().includes('Probe'), 'the operation line');
    cli.stop();
    expect(await exit).toBe(0);
    const line = cli
      .stderr()
      .split('\n')
      .find((candidate) => candidate.includes('Probe')) as string;
    // eslint-disable-next-line no-control-regex -- strips ANSI colour codes, which start with ESC
    expect(line.replace(/\x1b\[\d+m/g, '')).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} graphql +Probe status=200 duration_ms=[\d.]+$/,
    );
    // eslint-disable-next-line no-control-regex -- an ANSI colour code starts with ESC [
    expect(/\x1b\[/.test(cli.stderr())).toBe(coloured);
  });

  it('logs nothing with --log-level silent, and control requests at debug', async () => {
    const silent = await serve(['--log-level', 'silent']);
    await silent.post('{ __typename }');
    silent.cli.stop();
    expect(await silent.exit).toBe(0);
    expect(silent.cli.stderr()).toBe('');

    const debug = await serve(['--log-level', 'debug']);
    await fetch(`${debug.origin}/_mock/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"advance_ms":-1}',
    });
    debug.cli.stop();
    expect(await debug.exit).toBe(0);
    expect(debug.cli.stderr()).toMatch(/control +POST \/_mock\/clock status=400 codes=BAD_USER_INPUT/);
  });
});

describe('serve on the network and in browsers', () => {
  it('warns that --host 0.0.0.0 exposes the control API', async () => {
    const { cli, exit } = await serve(['--host', '0.0.0.0', '--log-level', 'silent']);
    cli.stop();
    expect(await exit).toBe(0);
    expect(cli.stderr()).toContain('control API (/_mock: reset, state, events) is reachable from the network');
  });

  it('answers the origins given with --cors-origin, refuses others, and refuses unknown Host names unless allowed', async () => {
    const { cli, exit, url, origin } = await serve([
      '--cors-origin',
      'http://localhost:5173',
      '--allowed-host',
      'mock.test',
      '--log-level',
      'silent',
    ]);
    const preflight = (from: string) =>
      fetch(url, {
        method: 'OPTIONS',
        headers: {
          origin: from,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const allowed = await preflight('http://localhost:5173');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(allowed.headers.get('access-control-allow-headers')).toBe('content-type');
    expect((await preflight('http://localhost:3000')).status).toBe(403);
    const reset = (from: string) => fetch(`${origin}/_mock/reset`, { method: 'POST', headers: { origin: from } });
    expect((await reset('http://evil.example')).status).toBe(403);
    expect((await reset('http://localhost:5173')).status).toBe(200);
    expect((await reset(origin)).status).toBe(200);
    const { request } = await import('node:http');
    const statusFor = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const sent = request(`${origin}/_mock/health`, { headers: { host } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        sent.on('error', reject).end();
      });
    expect(await statusFor('evil.example')).toBe(403);
    expect(await statusFor('mock.test:4000')).toBe(200);
    expect(await statusFor('localhost:4000')).toBe(200);
    expect(await statusFor('app.localhost')).toBe(200);
    cli.stop();
    expect(await exit).toBe(0);
  });

  it.each([
    ['a --cors-origin with a path', ['--cors-origin', 'http://localhost:5173/app'], '--cors-origin takes an origin'],
    ['a --body-limit that is not a number', ['--body-limit', '1mb'], '--body-limit must be a whole number'],
    [
      'an unknown --log-level',
      ['--log-level', 'loud'],
      '--log-level must be silent or error or info or debug, got "loud"',
    ],
    ['an unknown --log-format', ['--log-format', 'xml'], '--log-format must be pretty or json, got "xml"'],
  ])('exits 2 for %s', async (_, args, message) => {
    const cli = cliHarness();
    expect(await runCli(['serve', ...args], cli.io)).toBe(2);
    expect(cli.stderr()).toContain(message);
  });
});

describe('the start-up banner', () => {
  it('prints a trigger command that runs in this checkout, for the documented organization', async () => {
    const { cli, exit } = await serve(['--log-level', 'silent', '--delivery', 'on']);
    const line = new RegExp(
      `^Webhooks: (npm run cli -- trigger TASK_MODIFIED --org ${DOCUMENTED_ORGANIZATION} --endpoint http://127\\.0\\.0\\.1:\\d+/graphql)$`,
      'm',
    ).exec(cli.stdout());
    expect(line, cli.stdout()).not.toBeNull();
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const root = new URL('../..', import.meta.url).pathname;
    // Run as printed (in the server's process the mock must keep answering, so not execFileSync).
    const { stdout: output } = await promisify(execFile)(
      'sh',
      ['-c', (line?.[1] as string).replace('npm run cli --', 'npm run --silent cli --')],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(output).toMatch(/^[0-9a-z]{7}_WE_w3njAcmeGrand_/);
    cli.stop();
    expect(await exit).toBe(0);
  }, 90_000);

  it('uses an organization of the loaded fixtures when they lack the documented one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentera-banner-'));
    const own = 'abcdefg_OR_x1y2Farm_CV_deve_0123456_220101_000000';
    writeFileSync(
      join(dir, 'organizations.yaml'),
      `organizations:\n  - sentera_id: ${own}\n    name: Farm\n    email: farm@example.com\n    parent_organization_id: null\n`,
    );
    try {
      const { cli, exit, url } = await serve(['--fixtures', dir, '--log-level', 'silent']);
      const curl = cli
        .stdout()
        .split('\n')
        .find((line) => line.startsWith('curl ')) as string;
      const created = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: /-d '(.*)'$/.exec(curl)?.[1] as string,
      });
      expect(JSON.stringify(await created.json())).toContain('_WS_x1y2Farm_');
      cli.stop();
      expect(await exit).toBe(0);
      expect(cli.stdout()).toContain(`trigger TASK_MODIFIED --org ${own} `);
      expect(cli.stdout()).not.toContain(DOCUMENTED_ORGANIZATION);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
