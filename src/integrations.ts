import { Client as AuthyClient } from 'authy-client';
import type { Config } from './config/config';
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
import type { VerificationProvider } from './verification/verification-provider';

type Wrap = (transport: SmsTransport) => SmsTransport;

interface Deps {
  db: Db;
  clock: Clock;
  log: Logger;
  testNumbers: TestNumbers;
}

/**
 * The SMS transport and verification provider that the config names, built around one Twilio
 * client, with test numbers routed away from both before anything goes upstream. `codeSms` wraps
 * the transport the local provider sends its codes through.
 */
export function createIntegrations(
  config: Config,
  { db, clock, log, testNumbers }: Deps,
  wrapSms: Wrap,
  codeSms: Wrap = (transport) => transport,
) {
  const twilio = config.twilio && createTwilioClient({ ...config.twilio, timeoutMs: config.upstreamTimeoutMs });
  const outbox = config.sms.kind === 'outbox' ? new OutboxSmsTransport(db, new OutboxStore(), clock, log) : undefined;
  const upstream = wrapSms(outbox ?? new TwilioSmsTransport(twilio!, config.sms.kind === 'twilio' ? config.sms : {}));
  const sms = new TestNumberSmsRouting(upstream, outbox, testNumbers, clock, log);

  const codes = new VerificationCodeStore();
  const v = config.verification;
  const provider: VerificationProvider =
    v.kind === 'twilio-verify'
      ? new TwilioVerifyProvider(twilio!, v.serviceSid, v.channel, log)
      : v.kind === 'authy'
        ? new AuthyProvider(
            new AuthyClient(
              { key: v.apiKey },
              { timeout: config.upstreamTimeoutMs, ...(v.apiUrl ? { host: v.apiUrl } : {}) },
            ),
            log,
          )
        : new LocalVerificationProvider(db, codes, codeSms(sms), config.appSecret, clock, log);
  const fixedCodes = new LocalVerificationProvider(
    db,
    codes,
    codeSms(sms),
    config.appSecret,
    clock,
    log,
    (subject) => testNumbers.codeFor(subject.phoneNumber, clock())!,
    'test-number',
  );
  const verification = new TestNumberProviderRouting(provider, fixedCodes, testNumbers, clock);
  return { outbox, sms, verification };
}
