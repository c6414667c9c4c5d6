import { Client as AuthyClient } from 'authy-client';
import type { Twilio } from 'twilio';
import type { Config, TwilioAccount } from './config/config';
import type { Db } from './db/handles';
import type { Clock } from './shared/clock';
import type { Logger } from './shared/logger';
import { OutboxStore } from './sms/outbox/outbox.store';
import { OutboxSmsTransport } from './sms/outbox/outbox.transport';
import type { SmsTransport } from './sms/sms-transport';
import { TwilioSmsTransport } from './sms/twilio/twilio-sms.transport';
import { createTwilioClient } from './twilio/twilio.client';
import { AuthyProvider } from './verification/authy/authy.provider';
import { LocalVerificationProvider } from './verification/local/local.provider';
import { VerificationCodeStore } from './verification/local/verification-code.store';
import { TestNumberProviderRouting, TestNumberSmsRouting } from './verification/test-numbers/test-number-routing';
import type { TestNumbers } from './verification/test-numbers/test-numbers';
import { TwilioVerifyProvider } from './verification/twilio-verify/twilio-verify.provider';
import type { VerificationProvider, VerificationSubject } from './verification/verification-provider';

type Wrap = (transport: SmsTransport) => SmsTransport;

interface Deps {
  db: Db;
  clock: Clock;
  log: Logger;
  testNumbers: TestNumbers;
}

/**
 * The SMS transport and verification provider that the config names, with test numbers routed away
 * from both before anything goes upstream. `codeSms` wraps the transport the local provider sends
 * its codes through.
 */
export function createIntegrations(
  config: Config,
  { db, clock, log, testNumbers }: Deps,
  wrapSms: Wrap,
  codeSms: Wrap = (transport) => transport,
) {
  // Provider and transport read the same TWILIO_* settings, so one client serves both.
  let client: Twilio | undefined;
  const twilio = (account: TwilioAccount) =>
    (client ??= createTwilioClient({ ...credentials(account), timeoutMs: config.upstreamTimeoutMs }));

  let outbox: OutboxSmsTransport | undefined;
  let upstream: SmsTransport;
  if (config.sms.kind === 'twilio') upstream = new TwilioSmsTransport(twilio(config.sms.twilio), config.sms.sender);
  else upstream = outbox = new OutboxSmsTransport(db, new OutboxStore(), clock, log);
  const sms = new TestNumberSmsRouting(wrapSms(upstream), outbox, testNumbers, clock, log);

  const codes = new VerificationCodeStore();
  const local = (makeCode?: (subject: VerificationSubject) => string, name?: string) =>
    new LocalVerificationProvider(db, codes, codeSms(sms), config.appSecret, clock, log, makeCode, name);
  const v = config.verification;
  const provider: VerificationProvider =
    v.kind === 'twilio-verify'
      ? new TwilioVerifyProvider(twilio(v.twilio), v.serviceSid, v.channel, log)
      : v.kind === 'authy'
        ? new AuthyProvider(
            new AuthyClient(
              { key: v.apiKey },
              { timeout: config.upstreamTimeoutMs, ...(v.apiUrl ? { host: v.apiUrl } : {}) },
            ),
            log,
          )
        : local();
  const fixedCode = (subject: VerificationSubject) => {
    const code = testNumbers.codeFor(subject.phoneNumber, clock());
    // Routed here as a test number an instant before TEST_PHONE_NUMBERS' `until` passed.
    if (code === undefined) throw new Error('the number stopped being a test number while its code was made');
    return code;
  };
  const verification = new TestNumberProviderRouting(provider, local(fixedCode, 'test-number'), testNumbers, clock);
  return { outbox, sms, verification };
}

function credentials({ accountSid, auth, baseUrl }: TwilioAccount) {
  return auth.kind === 'token'
    ? { accountSid, baseUrl, authToken: auth.token }
    : { accountSid, baseUrl, apiKey: auth.key, apiSecret: auth.secret };
}
