import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration from the environment', () => {
  it('runs on embedded defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 4000,
      host: '127.0.0.1',
      databasePath: './data/app.sqlite',
      verificationProvider: 'local',
      smsTransport: 'outbox',
      logLevel: 'info',
      appSecretGenerated: true,
    });
    expect(config.appSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({}).appSecret).not.toBe(config.appSecret);
  });

  it('reads the documented DATABASE_URL forms', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).databasePath).toBe(':memory:');
    expect(loadConfig({ DATABASE_URL: 'sqlite:/var/lib/app/app.sqlite' }).databasePath).toBe('/var/lib/app/app.sqlite');
  });

  it('treats a blank setting as unset', () => {
    expect(loadConfig({ PORT: '', APP_SECRET: '  ' }).port).toBe(4000);
  });

  it('names every bad setting in one message', () => {
    const message = problemsOf({ PORT: 'eighty', DATABASE_URL: 'postgres://x', VERIFICATION_PROVIDER: 'carrier-pigeon', APP_SECRET: 'short' });
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/VERIFICATION_PROVIDER/);
    expect(message).toMatch(/APP_SECRET/);
  });

  it('refuses to start in production without an APP_SECRET', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toMatch(/APP_SECRET: required in production/);
  });
});
