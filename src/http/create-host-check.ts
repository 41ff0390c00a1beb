/**
 * create-host-check
 */
import { isIP } from 'node:net';

/**
 * Which `Host` header values the front door answers, against DNS rebinding (a page on `evil.example` whose name is
 * made to resolve to 127.0.0.1 would otherwise reach the control API with the browser's blessing). Like Vite's
 * `server.allowedHosts`: IP addresses, `localhost` and `*.localhost` always; names listed here (a leading `.`
 * allows every subdomain); `true` allows any host.
 *
 * @category HTTP
 */
export type AllowedHosts = readonly string[] | true;

/**
 * Creates the check of a `Host` header value (`name`, `name:port`, `[v6]:port`). Requests without a `Host` header
 * (in-process Fetch requests) are not checked: rebinding needs a browser, and browsers always send one.
 *
 * @category HTTP
 */
export function createHostCheck(allowed: AllowedHosts): (host: string) => boolean {
  if (allowed === true) return () => true;
  const names = allowed.map((name) => name.toLowerCase());
  const accepted = new Set<string>();
  return (host) => {
    if (accepted.has(host)) return true;
    const name = hostname(host).toLowerCase();
    const ok =
      isIP(name) !== 0 ||
      name === 'localhost' ||
      name.endsWith('.localhost') ||
      names.some((entry) => (entry.startsWith('.') ? name === entry.slice(1) || name.endsWith(entry) : name === entry));
    // Remember accepted values only (a bounded set in practice: the names the user reaches the mock by).
    if (ok && accepted.size < 64) accepted.add(host);
    return ok;
  };
}

/** The name of a Host header value, without port or IPv6 brackets. */
function hostname(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') === -1 ? undefined : host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
