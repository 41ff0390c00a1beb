/**
 * receiver-checks
 */
import type { CheckVerdict, ContractFailure } from '../contract/contract-check.js';
import { receiverCheck, type ReceiverCheck } from './receiver-check.js';
import type { TestDelivery, TestOutcome, TestSender } from './create-test-sender.js';

/**
 * What the checks need: the sender, what it was configured with, and the thresholds.
 *
 * @category Receiver check
 */
export interface ReceiverCheckContext {
  readonly sender: TestSender;
  /** Whether deliveries are signed (a secret was given): the signature checks are skipped otherwise. */
  readonly signed: boolean;
  /** Whether deliveries carry a Bearer token (client credentials were given). */
  readonly authenticated: boolean;
  /** The per-delivery timeout: the mock's (15 s) unless told. */
  readonly timeoutMs: number;
  /** The SHOULD bound for acknowledging a valid delivery. */
  readonly acknowledgeWithinMs: number;
  /** The sender's clock (event times). */
  readonly now: () => Date;
  /** Pause helper (slow bodies, waiting after a dropped connection). */
  readonly sleep: (milliseconds: number) => Promise<void>;
}

type Expectation = 'accept' | 'reject' | 'no-5xx' | 'unauthorized';

const describeOutcome = (outcome: TestOutcome) =>
  outcome.status === null
    ? (outcome.error ?? 'no answer')
    : `HTTP ${outcome.status}${outcome.error ? ` (${outcome.error})` : ''}${outcome.responseSnippet ? `: ${outcome.responseSnippet.slice(0, 80)}` : ''}`;

function meets(outcome: TestOutcome, expectation: Expectation): boolean {
  const { status } = outcome;
  if (status === null) return false;
  if (expectation === 'accept') return status >= 200 && status < 300;
  if (expectation === 'reject') return status >= 400 && status < 500;
  if (expectation === 'unauthorized') return status === 401 || status === 403;
  return status < 500;
}

const EXPECTED: Record<Expectation, string> = {
  accept: 'a 2xx',
  reject: 'a 4xx',
  unauthorized: '401 or 403',
  'no-5xx': 'an answer below 500',
};

/** Sends deliveries in order and fails with one finding per answer that misses its expectation. */
async function expectEach(
  steps: ReadonlyArray<{ delivery: TestDelivery | (() => Promise<TestOutcome>); expect: Expectation; label: string }>,
  sender: TestSender,
): Promise<CheckVerdict> {
  const failures: ContractFailure[] = [];
  for (const step of steps) {
    const outcome = typeof step.delivery === 'function' ? await step.delivery() : await sender.send(step.delivery);
    if (!meets(outcome, step.expect))
      failures.push({
        path: step.label,
        expected: EXPECTED[step.expect],
        actual: `${describeOutcome(outcome)} to ${outcome.sent}`,
      });
  }
  if (failures.length === 0) return { status: 'ok' };
  return {
    status: 'fail',
    reason: failures
      .map((failure) => `${failure.path}: expected ${failure.expected}, got ${failure.actual}`)
      .join('; '),
    failures,
  };
}

/**
 * The receiver checks, in the order they run, as data: ids are stable (RC-01…), names start with their level. What
 * they cannot see: anything behind a 2xx (double processing of a duplicate, events dropped after acknowledging,
 * order of side effects), the receiver's own retries and queues, TLS and the network in front of it.
 *
 * @category Receiver check
 */
