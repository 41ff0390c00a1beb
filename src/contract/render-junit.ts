/**
 * render-junit
 */
import { createRequire } from 'node:module';
import type { Builder } from 'junit-report-builder';
import { CONTRACT_LAYERS } from './contract-check.js';
import { renderCleanup } from './render-pretty.js';
import type { ContractReport } from './run-contract.js';

const require = createRequire(import.meta.url);

/**
 * The report as JUnit XML for CI systems: one test suite per layer and one test case per check. A failed MUST is
 * a failure; a failed SHOULD or MAY passes with the finding in its output; a skip is skipped. Cleanup is one more
 * test case, failed when something could not be deleted.
 *
 * @category Contract
 */
export function renderJunit(report: ContractReport): string {
  const builder = newJunitBuilder();
  for (const layer of CONTRACT_LAYERS) {
    const results = report.results.filter((result) => result.layer === layer);
    if (results.length === 0) continue;
    const suite = builder.testSuite().name(`sentera-mock contract: ${layer}`).property('endpoint', report.endpoint);
    for (const result of results) {
      const testCase = suite
        .testCase()
        .className(`sentera-mock.contract.${layer}`)
        .name(`${result.id} ${result.name}`)
        .time(Number((result.durationMs / 1000).toFixed(4)));
      const details = [
        result.reason ?? '',
        ...result.failures.map((failure) => `at ${failure.path}: expected ${failure.expected}, got ${failure.actual}`),
      ]
        .filter((line) => line !== '')
        .join('\n');
      if (result.status === 'error') testCase.failure(result.reason ?? 'failed', 'MUST').standardOutput(details);
      else if (result.status === 'warn' || result.status === 'notice')
        testCase.standardOutput(`${result.status === 'warn' ? 'warning (SHOULD)' : 'notice (MAY)'}: ${details}`);
      else if (result.status === 'skip') testCase.skipped().standardOutput(`skipped: ${result.reason ?? ''}`);
    }
  }
  const cleanup = builder
    .testSuite()
    .name('sentera-mock contract: cleanup')
    .testCase()
    .className('sentera-mock.contract.cleanup')
    .name('delete every webhook subscription the run created');
  cleanup.standardOutput(
    [...report.notices.map((notice) => `notice: ${notice}`), renderCleanup(report.cleanup)].join('\n'),
  );
  if (report.cleanup.left.length > 0) cleanup.failure(renderCleanup(report.cleanup), 'cleanup');
  return `${builder.build()}\n`;
}

/**
 * A new junit-report-builder builder, the library loaded on first use (a large module that only the JUnit reporters
 * need).
 *
 * @category Contract
 */
export function newJunitBuilder(): Builder {
  // CommonJS (`module.exports = builder`) whose types declare an ES default export: take whichever is there.
  const loaded = require('junit-report-builder') as Builder & { default?: Builder };
  return (loaded.default ?? loaded).newBuilder();
}
