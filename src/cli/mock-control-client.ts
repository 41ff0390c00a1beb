/**
 * mock-control-client
 */
import * as v from 'valibot';
import { createControlClient, type ControlBody, type ControlRequest } from '../client/create-control-client.js';
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

const DELIVERIES = v.array(
  v.looseObject({
    id: v.string(),
    event_sentera_id: v.string(),
    subscription_sentera_id: v.string(),
    event_type: v.string(),
    url: v.string(),
    status: v.string(),
    attempts: v.array(
      v.looseObject({ status_code: v.nullable(v.number()), error: v.nullable(v.string()), trigger: v.string() }),
    ),
    next_attempt_at: v.nullable(v.string()),
  }),
);

/**
 * The deliveries of a control answer (`{"deliveries": [...]}`), as the mock sent them (every field, in its order, for
 * `--json`), or undefined when it has none of that shape.
 */
export function deliveriesIn(body: ControlBody | null | undefined): readonly DeliveryView[] | undefined {
  const deliveries = body?.['deliveries'];
  return v.is(DELIVERIES, deliveries) ? deliveries : undefined;
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

/** What a command's control request gave: a JSON answer, or no mock there (with the sentence to print). */
export type MockAnswer =
  | { readonly reached: true; readonly status: number; readonly body: ControlBody }
  | { readonly reached: false; readonly message: string };

/**
 * Calls the mock's control API (`/_mock/…`) through the control client. A missing server, or a server that is not a
 * sentera-mock (no JSON), is `reached: false` with a sentence to print.
 */
export async function callControl(origin: string, path: string, request: ControlRequest = {}): Promise<MockAnswer> {
  const answer = await createControlClient({ origin }).request(path, request);
  if (!answer.reached)
    return {
      reached: false,
      message: `cannot reach a mock at ${origin} (${answer.failure.detail}); start one with sentera-mock serve`,
    };
  if (answer.body === null)
    return { reached: false, message: `${origin} is not a sentera-mock (no JSON at /_mock${path.split('?')[0]})` };
  return { reached: true, status: answer.status, body: answer.body };
}

/** One delivery in one line: subscription, status, attempts, the last outcome, url. */
/** Why a control answer is not what a command asked for: the mock's error code and message, else the HTTP status. */
export function refusalText(status: number, body: ControlBody | null | undefined): string {
  return body?.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${status}`;
}

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
