/**
 * check-destination
 */
import { lookup } from 'node:dns/promises';
import { createRequire } from 'node:module';
import type Ipaddr from 'ipaddr.js';
import { ErrorCode, fail, ok, type Result } from '../errors.js';

const require = createRequire(import.meta.url);

/**
 * Strict mode's check of a callback URL or OAuth `token_url`, after DNS resolution: refused when any address it
 * resolves to is loopback, private, link-local or otherwise not public (as careful production senders do against
 * SSRF). IPv6 addresses that embed an IPv4 one (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, SIIT
 * `::ffff:0:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`, 6to4 `2002::/16`, Teredo) are judged by that IPv4 address. Caveat:
 * fetch resolves the name again, so a DNS answer that changes between the two lookups is not caught.
 *
 * @category Delivery
 */
export async function checkDestination(
  url: string,
  resolve: (host: string) => Promise<string[]> = defaultResolve,
): Promise<Result<void>> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  // Loaded on first use: only strict delivery checks destinations.
  const ipaddr = require('ipaddr.js') as typeof Ipaddr;
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : await resolve(host);
  } catch (error) {
    return fail(ErrorCode.BAD_REQUEST, `blocked: ${host} does not resolve (${(error as Error).message})`);
  }
  for (const address of addresses) {
    const parsed = ipaddr.parse(address);
    const embedded = parsed.kind() === 'ipv6' ? embeddedIPv4(ipaddr, parsed as Ipaddr.IPv6) : null;
    const judged = embedded ?? parsed;
    const range = embedded === 'opaque' ? 'rfc6052' : (judged as Ipaddr.IPv4 | Ipaddr.IPv6).range();
    const shown =
      embedded && embedded !== 'opaque'
        ? `${address} (IPv4 ${embedded.toString()}, ${range})`
        : `${address} (${range})`;
    // ipaddr.js names every special-purpose range; only plain public unicast passes.
    if (range !== 'unicast')
      return fail(
        ErrorCode.BAD_REQUEST,
        `blocked: ${host} resolves to ${shown}; strict delivery only sends to public addresses`,
      );
  }
  return ok(undefined);
}

/**
 * The IPv4 address an IPv6 one carries, null when it carries none, or 'opaque' for a NAT64 prefix whose embedding
 * depends on the network (64:ff9b:1::/48), which is refused.
 */
function embeddedIPv4(ipaddr: typeof Ipaddr, address: Ipaddr.IPv6): Ipaddr.IPv4 | 'opaque' | null {
  const parts = address.parts;
  const v4 = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const zero = (from: number, to: number) => parts.slice(from, to).every((part) => part === 0);
  if (zero(0, 5) && parts[5] === 0xffff) return v4(parts[6] as number, parts[7] as number); // ::ffff:a.b.c.d
  if (zero(0, 4) && parts[4] === 0xffff && parts[5] === 0) return v4(parts[6] as number, parts[7] as number); // ::ffff:0:a.b.c.d
  if (zero(0, 6) && !(parts[6] === 0 && (parts[7] as number) <= 1)) return v4(parts[6] as number, parts[7] as number); // ::a.b.c.d
  if (parts[0] === 0x64 && parts[1] === 0xff9b)
    return zero(2, 6) ? v4(parts[6] as number, parts[7] as number) : 'opaque'; // NAT64
  if (parts[0] === 0x2002) return v4(parts[1] as number, parts[2] as number); // 6to4
  if (parts[0] === 0x2001 && parts[1] === 0) return v4(~(parts[6] as number) & 0xffff, ~(parts[7] as number) & 0xffff); // Teredo client
  return null;
}

async function defaultResolve(host: string): Promise<string[]> {
  return (await lookup(host, { all: true })).map((entry) => entry.address);
}
