import { describe, expect, it } from 'vitest';
import { signStandardWebhook } from '../../src/delivery/sign-standard-webhook.js';
import { createInboxStore } from '../../src/inbox/create-inbox-store.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NOW = new Date('2026-01-01T00:00:00Z');
const seconds = Math.floor(NOW.getTime() / 1000);
const body = '{"type":"TASK_MODIFIED"}';
const signed = (overrides: Record<string, string> = {}) => ({
  'webhook-id': 'evt_1',
  'webhook-timestamp': String(seconds),
  'webhook-signature': signStandardWebhook({ secret: SECRET, id: 'evt_1', timestamp: seconds, body }),
  ...overrides,
});

describe('createInboxStore', () => {
  it('records each request with its time and answers 200, or the status the URL asks for', () => {
    const inboxes = createInboxStore({ now: () => NOW });
    const first = inboxes.receive({
      inbox: 'app',
      method: 'POST',
      url: '/_inbox/app',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const second = inboxes.receive({
      inbox: 'app',
      method: 'POST',
      url: '/_inbox/app?status=503',
      headers: {},
      body: '',
    });
    inboxes.receive({ inbox: 'other', method: 'PUT', url: '/_inbox/other?status=99', headers: {}, body: '' });
    expect(first).toMatchObject({
      id: 1,
      inbox: 'app',
      method: 'POST',
      body,
      received_at: NOW.toISOString(),
      response_status: 200,
      signature: { status: 'unchecked' },
    });
    expect(second.response_status).toBe(503);
    expect(inboxes.list('other')[0]?.response_status).toBe(200);
    expect(inboxes.list('app').map((entry) => entry.id)).toEqual([1, 2]);
    expect(inboxes.names()).toEqual([
      { name: 'app', count: 2, last_received_at: NOW.toISOString() },
      { name: 'other', count: 1, last_received_at: NOW.toISOString() },
    ]);
    inboxes.clear('app');
    expect(inboxes.list('app')).toEqual([]);
    expect(inboxes.names().map((inbox) => inbox.name)).toEqual(['other']);
  });

  it.each([
    ['a correct signature', signed(), 'valid'],
    [
      'a body signed with another secret',
      signed({
        'webhook-signature': signStandardWebhook({
          secret: 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD',
          id: 'evt_1',
          timestamp: seconds,
          body,
        }),
      }),
      'invalid',
    ],
    ['another webhook-id', signed({ 'webhook-id': 'evt_2' }), 'invalid'],
    [
      'a timestamp ten minutes old',
      {
        ...signed(),
        'webhook-timestamp': String(seconds - 600),
        'webhook-signature': signStandardWebhook({ secret: SECRET, id: 'evt_1', timestamp: seconds - 600, body }),
      },
      'invalid',
    ],
    ['no signature headers', {}, 'missing'],
  ])('checks the Standard Webhooks signature when the mock has a secret: %s is %s', (_case, headers, status) => {
    const inboxes = createInboxStore({ now: () => NOW, signingSecret: SECRET });
    expect(inboxes.receive({ inbox: 'app', method: 'POST', url: '/_inbox/app', headers, body }).signature.status).toBe(
      status,
    );
  });

  it('tells whether a Bearer token came from the mock, and keeps only its first characters', () => {
    const inboxes = createInboxStore({
      checkToken: (token) =>
        token === 'smk_good_token_123456'
          ? { status: 'valid', client_id: 'demo-client', scope: 'webhooks' }
          : { status: 'unknown' },
    });
    const good = inboxes.receive({
      inbox: 'a',
      method: 'POST',
      url: '/_inbox/a',
      headers: { authorization: 'Bearer smk_good_token_123456' },
      body: '',
    });
    expect(good.authorization).toEqual({ status: 'valid', client_id: 'demo-client' });
    expect(good.headers['authorization']).toBe('Bearer smk_good_tok…');
    expect(
      inboxes.receive({
        inbox: 'a',
        method: 'POST',
        url: '/_inbox/a',
        headers: { authorization: 'Bearer forged' },
        body: '',
      }).authorization.status,
    ).toBe('unknown');
    expect(
      inboxes.receive({
        inbox: 'a',
        method: 'POST',
        url: '/_inbox/a',
        headers: { authorization: 'Basic eDp5' },
        body: '',
      }).authorization.status,
    ).toBe('not_bearer');
    expect(
      inboxes.receive({ inbox: 'a', method: 'POST', url: '/_inbox/a', headers: {}, body: '' }).authorization.status,
    ).toBe('none');
  });

  it('keeps the newest requests per inbox and truncates large bodies', () => {
    const inboxes = createInboxStore({ limitPerInbox: 2, maxBodyBytes: 4 });
    for (const text of ['one', 'two', 'three!'])
      inboxes.receive({ inbox: 'a', method: 'POST', url: '/_inbox/a', headers: {}, body: text });
    expect(inboxes.list('a').map((entry) => [entry.body, entry.truncated])).toEqual([
      ['two', false],
      ['thre', true],
    ]);
  });

  it('keeps at most maxInboxes inboxes, dropping the one that received least recently', () => {
    const inboxes = createInboxStore({ maxInboxes: 2 });
    for (const name of ['a', 'b', 'a', 'c'])
      inboxes.receive({ inbox: name, method: 'POST', url: `/_inbox/${name}`, headers: {}, body: '' });
    expect(inboxes.names().map((inbox) => inbox.name)).toEqual(['a', 'c']);
  });

  it('tells listeners about each request until they unsubscribe', () => {
    const inboxes = createInboxStore();
    const seen: number[] = [];
    const stop = inboxes.onReceive((entry) => seen.push(entry.id));
    inboxes.receive({ inbox: 'a', method: 'POST', url: '/_inbox/a', headers: {}, body: '' });
    stop();
    inboxes.receive({ inbox: 'a', method: 'POST', url: '/_inbox/a', headers: {}, body: '' });
    expect(seen).toEqual([1]);
  });
});
