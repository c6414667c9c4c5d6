import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const MOCKS_DIR = join(dirname(require.resolve('authy-client/package.json')), 'dist/test/mocks');

export interface AuthyFixture {
  status: number;
  body: Record<string, unknown>;
}

/**
 * The reply of one scenario in authy-client's own nock mocks, e.g. ('request-sms-mock', 'succeed').
 * nock is not installed, so the mock module runs with a stand-in that only captures reply(status, body).
 */
export function authyFixture(mock: string, scenario: string): AuthyFixture {
  let captured: AuthyFixture | undefined;
  const interceptor: object = new Proxy(
    {},
    {
      get: (_target, method) =>
        method === 'reply'
          ? (status: number, body: Record<string, unknown>) => void (captured = { status, body })
          : () => interceptor,
    },
  );
  const nock = { __esModule: true, default: () => interceptor };
  const module = { exports: {} as Record<string, () => unknown> };
  const source = readFileSync(join(MOCKS_DIR, `${mock}.js`), 'utf8');
  new Function('exports', 'require', 'module', source)(module.exports, () => nock, module);
  module.exports[scenario]!();
  if (!captured) throw new Error(`${mock}.${scenario} replied nothing`);
  return captured;
}
