import { describe, expect, it } from 'vitest';
import { checkUrl } from '../../src/store/check-input.js';

const GOOD = 'https://example.com/webhooks';

describe('checkUrl', () => {
  it('accepts the same URL again, under each argument name', () => {
    expect(checkUrl(GOOD, 'callback_url')).toEqual({ ok: true, value: GOOD });
    expect(checkUrl(GOOD, 'callback_url')).toEqual({ ok: true, value: GOOD });
    expect(checkUrl(`${GOOD}/`, 'authentication.token_url')).toEqual({ ok: true, value: `${GOOD}/` });
  });

  it.each([
    ['undefined', undefined, 'got undefined'],
    ['null', null, 'got null'],
    ['a number', 42, 'got number 42'],
    ['a relative URL', '/webhooks', 'is not an absolute URL'],
    ['an ftp URL', 'ftp://example.com/x', 'uses ftp'],
    ['a URL over 2048 characters', `${GOOD}/${'a'.repeat(2048)}`, 'more than 2048'],
  ])('refuses %s right after accepting a good URL', (_, value, why) => {
    expect(checkUrl(GOOD, 'callback_url').ok).toBe(true);
    const checked = checkUrl(value, 'callback_url');
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.problem.code).toBe('INVALID_URL');
      expect(checked.problem.message).toContain(why);
    }
  });
});
