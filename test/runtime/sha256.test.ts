import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../src/runtime/sha256.js';

describe('sha256', () => {
  it('gives the FIPS 180-2 digest of "abc" as bytes, hex and base64', () => {
    const hex = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(sha256('abc').toString('hex')).toBe(hex);
    expect(sha256('abc', 'hex')).toBe(hex);
    expect(sha256('abc', 'base64')).toBe(Buffer.from(hex, 'hex').toString('base64'));
  });

  it.each(['', 'seed\u0000key', 'é ünïcödé 🌱'])('hashes the UTF-8 bytes of %j as createHash does', (text) => {
    expect(sha256(text, 'hex')).toBe(createHash('sha256').update(text).digest('hex'));
  });
});
