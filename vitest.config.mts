import { defineConfig } from 'vitest/config';

/**
 * Suites that run once, with the SQLite project: those that never open a database, the start on
 * the embedded default, and the web app's (the browser drives the same API whatever the database).
 */
const SQLITE_ONLY = [
  'test/main.test.ts',
  'test/concurrency-limit.test.ts',
  'test/config.test.ts',
  'test/periodic-task.test.ts',
  'test/artifacts.test.ts',
  'test/fakes/*.contract.test.ts',
  'test/browser/**',
  'test/cors.test.ts',
  'test/web-app.test.ts',
];
/**
 * Suites about several instances on one PostgreSQL server, and the production build, which is
 * built once and walks the flow on both databases.
 */
const POSTGRES_ONLY = ['test/multi-instance.test.ts', 'test/production-build.test.ts'];

export default defineConfig({
  resolve: {
    // The app is CommonJS: Apollo and TypeGraphQL require graphql's CJS build. Without this, test
    // files would import the ESM build and hold a second copy of graphql (instanceof breaks).
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    setupFiles: ['reflect-metadata'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Every suite that touches the database runs twice: on SQLite, and on a real PostgreSQL server
    // (a throwaway cluster from the machine's binaries, or TEST_POSTGRES_URL).
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts'],
          exclude: POSTGRES_ONLY,
          env: { TEST_DATABASE: 'sqlite' },
          // The browser tests, and npm start's, need the web app built.
          globalSetup: ['test/browser/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/**/*.test.ts'],
          exclude: SQLITE_ONLY,
          env: { TEST_DATABASE: 'postgres' },
          globalSetup: ['test/support/postgres-global-setup.ts'],
        },
      },
    ],
  },
});
