import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/delivery/redact-url.js';
import { DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { createTestMock, startTestServer } from '../support/test-mock.js';

const dir = mkdtempSync(join(tmpdir(), 'sentera-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SECRET = 'client-s3cret-value';
const authentication = {
  client_id: 'sentera',
  client_secret: SECRET,
  token_url: 'https://auth.example.test/oauth/token',
  scope: null,
};

describe('OAuth client secrets', () => {
  it('are redacted in GET /_mock/state, shown with ?secrets=include, and kept in the state file', async () => {
    const path = join(dir, 'state.json');
    const server = await startTestServer({ stateFile: path });
    const created = server.mock.store.createWebhookSubscription({
      organization_sentera_id: DOCUMENTED_ORGANIZATION,
      callback_url: 'https://example.com/h',
      event_types: ['TASK_MODIFIED'],
      authentication,
    });
    if (!created.ok) throw new Error(created.problem.message);
    const exported = await (await fetch(`${server.origin}/_mock/state`)).text();
    expect(exported).not.toContain(SECRET);
    expect(exported).toContain('"client_secret":"[redacted]"');
    expect(await (await fetch(`${server.origin}/_mock/state?secrets=include`)).text()).toContain(SECRET);
    await server.close();
    expect(readFileSync(path, 'utf8')).toContain(SECRET);
  });

  it('survive re-importing a redacted export into the same mock; a mock without them refuses it and changes nothing', async () => {
    const server = await startTestServer();
    const created = server.mock.store.createWebhookSubscription({
      organization_sentera_id: DOCUMENTED_ORGANIZATION,
      callback_url: 'https://example.com/h',
      event_types: ['TASK_MODIFIED'],
      authentication,
    });
    if (!created.ok) throw new Error(created.problem.message);
    const exported = await (await fetch(`${server.origin}/_mock/state`)).text();
    const put = (origin: string) =>
      fetch(`${origin}/_mock/state`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: exported,
      });
    expect((await put(server.origin)).status).toBe(200);
    expect(server.mock.store.getWebhookSubscription(created.value.sentera_id)?.authentication?.client_secret).toBe(
      SECRET,
    );

    const fresh = await startTestServer();
    const before = JSON.stringify(fresh.mock.state.snapshot({ redactSecrets: false }).parts);
    const refused = await put(fresh.origin);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      error: {
        code: 'BAD_USER_INPUT',
        message: expect.stringContaining(
          'client_secret is redacted and this mock holds no secret for that subscription',
        ),
      },
    });
    expect(JSON.stringify(fresh.mock.state.snapshot({ redactSecrets: false }).parts)).toBe(before);
  });
});

describe('the delivery log', () => {
  it('never shows the password of a callback or token URL', async () => {
    const fetchStub = (async () => new Response('nope', { status: 500 })) as typeof fetch;
    const mock = createTestMock({ bubbling: false, delivery: { fetch: fetchStub, schedule: [0] } });
    const created = mock.store.createWebhookSubscription({
      organization_sentera_id: DOCUMENTED_ORGANIZATION,
      callback_url: 'https://hook:hunter2@93.184.216.34/h',
      event_types: ['TASK_MODIFIED'],
      authentication: { ...authentication, token_url: 'https://id:tok3n-pass@auth.example.test/token' },
    });
    if (!created.ok) throw new Error(created.problem.message);
    mock.events.emit({ type: 'TASK_MODIFIED', organization_sentera_id: DOCUMENTED_ORGANIZATION });
    await mock.delivery?.idle(5_000);
    const log = JSON.stringify(mock.delivery?.list());
    expect(log).toContain('token_error: https://id:redacted@auth.example.test/token answered HTTP 500');
    expect(log).not.toMatch(/hunter2|tok3n-pass|s3cret/);
    mock.close();
  });

  it.each([
    ['https://user:pass@example.com/h?x=1', 'https://user:redacted@example.com/h?x=1'],
    ['https://user@example.com/h', 'https://user@example.com/h'],
    ['https://example.com/h', 'https://example.com/h'],
    ['not a url @ all', 'not a url @ all'],
  ])('redactUrl(%s) is %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });
});
