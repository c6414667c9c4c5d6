import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config';
import { problemsOf } from './support/config-problems';

const TWILIO = {
  SMS_TRANSPORT: 'twilio',
  TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'auth-token',
  TWILIO_NUMBER: '+14155550100',
};
const API_KEY = { TWILIO_API_KEY: `SK${'b'.repeat(32)}`, TWILIO_API_SECRET: 'api-secret' };
const PRODUCTION = {
  NODE_ENV: 'production',
  APP_SECRET: 'k9Vq2xL7pR4mT8wZ3nB6yH1cF5jD0sGaUe',
  SMS_DAILY_BUDGET: 'off',
};

describe('CODE_CHANNELS', () => {
  it('offers SMS and calls by default, with no fallback, no public URL and no receipts', () => {
    const config = loadConfig({});
    expect(config.channels).toEqual({
      offered: ['sms', 'call'],
      callFrom: undefined,
      whatsappFrom: undefined,
      fallback: 'off',
    });
    expect(config.publicUrl).toBeUndefined();
    expect(config.receipts).toBeUndefined();
    expect(config.autofill).toEqual({ hostname: undefined, androidAppHash: undefined });
  });

  it('reads the channels in any case and order, and the WhatsApp sender with or without its prefix', () => {
    const config = loadConfig({
      ...TWILIO,
      CODE_CHANNELS: 'whatsapp, sms',
      TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
    });
    expect(config.channels).toMatchObject({
      offered: ['whatsapp', 'sms'],
      callFrom: '+14155550100',
      whatsappFrom: '+14155238886',
    });
    expect(loadConfig({ ...TWILIO, TWILIO_WHATSAPP_FROM: '+14155238886' }).channels.whatsappFrom).toBe('+14155238886');
  });

  it('refuses an unknown channel, and a list without SMS', () => {
    expect(problemsOf({ CODE_CHANNELS: 'SMS,FAX' })).toMatch(
      /^ {2}- CODE_CHANNELS: must list SMS, CALL or WHATSAPP.*not one: FAX$/m,
    );
    expect(problemsOf({ CODE_CHANNELS: 'CALL' })).toMatch(/^ {2}- CODE_CHANNELS: must include SMS/m);
  });

  it('needs TWILIO_WHATSAPP_FROM for WhatsApp through Twilio, in its right form', () => {
    expect(problemsOf({ ...TWILIO, CODE_CHANNELS: 'SMS,WHATSAPP' })).toMatch(
      /^ {2}- TWILIO_WHATSAPP_FROM: required with WHATSAPP in CODE_CHANNELS/m,
    );
    expect(problemsOf({ TWILIO_WHATSAPP_FROM: '14155238886' })).toMatch(/^ {2}- TWILIO_WHATSAPP_FROM: must be/m);
    // The development outbox keeps WhatsApp messages without a sender, and Verify has its own.
    expect(loadConfig({ CODE_CHANNELS: 'SMS,WHATSAPP' }).channels.offered).toEqual(['sms', 'whatsapp']);
    const verify = {
      VERIFICATION_PROVIDER: 'twilio-verify',
      TWILIO_ACCOUNT_SID: TWILIO.TWILIO_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: 'x',
      TWILIO_VERIFY_SERVICE_SID: `VA${'c'.repeat(32)}`,
    };
    expect(loadConfig({ ...verify, CODE_CHANNELS: 'SMS,CALL,WHATSAPP' }).channels.offered).toHaveLength(3);
  });

  it('refuses WhatsApp with Authy, which cannot send by it', () => {
    expect(problemsOf({ VERIFICATION_PROVIDER: 'authy', AUTHY_API_KEY: 'k', CODE_CHANNELS: 'SMS,WHATSAPP' })).toMatch(
      /^ {2}- CODE_CHANNELS: lists WHATSAPP, which Authy cannot send/m,
    );
  });

  it('leaves calls out of the default where a Messaging Service has no number to call from, and refuses them asked for', () => {
    const service = { ...TWILIO, TWILIO_NUMBER: '', TWILIO_MESSAGING_SERVICE_SID: `MG${'d'.repeat(32)}` };
    expect(loadConfig(service).channels.offered).toEqual(['sms']);
    expect(problemsOf({ ...service, CODE_CHANNELS: 'SMS,CALL' })).toMatch(
      /^ {2}- TWILIO_NUMBER: required with CALL in CODE_CHANNELS/m,
    );
  });
});

