/**
 * fetch-failure
 */

/**
 * Why a request got no response at all (refused, unknown host, reset, timeout), as the clients report it.
 *
 * @category Clients
 */
export interface FetchFailure {
  /** The request's timeout signal fired. */
  readonly timedOut: boolean;
  /** What fetch threw, as its message says it (e.g. `fetch failed`). */
  readonly message: string;
  /** The telling part: the cause's code (e.g. `ECONNREFUSED`), else the cause's message, else `message`. */
  readonly detail: string;
}

/** What `fetch` threw, as a {@link FetchFailure}. */
export function fetchFailure(error: unknown): FetchFailure {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  return {
    timedOut: error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'),
    message,
    detail: typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : message,
  };
}
