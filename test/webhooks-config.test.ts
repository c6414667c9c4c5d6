import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config';
import { endpointRefusal, isPrivateAddress } from '../src/webhooks/endpoint-guard';
import { problemsOf } from './support/config-problems';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

describe('the webhook settings', () => {
  it('are off without WEBHOOK_URLS, and read with their defaults when set', () => {
    expect(loadConfig({}).webhooks).toBeUndefined();
    const config = loadConfig({
      WEBHOOK_URLS: 'https://a.example/hooks, https://b.example/in',
      WEBHOOK_SECRET: SECRET,
    });
    expect(config.webhooks).toMatchObject({
      urls: ['https://a.example/hooks', 'https://b.example/in'],
      giveUpAfterMs: 24 * 3_600_000,
      allowPrivate: [],
    });
  });

  it('refuse URLs without a Standard Webhooks secret, and what is not an http(s) URL', () => {
    expect(problemsOf({ WEBHOOK_URLS: 'https://a.example/hooks' })).toContain('WEBHOOK_SECRET');
    expect(problemsOf({ WEBHOOK_URLS: 'https://a.example/hooks', WEBHOOK_SECRET: 'hunter2' })).toContain(
      'WEBHOOK_SECRET',
    );
    expect(problemsOf({ WEBHOOK_URLS: 'ftp://a.example/x', WEBHOOK_SECRET: SECRET })).toContain('WEBHOOK_URLS');
  });

  it('refuse a short secret in production', () => {
    const short = `whsec_${Buffer.alloc(8, 7).toString('base64')}`;
    const production = { NODE_ENV: 'production', WEBHOOK_URLS: 'https://a.example/hooks' };
    expect(problemsOf({ ...production, WEBHOOK_SECRET: short })).toMatch(/WEBHOOK_SECRET.*at least 24 random bytes/);
    expect(problemsOf({ ...production, WEBHOOK_SECRET: SECRET })).not.toContain('WEBHOOK_SECRET');
  });

  it('refuse at start, in production, an endpoint that names a private address, unless WEBHOOK_ALLOW_PRIVATE lists it', () => {
    const production = { NODE_ENV: 'production', WEBHOOK_SECRET: SECRET };
    for (const url of ['http://169.254.169.254/latest', 'http://localhost:9000/hooks', 'http://[::1]/hooks'])
      expect(problemsOf({ ...production, WEBHOOK_URLS: url })).toMatch(/WEBHOOK_URLS.*WEBHOOK_ALLOW_PRIVATE/);
    const allowed = { ...production, WEBHOOK_URLS: 'http://localhost:9000/hooks', WEBHOOK_ALLOW_PRIVATE: 'localhost' };
    expect(problemsOf(allowed)).not.toContain('WEBHOOK_URLS');
    expect(loadConfig({ WEBHOOK_URLS: 'http://localhost:9000/hooks', WEBHOOK_SECRET: SECRET }).webhooks).toBeDefined();
  });
});

describe('an endpoint in the deployment’s own network', () => {
  it('is told apart from a public address', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      expect(isPrivateAddress(address), address).toBe(true);
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700::1111'])
      expect(isPrivateAddress(address), address).toBe(false);
  });

  it('is refused unless WEBHOOK_ALLOW_PRIVATE lists its host', async () => {
    expect(await endpointRefusal('http://169.254.169.254/latest/meta-data', [])).toMatch(/WEBHOOK_ALLOW_PRIVATE/);
    expect(await endpointRefusal('http://localhost:8080/hooks', [])).toMatch(/WEBHOOK_ALLOW_PRIVATE/);
    expect(await endpointRefusal('http://[::1]:8080/hooks', [])).toMatch(/WEBHOOK_ALLOW_PRIVATE/);
    expect(await endpointRefusal('http://localhost:8080/hooks', ['localhost'])).toBeUndefined();
    expect(await endpointRefusal('https://93.184.216.34/hooks', [])).toBeUndefined();
  });
});
