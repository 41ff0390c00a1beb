/**
 * run-receiver-check
 */
import { randomBytes } from 'node:crypto';
import type { CheckStatus } from '../contract/contract-check.js';
import type { DeliveryBodyFormat } from '../delivery/build-delivery-body.js';
import { createTokenCache, type TokenCache } from '../delivery/create-token-cache.js';
import { createSystemClock } from '../runtime/clock.js';
import type { WebhookAuthentication } from '../store/types.js';
import { createTestSender } from './create-test-sender.js';
import type { ReceiverResult } from './receiver-check.js';
import { receiverChecks } from './receiver-checks.js';

/**
 * Options of {@link runReceiverCheck}. Only `url` is required.
 *
 * @category Receiver check
 */
export interface RunReceiverCheckOptions {
  /** The receiver's endpoint, e.g. `http://localhost:3000/webhooks`. */
  url: string;
  /** The Standard Webhooks secret the receiver verifies with (`whsec_…`); without it the signature checks are skipped. */
  secret?: string | null;
  /** Client credentials: deliveries carry a Bearer token from `token_url`, and the authentication checks run. */
  authentication?: WebhookAuthentication | null;
  /** The sender's per-delivery timeout. @default 15_000, the mock's */
  timeoutMs?: number;
  /** The SHOULD bound for acknowledging. @default 2_000 */
  acknowledgeWithinMs?: number;
  /** The body form the receiver expects. @default 'envelope' */
  body?: DeliveryBodyFormat;
  /** Check ids to run (all when absent). */
  only?: readonly string[];
  /** Called after each check, e.g. to print progress. */
  onResult?: (result: ReceiverResult) => void;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** The sender's clock (signature timestamps, event times). @default the system clock */
  now?: () => Date;
  /** Makes this run's ids unique. @default 8 random bytes */
  runId?: string;
  /** @default a setTimeout promise */
  sleep?: (milliseconds: number) => Promise<void>;
  /** @default createTokenCache({ fetch }) */
  tokens?: TokenCache;
  /** Durations. @default performance.now */
  timer?: () => number;
}

/**
 * The outcome of a whole receiver check.
 *
 * @category Receiver check
 */
export interface ReceiverReport {
  readonly url: string;
  readonly signed: boolean;
  readonly authenticated: boolean;
  readonly results: readonly ReceiverResult[];
  readonly summary: Readonly<Record<CheckStatus, number>> & { readonly total: number };
  readonly durationMs: number;
}

/**
 * A report, or why the check could not start: the receiver gave no answer at all, no token could be had from
 * `token_url`, or `only` named unknown checks.
 *
 * @category Receiver check
 */
export type ReceiverRun =
  | { readonly ok: true; readonly report: ReceiverReport }
  | { readonly ok: false; readonly problem: 'unreachable' | 'token' | 'unknown-checks'; readonly message: string };

/**
 * Sends a battery of deliveries to a webhook receiver and judges its answers (see {@link receiverChecks} for what it
 * can and cannot see).
 *
 * @example
 * ```ts
 * const run = await runReceiverCheck({ url: 'http://127.0.0.1:3000/webhooks', secret: process.env.WEBHOOK_SECRET });
 * if (run.ok && run.report.summary.error === 0) console.log('every MUST holds');
 * ```
 * @category Receiver check
 */
export async function runReceiverCheck(options: RunReceiverCheckOptions): Promise<ReceiverRun> {
  const {
    url,
    secret = null,
    authentication = null,
    timeoutMs = 15_000,
    acknowledgeWithinMs = 2_000,
    body = 'envelope',
    only,
    onResult,
    fetch: fetchFn = globalThis.fetch,
    now = createSystemClock().now,
    runId = randomBytes(8).toString('hex'),
    sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
    tokens = createTokenCache({ fetch: fetchFn, now: () => now().getTime() }),
    timer = performance.now.bind(performance),
  } = options;
  const start = timer();
  const sender = createTestSender({
    url,
    fetch: fetchFn,
    timeoutMs,
    secret,
    authentication,
    tokens,
    now,
    body,
    runId,
    sleep,
  });
  let checks = receiverChecks({
    sender,
    signed: secret !== null,
    authenticated: authentication !== null,
    timeoutMs,
    acknowledgeWithinMs,
    now,
    sleep,
  });
  if (only !== undefined) {
    const unknown = only.filter((id) => !checks.some((check) => check.id === id));
    if (unknown.length > 0)
      return { ok: false, problem: 'unknown-checks', message: `unknown check ids: ${unknown.join(', ')}` };
    checks = checks.filter((check) => only.includes(check.id));
  }
  if (authentication !== null) {
    const token = await tokens.get(authentication);
    if (!token.ok)
      return {
        ok: false,
        problem: 'token',
        message: `no token from ${authentication.token_url}: ${token.problem.message}`,
      };
  }
  // A warm-up delivery: a receiver that gives no answer at all (refused, unknown host) cannot be judged.
  const probe = await sender.send();
  if (probe.status === null && !/^timeout/.test(probe.error ?? ''))
    return { ok: false, problem: 'unreachable', message: `${url} gave no answer (${probe.error ?? 'no response'})` };
  const results: ReceiverResult[] = [];
  for (const check of checks) {
    const result = await check.run();
    results.push(result);
    onResult?.(result);
  }
  const summary = { total: results.length, ok: 0, error: 0, warn: 0, notice: 0, skip: 0 };
  for (const result of results) summary[result.status] += 1;
  return {
    ok: true,
    report: {
      url,
      signed: secret !== null,
      authenticated: authentication !== null,
      results,
      summary,
      durationMs: Math.round(timer() - start),
    },
  };
}
