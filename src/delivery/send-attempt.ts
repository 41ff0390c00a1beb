/**
 * send-attempt
 */

/**
 * What one HTTP POST to a callback URL gave.
 *
 * @category Delivery
 */
export interface AttemptOutcome {
  /** Only a 2xx is a success. */
  readonly ok: boolean;
  /** The response status, when there was a response. */
  readonly status: number | null;
  readonly durationMs: number;
  /** Why it failed without a response (timeout, connection refused...), or a note such as "redirect not followed". */
  readonly error: string | null;
  /** The first 256 characters of the response body. */
  readonly responseSnippet: string;
  /** The receiver's `Retry-After`, as sent. */
  readonly retryAfter: string | null;
}

/** The longest response body kept in the log. */
const RESPONSE_SNIPPET_LENGTH = 256;

/**
 * POSTs one delivery. Never throws for an HTTP failure: 3xx are not followed (a failure), timeouts and connection errors
 * are failures with a reason.
 *
 * @category Delivery
 */
export async function sendAttempt(input: {
  fetch: typeof fetch;
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  now?: () => number;
}): Promise<AttemptOutcome> {
  const { fetch: fetchFn, url, headers, body, timeoutMs, now = () => performance.now() } = input;
  const started = now();
  // Not AbortSignal.timeout(): its timer lives on for the whole timeout after the answer, and many attempts a second
  // would keep thousands of them. This one is cleared as soon as the attempt ends.
  const controller = new AbortController();
  const timeout = setTimeout(
    () => controller.abort(new DOMException(`timeout after ${timeoutMs} ms`, 'TimeoutError')),
    timeoutMs,
  ).unref();
  try {
    const response = await fetchFn(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: controller.signal,
    });
    const text = await readSnippet(response);
    const redirected = response.status >= 300 && response.status < 400;
    return {
      ok: response.status >= 200 && response.status < 300,
      status: response.status,
      durationMs: now() - started,
      error: redirected ? `redirect to ${response.headers.get('location') ?? '?'} not followed` : null,
      responseSnippet: text,
      retryAfter: response.headers.get('retry-after'),
    };
  } catch (error) {
    const name = (error as Error).name;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail =
      cause?.code && cause.message && !cause.message.includes(cause.code)
        ? `${cause.code}: ${cause.message}`
        : (cause?.code ?? cause?.message ?? (error as Error).message);
    const reason = name === 'TimeoutError' || name === 'AbortError' ? `timeout after ${timeoutMs} ms` : detail;
    return {
      ok: false,
      status: null,
      durationMs: now() - started,
      error: reason,
      responseSnippet: '',
      retryAfter: null,
    };
  } finally {
    clearTimeout(timeout);
  }
}

/**
 * Reads at most {@link RESPONSE_SNIPPET_LENGTH} characters of a body, then stops reading (a huge answer is not kept).
 * The excerpt is a copy: a slice would keep the whole chunk it was cut from (up to 64 KB) alive as long as the log.
 */
async function readSnippet(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < RESPONSE_SNIPPET_LENGTH) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body cut short still leaves what was read.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return text.length > RESPONSE_SNIPPET_LENGTH
    ? (JSON.parse(JSON.stringify(text.slice(0, RESPONSE_SNIPPET_LENGTH))) as string)
    : text;
}
