import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // 2-core machines: browser and process-heavy suites run in their own files, a few at a time.
    pool: 'forks',
    maxWorkers: 2,
    globalSetup: ['./test/setup/isolate-home-state.ts'],
    reporters: ['default', './test/reporters/summary-line.ts'],
  },
});
