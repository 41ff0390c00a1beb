import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest (waiting on servers, child processes, a browser or timeouts, or computing), longest
 * first. Started first, they run beside the many short files instead of after them, so the run ends with the short
 * files spread over the workers. A file missing here only runs later; keep the list to the dozen slowest.
 */
const LONGEST = [
  'test/package/pack.test.ts',
  'test/receiver-check/receiver-zoo.test.ts',
  'test/ui/pages-in-browser.test.ts',
  'test/state/kill-9.test.ts',
  'test/contract/broken-implementations.test.ts',
  'test/contract/legitimate-variations.test.ts',
  'test/contract/run-contract.test.ts',
  'test/store/create-store.test.ts',
  'test/delivery/webhook-delivery-body.test.ts',
  'test/cli/main.test.ts',
  'test/cli/bin.test.ts',
  'test/architecture/dependency-rules.test.ts',
];

/**
 * Vitest's own order (by the durations of the last run when it has them, else larger files first), with the
 * {@link LONGEST} files in front: a fresh clone, as in CI, has no durations.
 */
export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = LONGEST.indexOf(relative(this.ctx.config.root, file.moduleId).replaceAll('\\', '/'));
      return index === -1 ? LONGEST.length : index;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
