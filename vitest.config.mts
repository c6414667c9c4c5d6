import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * The suites that run on PostgreSQL as well as on SQLite: those whose subject is the database
 * (statements, transactions and races, constraints, migrations, connections, what is stored and
 * read back), since each dialect can get these wrong in its own way. Every other suite (texts,
 * HTTP shape, CORS, config, providers, fakes, pure functions, the browser) runs once, on SQLite.
 */
const POSTGRES = [
  'test/account-deletion.test.ts',
  // The admin API's search, manual verification with its audit event, and the guard's counts per country.
  'test/admin-api.test.ts',
  // The audit log's rows and their retention, written and paged by each dialect.
  'test/audit-log.test.ts',
  // Each flow's events written in its own transaction, and pruned by housekeeping, in each dialect.
  'test/audit-trail.test.ts',
  // The webhooks' outbox: written in each flow's transaction, claimed once across instances with SKIP LOCKED.
  'test/webhooks.test.ts',
  'test/cleanup.test.ts',
  // A receipt moves a status on in one upsert every instance shares, and a fallback call is claimed once across them.
  'test/delivery-receipts.test.ts',
  'test/delivery-receipts-fallback.test.ts',
  // The flow through each provider, and no AsyncLocalStorage entered by either driver's path.
  'test/flow.test.ts',
  // The SMS guard's counts and spent challenges are upserts every instance shares; each dialect does its own.
  'test/fraud-guard.test.ts',
  // The guard in front of every flow, over HTTP: two instances on one database among them.
  'test/fraud-guard-flows.test.ts',
  // A code's undelivered text is taken out of the guard's counts through a receipt's upsert in each dialect.
  'test/fraud-guard-undelivered.test.ts',
  'test/captcha.test.ts',
  // A channel travels with a recorded request: a column each dialect adds.
  'test/code-channels-flows.test.ts',
  // Every request the GraphQL-over-HTTP spec allows reaches each driver: none may end in a 5xx.
  'test/graphql-http-audit.test.ts',
  'test/lifecycle.test.ts',
  // A refused statement's values must not reach the log, and PostgreSQL's errors carry more of them.
  'test/log-redaction.test.ts',
  'test/login-limits.test.ts',
  'test/migrations.test.ts',
  // Unicode names and emails, stored and compared as one spelling: each dialect's unique index decides.
  'test/names-and-emails.test.ts',
  // The queue gauges read the queue with a statement of each dialect.
  'test/observability.test.ts',
  'test/password-reset.test.ts',
  'test/phone-change.test.ts',
  // Any string reaches the database; PostgreSQL refuses some that SQLite stores (U+0000).
  'test/properties.test.ts',
  'test/registration.test.ts',
  'test/sending-limits.test.ts',
  'test/session-cache.test.ts',
  'test/session-list.test.ts',
  'test/sessions.test.ts',
  // Sign-in codes asked for by email or phone: a recorded request and its lookup by each dialect.
  'test/sign-in-code.test.ts',
  // Second-step secrets, recovery codes and challenges: single use under concurrent tries in each dialect.
  'test/two-step.test.ts',
  'test/sms-queue.test.ts',
  // A test number's lock counts refused codes in the database, shared by every instance.
  'test/test-numbers.test.ts',
  'test/verification-state.test.ts',
  'test/verification.test.ts',
];
/** Several instances on one PostgreSQL server; the production build, built once, walks the flow on both databases. */
const POSTGRES_ONLY = [
  'test/multi-instance.test.ts',
  'test/production-build.test.ts',
  // MikroORM's schema diff is exact on PostgreSQL; on SQLite it rebuilds every table with a check.
  'test/schema-matches-entities.test.ts',
];
/** Suites that measure time or count on the event loop's order: they run alone, after the rest, on an idle machine. */
const TIMING = ['test/enumeration.test.ts', 'test/concurrency-limit.test.ts'];
/** Whether an answer's time tells accounts apart depends on the lookups, so this one times PostgreSQL's too. */
const TIMING_ON_POSTGRES = ['test/enumeration.test.ts'];

export default defineConfig({
  resolve: {
    // The app is CommonJS: Apollo and TypeGraphQL require graphql's CJS build. Without this, test
    // files would import the ESM build and hold a second copy of graphql (instanceof breaks).
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    setupFiles: ['test/support/each-file.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // A worker loads the app once and runs file after file with it: src/ keeps no state in its
    // modules, and every suite starts apps of its own. Re-importing it cost about 2 s a file.
    isolate: false,
    // Many suites wait (on child processes, a browser, PostgreSQL) as much as they compute: one
    // worker more than the cores keeps them busy; more only add contention (on 2 cores, 3 workers
    // ran the suite in 78 s, 4 in 80 to 105 s, 2 in 83 s).
    maxWorkers: availableParallelism() + 1,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts'],
          exclude: [...POSTGRES_ONLY, ...TIMING],
          env: { TEST_DATABASE: 'sqlite' },
          // The browser tests, and npm start's, need the web app built.
          globalSetup: ['test/browser/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: [...POSTGRES, ...POSTGRES_ONLY],
          env: { TEST_DATABASE: 'postgres' },
          // A throwaway cluster from the machine's binaries, or TEST_POSTGRES_URL's server.
          globalSetup: ['test/support/postgres-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'timing',
          include: TIMING,
          env: { TEST_DATABASE: 'sqlite' },
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'timing-postgres',
          include: TIMING_ON_POSTGRES,
          env: { TEST_DATABASE: 'postgres' },
          globalSetup: ['test/support/postgres-global-setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
