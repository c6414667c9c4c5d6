import { beforeAll } from 'vitest';
import type { AppOverrides } from '../../../src/app';
import { useTestApp, type TestApp } from '../../support/test-app';

export interface WebApp {
  t: TestApp;
  /** Where the browser opens the pages, e.g. http://localhost:41234 */
  origin: string;
  graphqlUrl: string;
}

/**
 * The app on a real port serving the web bundle that the global setup built into dist/web, started
 * before the file's tests and closed after them. `env` may be a function, for settings that depend
 * on something started first.
 */
export function useWebApp(
  env: Record<string, string> | (() => Record<string, string>) = {},
  overrides: AppOverrides = {},
): WebApp {
  const t = useTestApp(env, overrides);
  beforeAll(() => {
    if (!t.app.servesWeb) throw new Error('the web app is not built into dist/web (npm run build:web)');
  });
  return {
    t,
    get origin() {
      return t.origin;
    },
    get graphqlUrl() {
      return t.url;
    },
  };
}
