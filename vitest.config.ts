import { defineConfig } from 'vitest/config';

// The container stage takes both cores for minutes: test/run/run-tests.ts runs it alone, last.
const CONTAINER_STAGE = 'test/dist/container.test.ts';
const containerStage = process.env.TRASEALLA_CONTAINER_STAGE === '1';

export default defineConfig({
  test: {
    include: containerStage ? [CONTAINER_STAGE] : ['test/**/*.test.ts'],
    exclude: containerStage ? [] : ['**/node_modules/**', CONTAINER_STAGE],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only make the spawned-process suites fight each other.
    maxWorkers: 2,
    // The JSON report lets the test runner print one plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: process.env.TRASEALLA_VITEST_REPORT ?? 'test-artifacts/vitest.json' }]],
  },
});
