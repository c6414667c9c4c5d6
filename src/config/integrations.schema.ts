import { z } from 'zod';
import { choices, parts, required, setting } from './env-parts';
import { e164, httpUrl, sid } from './formats';
import type { CaptchaConfig } from '../abuse/captcha/captcha';
import type { SmsConfig } from '../sms/sms.wiring';
import type { TwilioSender } from '../sms/twilio/twilio-sms.transport';
import type { TwilioAuth } from '../twilio/twilio.client';
import type { VerificationConfig } from '../verification/verification.wiring';

/** The form of each setting a provider or transport reads; checked even when none chosen reads it. */
export const INTEGRATION_SETTINGS = {
  TWILIO_ACCOUNT_SID: sid('AC', 'an account SID'),
  TWILIO_AUTH_TOKEN: z.string(),
  TWILIO_API_KEY: sid('SK', 'an API key SID'),
  TWILIO_API_SECRET: z.string(),
  TWILIO_BASE_URL: httpUrl,
  TWILIO_VERIFY_SERVICE_SID: sid('VA', 'a Verify Service SID'),
  VERIFY_CHANNEL: z.enum(['sms', 'call', 'whatsapp']),
  TWILIO_NUMBER: e164,
  TWILIO_MESSAGING_SERVICE_SID: sid('MG', 'a Messaging Service SID'),
  AUTHY_API_KEY: z.string(),
  AUTHY_API_URL: httpUrl,
  TURNSTILE_SITE_KEY: z.string(),
  TURNSTILE_SECRET_KEY: z.string(),
  TURNSTILE_VERIFY_URL: httpUrl,
  HCAPTCHA_SITE_KEY: z.string(),
  HCAPTCHA_SECRET: z.string(),
  HCAPTCHA_VERIFY_URL: httpUrl,
};
const S = INTEGRATION_SETTINGS;

const twilioAuth = (why: string) =>
  z
    .object({
      TWILIO_AUTH_TOKEN: S.TWILIO_AUTH_TOKEN.optional(),
      TWILIO_API_KEY: S.TWILIO_API_KEY.optional(),
      TWILIO_API_SECRET: S.TWILIO_API_SECRET.optional(),
    })
    .transform((env, ctx): TwilioAuth => {
      if (env.TWILIO_API_KEY && env.TWILIO_API_SECRET)
        return { kind: 'api-key', key: env.TWILIO_API_KEY, secret: env.TWILIO_API_SECRET };
      if (env.TWILIO_AUTH_TOKEN) return { kind: 'token', token: env.TWILIO_AUTH_TOKEN };
      ctx.addIssue({
        code: 'custom',
        path: ['TWILIO_AUTH_TOKEN'],
        message: `required ${why}, unless TWILIO_API_KEY and TWILIO_API_SECRET are both set`,
      });
      return z.NEVER;
    });

const twilioAccount = (why: string) =>
  parts({
    accountSid: setting('TWILIO_ACCOUNT_SID', required(S.TWILIO_ACCOUNT_SID, why)),
    auth: twilioAuth(why),
    baseUrl: setting('TWILIO_BASE_URL', S.TWILIO_BASE_URL.optional()),
  });

const WITH_TWILIO_SMS = 'with SMS_TRANSPORT=twilio';
const WITH_TWILIO_VERIFY = 'with VERIFICATION_PROVIDER=twilio-verify';

const twilioSender = z
  .object({
    TWILIO_NUMBER: S.TWILIO_NUMBER.optional(),
    TWILIO_MESSAGING_SERVICE_SID: S.TWILIO_MESSAGING_SERVICE_SID.optional(),
  })
  .transform((env, ctx): TwilioSender => {
    if (env.TWILIO_MESSAGING_SERVICE_SID) return { messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID };
    if (env.TWILIO_NUMBER) return { from: env.TWILIO_NUMBER };
    ctx.addIssue({
      code: 'custom',
      path: ['TWILIO_NUMBER'],
      message: `required ${WITH_TWILIO_SMS}, unless TWILIO_MESSAGING_SERVICE_SID is set`,
    });
    return z.NEVER;
  });

export const VerificationEnv: z.ZodType<VerificationConfig> = choices('VERIFICATION_PROVIDER', 'local', {
  local: {},
  'twilio-verify': {
    twilio: twilioAccount(WITH_TWILIO_VERIFY),
    serviceSid: setting('TWILIO_VERIFY_SERVICE_SID', required(S.TWILIO_VERIFY_SERVICE_SID, WITH_TWILIO_VERIFY)),
    channel: setting('VERIFY_CHANNEL', S.VERIFY_CHANNEL.default('sms')),
  },
  authy: {
    apiKey: setting('AUTHY_API_KEY', required(S.AUTHY_API_KEY, 'with VERIFICATION_PROVIDER=authy')),
    apiUrl: setting('AUTHY_API_URL', S.AUTHY_API_URL.optional()),
  },
});

export const SmsEnv: z.ZodType<SmsConfig> = choices('SMS_TRANSPORT', 'outbox', {
  outbox: {},
  twilio: { twilio: twilioAccount(WITH_TWILIO_SMS), sender: twilioSender },
});

const WITH_TURNSTILE = 'with CAPTCHA_PROVIDER=turnstile';
const WITH_HCAPTCHA = 'with CAPTCHA_PROVIDER=hcaptcha';

/** ALTCHA signs its challenges with keys derived from APP_SECRET; the hosted two need their account's keys. */
export const CaptchaEnv: z.ZodType<CaptchaConfig> = choices('CAPTCHA_PROVIDER', 'altcha', {
  altcha: {},
  turnstile: {
    siteKey: setting('TURNSTILE_SITE_KEY', required(S.TURNSTILE_SITE_KEY, WITH_TURNSTILE)),
    secret: setting('TURNSTILE_SECRET_KEY', required(S.TURNSTILE_SECRET_KEY, WITH_TURNSTILE)),
    verifyUrl: setting('TURNSTILE_VERIFY_URL', S.TURNSTILE_VERIFY_URL.optional()),
  },
  hcaptcha: {
    siteKey: setting('HCAPTCHA_SITE_KEY', required(S.HCAPTCHA_SITE_KEY, WITH_HCAPTCHA)),
    secret: setting('HCAPTCHA_SECRET', required(S.HCAPTCHA_SECRET, WITH_HCAPTCHA)),
    verifyUrl: setting('HCAPTCHA_VERIFY_URL', S.HCAPTCHA_VERIFY_URL.optional()),
  },
  off: {},
});
