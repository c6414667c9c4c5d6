import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRICES, priceOf } from '../src/abuse/fraud-guard/prices';
import { loadConfig } from '../src/config/config';
import { problemsOf } from './support/config-problems';

const PRODUCTION = {
  NODE_ENV: 'production',
  APP_SECRET: 'kq3Vd9-LmZ2xP7rT0bWn4yHs8uJc6aEf1gRi5oXw',
  SMS_TRANSPORT: 'twilio',
  TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'token',
  TWILIO_NUMBER: '+14155550100',
};

describe('the SMS guard settings', () => {
  const dir = mkdtempSync(join(tmpdir(), 'avg-prices-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('enforce the guard with the default price table and no daily cap, and ask ALTCHA for challenges, by default', () => {
    expect(loadConfig({})).toMatchObject({
      fraudGuard: { mode: 'enforce', prices: DEFAULT_PRICES, dailyBudget: undefined },
      captcha: { kind: 'altcha' },
    });
    expect(DEFAULT_PRICES).toMatchObject({ currency: 'USD', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(loadConfig({ FRAUD_GUARD: 'monitor' }).fraudGuard.mode).toBe('monitor');
    expect(loadConfig({ FRAUD_GUARD: 'off', CAPTCHA_PROVIDER: 'off' })).toMatchObject({
      fraudGuard: { mode: 'off' },
      captcha: { kind: 'off' },
    });
    expect(problemsOf({ FRAUD_GUARD: 'loud' })).toMatch(/FRAUD_GUARD: /);
  });

  it('require SMS_DAILY_BUDGET in production, where "off" must be said', () => {
    expect(problemsOf(PRODUCTION)).toMatch(
      /SMS_DAILY_BUDGET: required in production: the most codes to unverified numbers may cost in a day/,
    );
    expect(loadConfig({ ...PRODUCTION, SMS_DAILY_BUDGET: 'off' }).fraudGuard.dailyBudget).toBeUndefined();
    expect(loadConfig({ ...PRODUCTION, SMS_DAILY_BUDGET: '25.5' }).fraudGuard.dailyBudget).toBe(25.5);
    for (const amount of ['-3', '0', 'lots', '1e3', '$50'])
      expect(problemsOf({ SMS_DAILY_BUDGET: amount })).toMatch(
        /SMS_DAILY_BUDGET: must be an amount in the price table's currency, such as 50 or 12.5, or off/,
      );
  });

  it("read the operator's price table from SMS_PRICES, a country's missing channel at the default's price", () => {
    const path = file('prices.json', {
      currency: 'EUR',
      date: '2026-11-15',
      default: { sms: 0.2, call: 0.1, whatsapp: 0.05 },
      countries: { GB: { sms: 0.04 }, DE: { sms: 0.07, call: 0.02 } },
    });
    const { prices } = loadConfig({ SMS_PRICES: path, SMS_DAILY_BUDGET: '40' }).fraudGuard;
    expect(prices.currency).toBe('EUR');
    expect(priceOf(prices, 'GB', 'sms')).toBe(0.04);
    expect(priceOf(prices, 'GB', 'call')).toBe(0.1);
    expect(priceOf(prices, 'DE', 'call')).toBe(0.02);
    expect(priceOf(prices, 'FR', 'whatsapp')).toBe(0.05);
  });

  it('refuse a price table that is missing, not JSON, or wrong, saying where', () => {
    expect(problemsOf({ SMS_PRICES: join(dir, 'nowhere.json') })).toMatch(
      /SMS_PRICES: cannot read .*nowhere\.json \(ENOENT\)/,
    );
    expect(problemsOf({ SMS_PRICES: file('broken.json', '{ "currency": ') })).toMatch(
      /SMS_PRICES: .*broken\.json is not JSON/,
    );
    const wrong = problemsOf({
      SMS_PRICES: file('wrong.json', {
        currency: 'euros',
        date: '2026-11-15',
        default: { sms: 0.2, call: 0.1 },
        countries: { XX: { sms: 0.04 }, GB: { sms: -1 } },
      }),
    });
    expect(wrong).toMatch(/SMS_PRICES: .*wrong\.json: /);
    expect(wrong).toMatch(/currency must be an ISO 4217 code/);
    expect(wrong).toMatch(/default\.whatsapp is missing/);
    expect(wrong).toMatch(/countries\.XX must be an ISO 3166 country code/);
    expect(wrong).toMatch(/countries\.GB\.sms must be a price of 0 or more/);
  });

  it.each([
    ['turnstile', 'TURNSTILE_SITE_KEY', 'TURNSTILE_SECRET_KEY', 'TURNSTILE_VERIFY_URL'],
    ['hcaptcha', 'HCAPTCHA_SITE_KEY', 'HCAPTCHA_SECRET', 'HCAPTCHA_VERIFY_URL'],
  ])('require the site key and secret with CAPTCHA_PROVIDER=%s', (provider, siteKey, secret, verifyUrl) => {
    const message = problemsOf({ CAPTCHA_PROVIDER: provider });
    expect(message).toContain(`${siteKey}: required with CAPTCHA_PROVIDER=${provider}`);
    expect(message).toContain(`${secret}: required with CAPTCHA_PROVIDER=${provider}`);
    expect(loadConfig({ CAPTCHA_PROVIDER: provider, [siteKey]: 'site', [secret]: 'shh' }).captcha).toEqual({
      kind: provider,
      siteKey: 'site',
      secret: 'shh',
    });
    expect(problemsOf({ CAPTCHA_PROVIDER: provider, [siteKey]: 'site', [secret]: 'shh', [verifyUrl]: 'nope' })).toMatch(
      new RegExp(`${verifyUrl}: must be an http\\(s\\) URL`),
    );
  });

  it('refuse a captcha provider it does not know', () => {
    expect(problemsOf({ CAPTCHA_PROVIDER: 'recaptcha' })).toMatch(
      /CAPTCHA_PROVIDER: must be altcha, turnstile, hcaptcha or off/,
    );
  });
});
