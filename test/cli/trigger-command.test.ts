import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { cliHarness, startCliServer } from '../support/cli.js';
import { DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { startReceiver } from '../support/receiver.js';

const serve = (args: readonly string[]) => startCliServer(['--bubbling', 'off', ...args]);

describe('sentera-mock trigger', () => {
  it('emits an event in a running mock and prints its id and its delivery', async () => {
    const receiver = await startReceiver((_, response, index) => response.writeHead(index === 0 ? 500 : 200).end());
    const server = await serve(['--time-scale', '0.001']);
    const create = `mutation { create_webhook_subscription(organization_sentera_id: "${DOCUMENTED_ORGANIZATION}", callback_url: "${receiver.url}", event_types: [TASK_MODIFIED]) { sentera_id } }`;
    const created = (await (
      await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: create }),
      })
    ).json()) as { data: { create_webhook_subscription: { sentera_id: string } } };
    const cli = cliHarness();
    const code = await runCli(
      [
        'trigger',
        'TASK_MODIFIED',
        '--org',
        DOCUMENTED_ORGANIZATION,
        '--endpoint',
        server.url,
        '--set',
        'payload.updated_by_id=vkuk9ja_US_7yqcJohnDow_CV_deve_f844446_200204_170541',
      ],
      cli.io,
    );
    expect(code).toBe(0);
    const [eventId] = cli.stdout().split('\n');
    expect(eventId).toMatch(/^[0-9a-z]{7}_WE_w3njAcmeGrand_CV_/);
    expect(cli.stdout()).toContain(`delivery ${created.data.create_webhook_subscription.sentera_id} ${receiver.url}`);
    // The first attempt got a 500; with --time-scale 0.001 the 5 s retry comes 5 ms later.
    await vi.waitFor(() => expect(receiver.received).toHaveLength(2), { timeout: 5_000, interval: 10 });
    expect(JSON.parse(receiver.received[1]?.body ?? '')).toMatchObject({
      sentera_id: eventId,
      type: 'TASK_MODIFIED',
      payload: { updated_by_id: 'vkuk9ja_US_7yqcJohnDow_CV_deve_f844446_200204_170541' },
    });
    expect(await server.stop()).toBe(0);
  });

  it("exits 1 with the mock's reason when the mock refuses the event", async () => {
    const server = await serve([]);
    const cli = cliHarness();
    expect(
      await runCli(
        [
          'trigger',
          'TASK_MODIFIED',
          '--org',
          'zzzzzzz_OR_nobody_CV_deve_0123456_220101_000000',
          '--endpoint',
          server.url,
        ],
        cli.io,
      ),
    ).toBe(1);
    expect(cli.stderr()).toContain('ORGANIZATION_NOT_FOUND');
    await server.stop();
  });

  it.each([
    [['TASK_MODIFIED'], '--org is required'],
    [['--org', DOCUMENTED_ORGANIZATION], 'give exactly one EVENT_TYPE'],
    [['TASK_MODIFIED', '--org', DOCUMENTED_ORGANIZATION, '--set', 'colour=red'], '--set must be'],
    [['TASK_MODIFIED', '--org', DOCUMENTED_ORGANIZATION, '--endpoint', 'nope'], '--endpoint must be an absolute URL'],
  ])('prints one line, points at --help and exits 2 for %j', async (args, message) => {
    const cli = cliHarness();
    expect(await runCli(['trigger', ...args], cli.io)).toBe(2);
    expect(cli.stderr()).toContain(message);
    expect(cli.stderr()).toMatch(/^sentera-mock trigger: [^\n]+\nsee sentera-mock trigger --help\n$/);
  });

  it('exits 2 when no mock answers', async () => {
    const cli = cliHarness();
    expect(
      await runCli(
        ['trigger', 'TASK_MODIFIED', '--org', DOCUMENTED_ORGANIZATION, '--endpoint', 'http://127.0.0.1:1/graphql'],
        cli.io,
      ),
    ).toBe(2);
    expect(cli.stderr()).toContain('cannot reach a mock at http://127.0.0.1:1');
  });
});

describe('serve delivery flags', () => {
  it.each([
    [['--time-scale', 'fast'], '--time-scale must be a number above 0'],
    [['--time-scale', '0'], '--time-scale must be a number above 0'],
    [['--signing-secret', 'secret'], '--signing-secret must be whsec_'],
    [['--faults', 'explode=1'], '--faults takes duplicate=SHARE,reorder=MS,delay=MS'],
    [['--faults', 'duplicate=2'], 'duplicate is a share from 0 to 1'],
    [['--delivery', 'maybe'], '--delivery must be on or off'],
    [['--delivery-body', 'xml'], '--delivery-body must be envelope or payload'],
  ])('refuse %j with usage and exit 2', async (args, message) => {
    const cli = cliHarness();
    expect(await runCli(['serve', '--port', '0', ...args], cli.io)).toBe(2);
    expect(cli.stderr()).toContain(message);
  });

  it('signs deliveries with --signing-secret', async () => {
    const receiver = await startReceiver();
    const server = await serve(['--signing-secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw']);
    const create = `mutation { create_webhook_subscription(organization_sentera_id: "${DOCUMENTED_ORGANIZATION}", callback_url: "${receiver.url}", event_types: [SURVEY_CREATED]) { sentera_id } }`;
    await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: create }),
    });
    await runCli(
      ['trigger', 'SURVEY_CREATED', '--org', DOCUMENTED_ORGANIZATION, '--endpoint', server.url],
      cliHarness().io,
    );
    expect(receiver.received[0]?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    await server.stop();
  });
});
