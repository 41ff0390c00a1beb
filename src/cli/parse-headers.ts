/**
 * parse-headers
 */
import { UsageError } from './command.js';

/**
 * Turns `--header "Name: value"` flags into a header map; `$SENTERA_TOKEN`, when set and no Authorization header is
 * given, becomes `Authorization: Bearer <token>` (so tokens need not appear on command lines).
 */
export function parseHeaders(
  flags: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const flag of flags) {
    const match = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+):\s*(.*)$/.exec(flag);
    if (!match) throw new UsageError(`--header must look like "Name: value", got "${flag}"`);
    headers[(match[1] as string).toLowerCase()] = match[2] as string;
  }
  const token = env['SENTERA_TOKEN'];
  if (token && headers['authorization'] === undefined) headers['authorization'] = `Bearer ${token}`;
  return headers;
}
