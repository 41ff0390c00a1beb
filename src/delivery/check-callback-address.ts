/**
 * check-callback-address
 */
import { createRequire } from 'node:module';
import type Ipaddr from 'ipaddr.js';
import { ErrorCode, fail, ok, type Result } from '../errors.js';

const require = createRequire(import.meta.url);

/**
 * Strict mode's check of a callback URL when a subscription is created or updated: a URL whose host is a literal
 * loopback, private, link-local or otherwise non-public address (IPv4, or IPv6 including forms that embed IPv4) can
 * never be delivered to, so it is refused with `BLOCKED_CALLBACK_URL`. Host names pass here; where they resolve is
 * checked at delivery time ({@link checkDestination}).
 *
 * @example
 * ```ts
 * checkCallbackAddress('http://169.254.169.254/latest'); // fails: link-local
 * checkCallbackAddress('https://hooks.example.com/x');  // ok
 * ```
 * @category Delivery
 */
export function checkCallbackAddress(url: string, argument = 'callback_url'): Result<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  // Loaded on first use: only strict delivery checks addresses.
  const ipaddr = require('ipaddr.js') as typeof Ipaddr;
  if (!ipaddr.isValid(host)) return ok(undefined);
  let address = ipaddr.parse(host);
  if (address.kind() === 'ipv6') {
    const v6 = address as Ipaddr.IPv6;
    const parts = v6.parts;
    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible) both reach the IPv4 address.
    if (
      v6.isIPv4MappedAddress() ||
      (parts.slice(0, 6).every((part) => part === 0) && (parts[6] !== 0 || (parts[7] ?? 0) > 1))
    ) {
      address = ipaddr.fromByteArray(v6.toByteArray().slice(12));
    }
  }
  const range = address.range();
  if (range === 'unicast') return ok(undefined);
  return fail(
    ErrorCode.BLOCKED_CALLBACK_URL,
    `${argument} "${url}" points at ${address.toString()}, a ${range} address, which strict delivery never sends to (as production senders refuse it); use a public host, e.g. through a tunnel, or serve without --strict-delivery`,
    argument,
  );
}
