import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * The suite runs twice: on SQLite (the embedded default) and on PostgreSQL (TEST_DB=postgres,
 * a fresh database per test copied from a migrated template, see test/postgres/). The browser
 * tests (test/web) run on SQLite only, the multi-process tests on PostgreSQL only.
 * `vitest run --project sqlite` (or postgres) runs one of them.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: on a 2-core machine, one test file at
    // a time, although most of the suite waits on databases, sockets and child processes
    // (decision 042).
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          env: { TEST_DB: 'sqlite' },
          exclude: ['test/postgres/**', 'test/multiprocess/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          env: { TEST_DB: 'postgres' },
          exclude: ['test/web/**'],
          globalSetup: ['test/postgres/global-setup.ts'],
          // The multi-process tests start servers and wait on them (slowly on a busy CI machine).
          testTimeout: 300_000,
        },
      },
    ],
  },
});
