import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config';
import { problemsOf } from './support/config-problems';

const TOKEN = randomBytes(32).toString('base64url');

describe('ADMIN_PORT, ADMIN_HOST and ADMIN_TOKEN', () => {
  it('keep the admin API off unless ADMIN_PORT is set, and then on 127.0.0.1 unless ADMIN_HOST says otherwise', () => {
    expect(loadConfig({ ADMIN_TOKEN: TOKEN }).admin).toBeUndefined();
    expect(loadConfig({ ADMIN_PORT: '9465', ADMIN_TOKEN: TOKEN }).admin).toEqual({
      port: 9465,
      host: '127.0.0.1',
      token: TOKEN,
    });
    expect(loadConfig({ ADMIN_PORT: '9465', ADMIN_HOST: '10.0.0.5', ADMIN_TOKEN: TOKEN }).admin?.host).toBe('10.0.0.5');
  });

  it('refuse to start without a token, or with one of fewer than 128 bits, without echoing it', () => {
    expect(problemsOf({ ADMIN_PORT: '9465' })).toMatch(/ADMIN_TOKEN: required with ADMIN_PORT/);
    for (const weak of ['short-token', 'a'.repeat(40), 'abcdefghijabcdefghijab']) {
      const problems = problemsOf({ ADMIN_PORT: '9465', ADMIN_TOKEN: weak });
      expect(problems).toMatch(/ADMIN_TOKEN: must hold at least 128 random bits/);
      expect(problems).not.toContain(weak);
    }
  });

  it('refuse the public or the metrics port as the admin port', () => {
    expect(problemsOf({ PORT: '8080', ADMIN_PORT: '8080', ADMIN_TOKEN: TOKEN })).toMatch(/ADMIN_PORT: is PORT/);
    expect(problemsOf({ METRICS_PORT: '9464', ADMIN_PORT: '9464', ADMIN_TOKEN: TOKEN })).toMatch(
      /ADMIN_PORT: is METRICS_PORT/,
    );
  });
});
