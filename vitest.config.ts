import { defineConfig } from 'vitest/config';

// Suites that take both cores for minutes (an image build, a fresh clone's npm ci): run after the
// others and one at a time (test/run/run-tests.ts), so they neither slow other suites into their
// timeouts nor each other.
const HEAVY = ['test/readme/fresh-clone.test.ts', 'test/dist/container.test.ts'];
const heavyStage = process.env.TRASEALLA_HEAVY_STAGE === '1';

// The API suites, run a second time with the app on PostgreSQL (TRASEALLA_TEST_ENGINE=postgres,
// test/helpers/test-app.ts): isolation over every route, roles, bad input, the CRM, import and
// export, licensing. Suites about SQLite itself (its statement counts, its file) run once.
export const POSTGRES_STAGE = [
  'test/server/{auth,bad-input,isolation,roles}.test.ts',
  'test/crm/!(query-counts).test.ts',
  'test/transfer/*.test.ts',
  'test/license/{enforcement,validation}.test.ts',
];
const postgresStage = process.env.TRASEALLA_TEST_ENGINE === 'postgres';

export default defineConfig({
  test: {
    include: heavyStage ? HEAVY : postgresStage ? POSTGRES_STAGE : ['test/**/*.test.ts'],
    exclude: heavyStage ? [] : ['**/node_modules/**', ...HEAVY],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only make the spawned-process suites fight each other.
    maxWorkers: heavyStage ? 1 : 2,
    fileParallelism: !heavyStage,
    // The JSON report lets the test runner print one plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: process.env.TRASEALLA_VITEST_REPORT ?? 'test-artifacts/vitest.json' }]],
  },
});
