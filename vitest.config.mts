import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The app is CommonJS: Apollo and TypeGraphQL require graphql's CJS build. Without this, test
    // files would import the ESM build and hold a second copy of graphql (instanceof breaks).
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['reflect-metadata'],
    // The browser tests and the tests of the served pages need the web app built.
    globalSetup: ['test/browser/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
