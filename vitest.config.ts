import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/support/longest-first-sequencer.js';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 has no "exports" map: Node (and so every dependency vitest does not transform) loads its CommonJS
    // build, while Vite would pick the ESM build for our sources. Two graphql copies break instanceof checks, so point
    // our sources at the same CommonJS build Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    pool: 'threads',
    // The files of a worker share one module graph: a module is loaded once per worker, not once per file (on these
    // 2-core machines, 17 CPU-s instead of 44 for 32 in-process files). The sources have no import-time side effects
    // and keep no state in modules but memos; support modules hook into each file's end through after-file.ts, and a
    // test that fakes timers restores them.
    isolate: false,
    // Two workers on two cores: with the checks of `npm test` beside them the cores are busy throughout, and a third
    // worker costs more than it overlaps (it loads its own module graph: `npm test` took 101 s and 179 CPU-s with
    // three, 94 s and 163 CPU-s with two).
    maxWorkers: 2,
    sequence: { sequencer: LongestFirstSequencer },
    // Hang guards, not speed limits: with the checks of `npm test` running beside the test files on two cores (and
    // other work on the machine), a CPU-bound test takes five to ten times its quiet duration.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
