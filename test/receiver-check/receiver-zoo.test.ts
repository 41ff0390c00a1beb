import { describe, expect, it } from 'vitest';
import { runReceiverCheck, type ReceiverReport } from '../../src/receiver-check/run-receiver-check.js';
import { startTokenServer, startZooReceiver, ZOO_SECRET, type Flaw } from '../support/receiver-zoo.js';

async function check(flaw: Flaw, mode: { signed?: boolean; authenticated?: boolean } = {}): Promise<ReceiverReport> {
  const { signed = true, authenticated = false } = mode;
  const url = await startZooReceiver({ flaw, signed, authenticated });
  const run = await runReceiverCheck({
    url,
    secret: signed ? ZOO_SECRET : null,
    authentication: authenticated
      ? { token_url: await startTokenServer(), client_id: 'zoo', client_secret: 'zoo-secret', scope: null }
      : null,
    // Far from what a correct receiver needs on a loaded machine (the first delivery of a run once took over 300 ms
    // with the test files and the checks of `npm test` sharing two cores); the flawed receivers are wrong by
    // construction (the slow one waits longer than acknowledgeWithinMs before it answers), not by a race.
    timeoutMs: 5_000,
    acknowledgeWithinMs: 1_000,
  });
  if (!run.ok) throw new Error(run.message);
  return run.report;
}

const failed = (report: ReceiverReport) =>
  report.results
    .filter((result) => result.status === 'error' || result.status === 'warn')
    .map((result) => `${result.id} ${result.status}`);

// Concurrent: each case has receivers of its own, and the runs mostly wait (the slow receiver alone waits 1.2 s for
// each of its dozen deliveries).
describe.concurrent('check-receiver against a zoo of receivers, one flaw each', () => {
  it.each([
    ['signed', { signed: true }],
    ['unsigned', { signed: false }],
    ['signed and authenticated', { signed: true, authenticated: true }],
  ])('passes a correct receiver (%s) with no false alarm', async (_, mode) => {
    const report = await check('none', mode);
    expect(failed(report)).toEqual([]);
    expect(report.results.filter((result) => result.status === 'skip').map((result) => result.id)).toEqual([
      ...(mode.signed ? [] : ['RC-10', 'RC-11', 'RC-12', 'RC-13', 'RC-14', 'RC-15']),
      ...('authenticated' in mode ? [] : ['RC-20', 'RC-21']),
    ]);
  });

  it.each<[Flaw, string[], { signed?: boolean; authenticated?: boolean }?]>([
    ['accepts-bad-signatures', ['RC-10 error', 'RC-11 error', 'RC-12 error', 'RC-13 error', 'RC-14 error']],
    ['no-timestamp-check', ['RC-11 error', 'RC-12 error']],
    ['past-only-timestamp-check', ['RC-12 error']],
    ['first-signature-only', ['RC-15 error']],
    ['verifies-reserialized-json', ['RC-14 error']],
    ['500-on-duplicate', ['RC-03 error']],
    ['refuses-out-of-order', ['RC-04 error']],
    ['crashes-on-unknown-type', ['RC-05 error', 'RC-06 warn']],
    ['rejects-unknown-type', ['RC-06 warn']],
    ['slow-acknowledgement', ['RC-02 warn']],
    ['ignores-bearer-token', ['RC-20 error', 'RC-21 error'], { signed: true, authenticated: true }],
    ['accepts-any-bearer-token', ['RC-21 error'], { signed: true, authenticated: true }],
    ['times-out-slow-bodies', ['RC-31 error']],
    ['dies-on-dropped-connection', ['RC-32 error']],
  ])('catches a receiver that %s: %j', async (flaw, expected, mode) => {
    const report = await check(flaw, mode);
    expect(failed(report)).toEqual(expected);
    expect(report.summary.error > 0).toBe(expected.some((entry) => entry.endsWith('error')));
  });

  it('catches a receiver that answers only after the sender has given up (MUST), and then does not judge its speed', async () => {
    const url = await startZooReceiver({ flaw: 'answers-after-the-timeout' });
    const run = await runReceiverCheck({ url, timeoutMs: 300, only: ['RC-01', 'RC-02'] });
    if (!run.ok) throw new Error(run.message);
    expect(run.report.results.map((result) => [result.id, result.status, result.reason])).toEqual([
      [
        'RC-01',
        'error',
        expect.stringMatching(
          /^a valid delivery: expected a 2xx, got timeout after 300 ms to TASK_MODIFIED \S+_WE_\S+$/,
        ),
      ],
      ['RC-02', 'skip', 'the valid delivery was not accepted (see RC-01)'],
    ]);
  });

  it('catches a receiver that redirects, and says to give the final URL', async () => {
    const report = await check('redirects');
    const rc30 = report.results.find((result) => result.id === 'RC-30');
    expect(rc30).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(
        /^redirected: HTTP 308 \(redirect to \/webhooks\/ not followed\); give the sender the final URL$/,
      ),
    });
    // Every other check fails too: a redirecting URL receives nothing, so it neither accepts nor rejects (4xx).
    expect(failed(report)).toEqual([
      'RC-01 error',
      'RC-03 error',
      'RC-04 error',
      'RC-06 warn',
      'RC-10 error',
      'RC-11 error',
      'RC-12 error',
      'RC-13 error',
      'RC-14 error',
      'RC-15 error',
      'RC-30 error',
      'RC-31 error',
      'RC-32 error',
    ]);
  });

  it('names what it sent and what came back', async () => {
    const report = await check('500-on-duplicate');
    expect(report.results.find((result) => result.id === 'RC-03')?.failures).toEqual([
      {
        path: 'the same webhook-id again',
        expected: 'a 2xx',
        actual: expect.stringMatching(
          /^HTTP 500: duplicate key value violates unique constraint to TASK_MODIFIED \w{7}_WE_receiverCheck_CV_deve_c0ffee1_\d{6}_\d{6}$/,
        ),
      },
    ]);
  });
});
