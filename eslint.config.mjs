// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The recommended rules, and two that need types: a promise nobody awaits or catches is how a
 * server loses an error or answers before its work is done. The whole type-checked set was tried:
 * its findings were mostly `any` from untyped libraries and `async` functions that Apollo and
 * the routes require, and it took as long as these.
 */
export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'client/generated/',
      'web/src/graphql/generated/',
      'web/src/admin/graphql/generated/',
      'bench/results/',
      'web/dist/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Plain scripts Node runs directly (the web app's build check).
    files: ['**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
);
