/**
 * mock-origin
 *
 * Fixture and scenario URLs may start with `{mock}`, the origin the mock is reachable at, so the default world and
 * the demo deliver to the mock's own inbox and fetch tokens from its own token endpoint, whatever port it listens on.
 */

/** The placeholder for the mock's own origin in fixture and scenario URLs, e.g. `{mock}/_inbox/acme-child`. */
export const MOCK_ORIGIN_PLACEHOLDER = '{mock}';

/** The origin assumed when the mock does not listen itself (`createMock` without a server): `serve`'s default. */
export const DEFAULT_MOCK_ORIGIN = 'http://127.0.0.1:4000';

/**
 * Replaces a leading `{mock}` with `origin` (no trailing slash); other URLs are returned as they are.
 *
 * @example
 * ```ts
 * expandMockOrigin('{mock}/_inbox/demo', 'http://127.0.0.1:4000'); // 'http://127.0.0.1:4000/_inbox/demo'
 * ```
 */
export function expandMockOrigin(url: string, origin: string): string {
  return url.startsWith(MOCK_ORIGIN_PLACEHOLDER)
    ? `${origin.replace(/\/$/, '')}${url.slice(MOCK_ORIGIN_PLACEHOLDER.length)}`
    : url;
}