describe('PUBLIC_URL', () => {
  it('keeps the origin, and its hostname without the port for the code line', () => {
    const config = loadConfig({ PUBLIC_URL: 'http://localhost:4000/' });
    expect(config.publicUrl).toBe('http://localhost:4000');
    expect(config.autofill.hostname).toBe('localhost');
  });

  it('refuses what is no origin, and plain http in production', () => {
    expect(problemsOf({ PUBLIC_URL: 'auth.example.com' })).toMatch(/^ {2}- PUBLIC_URL: must be the absolute URL/m);
    expect(problemsOf({ PUBLIC_URL: 'ftp://auth.example.com' })).toMatch(
      /^ {2}- PUBLIC_URL: must be an http\(s\) URL/m,
    );
    expect(problemsOf({ PUBLIC_URL: 'https://example.com/auth' })).toMatch(
      /^ {2}- PUBLIC_URL: must be an origin.*did you mean https:\/\/example\.com\?/m,
    );
    expect(problemsOf({ ...PRODUCTION, ...TWILIO, PUBLIC_URL: 'http://auth.example.com' })).toMatch(
      /^ {2}- PUBLIC_URL: must be https in production$/m,
    );
    expect(loadConfig({ ...PRODUCTION, ...TWILIO, PUBLIC_URL: 'https://auth.example.com' }).publicUrl).toBe(
      'https://auth.example.com',
    );
  });

  it("turns on receipts through Twilio, checked with the account's auth token", () => {
    expect(loadConfig({ ...TWILIO, PUBLIC_URL: 'https://auth.example.com' }).receipts).toEqual({
      callbackUrl: 'https://auth.example.com/webhooks/twilio/status',
      authToken: 'auth-token',
    });
    // Nothing goes through Twilio from the outbox, so nothing reports back.
    expect(loadConfig({ PUBLIC_URL: 'https://auth.example.com' }).receipts).toBeUndefined();
  });

  it('needs TWILIO_AUTH_TOKEN beside an API key, to check what Twilio signs with it', () => {
    const keyed = { ...TWILIO, ...API_KEY, TWILIO_AUTH_TOKEN: '', PUBLIC_URL: 'https://auth.example.com' };
    expect(problemsOf(keyed)).toMatch(
      /^ {2}- TWILIO_AUTH_TOKEN: required with PUBLIC_URL when Twilio is reached with an API key: Twilio signs delivery receipts with the account's auth token/m,
    );
    const both = loadConfig({ ...keyed, TWILIO_AUTH_TOKEN: 'auth-token' });
    expect(both.sms).toMatchObject({ twilio: { auth: { kind: 'api-key' } } });
    expect(both.receipts?.authToken).toBe('auth-token');
  });

  it('takes an 11-character Android app hash, and refuses any other', () => {
    expect(loadConfig({ ANDROID_APP_HASH: 'FA+9qCX9VSu' }).autofill.androidAppHash).toBe('FA+9qCX9VSu');
    expect(problemsOf({ ANDROID_APP_HASH: 'FA+9qCX9VS' })).toMatch(
      /^ {2}- ANDROID_APP_HASH: must be the app's 11-character/m,
    );
  });
});

describe('CODE_FALLBACK', () => {
  const receipts = { ...TWILIO, PUBLIC_URL: 'https://auth.example.com' };

  it('turns the fallback call on where receipts reach the local provider', () => {
    expect(loadConfig({ ...receipts, CODE_FALLBACK: 'call' }).channels.fallback).toBe('call');
  });

  it('refuses it without receipts, without calls, with a provider that sends its own codes, or misspelt', () => {
    expect(problemsOf({ ...TWILIO, CODE_FALLBACK: 'call' })).toMatch(
      /^ {2}- CODE_FALLBACK: call needs delivery receipts/m,
    );
    expect(problemsOf({ ...receipts, CODE_CHANNELS: 'SMS', CODE_FALLBACK: 'call' })).toMatch(
      /^ {2}- CODE_FALLBACK: call needs CALL in CODE_CHANNELS$/m,
    );
    expect(problemsOf({ VERIFICATION_PROVIDER: 'authy', AUTHY_API_KEY: 'k', CODE_FALLBACK: 'call' })).toMatch(
      /^ {2}- CODE_FALLBACK: call needs VERIFICATION_PROVIDER=local: authy sends its codes itself/m,
    );
    expect(problemsOf({ CODE_FALLBACK: 'sms' })).toMatch(/^ {2}- CODE_FALLBACK: must be call or off$/m);
  });
});
