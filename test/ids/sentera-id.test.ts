import { describe, expect, it } from 'vitest';
import { formatSenteraId, isSenteraId, parseSenteraId, stampOf } from '../../src/ids/sentera-id.js';

describe('parseSenteraId', () => {
  it.each([
    [
      'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709',
      { nonce: 'b6i0chc', typeCode: 'WS', token: 'w3njAcmeGrand', env: 'deve', build: '85c3a6365' },
    ],
    ['6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024', { typeCode: 'OR', token: 'w3njAcmeGrand' }],
    ['zuhhzlj_OR_b2muTheMosaic_CV_prod_faffd93_210608_225434', { env: 'prod', build: 'faffd93' }],
    ['vkuk9ja_US_7yqcJohnDow_CV_prod_f844446_200204_170541', { typeCode: 'US', token: '7yqcJohnDow' }],
    ['jp3tzd6_TA__CV_deve_68366ac38_210101_000000', { typeCode: 'TA', token: '' }],
  ])('accepts the documented id %s', (id, expected) => {
    const parsed = parseSenteraId(id);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value).toMatchObject(expected);
  });

  it.each([
    ['an empty string', ''],
    ['a uuid', '3f1c2b9e-4d7a-4f0e-9a51-7c2d3e4f5a6b'],
    ['an upper-case nonce', 'B6I0CHC_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709'],
    ['a 3-letter type code', 'b6i0chc_WSX_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709'],
    ['a non-hex build', 'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a636z_220131_132709'],
    ['a month 13', 'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_221331_132709'],
    ['a minute 60', 'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_136009'],
    ['a missing segment', 'b6i0chc_WS_w3njAcmeGrand_deve_85c3a6365_220131_132709'],
  ])('rejects %s with INVALID_SENTERA_ID and the expected format', (_, id) => {
    const parsed = parseSenteraId(id);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problem.code).toBe('INVALID_SENTERA_ID');
      expect(parsed.problem.message).toContain(JSON.stringify(id));
    }
  });
});

describe('formatSenteraId', () => {
  it('is the inverse of parseSenteraId', () => {
    const id = 'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709';
    const parsed = parseSenteraId(id);
    if (!parsed.ok) throw new Error('documented id rejected');
    expect(formatSenteraId(parsed.value)).toBe(id);
  });
});

describe('isSenteraId', () => {
  it('checks the type code when one is given', () => {
    const id = 'b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709';
    expect(isSenteraId(id)).toBe(true);
    expect(isSenteraId(id, 'WS')).toBe(true);
    expect(isSenteraId(id, 'OR')).toBe(false);
  });
});

describe('stampOf', () => {
  it('gives the UTC yymmdd and hhmmss of an instant', () => {
    expect(stampOf(new Date('2022-01-31T13:27:09.999Z'))).toEqual({ date: '220131', time: '132709' });
    expect(stampOf(new Date('2022-02-01T00:27:09+02:00'))).toEqual({ date: '220131', time: '222709' });
  });
});
