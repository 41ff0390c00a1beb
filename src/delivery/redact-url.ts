/**
 * redact-url
 */

/**
 * A URL as the delivery log may show it: a password in its user info is replaced by `redacted`. Text that is not a
 * URL is returned as it is.
 *
 * @example
 * ```ts
 * redactUrl('https://user:hunter2@example.com/hook'); // 'https://user:redacted@example.com/hook'
 * ```
 * @category Delivery
 */
export function redactUrl(url: string): string {
  if (!url.includes('@')) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = 'redacted';
    return parsed.toString();
  } catch {
    return url;
  }
}
