/**
 * mock-control-client
 */
import { UsageError } from './command.js';
import { DEFAULT_PORT } from './serve-command.js';

/** The endpoint the delivery commands talk to unless told. */
export const DEFAULT_MOCK_ENDPOINT = `http://127.0.0.1:${DEFAULT_PORT}/graphql`;

/** A delivery as `GET /_mock/deliveries` returns it (the fields the commands print). */
export interface DeliveryView {
  readonly id: string;
  readonly event_sentera_id: string;
  readonly subscription_sentera_id: string;
  readonly event_type: string;
  readonly url: string;
  readonly status: string;
  readonly attempts: ReadonlyArray<{
    readonly status_code: number | null;
    readonly error: string | null;
    readonly trigger: string;
  }>;
  readonly next_attempt_at: string | null;
}

/** The origin of `--endpoint` (the mock's /graphql URL, as serve prints it), or a usage error. */
export function mockOrigin(endpoint: string | undefined): string {
  const value = endpoint ?? DEFAULT_MOCK_ENDPOINT;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  } catch {
    // Falls through to the usage error.
  }
  throw new UsageError(`--endpoint must be the mock's URL such as ${DEFAULT_MOCK_ENDPOINT}, got "${value}"`);
}

/** What a control request gave: a JSON answer, or no mock there. */
export type ControlAnswer =
  | {
      readonly reached: true;
      readonly status: number;
      readonly body: Record<string, unknown> & { error?: { code: string; message: string } };
    }
  | { readonly reached: false; readonly message: string };

/**
 * Calls the mock's control API (`/_mock/…`). A missing server, or a server that is not a sentera-mock, is
 * `reached: false` with a sentence to print.
 */
export async function callControl(
  origin: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<ControlAnswer> {
  let response: Response;
  try {
    response = await fetch(`${origin}/_mock${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...init.headers },
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return {
      reached: false,
      message: `cannot reach a mock at ${origin} (${cause?.code ?? (error as Error).message}); start one with sentera-mock serve`,
    };
  }
  const body = (await response.json().catch(() => null)) as
    (Record<string, unknown> & { error?: { code: string; message: string } }) | null;
  if (body === null || typeof body !== 'object')
    return { reached: false, message: `${origin} is not a sentera-mock (no JSON at /_mock${path.split('?')[0]})` };
  return { reached: true, status: response.status, body };
}

/** One delivery in one line: subscription, status, attempts, the last outcome, url. */
export function deliveryLine(record: DeliveryView): string {
  const last = record.attempts[record.attempts.length - 1];
  const outcome = last
    ? last.status_code !== null
      ? `HTTP ${last.status_code}`
      : (last.error ?? '?')
    : 'not attempted yet';
  const next = record.next_attempt_at ? ` next=${record.next_attempt_at}` : '';
  return `${record.event_sentera_id} ${record.event_type} → ${record.subscription_sentera_id} ${record.status} attempts=${record.attempts.length} last=${outcome}${next} ${record.url}`;
}
