/**
 * render-json
 */
import type { ContractReport } from './run-contract.js';

/**
 * The report as JSON: one entry per check (id, name, layer, status, reason, failures with path, expected and
 * actual), the summary, the cleanup and the run's notices (rate limits...).
 *
 * @category Contract
 */
export function renderJson(report: ContractReport): string {
  return `${JSON.stringify(
    {
      endpoint: report.endpoint,
      read_only: report.readOnly,
      passed: report.summary.error === 0,
      summary: report.summary,
      duration_ms: report.durationMs,
      checks: report.results.map((result) => ({
        id: result.id,
        name: result.name,
        layer: result.layer,
        status: result.status,
        ...(result.reason === undefined ? {} : { reason: result.reason }),
        failures: result.failures,
        duration_ms: result.durationMs,
      })),
      cleanup: report.cleanup,
      notices: report.notices,
    },
    null,
    2,
  )}\n`;
}
