/**
 * render-receiver-report
 *
 * The receiver check's three reporters, the contract kit's formats: pretty (its `renderResult` lines), JSON and JUnit.
 */
import { newJunitBuilder } from '../contract/render-junit.js';
import { renderResult } from '../contract/render-pretty.js';
import { RECEIVER_CHECK_GROUPS } from './receiver-check.js';
import type { ReceiverReport } from './run-receiver-check.js';

/**
 * The last line of the pretty report: counts by status.
 *
 * @category Receiver check
 */
export function renderReceiverSummary(report: ReceiverReport): string {
  const { summary } = report;
  return `${summary.total} checks in ${report.durationMs} ms: ${summary.ok} ok, ${summary.error} failed (MUST), ${summary.warn} warnings (SHOULD), ${summary.notice} notices (MAY), ${summary.skip} skipped`;
}

/**
 * The whole report for a terminal.
 *
 * @category Receiver check
 */
export function renderReceiverPretty(report: ReceiverReport): string {
  const idWidth = Math.max(0, ...report.results.map((result) => result.id.length));
  const mode = [
    report.signed ? 'signed' : 'unsigned (no --secret)',
    report.authenticated ? 'with a Bearer token' : 'no --auth',
  ].join(', ');
  return [
    `sentera-mock check-receiver: ${report.url} (${mode})`,
    ...report.results.map((result) => renderResult(result, idWidth)),
    renderReceiverSummary(report),
  ].join('\n');
}

/**
 * The report as JSON: one entry per check (id, name, group, status, reason, failures) and the summary.
 *
 * @category Receiver check
 */
export function renderReceiverJson(report: ReceiverReport): string {
  return `${JSON.stringify(
    {
      url: report.url,
      signed: report.signed,
      authenticated: report.authenticated,
      passed: report.summary.error === 0,
      summary: report.summary,
      duration_ms: report.durationMs,
      checks: report.results.map((result) => ({
        id: result.id,
        name: result.name,
        group: result.group,
        status: result.status,
        ...(result.reason === undefined ? {} : { reason: result.reason }),
        failures: result.failures,
        duration_ms: result.durationMs,
      })),
    },
    null,
    2,
  )}\n`;
}

/**
 * The report as JUnit XML: one suite per group, one test case per check; a failed MUST fails, a failed SHOULD or MAY
 * passes with the finding in its output, a skip is skipped.
 *
 * @category Receiver check
 */
export function renderReceiverJunit(report: ReceiverReport): string {
  const builder = newJunitBuilder();
  for (const group of RECEIVER_CHECK_GROUPS) {
    const results = report.results.filter((result) => result.group === group);
    if (results.length === 0) continue;
    const suite = builder.testSuite().name(`sentera-mock check-receiver: ${group}`).property('url', report.url);
    for (const result of results) {
      const testCase = suite
        .testCase()
        .className(`sentera-mock.check-receiver.${group}`)
        .name(`${result.id} ${result.name}`)
        .time(Number((result.durationMs / 1000).toFixed(4)));
      const details = [
        result.reason ?? '',
        ...result.failures.map((failure) => `${failure.path}: expected ${failure.expected}, got ${failure.actual}`),
      ]
        .filter((line) => line !== '')
        .join('\n');
      if (result.status === 'error') testCase.failure(result.reason ?? 'failed', 'MUST').standardOutput(details);
      else if (result.status === 'warn' || result.status === 'notice')
        testCase.standardOutput(`${result.status === 'warn' ? 'warning (SHOULD)' : 'notice (MAY)'}: ${details}`);
      else if (result.status === 'skip') testCase.skipped().standardOutput(`skipped: ${result.reason ?? ''}`);
    }
  }
  return `${builder.build()}\n`;
}
