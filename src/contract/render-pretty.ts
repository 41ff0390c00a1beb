/**
 * render-pretty
 */
import type { CheckStatus, ContractResult } from './contract-check.js';
import type { CleanupReport } from './create-step-runner.js';
import type { ContractReport } from './run-contract.js';

const LABELS: Record<CheckStatus, string> = { ok: 'ok', error: 'FAIL', warn: 'WARN', notice: 'note', skip: 'skip' };
/** How many findings of one check are printed. */
const MAX_FAILURES = 10;

/**
 * One check as text: a line with status, id and name, then for a failure one line per finding (path, expected,
 * actual), or the reason of a skip. The receiver check prints its results with it too.
 *
 * @category Contract
 */
export function renderResult(result: Omit<ContractResult, 'layer'>, idWidth = result.id.length): string {
  const lines = [`${LABELS[result.status].padEnd(4)}  ${result.id.padEnd(idWidth)}  ${result.name}`];
  const indent = ' '.repeat(idWidth + 8);
  if (result.status === 'skip') lines.push(`${indent}skipped: ${result.reason ?? ''}`);
  else if (result.status !== 'ok') {
    if (result.failures.length === 0) lines.push(`${indent}${result.reason ?? ''}`);
    for (const failure of result.failures.slice(0, MAX_FAILURES))
      lines.push(`${indent}at ${failure.path}: expected ${failure.expected}, got ${failure.actual}`);
    if (result.failures.length > MAX_FAILURES)
      lines.push(`${indent}… and ${result.failures.length - MAX_FAILURES} more`);
  }
  return lines.join('\n');
}

/**
 * What cleanup did, in one or two lines.
 *
 * @category Contract
 */
export function renderCleanup(cleanup: CleanupReport): string {
  if (cleanup.created.length === 0) return 'cleanup: nothing was created';
  const done = `cleanup: created ${cleanup.created.length} webhook ${cleanup.created.length === 1 ? 'subscription' : 'subscriptions'}, deleted ${cleanup.deleted.length}`;
  if (cleanup.left.length === 0) return done;
  return `${done}; COULD NOT DELETE ${cleanup.left.join(', ')}${cleanup.problem ? ` (${cleanup.problem})` : ''}: delete them by hand`;
}

/**
 * The whole report for a terminal.
 *
 * @category Contract
 */
export function renderPretty(report: ContractReport): string {
  const idWidth = Math.max(0, ...report.results.map((result) => result.id.length));
  const { summary } = report;
  return [
    `sentera-mock contract: ${report.endpoint}${report.readOnly ? ' (read-only)' : ''}`,
    ...report.results.map((result) => renderResult(result, idWidth)),
    ...report.notices.map((notice) => `notice: ${notice}`),
    renderCleanup(report.cleanup),
    `${summary.total} checks in ${report.durationMs} ms: ${summary.ok} ok, ${summary.error} failed (MUST), ${summary.warn} warnings (SHOULD), ${summary.notice} notices (MAY), ${summary.skip} skipped`,
  ].join('\n');
}
