import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/seed/parse-scenario.js';
import { runSeed } from '../../src/seed/run-seed.js';
import { PAGE_CSP } from '../../src/ui/render-pages.js';
import { postGraphQL, startTestServer } from '../support/test-mock.js';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** Reads a live stream until `until` matches what arrived, or throws after `timeoutMs`. */
async function readStream(response: Response, until: RegExp, timeoutMs = 5000): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (!until.test(text)) {
      if (Date.now() > deadline) throw new Error(`the stream did not say ${until}; it said:\n${text}`);
      const next = await Promise.race([
        reader.read(),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 200)),
      ]);
      if (next?.value) text += decoder.decode(next.value);
    }
  } finally {
    await reader.cancel();
  }
  return text;
}

describe('the pages and the inbox on the front door', () => {
  it('serves GraphiQL to a browser at GET /graphql, with the documented example as the first tab and only its own assets', async () => {
    const server = await startTestServer();
    const response = await fetch(server.url, { headers: { accept: HTML } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(PAGE_CSP);
    const html = await response.text();
    const config = JSON.parse(
      /<script type="application\/json" id="sentera-mock-config">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}',
    ) as { endpoint: string; query: string };
    expect(config.endpoint).toBe('graphql');
    expect(config.query).toContain(
      'create_webhook_subscription(organization_sentera_id: "6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024"',
    );
    expect(config.query).toContain(`callback_url: "${server.origin}/_inbox/example"`);
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources).toEqual(['data:,', '_ui/graphiql.css', '_ui/graphiql.js']);
  });

  it.each([
    ['a GET with ?query= from a browser', `?query=${encodeURIComponent('{ __typename }')}`, HTML],
    ['a GET that does not accept HTML', '?query=%7B__typename%7D', 'application/json'],
  ])('leaves %s to the GraphQL endpoint', async (_case, query, accept) => {
    const server = await startTestServer();
    const response = await fetch(`${server.url}${query}`, { headers: { accept } });
    expect(response.headers.get('content-type')).not.toContain('text/html');
  });

  it('serves the console at / and every asset the pages name, gzipped when the client accepts it', async () => {
    const server = await startTestServer();
    const page = await fetch(`${server.origin}/`);
    expect(page.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(await page.text()).toContain('<script src="_ui/console.js" defer></script>');
    for (const [name, type] of [
      ['console.js', 'text/javascript; charset=utf-8'],
      ['console.css', 'text/css; charset=utf-8'],
      ['graphiql.js', 'text/javascript; charset=utf-8'],
      ['graphiql.css', 'text/css; charset=utf-8'],
    ]) {
      const plain = await fetch(`${server.origin}/_ui/${name}`, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.status).toBe(200);
      expect(plain.headers.get('content-type')).toBe(type);
      const bytes = Buffer.from(await plain.arrayBuffer());
      expect(bytes.length).toBeGreaterThan(100);
      // No asset loads anything from another origin (fonts and images are inlined as data: URLs).
      expect(bytes.toString('utf8')).not.toMatch(/url\(\s*["']?https?:/);
      const zipped = await new Promise<Buffer>((resolve, reject) => {
        // fetch decodes gzip itself: read the raw bytes with node:http.
        import('node:http').then(
          ({ get }) =>
            get(`${server.origin}/_ui/${name}`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
              expect(response.headers['content-encoding']).toBe('gzip');
              const chunks: Buffer[] = [];
              response
                .on('data', (chunk: Buffer) => chunks.push(chunk))
                .on('end', () => resolve(Buffer.concat(chunks)))
                .on('error', reject);
            }),
          reject,
        );
      });
      expect(gunzipSync(zipped).equals(bytes)).toBe(true);
    }
    expect((await fetch(`${server.origin}/_ui/nope.js`)).status).toBe(404);
  });

  it('records what /_inbox/<name> receives, answers the status the URL asks for, and lists it under /_mock/inbox', async () => {
    const server = await startTestServer();
    const first = await fetch(`${server.origin}/_inbox/my-app`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test': 'yes' },
      body: '{"hello":1}',
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, inbox: 'my-app', id: 1, status: 200 });
    expect((await fetch(`${server.origin}/_inbox/my-app?status=503`, { method: 'PUT', body: 'x' })).status).toBe(503);
    const listed = (await (await fetch(`${server.origin}/_mock/inbox/my-app`)).json()) as {
      requests: Array<Record<string, unknown>>;
    };
    expect(listed.requests).toHaveLength(2);
    expect(listed.requests[0]).toMatchObject({
      method: 'POST',
      url: '/_inbox/my-app',
      body: '{"hello":1}',
      response_status: 200,
      headers: expect.objectContaining({ 'x-test': 'yes', 'content-type': 'application/json' }),
    });
    expect(listed.requests[1]).toMatchObject({ method: 'PUT', url: '/_inbox/my-app?status=503', response_status: 503 });
    expect(await (await fetch(`${server.origin}/_mock/inbox`)).json()).toEqual({
      inboxes: [{ name: 'my-app', count: 2, last_received_at: expect.any(String) }],
    });
    expect((await fetch(`${server.origin}/_mock/inbox/my-app`, { method: 'DELETE' })).status).toBe(200);
    expect(await (await fetch(`${server.origin}/_mock/inbox/my-app`)).json()).toEqual({
      inbox: 'my-app',
      requests: [],
    });
    const bad = await fetch(`${server.origin}/_inbox/a/b`, { method: 'POST' });
    expect(bad.status).toBe(404);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      'an inbox is /_inbox/<name>',
    );
  });

  it('issues client-credentials tokens at /_oauth/token and refuses what a real server refuses', async () => {
    const server = await startTestServer();
    const token = await fetch(`${server.origin}/_oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('demo-client:demo-secret').toString('base64')}`,
      },
      body: 'grant_type=client_credentials&scope=webhooks',
    });
    expect(token.status).toBe(200);
    expect(token.headers.get('cache-control')).toBe('no-store');
    expect(await token.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'webhooks' });
    const wrong = await fetch(`${server.origin}/_oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('demo-client:guess').toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    expect((await fetch(`${server.origin}/_oauth/token`)).status).toBe(405);
  });

  it('streams changes as Server-Sent Events: subscriptions, inbox requests, clock moves', async () => {
    const server = await startTestServer();
    const stream = await fetch(`${server.origin}/_mock/stream`);
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await postGraphQL(server.url, {
      query:
        'mutation { create_webhook_subscription(organization_sentera_id: "6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024", callback_url: "http://127.0.0.1:1/x", event_types: [TASK_MODIFIED]) { sentera_id } }',
    });
    await fetch(`${server.origin}/_inbox/watched`, { method: 'POST', body: 'hi' });
    await fetch(`${server.origin}/_mock/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"advance_ms":1000}',
    });
    const text = await readStream(stream, /event: clock/);
    expect(text).toMatch(/^retry: 2000\n/);
    expect(text).toMatch(/event: subscriptions\ndata: \{"kind":"subscription-created","sentera_ids":\["[^"]+_WS_/);
    expect(text).toMatch(/event: inbox\ndata: \{"id":1,"inbox":"watched"/);
    expect(text).toContain('event: clock\ndata: {"now":"2022-01-31T13:27:10Z","manual":true}');
  });

  it('runs the whole loop on one machine: the demo seeded into the mock is delivered to its inbox, with a Bearer token from its own token endpoint', async () => {
    const server = await startTestServer({ delivery: { timeScale: 0.001 } });
    const scenario = parseScenario(
      readFileSync(join(import.meta.dirname, '../../scenarios/demo.yaml'), 'utf8'),
      'scenarios/demo.yaml',
    );
    const seeded = await runSeed({
      scenario,
      endpoint: server.url,
      ledger: { find: () => undefined, record: () => undefined },
    });
    expect(seeded.ok && seeded.value.outcomes.every((outcome) => outcome.action === 'created')).toBe(true);
    await server.mock.delivery?.idle(10_000);
    const deliveries = server.mock.delivery?.list() ?? [];
    expect(deliveries.length).toBeGreaterThan(0);
    expect(
      deliveries.every(
        (delivery) => delivery.status === 'SUCCESS' && delivery.url.startsWith(`${server.origin}/_inbox/`),
      ),
    ).toBe(true);
    const authenticated = server.mock.inboxes.list('demo-acme');
    expect(authenticated.length).toBeGreaterThan(0);
    expect(
      authenticated.every(
        (entry) => entry.authorization.status === 'valid' && entry.authorization.client_id === 'demo-client',
      ),
    ).toBe(true);
    expect(
      server.mock.inboxes.list('demo-acme-grandchild').every((entry) => entry.authorization.status === 'none'),
    ).toBe(true);
    // The default world's subscriptions deliver here too.
    expect(
      server.mock.store
        .allWebhookSubscriptions()
        .filter((subscription) => !subscription.callback_url.startsWith(`${server.origin}/_inbox/`)),
    ).toEqual([]);
  });
});

describe('a mock without a server', () => {
  it('delivers the default world to its own inbox in-process, never to whatever listens on the default origin', async () => {
    const { createTestMock } = await import('../support/test-mock.js');
    const mock = createTestMock({ delivery: { timeScale: 0.001 } });
    try {
      const emitted = mock.events.emit({
        type: 'TASK_MODIFIED',
        organization_sentera_id: '3qz8w1r_OR_gd2jAcmeChild_CV_deve_ef64a0fce_220112_111011',
      });
      expect(emitted.ok).toBe(true);
      await mock.delivery?.idle(5000);
      expect(mock.delivery?.list().map((delivery) => [delivery.url, delivery.status])).toEqual([
        ['http://127.0.0.1:4000/_inbox/acme-child', 'SUCCESS'],
      ]);
      expect(mock.inboxes.list('acme-child')).toHaveLength(1);
    } finally {
      mock.close();
    }
  });
});
