import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../support/cli.js';
import { startTestServer } from '../support/test-mock.js';

const dir = mkdtempSync(join(tmpdir(), 'sentera-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let ledgers = 0;
const ledger = () => join(dir, `ledger-${ledgers++}.json`);

const seed = (args: string[], env: Record<string, string> = {}) => runCommand(['seed', ...args], env);

describe('sentera-mock seed', () => {
  it('creates the demo scenario in a mock, then creates nothing the second time', async () => {
    const server = await startTestServer();
    const first = await seed(['--endpoint', server.url, '--ledger', ledger()]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('into ' + server.url + ' (a sentera-mock)');
    expect(first.stdout).toContain('7 created, 0 skipped, 0 failed');
    expect(
      server.mock.store
        .allWebhookSubscriptions()
        .filter((subscription) => subscription.callback_url.includes('/_inbox/demo-')),
    ).toHaveLength(3);
    expect(server.mock.events.findEvents({})).toHaveLength(4 + (server.mock.fixtures.events?.length ?? 0));

    const second = await seed(['--endpoint', server.url, '--ledger', ledger()]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 created, 7 skipped, 0 failed');
    expect(
      server.mock.store
        .allWebhookSubscriptions()
        .filter((subscription) => subscription.callback_url.includes('/_inbox/demo-')),
    ).toHaveLength(3);
    expect(server.mock.events.findEvents({})).toHaveLength(4 + (server.mock.fixtures.events?.length ?? 0));
  });

  it('plans without changing anything on --dry-run', async () => {
    const server = await startTestServer();
    const before = JSON.stringify(server.mock.state.snapshot());
    const run = await seed(['--endpoint', server.url, '--dry-run', '--ledger', ledger()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 created, 0 skipped, 0 failed, 7 would be created');
    expect(JSON.stringify(server.mock.state.snapshot())).toBe(before);
  });

  it('seeds a real API through create_webhook_subscription only, remembers it in the ledger, and never deletes', async () => {
    const requests: Array<{ query: string; variables: Record<string, unknown>; authorization: string | undefined }> =
      [];
    let counter = 0;
    const api = nock('https://api.example.test')
      .persist()
      .get('/_mock/health')
      .reply(404, 'Not Found')
      .post('/graphql')
      .reply(function reply(_uri, body) {
        const request = body as { query: string; variables: Record<string, unknown> };
        requests.push({ ...request, authorization: this.req.headers['authorization'] });
        return [
          200,
          {
            data: {
              create_webhook_subscription: {
                sentera_id: `${String(counter++).padStart(7, '0')}_WS_tok_CV_prod_0123456_220101_000000`,
              },
            },
          },
        ];
      });
    const path = ledger();
    // The shipped demo points at the mock's own inbox ({mock}); a real API gets a scenario with real URLs.
    const scenario = join(dir, 'demo-for-an-api.yaml');
    writeFileSync(
      scenario,
      readFileSync(join(import.meta.dirname, '../../scenarios/demo.yaml'), 'utf8').replaceAll(
        '{mock}',
        'https://hooks.example.test',
      ),
    );
    const first = await seed(
      ['--endpoint', 'https://api.example.test/graphql', '--scenario', scenario, '--ledger', path],
      { SENTERA_TOKEN: 'secret-token' },
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('an API that is not a sentera-mock');
    expect(first.stdout).toContain('3 created, 4 skipped, 0 failed');
    expect(first.stdout).toContain('events can only be seeded into a sentera-mock');
    expect(requests).toHaveLength(3);
    expect(
      requests.every(
        (request) =>
          /^mutation SeedSubscription/.test(request.query) && request.authorization === 'Bearer secret-token',
      ),
    ).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      format: 'sentera-mock-seed-ledger',
      entries: expect.arrayContaining([expect.objectContaining({ endpoint: 'https://api.example.test/graphql' })]),
    });

    const second = await seed([
      '--endpoint',
      'https://api.example.test/graphql',
      '--scenario',
      scenario,
      '--ledger',
      path,
    ]);
    expect(second.stdout).toContain('0 created, 7 skipped, 0 failed');
    expect(requests).toHaveLength(3);
    expect(requests.some((request) => /delete/i.test(request.query))).toBe(false);
    api.persist(false);
  });

  it('refuses to seed the shipped demo (which delivers to the mock itself) into a real API, sending no mutation', async () => {
    const mutations: string[] = [];
    const api = nock('https://api.example.test')
      .persist()
      .get('/_mock/health')
      .reply(404, 'Not Found')
      .post('/graphql')
      .reply(200, (_uri, body) => {
        mutations.push((body as { query: string }).query);
        return { data: {} };
      });
    const run = await seed(['--endpoint', 'https://api.example.test/graphql', '--ledger', ledger()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("its URLs point at the mock's own inbox or token endpoint ({mock})");
    expect(run.stdout).toContain('0 created, 4 skipped, 3 failed');
    expect(mutations).toEqual([]);
    api.persist(false);
  });

  it('reports each failure and exits 1', async () => {
    const server = await startTestServer();
    const scenario = join(dir, 'bad-org.yaml');
    writeFileSync(
      scenario,
      'scenario: bad\nsubscriptions:\n  - organization_sentera_id: zzzzzzz_OR_nobody_CV_deve_0123456_220101_000000\n    callback_url: https://example.com/x\n    event_types: [TASK_MODIFIED]\n',
    );
    const run = await seed(['--endpoint', server.url, '--scenario', scenario, '--ledger', ledger()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /failed\s+subscription\s+zzzzzzz_OR_nobody\S* https:\/\/example\.com\/x\s+\(ORGANIZATION_NOT_FOUND: /,
    );
  });

  it('exits 2 when the endpoint cannot be reached', async () => {
    const run = await seed(['--endpoint', 'http://127.0.0.1:1/graphql', '--ledger', ledger()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot reach http://127.0.0.1:1/graphql');
  });

  it.each([
    [['--scenario', 'nope'], 2, 'neither'],
    [['--endpoint', 'not a url'], 2, '--endpoint must be an absolute URL'],
    [['--header', 'no colon'], 2, '--header must look like "Name: value"'],
    [['--bogus'], 2, "Unknown option '--bogus'"],
  ])('refuses %j with exit %i', async (args, code, message) => {
    const run = await seed([...args, '--ledger', ledger()]);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
  });

  it('names the file and path of a bad scenario', async () => {
    const scenario = join(dir, 'bad-type.yaml');
    writeFileSync(
      scenario,
      'scenario: bad\nsubscriptions:\n  - organization_sentera_id: zuhhzlj_OR_b2muTheMosaic_CV_deve_faffd93_210608_225434\n    callback_url: https://example.com/x\n    event_types: [ORDER_PLACED]\n',
    );
    const run = await seed(['--scenario', scenario, '--ledger', ledger()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/bad-type\.yaml: subscriptions\[0\]\.event_types\[0\]: expected a WebhookEventType/);
  });
});
