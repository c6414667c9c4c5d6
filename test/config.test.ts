import { randomBytes } from 'node:crypto';
import { TEST_NUMBER_GUESSES } from '../src/abuse/throttle';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMIT_SETTINGS, limitName } from '../src/abuse/limits';
import { loadConfig } from '../src/config/config';
import { problemsOf } from './support/config-problems';
import { withDevelopmentSecret } from '../src/config/dev-secret';
import { startServer } from './support/server-process';

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
      upstreamTimeoutMs: 10_000,
      logLevel: 'info',
      appSecretGenerated: true,
    });
    expect(config.appSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({}).appSecret).not.toBe(config.appSecret);
    // No Twilio or Authy credentials anywhere: the local provider and the outbox carry none.
    expect(config.verification).toEqual({ kind: 'local' });
    expect(config.sms).toEqual({ kind: 'outbox' });
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
    SMS_DAILY_BUDGET: '50',
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
    ['a sequence near-repeated', '0123456789abcdef0123456789abcdee'],
    ['the alphabet', 'abcdefghijklmnopqrstuvwxyzABCDEF'],
    ['a keyboard walk', 'qwertyuiopasdfghjklzxcvbnm123456'],
    ['a word near-repeated', 'Password1!Password1!Password1!Password2'],
  ])('refuses a patterned APP_SECRET in production: %s', (_, secret) => {
    expect(problemsOf({ NODE_ENV: 'production', ...PRODUCTION_TRANSPORT, APP_SECRET: secret })).toMatch(
      /APP_SECRET: follows a pattern .* generate one with `openssl rand -base64 48`/,
    );
  });

  it('judges a long APP_SECRET quickly', () => {
    const started = performance.now();
    const secret = randomBytes(30_000).toString('base64');
    expect(loadConfig({ ...PRODUCTION, APP_SECRET: secret }).appSecret).toBe(secret);
    expect(performance.now() - started).toBeLessThan(2_000);
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

  it('refuses test numbers without an end date in production, without quoting them', () => {
    const message = problemsOf({ ...PRODUCTION, TEST_PHONE_NUMBERS: '+15555550177=123456' });
    expect(message).toMatch(/TEST_PHONE_NUMBERS: needs an end date in production: end the list with ;until=YYYY-MM-DD/);
    expect(message).not.toMatch(/0177/);
    expect(
      loadConfig({ ...PRODUCTION, TEST_PHONE_NUMBERS: '+15555550177=123456;until=2027-03-01' }).testNumbers.until,
    ).toEqual(new Date('2027-03-01T00:00:00Z'));
    // Outside production a list may stay open-ended, for end-to-end tests.
    expect(loadConfig({ TEST_PHONE_NUMBERS: '+15555550177=123456' }).testNumbers.until).toBeUndefined();
    expect(loadConfig(PRODUCTION).testNumbers.codes.size).toBe(0);
  });

  it('refuses the development outbox beyond loopback unless DEV_OUTBOX_PUBLIC=true, with every other problem', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'dev-box.lan']) {
      const message = problemsOf({ HOST: host, PORT: 'eighty' });
      expect(message).toContain(`HOST: is ${host}, beyond loopback`);
      expect(message).toMatch(/DEV_OUTBOX_PUBLIC=true/);
      expect(message).toMatch(/PORT: /);
      expect(problemsOf({ NODE_ENV: 'test', HOST: host })).toContain(`HOST: is ${host}, beyond loopback`);
    }
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1', 'localhost'])
      expect(loadConfig({ HOST: host }).devOutboxPublic, host).toBe(false);
    expect(loadConfig({ HOST: '0.0.0.0', DEV_OUTBOX_PUBLIC: 'true' })).toMatchObject({
      host: '0.0.0.0',
      devOutboxPublic: true,
    });
    expect(problemsOf({ HOST: '0.0.0.0', DEV_OUTBOX_PUBLIC: 'false' })).toMatch(/HOST: is 0\.0\.0\.0/);
    // Without the outbox there is nothing to hand out.
    expect(loadConfig({ HOST: '0.0.0.0', ...PRODUCTION_TRANSPORT }).devOutboxPublic).toBe(false);
    expect(loadConfig({ ...PRODUCTION, HOST: '0.0.0.0' }).devOutboxPublic).toBe(false);
  });

  it('refuses to start on PostgreSQL without APP_SECRET, since instances could not share a generated one', async () => {
    const postgres = { DATABASE_URL: 'postgres://app@127.0.0.1:1/auth' };
    expect(() => withDevelopmentSecret(loadConfig(postgres))).toThrow(
      /APP_SECRET: required with a PostgreSQL DATABASE_URL, in development too/,
    );
    const secret = randomBytes(32).toString('base64');
    expect(withDevelopmentSecret(loadConfig({ ...postgres, APP_SECRET: secret })).appSecret).toBe(secret);
    expect(withDevelopmentSecret(loadConfig({ DATABASE_URL: 'sqlite::memory:' })).appSecretGenerated).toBe(true);
    // The server says so before it reaches for the database.
    await expect(startServer(postgres)).rejects.toThrow(/exited with 1:[^]*APP_SECRET: required with a PostgreSQL/);
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
    expect(loadConfig({ ...common, TWILIO_AUTH_TOKEN: 'token' }).verification).toMatchObject({
      twilio: { accountSid: ACCOUNT_SID, auth: { kind: 'token', token: 'token' } },
    });
    const keyed = loadConfig({
      ...common,
      TWILIO_API_KEY: `SK${'b'.repeat(32)}`,
      TWILIO_API_SECRET: 'secret',
      VERIFY_CHANNEL: 'call',
    });
    expect(keyed.verification).toEqual({
      kind: 'twilio-verify',
      twilio: {
        accountSid: ACCOUNT_SID,
        auth: { kind: 'api-key', key: `SK${'b'.repeat(32)}`, secret: 'secret' },
        baseUrl: undefined,
      },
      serviceSid: `VA${'c'.repeat(32)}`,
      channel: 'call',
    });
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

  it('reports every problem in one pass, the production guard and the chosen provider among them', () => {
    const message = problemsOf({ NODE_ENV: 'production', PORT: 'eighty', VERIFICATION_PROVIDER: 'authy' });
    expect(message).toMatch(/PORT: /);
    expect(message).toMatch(/AUTHY_API_KEY: required with VERIFICATION_PROVIDER=authy/);
    expect(message).toMatch(/APP_SECRET: required in production/);
    expect(message).toMatch(/SMS_TRANSPORT: outbox delivers nothing/);
  });

  it('names a provider or transport that does not exist, and the ones that do', () => {
    expect(problemsOf({ VERIFICATION_PROVIDER: 'carrier-pigeon' })).toMatch(
      /VERIFICATION_PROVIDER: must be local, twilio-verify or authy$/m,
    );
    expect(problemsOf({ SMS_TRANSPORT: 'fax' })).toMatch(/SMS_TRANSPORT: must be outbox or twilio$/m);
  });

  it('names a Twilio setting that both the provider and the transport need once', () => {
    const message = problemsOf({ VERIFICATION_PROVIDER: 'twilio-verify', SMS_TRANSPORT: 'twilio' });
    for (const setting of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_VERIFY_SERVICE_SID', 'TWILIO_NUMBER'])
      expect(message.match(new RegExp(`^  - ${setting}: `, 'gm')), setting).toHaveLength(1);
  });

  it('gives each provider and transport exactly its own settings', () => {
    const sms = {
      SMS_TRANSPORT: 'twilio',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: 'token',
      TWILIO_BASE_URL: 'http://127.0.0.1:8080',
      TWILIO_NUMBER: '+14155550100',
      AUTHY_API_KEY: 'unused',
    };
    const twilio = {
      accountSid: ACCOUNT_SID,
      auth: { kind: 'token', token: 'token' },
      baseUrl: 'http://127.0.0.1:8080',
    };
    expect(loadConfig(sms)).toMatchObject({
      verification: { kind: 'local' },
      sms: { kind: 'twilio', twilio, sender: { from: '+14155550100' } },
    });
    expect(loadConfig(sms).verification).toEqual({ kind: 'local' });
    // A Messaging Service picks its own number, so it wins over TWILIO_NUMBER.
    const service = `MG${'d'.repeat(32)}`;
    expect(loadConfig({ ...sms, TWILIO_MESSAGING_SERVICE_SID: service }).sms).toEqual({
      kind: 'twilio',
      twilio,
      sender: { messagingServiceSid: service },
    });
    expect(
      loadConfig({ VERIFICATION_PROVIDER: 'authy', AUTHY_API_KEY: 'key', TWILIO_AUTH_TOKEN: 'unused' }),
    ).toMatchObject({ verification: { kind: 'authy', apiKey: 'key', apiUrl: undefined }, sms: { kind: 'outbox' } });
    // An API key without its secret leaves the auth token in charge.
    expect(loadConfig({ ...sms, TWILIO_API_KEY: `SK${'b'.repeat(32)}` }).sms).toMatchObject({
      twilio: { auth: { kind: 'token', token: 'token' } },
    });
  });
});

describe('the limits, declared once', () => {
  const settings = Object.values(LIMIT_SETTINGS);

  it('reads every limit at its default, keyed and labelled as before', () => {
    const { limits } = loadConfig({});
    for (const [field, [setting, fallback]] of Object.entries(LIMIT_SETTINGS))
      expect(limits[field as keyof typeof limits], setting).toEqual(
        loadConfig({ [setting]: fallback }).limits[field as keyof typeof limits],
      );
    // Counters are keyed by these names: renaming one starts its limit afresh.
    expect(settings.map(([setting]) => limitName(setting))).toEqual([
      'code-cooldown',
      'codes',
      'sms-global',
      'register-ip',
      'resend-ip',
      'verify-ip',
      'login-ip',
      'login-slowdown',
      'login-lockout',
      'login-ip-lockout',
      'reset-ip',
      'reset-email',
      'sign-in-code-ip',
      'sign-in-code',
      'phone-change',
      'phone-change-ip',
    ]);
    for (const [setting] of settings)
      expect(problemsOf({ [setting]: 'often' })).toMatch(new RegExp(`${setting}: must look like 5/1h`));
  });

  it("match the README's table of limits, setting for setting and default for default", () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('### Limits'),
      readme.indexOf('\n### ', readme.indexOf('### Limits') + 1),
    );
    const documented: [string, string][] = [];
    for (const row of section.split('\n').filter((line) => line.startsWith('| `'))) {
      const [names, defaults] = row
        .split('|')
        .slice(1, 3)
        .map((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
      if (!names.some((name) => /^(RATE_LIMIT|LOGIN)_/.test(name))) continue;
      expect(defaults, row).toHaveLength(names.length);
      names.forEach((name, i) => documented.push([name, defaults[i]]));
    }
    expect(documented.sort()).toEqual(settings.map(([setting, fallback]) => [setting, fallback]).sort());
  });

  it("match the metrics' labels in docs/DEPLOYING.md", () => {
    const deploying = readFileSync(join(__dirname, '..', 'docs', 'DEPLOYING.md'), 'utf8');
    const labels = /`rate_limit_refusals_total` \| `limit` \(([^)]*)\)/.exec(deploying)?.[1] ?? '';
    expect([...labels.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort()).toEqual(
      [...settings.map(([setting]) => limitName(setting)), TEST_NUMBER_GUESSES.name].sort(),
    );
  });
});
