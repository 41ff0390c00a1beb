import { describe, expect, it } from 'vitest';
import { createIdGenerator, MAX_COUNTER } from '../../src/ids/create-id-generator.js';
import { isSenteraId, parseSenteraId } from '../../src/ids/sentera-id.js';
import { createManualClock } from '../../src/runtime/clock.js';

const grandchild = { sentera_id: '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024', token: 'w3njAcmeGrand' };
const mosaic = { sentera_id: 'zuhhzlj_OR_b2muTheMosaic_CV_deve_faffd93_210608_225434', token: 'b2muTheMosaic' };
const start = new Date('2022-01-31T13:27:09Z');

function generator(seed = 'seed') {
  return createIdGenerator({ seed, clock: createManualClock({ start }) });
}

describe('createIdGenerator', () => {
  it('mints ids in the documented format that copy the owner token and the clock time', () => {
    const id = generator().next('WS', grandchild);
    expect(isSenteraId(id, 'WS')).toBe(true);
    expect(id).toMatch(/^[0-9a-z]{7}_WS_w3njAcmeGrand_CV_deve_[0-9a-f]{9}_220131_132709$/);
  });

  it('mints the same sequence for the same seed, on a fresh generator', () => {
    const a = generator();
    const b = generator();
    const sequence = (ids: ReturnType<typeof generator>) => [
      ids.next('WS', grandchild),
      ids.next('WS', grandchild),
      ids.next('WE', mosaic),
    ];
    expect(sequence(a)).toEqual(sequence(b));
  });

  it('mints pinned values for a pinned seed, so ids are the same on any machine', () => {
    // sha256-derived: independent of platform, Node version and Math.random.
    const ids = generator('sentera-mock');
    expect([ids.next('WS', grandchild), ids.next('WS', grandchild)]).toMatchInlineSnapshot(`
      [
        "mf47cmi_WS_w3njAcmeGrand_CV_deve_a29318dc0_220131_132709",
        "adq97wu_WS_w3njAcmeGrand_CV_deve_a29318dc0_220131_132709",
      ]
    `);
  });

  it('mints different ids for different seeds', () => {
    expect(generator('a').next('WS', grandchild)).not.toBe(generator('b').next('WS', grandchild));
  });

  it('mints ids for one organization independently of what was minted for another', () => {
    const quiet = generator();
    const busy = generator();
    busy.next('WS', mosaic);
    busy.next('WS', mosaic);
    busy.next('WE', grandchild);
    expect(busy.next('WS', grandchild)).toBe(quiet.next('WS', grandchild));
  });

  it('never repeats an id within a long sequence', () => {
    const ids = generator();
    const minted = new Set(Array.from({ length: 5000 }, () => ids.next('WE', grandchild)));
    expect(minted.size).toBe(5000);
  });

  it('continues the sequence after restoring a snapshot', () => {
    const original = generator();
    original.next('WS', grandchild);
    const snapshot = original.snapshot();
    const restored = generator();
    restored.restore(snapshot);
    expect(restored.next('WS', grandchild)).toBe(original.next('WS', grandchild));
  });

  it('stamps every id with the second it is minted in, as the clock moves on and as at() goes back', () => {
    const clock = createManualClock({ start });
    const ids = createIdGenerator({ seed: 'seed', clock });
    const stampsOf = (id: string) => id.slice(-13);
    const stamps = [stampsOf(ids.next('WS', grandchild))];
    clock.advance(999);
    stamps.push(stampsOf(ids.next('WS', grandchild)));
    clock.advance(1);
    stamps.push(stampsOf(ids.next('WS', grandchild)));
    stamps.push(
      stampsOf(
        ids.at({ typeCode: 'WE', owner: grandchild, stream: 's', index: 0, at: new Date('1969-12-31T23:59:58.500Z') }),
      ),
    );
    stamps.push(stampsOf(ids.next('WS', grandchild)));
    expect(stamps).toEqual(['220131_132709', '220131_132709', '220131_132710', '691231_235958', '220131_132710']);
  });

  it('computes stream ids without moving the counters', () => {
    const ids = generator();
    const at = new Date('2021-06-01T00:00:00Z');
    const first = ids.at({ typeCode: 'WE', owner: grandchild, stream: 's1', index: 7, at });
    expect(ids.at({ typeCode: 'WE', owner: grandchild, stream: 's1', index: 7, at })).toBe(first);
    expect(ids.at({ typeCode: 'WE', owner: grandchild, stream: 's2', index: 7, at })).not.toBe(first);
    expect(ids.snapshot()).toEqual({});
    const parsed = parseSenteraId(first);
    expect(parsed.ok && parsed.value.date).toBe('210601');
  });

  it.each([
    ['a build that is not hex', { build: 'xyz' }],
    ['an env with capitals', { env: 'Prod' }],
  ])('refuses %s', (_, options) => {
    expect(() => createIdGenerator({ seed: 's', clock: createManualClock({ start }), ...options })).toThrow(RangeError);
  });
});

describe('ids minted by next()', () => {
  it('never repeat for one organization and type code: 1,000,000 mints with a standing clock are 1,000,000 ids', () => {
    // A million, because fewer cannot tell a permutation of the counter from random nonces: among 36^7 nonces,
    // 100,000 random ones repeat with probability 6%, a million with probability 99.8% (about 6 repeats expected).
    const ids = generator();
    const stamp = ids.next('WS', grandchild).slice(7);
    const nonces = new Float64Array(1_000_000);
    for (let index = 0; index < nonces.length; index++) {
      const id = ids.next('WS', grandchild);
      if (id.slice(7) !== stamp) throw new Error(`${id} is not stamped like the others`);
      nonces[index] = Number.parseInt(id.slice(0, 7), 36);
    }
    nonces.sort();
    let repeats = 0;
    for (let index = 1; index < nonces.length; index++) if (nonces[index] === nonces[index - 1]) repeats++;
    expect(repeats).toBe(0);
  });

  it('do not repeat after counters restored near the end of the nonce space, and the end is an error, not a repeat', () => {
    const ids = generator();
    ids.restore({ [`${grandchild.sentera_id}|WS`]: MAX_COUNTER - 2 });
    const last = [ids.next('WS', grandchild), ids.next('WS', grandchild)];
    expect(new Set(last).size).toBe(2);
    expect(() => ids.next('WS', grandchild)).toThrow(RangeError);
  });

  it.each([2 ** 53 - 1, MAX_COUNTER + 1, -1, 1.5])('refuses to restore a counter of %d', (count) => {
    expect(() => generator().restore({ [`${grandchild.sentera_id}|WS`]: count })).toThrow(RangeError);
  });
});