export function receiverChecks(context: ReceiverCheckContext): ReceiverCheck[] {
  const { sender, signed, authenticated, timeoutMs, acknowledgeWithinMs, now, sleep } = context;
  let first: Promise<TestOutcome> | undefined;
  /** The first valid delivery, shared by the checks that judge it (sent once per run). */
  const valid = () => (first ??= sender.send());
  const needsSecret = (body: () => Promise<CheckVerdict>) => () =>
    signed
      ? body()
      : Promise.resolve<CheckVerdict>({ status: 'skip', reason: 'no --secret: deliveries are not signed' });
  const needsAuth = (body: () => Promise<CheckVerdict>) => () =>
    authenticated
      ? body()
      : Promise.resolve<CheckVerdict>({ status: 'skip', reason: 'no --auth: deliveries carry no Bearer token' });
  return [
    receiverCheck(
      'RC-01',
      `MUST answer a valid delivery with a 2xx within the sender's timeout (${timeoutMs} ms)`,
      'acknowledgement',
      async () => expectEach([{ delivery: valid, expect: 'accept', label: 'a valid delivery' }], sender),
    ),
    receiverCheck(
      'RC-02',
      `SHOULD acknowledge a valid delivery within ${acknowledgeWithinMs} ms, before processing it`,
      'acknowledgement',
      async () => {
        const outcome = await valid();
        if (!outcome.ok) return { status: 'skip', reason: 'the valid delivery was not accepted (see RC-01)' };
        if (outcome.durationMs <= acknowledgeWithinMs) return { status: 'ok' };
        return {
          status: 'fail',
          reason: `answered after ${Math.round(outcome.durationMs)} ms; senders time out (Shopify 5 s, GitHub 10 s) and retry, so acknowledge first and process in the background`,
          failures: [
            {
              path: 'a valid delivery',
              expected: `an answer within ${acknowledgeWithinMs} ms`,
              actual: `${Math.round(outcome.durationMs)} ms`,
            },
          ],
        };
      },
    ),
    receiverCheck(
      'RC-03',
      'MUST answer a second delivery of the same webhook-id with a 2xx (idempotent acceptance)',
      'acknowledgement',
      async () => {
        const { id } = await sender.send();
        return expectEach([{ delivery: { id }, expect: 'accept', label: 'the same webhook-id again' }], sender);
      },
    ),
    receiverCheck(
      'RC-04',
      'MUST accept deliveries of one object out of order (the older event after the newer)',
      'acknowledgement',
      async () => {
        const objectId = sender.nextId('TA');
        const nowMs = now().getTime();
        return expectEach(
          [
            { delivery: { objectId, createdAt: new Date(nowMs) }, expect: 'accept', label: 'the newer event' },
            {
              delivery: { objectId, createdAt: new Date(nowMs - 60_000) },
              expect: 'accept',
              label: 'then an event from a minute earlier',
            },
          ],
          sender,
        );
      },
    ),
    receiverCheck(
      'RC-05',
      'MUST NOT fail (5xx or no answer) on an event type it does not know',
      'acknowledgement',
      async () =>
        expectEach(
          [{ delivery: { type: 'SENTERA_MOCK_FUTURE_EVENT' }, expect: 'no-5xx', label: 'an unknown event type' }],
          sender,
        ),
    ),
    receiverCheck(
      'RC-06',
      'SHOULD accept (2xx) and ignore an event type it does not know, so the sender does not retry it',
      'acknowledgement',
      async () =>
        expectEach(
          [{ delivery: { type: 'SENTERA_MOCK_FUTURE_EVENT' }, expect: 'accept', label: 'an unknown event type' }],
          sender,
        ),
    ),
    receiverCheck(
      'RC-10',
      'MUST reject (4xx) a delivery signed with another secret',
      'signature',
      needsSecret(() =>
        expectEach([{ delivery: { signing: 'wrong-secret' }, expect: 'reject', label: 'a wrong signature' }], sender),
      ),
    ),
    receiverCheck(
      'RC-11',
      'MUST reject (4xx) a correctly signed delivery with a timestamp an hour old (replay)',
      'signature',
      needsSecret(() =>
        expectEach([{ delivery: { signing: 'stale' }, expect: 'reject', label: 'a stale timestamp' }], sender),
      ),
    ),
    receiverCheck(
      'RC-12',
      'MUST reject (4xx) a correctly signed delivery with a timestamp an hour ahead',
      'signature',
      needsSecret(() =>
        expectEach([{ delivery: { signing: 'future' }, expect: 'reject', label: 'a future timestamp' }], sender),
      ),
    ),
    receiverCheck(
      'RC-13',
      'MUST reject (4xx) a delivery without webhook-timestamp and webhook-signature',
      'signature',
      needsSecret(() =>
        expectEach([{ delivery: { signing: 'none' }, expect: 'reject', label: 'no signature headers' }], sender),
      ),
    ),
    receiverCheck(
      'RC-14',
      'MUST reject (4xx) a body changed after signing, even by whitespace only (verify the raw bytes)',
      'signature',
      needsSecret(() =>
        expectEach(
          [
            {
              delivery: { tamper: (body) => body.replace(/"updated_by_id":"[^"]*"/, '"updated_by_id":null') },
              expect: 'reject',
              label: 'a changed value',
            },
            { delivery: { tamper: (body) => body.replace('{', '{ ') }, expect: 'reject', label: 'added whitespace' },
          ],
          sender,
        ),
      ),
    ),
    receiverCheck(
      'RC-15',
      'MUST accept a valid delivery whose valid signature is listed second (secret rotation)',
      'signature',
      needsSecret(() =>
        expectEach(
          [{ delivery: { signing: 'rotated' }, expect: 'accept', label: 'two signatures, the valid one second' }],
          sender,
        ),
      ),
    ),
    receiverCheck(
      'RC-20',
      'MUST reject (401/403) a delivery without an Authorization header',
      'authentication',
      needsAuth(() =>
        expectEach([{ delivery: { bearer: 'none' }, expect: 'unauthorized', label: 'no Bearer token' }], sender),
      ),
    ),
    receiverCheck(
      'RC-21',
      'MUST reject (401/403) a delivery with a wrong Bearer token',
      'authentication',
      needsAuth(() =>
        expectEach([{ delivery: { bearer: 'wrong' }, expect: 'unauthorized', label: 'a wrong Bearer token' }], sender),
      ),
    ),
    receiverCheck(
      'RC-30',
      'MUST NOT answer a delivery with a redirect (senders do not follow one: the delivery fails)',
      'robustness',
      async () => {
        const outcome = await sender.send();
        if (outcome.status === null || outcome.status < 300 || outcome.status >= 400) return { status: 'ok' };
        return {
          status: 'fail',
          reason: `redirected: ${describeOutcome(outcome)}; give the sender the final URL`,
          failures: [{ path: 'a valid delivery', expected: 'no 3xx', actual: describeOutcome(outcome) }],
        };
      },
    ),
    receiverCheck(
      'RC-31',
      'MUST accept a valid delivery whose body arrives slowly, in pieces',
      'robustness',
      async () =>
        expectEach(
          [{ delivery: () => sender.sendSlowly(4, 150), expect: 'accept', label: 'a body in 4 pieces, 150 ms apart' }],
          sender,
        ),
    ),
    receiverCheck(
      'RC-32',
      'MUST keep answering after a delivery whose connection dropped mid-body',
      'robustness',
      async () => {
        await sender.sendAborted();
        await sleep(100);
        return expectEach([{ delivery: {}, expect: 'accept', label: 'a valid delivery after a dropped one' }], sender);
      },
    ),
  ];
}
