/**
 * read-path
 *
 * The paths contracts use to point into a response's `data`: keys joined with dots, `[n]` for one list item and
 * `[*]` for every item, e.g. `update_webhook_subscription.first.results[*].type`.
 */

type Segment = { readonly key: string } | { readonly index: number } | { readonly every: true };

/** What {@link readPath} found: the value (a list for paths with `[*]`), or the first part of the path that is missing. */
export type PathValue =
  | { readonly found: true; readonly value: unknown }
  | { readonly found: false; readonly missing: string };

/**
 * Parses a contract path; throws for a malformed one (a bug in the contracts, caught when they load).
 */
export function parsePath(path: string): readonly Segment[] {
  const segments: Segment[] = [];
  for (const part of path.split('.')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)((?:\[(?:\d+|\*)\])*)$/.exec(part);
    if (!match) throw new Error(`malformed contract path "${path}" at "${part}"`);
    segments.push({ key: match[1] as string });
    for (const [, inner] of (match[2] as string).matchAll(/\[(\d+|\*)\]/g))
      segments.push(inner === '*' ? { every: true } : { index: Number(inner) });
  }
  return segments;
}

/**
 * Reads `path` in `data`. With `[*]`, the value is the list of what each item holds (items missing the rest of the
 * path are reported as missing).
 */
export function readPath(data: unknown, path: string): PathValue {
  return walk(data, parsePath(path), '');
}

function walk(value: unknown, segments: readonly Segment[], at: string): PathValue {
  const [segment, ...rest] = segments;
  if (segment === undefined) return { found: true, value };
  if ('key' in segment) {
    const next = at === '' ? segment.key : `${at}.${segment.key}`;
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !(segment.key in value))
      return { found: false, missing: next };
    return walk((value as Record<string, unknown>)[segment.key], rest, next);
  }
  if (!Array.isArray(value))
    return { found: false, missing: `${at}${'index' in segment ? `[${segment.index}]` : '[*]'}` };
  if ('index' in segment) {
    if (segment.index >= value.length) return { found: false, missing: `${at}[${segment.index}]` };
    return walk(value[segment.index], rest, `${at}[${segment.index}]`);
  }
  const values: unknown[] = [];
  for (const [index, item] of value.entries()) {
    const read = walk(item, rest, `${at}[${index}]`);
    if (!read.found) return read;
    values.push(read.value);
  }
  return { found: true, value: values };
}

/**
 * A short, exact rendering of a JSON value for a report: strings quoted, long values cut.
 */
export function show(value: unknown, max = 120): string {
  if (value === undefined) return 'absent';
  // JSON.stringify gives undefined only for what JSON has no form for (a function, a symbol).
  const text = (JSON.stringify(value) as string | undefined) ?? typeof value;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
