/**
 * check-destination
 */
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { ErrorCode, fail, ok, type Result } from '../errors.js';


/**
 * Strict mode's check of a callback URL, after DNS resolution: refused when any address it resolves to is loopback,
 * private, link-local or otherwise not public (as careful production senders do against SSRF). Caveat: fetch
 * resolves the name again, so a DNS answer that changes between the two lookups is not caught.
 *
 * @category Delivery
 */
export async function checkDestination(url: string, resolve: (host: string) => Promise<string[]> = defaultResolve): Promise<Result<void>> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : await resolve(host);
  } catch (error) {
    return fail(ErrorCode.BAD_REQUEST, `blocked: ${host} does not resolve (${(error as Error).message})`);
  }
  for (const address of addresses) {
    let parsed = ipaddr.parse(address);
    if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
    const range = parsed.range();
    // ipaddr.js names every special-purpose range; only plain public unicast passes.
    if (range !== 'unicast') return fail(ErrorCode.BAD_REQUEST, `blocked: ${host} resolves to ${address} (${range}); strict delivery only sends to public addresses`);
  }
  return ok(undefined);
}

async function defaultResolve(host: string): Promise<string[]> {
  return (await lookup(host, { all: true })).map((entry) => entry.address);
}
