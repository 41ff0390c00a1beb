/**
 * Work to do when the current test file's tests are over (closing servers, checking what they saw), run by the
 * `afterAll` of `test/support/setup.ts`. Support modules register here rather than calling `afterAll` when imported:
 * test files share one module graph per worker (`isolate: false`), so a support module is imported once per worker
 * and a hook it registered at import would run for the first file only. Setup files run again for every file.
 */
const pending: Array<() => unknown> = [];

/** Runs `work` (last registered, first run) after the current file's tests. */
export function afterFile(work: () => unknown): void {
  pending.push(work);
}

/** Runs and forgets every registered piece of work; throws the first failure once all have run. */
export async function runAfterFile(): Promise<void> {
  const failures: unknown[] = [];
  while (pending.length > 0) {
    const work = pending.pop() as () => unknown;
    try {
      await work();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, 'several afterFile steps failed');
}
