import { createServer } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fetch as undiciFetch, request as undiciRequest } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { interceptSentera, type SenteraInterception } from '../../src/testing/intercept-sentera.js';
import { DOCUMENTED_MUTATION } from '../support/documented-example.js';

const SENTERA = 'https://api.sentera.com/graphql';
const body = JSON.stringify({ query: DOCUMENTED_MUTATION });
const headers = { 'content-type': 'application/json', accept: 'application/json' };
const documentedShape = {
  data: {
    create_webhook_subscription: {
      sentera_id: expect.stringMatching(/^[0-9a-z]{7}_WS_w3njAcmeGrand_CV_deve_[0-9a-f]{9}_220131_132709$/),
      event_types: ['FEATURE_SET_CREATED'],
      callback_url: 'https://example.com/webhooks',
    },
  },
};

function viaHttps(url: string, payload: string): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, { method: 'POST', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, json: JSON.parse(text) }));
    });
    request.on('error', reject);
    request.end(payload);
  });
}

const clients: Array<[string, (url: string, payload: string) => Promise<{ status: number; json: unknown }>]> = [
  [
    'the global fetch',
    async (url, payload) => {
      const response = await fetch(url, { method: 'POST', headers, body: payload });
      return { status: response.status, json: await response.json() };
    },
  ],
  ['node:https', viaHttps],
  [
    'undici.request',
    async (url, payload) => {
      const response = await undiciRequest(url, { method: 'POST', headers, body: payload });
      return { status: response.statusCode, json: await response.body.json() };
    },
  ],
  [
    'undici.fetch',
    async (url, payload) => {
      const response = await undiciFetch(url, { method: 'POST', headers, body: payload });
      return { status: response.status, json: await response.json() };
    },
  ],
];

describe('interceptSentera', () => {
  let sentera: SenteraInterception | undefined;
  afterEach(() => {
    sentera?.done();
    sentera = undefined;
  });

  it.each(clients)('answers requests to Sentera made with %s, without a port', async (_, send) => {
    sentera = await interceptSentera({ seed: 'intercept' });
    const response = await send(SENTERA, body);
    expect(response).toEqual({ status: 200, json: documentedShape });
    expect(sentera.requestCount).toBe(1);
  });

  it('gives every client the same deterministic answers', async () => {
    const answers: unknown[] = [];
    for (const [, send] of clients) {
      sentera = await interceptSentera({ seed: 'same' });
      answers.push((await send(SENTERA, body)).json);
      sentera.done();
    }
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
  });

  it('answers GraphQL errors with the status the GraphQL-over-HTTP spec gives the accepted media type', async () => {
    sentera = await interceptSentera();
    const legacy = await fetch(SENTERA, { method: 'POST', headers, body: JSON.stringify({ query: '{ nope }' }) });
    expect(legacy.status).toBe(200);
    const response = await fetch(SENTERA, {
      method: 'POST',
      headers: { ...headers, accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ nope }' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
  });

  it('intercepts any URL it is given, e.g. staging', async () => {
    sentera = await interceptSentera({ url: 'https://apistaging.sentera.com/graphql' });
    const response = await fetch('https://apistaging.sentera.com/graphql', { method: 'POST', headers, body });
    expect(await response.json()).toEqual(documentedShape);
  });

  it('serves the control API at the intercepted origin and through its handles', async () => {
    sentera = await interceptSentera();
    sentera.advanceClock(60_000);
    const clock = await fetch('https://api.sentera.com/_mock/clock');
    expect(await clock.json()).toEqual({ now: '2022-01-31T13:28:09Z', manual: true });
    expect(await sentera.control('GET', '/health')).toEqual({ status: 200, body: { ok: true } });
    expect(await sentera.control('GET', '/_mock/clock')).toEqual({
      status: 200,
      body: { now: '2022-01-31T13:28:09Z', manual: true },
    });
    expect(await sentera.control('GET', '/_mock/deliveries?status=bogus')).toMatchObject({ status: 400 });
  });

  it.each([
    ['/graphql', '{"query": '],
    ['/_mock/clock', '{nope'],
  ])(
    'answers malformed JSON to %s with the same 400 as mock.fetch, through fetch, node:https and undici',
    async (path, body) => {
      sentera = await interceptSentera();
      const init = {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body,
      };
      const expected = await sentera.mock.fetch(`https://api.sentera.com${path}`, init);
      const expectedText = await expected.text();
      expect(expected.status).toBe(400);
      const viaFetch = await fetch(`https://api.sentera.com${path}`, init);
      expect([viaFetch.status, await viaFetch.text()]).toEqual([400, expectedText]);
      const viaUndici = await undiciFetch(`https://api.sentera.com${path}`, init);
      expect([viaUndici.status, await viaUndici.text()]).toEqual([400, expectedText]);
      const viaHttps = await new Promise<[number, string]>((resolve, reject) => {
        const sent = httpsRequest(
          `https://api.sentera.com${path}`,
          { method: 'POST', headers: init.headers },
          (response) => {
            let text = '';
            response.on('data', (chunk: Buffer) => (text += chunk.toString()));
            response.on('end', () => resolve([response.statusCode ?? 0, text]));
          },
        );
        sent.on('error', reject).end(body);
      });
      expect(viaHttps).toEqual([400, expectedText]);
    },
  );

  it('starts ids over after reset', async () => {
    sentera = await interceptSentera({ seed: 'reset' });
    const first = await (await fetch(SENTERA, { method: 'POST', headers, body })).text();
    sentera.reset();
    expect(await (await fetch(SENTERA, { method: 'POST', headers, body })).text()).toBe(first);
  });

  it('lets requests to other hosts through', async () => {
    const server = createServer((_, response) => response.end('local'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      sentera = await interceptSentera();
      expect(await (await fetch(local)).text()).toBe('local');
      expect(await (await undiciRequest(local)).body.text()).toBe('local');
    } finally {
      server.close();
    }
  });

  it('stops answering after done()', async () => {
    sentera = await interceptSentera();
    sentera.done();
    // test/support/setup.ts disables the network, so an unanswered request fails instead of leaving the machine.
    await expect(fetch(SENTERA, { method: 'POST', headers, body })).rejects.toThrow();
    await expect(undiciRequest(SENTERA, { method: 'POST', headers, body })).rejects.toThrow();
  });

  it('refuses a second interception of the same origin', async () => {
    sentera = await interceptSentera();
    await expect(interceptSentera()).rejects.toThrow('already intercepted');
  });
});
