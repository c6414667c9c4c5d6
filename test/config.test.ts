import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config';

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
      database: { kind: 'sqlite', path: './data/app.sqlite' },
      migrateOnStart: true,
      verification: { kind: 'local' },
      sms: { kind: 'outbox' },
      twilio: undefined,
      upstreamTimeoutMs: 10_000,
      logLevel: 'info',
      appSecretGenerated: true,
    });
    expect(config.appSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({}).appSecret).not.toBe(config.appSecret);
  });

  it('reads the documented DATABASE_URL forms', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).database).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(loadConfig({ DATABASE_URL: 'sqlite:/var/lib/app/app.sqlite' }).database).toEqual({
      kind: 'sqlite',
      path: '/var/lib/app/app.sqlite',
    });
    const url = 'postgres://app:s3cret@db.internal:6432/auth?sslmode=require';
    expect(loadConfig({ DATABASE_URL: url, DATABASE_POOL_MAX: '25' }).database).toEqual({
      kind: 'postgres',
      url,
      display: 'db.internal:6432/auth',
      poolMax: 25,
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://localhost/auth' }).database).toMatchObject({
      kind: 'postgres',
      display: 'localhost:5432/auth',
      poolMax: 10,
    });
  });

  it('refuses a DATABASE_URL it cannot use, without repeating its password', () => {
    for (const url of [
      'mysql://root:hunter22@db/app',
      'postgres://app:hunter22@db.internal:5432',
      'postgres://app:hunter22@db/app?sslmode=sometimes',
      'sqlite:',
    ]) {
      const message = problemsOf({ DATABASE_URL: url });
      expect(message).toMatch(/DATABASE_URL: /);
      expect(message).not.toMatch(/hunter22/);
    }
    expect(problemsOf({ DATABASE_URL: 'postgres://db/app', DATABASE_POOL_MAX: '1' })).toMatch(/DATABASE_POOL_MAX/);
  });

  it('reads TEST_PHONE_NUMBERS, and refuses a malformed list without quoting its numbers', () => {
    const { testNumbers } = loadConfig({
      TEST_PHONE_NUMBERS: '+15555550100=123456, +15555550101=654321;until=2027-03-01',
    });
    expect([...testNumbers.codes]).toEqual([
      ['+15555550100', '123456'],
      ['+15555550101', '654321'],
    ]);
    expect(testNumbers.until?.toISOString()).toBe('2027-03-01T00:00:00.000Z');
    expect(loadConfig({}).testNumbers.codes.size).toBe(0);
    for (const value of [
      '+15555550177=12',
      '4155550177=123456',
      '+15555550177=123456;until=soon',
      ';until=2027-03-01',
    ]) {
      const message = problemsOf({ TEST_PHONE_NUMBERS: value });
      expect(message).toMatch(/TEST_PHONE_NUMBERS: /);
      expect(message).not.toMatch(/0177/);
    }
  });

  it('names a retired setting rather than ignore it', () => {
    expect(problemsOf({ SMS_MAX_ATTEMPTS: '6' })).toMatch(
      /SMS_MAX_ATTEMPTS: is no longer read: queued messages are retried until SMS_GIVE_UP_AFTER_HOURS old/,
    );
  });

  it('keeps metrics off unless METRICS_PORT is set, and then on 127.0.0.1 unless METRICS_HOST says otherwise', () => {
    expect(loadConfig({}).metrics).toBeUndefined();
    expect(loadConfig({}).shutdownTimeoutMs).toBe(10_000);
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', SHUTDOWN_TIMEOUT_MS: '25000' })).toMatchObject({
      metrics: { port: 9464, host: '0.0.0.0' },
      shutdownTimeoutMs: 25_000,
    });
  });

  it('refuses metrics on the API port, and a shutdown timeout that is no number of milliseconds', () => {
    expect(problemsOf({ PORT: '8080', METRICS_PORT: '8080' })).toMatch(/METRICS_PORT: is PORT \(8080\)/);
    expect(problemsOf({ METRICS_PORT: 'yes' })).toMatch(/METRICS_PORT/);
    for (const timeout of ['10s', '0', '-1'])
      expect(problemsOf({ SHUTDOWN_TIMEOUT_MS: timeout })).toMatch(/SHUTDOWN_TIMEOUT_MS/);
  });

  it('treats a blank setting as unset', () => {
    expect(loadConfig({ PORT: '', APP_SECRET: '  ' }).port).toBe(4000);
  });

  it('names every bad setting in one message', () => {
    const message = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      VERIFICATION_PROVIDER: 'carrier-pigeon',
      APP_SECRET: 'short',
    });
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/VERIFICATION_PROVIDER/);
    expect(message).toMatch(/APP_SECRET/);
  });

  it('refuses to start in production without an APP_SECRET, or on the development outbox', () => {
    const message = problemsOf({ NODE_ENV: 'production' });
    expect(message).toMatch(/APP_SECRET: required in production/);
    expect(message).toMatch(/SMS_TRANSPORT: outbox delivers nothing/);
  });

  it.each([
    'change-me-change-me-change-me-change-me',
    'a'.repeat(40),
    'your-secret-here-please-use-something-long',
    'example-app-secret-0000000000000000000',
  ])('refuses a placeholder APP_SECRET in production (%s)', (secret) => {
    expect(problemsOf({ NODE_ENV: 'production', APP_SECRET: secret })).toMatch(/APP_SECRET: is a placeholder/);
  });

  const PRODUCTION_TRANSPORT = {
    SMS_TRANSPORT: 'twilio',
    TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'token',
    TWILIO_NUMBER: '+14155550100',
  };
  /** A production environment that starts: a random secret and a real transport. */
  const PRODUCTION = {
    NODE_ENV: 'production',
    APP_SECRET: 'kq3Vd9-LmZ2xP7rT0bWn4yHs8uJc6aEf1gRi5oXw',
    ...PRODUCTION_TRANSPORT,
  };

  it.each([
    ['a short pattern repeated', '12345678123456781234567812345678'],
    ['a mixed pattern repeated', 'Kq3!vZ9x'.repeat(5)],
    ['digits only, for its length', '83920174659201837465019283746501'],
    ['a word repeated', 'Password1-Password1-Password1-Password1'],
  ])('refuses an APP_SECRET with too little randomness in production: %s', (_, secret) => {
    expect(problemsOf({ NODE_ENV: 'production', ...PRODUCTION_TRANSPORT, APP_SECRET: secret })).toMatch(
      /APP_SECRET: has about \d+ bits of randomness, 128 needed/,
    );
  });

  it.each([
    ['32 random bytes in base64url', () => randomBytes(32).toString('base64url')],
    ['32 random bytes in hex', () => randomBytes(32).toString('hex')],
    ['openssl rand -base64 32', () => randomBytes(32).toString('base64')],
    ['openssl rand -base64 48', () => randomBytes(48).toString('base64')],
    ['39 random digits', () => Array.from({ length: 39 }, () => randomBytes(1)[0] % 10).join('')],
  ])('accepts a random APP_SECRET in production: %s', (_, secret) => {
    for (let i = 0; i < 20; i++)
      expect(loadConfig({ NODE_ENV: 'production', ...PRODUCTION_TRANSPORT, APP_SECRET: secret() }).nodeEnv).toBe(
        'production',
      );
  });

  it('starts in production with a random secret and a real transport, Sandbox and introspection off unless enabled', () => {
    const production = PRODUCTION;
    expect(loadConfig(production)).toMatchObject({ introspection: false, sandbox: false });
    expect(loadConfig({ ...production, ENABLE_INTROSPECTION: 'true', ENABLE_SANDBOX: '1' })).toMatchObject({
      introspection: true,
      sandbox: true,
    });
  });

  it('reads limits as count/window, or off', () => {
    const { limits } = loadConfig({ RATE_LIMIT_CODES: '3/2h', RATE_LIMIT_SMS_GLOBAL: 'off' });
    expect(limits.codes).toEqual({ name: 'codes', max: 3, windowMs: 2 * 3_600_000 });
    expect(limits.smsGlobal).toBeUndefined();
    expect(limits.codeCooldown).toEqual({ name: 'code-cooldown', max: 1, windowMs: 30_000 });
    expect(problemsOf({ LOGIN_LOCKOUT: 'ten per hour' })).toMatch(/LOGIN_LOCKOUT: must look like 5\/1h/);
  });

  it('reads which phone numbers may get a code, texting mobiles and maybe-mobiles of any country by default', () => {
    expect(loadConfig({}).phones).toEqual({
      allowedCountries: undefined,
      allowedTypes: ['MOBILE', 'FIXED_LINE_OR_MOBILE'],
    });
    expect(
      loadConfig({ SMS_ALLOWED_COUNTRIES: 'us, gb IE', SMS_ALLOWED_NUMBER_TYPES: 'mobile,FIXED_LINE' }).phones,
    ).toEqual({
      allowedCountries: ['US', 'GB', 'IE'],
      allowedTypes: ['MOBILE', 'FIXED_LINE'],
    });
  });

  it('refuses unknown country codes, and number types that cannot take an SMS, naming the setting', () => {
    expect(problemsOf({ SMS_ALLOWED_COUNTRIES: 'GB,UK' })).toMatch(
      /SMS_ALLOWED_COUNTRIES: must list ISO 3166 country codes.*; not one: UK$/m,
    );
    expect(problemsOf({ SMS_ALLOWED_NUMBER_TYPES: 'MOBILE,PREMIUM_RATE' })).toMatch(
      /SMS_ALLOWED_NUMBER_TYPES: .*; not one: PREMIUM_RATE$/m,
    );
  });

  const ACCOUNT_SID = `AC${'a'.repeat(32)}`;

  it.each([
    [
      { VERIFICATION_PROVIDER: 'twilio-verify' },
      ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_VERIFY_SERVICE_SID'],
    ],
    [
      { SMS_TRANSPORT: 'twilio', TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_API_KEY: `SK${'b'.repeat(32)}` },
      ['TWILIO_AUTH_TOKEN', 'TWILIO_NUMBER'],
    ],
    [{ VERIFICATION_PROVIDER: 'authy' }, ['AUTHY_API_KEY']],
    [{ TWILIO_BASE_URL: 'ftp://example' }, ['TWILIO_BASE_URL']],
    [
      { SMS_TRANSPORT: 'twilio', TWILIO_ACCOUNT_SID: 'ACnot-a-sid', TWILIO_AUTH_TOKEN: 't', TWILIO_NUMBER: '555' },
      ['TWILIO_ACCOUNT_SID', 'TWILIO_NUMBER'],
    ],
  ])('names each missing or malformed credential for the chosen integration (%j)', (env, settings) => {
    const message = problemsOf(env);
    for (const setting of settings) expect(message).toMatch(new RegExp(`${setting}: `));
  });

  it('accepts Twilio credentials as auth token or as API key and secret', () => {
    const common = {
      VERIFICATION_PROVIDER: 'twilio-verify',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_VERIFY_SERVICE_SID: `VA${'c'.repeat(32)}`,
    };
    expect(loadConfig({ ...common, TWILIO_AUTH_TOKEN: 'token' }).twilio).toMatchObject({
      accountSid: ACCOUNT_SID,
      authToken: 'token',
    });
    const keyed = loadConfig({
      ...common,
      TWILIO_API_KEY: `SK${'b'.repeat(32)}`,
      TWILIO_API_SECRET: 'secret',
      VERIFY_CHANNEL: 'call',
    });
    expect(keyed.twilio).toMatchObject({ apiKey: `SK${'b'.repeat(32)}`, apiSecret: 'secret' });
    expect(keyed.verification).toEqual({ kind: 'twilio-verify', serviceSid: `VA${'c'.repeat(32)}`, channel: 'call' });
    expect(keyed.sms).toEqual({ kind: 'outbox' });
  });

  it('reads CORS_ORIGINS as exact origins, none by default', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'http://localhost:5173, https://app.example.com' }).corsOrigins).toEqual([
      'http://localhost:5173',
      'https://app.example.com',
    ]);
  });

  it('refuses * and anything but an exact origin in CORS_ORIGINS, naming each', () => {
    expect(problemsOf({ CORS_ORIGINS: '*' })).toMatch(/CORS_ORIGINS: \* is refused: responses allow credentials/);
    const message = problemsOf({ CORS_ORIGINS: 'https://app.example.com/, localhost:5173, ftp://files.example.com' });
    expect(message).toMatch(
      /CORS_ORIGINS: https:\/\/app\.example\.com\/ must be an exact origin.*did you mean https:\/\/app\.example\.com\?/,
    );
    expect(message).toMatch(/CORS_ORIGINS: localhost:5173 must be an http\(s\) origin/);
    expect(message).toMatch(/CORS_ORIGINS: ftp:\/\/files\.example\.com must be an http\(s\) origin/);
  });

  it('serves the web app outside production, and in production only with SERVE_WEB=true', () => {
    const production = PRODUCTION;
    expect(loadConfig({}).web?.root).toMatch(/dist\/web$/);
    expect(loadConfig({ SERVE_WEB: 'false' }).web).toBeUndefined();
    expect(loadConfig(production).web).toBeUndefined();
    expect(loadConfig({ ...production, SERVE_WEB: 'true', WEB_ROOT: '/srv/web' }).web).toEqual({ root: '/srv/web' });
    expect(problemsOf({ SERVE_WEB: 'yes please' })).toMatch(/SERVE_WEB/);
  });
});
