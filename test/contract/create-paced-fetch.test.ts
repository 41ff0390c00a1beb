import { describe, expect, it } from 'vitest';
import { createPacedFetch, isLoopback, retryAfterMs } from '../../src/contract/create-paced-fetch.js';

/** A fetch answering with the given statuses in turn (and Retry-After headers), recording when each request came. */
function scripted(answers: Array<{ status: number; retryAfter?: string }>, clock: { now: number }) {
  const at: number[] = [];
  const fetchFn: typeof fetch = async () => {
    at.push(clock.now);
    const answer = answers.shift() ?? { status: 200 };
    return new Response('{}', {
      status: answer.status,
      headers: answer.retryAfter === undefined ? {} : { 'retry-after': answer.retryAfter },
    });
  };
  return { fetchFn, at };
}

function fakeTime() {
  const clock = { now: 1_000_000 };
  const waits: number[] = [];
  return { clock, waits, now: () => clock.now, sleep: async (ms: number) => void (waits.push(ms), (clock.now += ms)) };
}

describe('createPacedFetch', () => {
  it('waits as Retry-After asks (seconds or a date), then sends again', async () => {
    const time = fakeTime();
    const { fetchFn, at } = scripted(
      [
        { status: 429, retryAfter: '2' },
        { status: 429, retryAfter: new Date(1_000_000 + 2000 + 3000).toUTCString() },
        { status: 200 },
      ],
      time.clock,
    );
    const paced = createPacedFetch({ fetch: fetchFn, now: time.now, sleep: time.sleep });
    expect((await paced.fetch('http://api.test/graphql')).status).toBe(200);
    expect(at).toEqual([1_000_000, 1_002_000, 1_005_000]);
    expect(paced.log()).toEqual({ limited: 2, waitedMs: 5000, gaveUp: 0 });
  });

  it.each([
    [
      'a Retry-After longer than the bound is cut to it',
      [{ status: 429, retryAfter: '3600' }, { status: 200 }],
      [30_000],
      { limited: 1, waitedMs: 30_000, gaveUp: 0 },
      200,
    ],
    [
      'no Retry-After waits the default',
      [{ status: 429 }, { status: 200 }],
      [1000],
      { limited: 1, waitedMs: 1000, gaveUp: 0 },
      200,
    ],
    [
      'still 429 after the retries: the 429 is returned',
      [
        { status: 429, retryAfter: '1' },
        { status: 429, retryAfter: '1' },
        { status: 429, retryAfter: '1' },
        { status: 429, retryAfter: '1' },
      ],
      [1000, 1000, 1000],
      { limited: 4, waitedMs: 3000, gaveUp: 1 },
      429,
    ],
  ])('%s', async (_, answers, waits, log, status) => {
    const time = fakeTime();
    const { fetchFn } = scripted(answers, time.clock);
    const paced = createPacedFetch({ fetch: fetchFn, now: time.now, sleep: time.sleep });
    expect((await paced.fetch('http://api.test/graphql')).status).toBe(status);
    expect(time.waits).toEqual(waits);
    expect(paced.log()).toEqual(log);
  });

  it('starts requests at least minIntervalMs apart', async () => {
    const time = fakeTime();
    const { fetchFn, at } = scripted([], time.clock);
    const paced = createPacedFetch({ fetch: fetchFn, now: time.now, sleep: time.sleep, minIntervalMs: 100 });
    for (let index = 0; index < 3; index++) await paced.fetch('http://api.test/graphql');
    expect(at).toEqual([1_000_000, 1_000_100, 1_000_200]);
  });
});

describe('retryAfterMs', () => {
  it.each([
    ['7', 7000],
    [' 0 ', 0],
    [new Date(1_010_000).toUTCString(), 10_000],
    [new Date(990_000).toUTCString(), 0],
    ['soon', undefined],
    ['', undefined],
  ])('reads %j', (header, ms) => expect(retryAfterMs(header, 1_000_000)).toBe(ms));
});

describe('isLoopback', () => {
  it.each([
    ['http://127.0.0.1:4000/graphql', true],
    ['http://localhost:4000/graphql', true],
    ['http://[::1]:4000/graphql', true],
    ['https://apistaging.sentera.com/graphql', false],
  ])('%s: %s', (url, loopback) => expect(isLoopback(url)).toBe(loopback));
});
