import type { FraudGuard } from '../abuse/fraud-guard/fraud-guard';
import type { Throttle } from '../abuse/throttle';
import { Client as AuthyClient } from 'authy-client';
import type { Twilio } from 'twilio';
import type { Database } from '../db/database';
import type { Metrics } from '../metrics/metrics';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { ChannelSettings, CodeChannel } from '../sms/channels';
import { countedSms } from '../sms/counted.transport';
import type { DeliveryReceipts } from '../sms/receipts/delivery-receipts';
import type { SmsTransport } from '../sms/sms-transport';
import type { CodeAutofill } from '../sms/texts/code-autofill';
import type { TestNumbers } from '../sms/test-numbers';
import type { TwilioAccount } from '../twilio/twilio.client';
import { AuthyProvider } from './authy/authy.provider';
import { offeringChannels, type ChannelProvider } from './code-channels';
import { countedVerification } from './counted.provider';
import { CodeFallback } from './local/code-fallback';
import { LocalVerificationProvider } from './local/local.provider';
import { CodeSeal } from './local/sealed-code';
import { VerificationCodeStore } from './local/verification-code.store';
import { TestNumberLock } from './test-number-lock';
import { TestNumberProviderRouting } from './test-number.provider';
import { TwilioVerifyProvider } from './twilio-verify/twilio-verify.provider';
import type { VerificationProvider, VerificationSubject } from './verification-provider';

export type VerificationConfig =
  | { kind: 'local' }
  | { kind: 'twilio-verify'; twilio: TwilioAccount; serviceSid: string; channel: CodeChannel }
  | { kind: 'authy'; apiKey: string; apiUrl?: string };

export interface VerificationDeps {
  config: {
    verification: VerificationConfig;
    appSecret: string;
    upstreamTimeoutMs: number;
    channels: ChannelSettings;
    autofill: CodeAutofill;
  };
  database: Database;
  /** What the local provider texts, calls and writes its codes through. */
  sms: SmsTransport;
  /** Twilio's delivery receipts, when PUBLIC_URL is set: the fallback call listens to them. */
  receipts?: DeliveryReceipts;
  /** Prices the fallback call, which no flow's permit covers. */
  guard: Pick<FraudGuard, 'check' | 'notSent'>;
  testNumbers: TestNumbers;
  /** Counts the test numbers' refused codes. */
  throttle: Pick<Throttle, 'testNumberGuess' | 'testNumberGuessRight'>;
  twilio: (account: TwilioAccount) => Twilio;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
}

/**
 * The provider the config names, with test numbers routed to their fixed codes before it sees them,
 * and locked after too many wrong ones; it sends by the channels CODE_CHANNELS offers, and says which.
 */
export function wireVerification(deps: VerificationDeps): ChannelProvider {
  const { config, database, testNumbers, twilio, throttle, receipts, clock, log, metrics } = deps;
  const codes = new VerificationCodeStore();
  const sms = countedSms(deps.sms, 'code', metrics);
  const fallback =
    config.channels.fallback === 'call' && receipts ? codeFallback(deps, codes, sms, receipts) : undefined;
  const local = (makeCode?: (subject: VerificationSubject) => string, name?: string) =>
    new LocalVerificationProvider({
      db: database.db,
      codes,
      sms,
      secret: config.appSecret,
      autofill: config.autofill,
      fallback,
      clock,
      log,
      makeCode,
      name,
    });
  const v = config.verification;
  let provider: VerificationProvider;
  if (v.kind === 'twilio-verify') {
    provider = new TwilioVerifyProvider({
      client: twilio(v.twilio),
      serviceSid: v.serviceSid,
      channel: v.channel,
      log,
    });
  } else if (v.kind === 'authy') {
    const options = { timeout: config.upstreamTimeoutMs, ...(v.apiUrl ? { host: v.apiUrl } : {}) };
    provider = new AuthyProvider({ client: new AuthyClient({ key: v.apiKey }, options), log });
  } else {
    provider = local();
  }
  const fixedCode = (subject: VerificationSubject) => {
    const code = testNumbers.codeFor(subject.phoneNumber, clock());
    // Routed here as a test number an instant before TEST_PHONE_NUMBERS' `until` passed.
    if (code === undefined) throw new Error('the number stopped being a test number while its code was made');
    return code;
  };
  const fixed = new TestNumberLock({
    fixed: local(fixedCode, 'test-number'),
    throttle,
    codeOf: (phoneNumber) => testNumbers.codeFor(phoneNumber, clock()),
    log,
  });
  const routed = new TestNumberProviderRouting({ real: provider, fixed, numbers: testNumbers, clock });
  const defaultChannel = v.kind === 'twilio-verify' ? v.channel : 'sms';
  return offeringChannels(countedVerification(routed, metrics), config.channels.offered, defaultChannel);
}

/** The call that follows a code's undelivered text, told of it by the receipts. */
function codeFallback(
  { config, database, guard, clock, log }: VerificationDeps,
  codes: VerificationCodeStore,
  sms: SmsTransport,
  receipts: DeliveryReceipts,
): CodeFallback {
  const fallback = new CodeFallback({
    db: database.db,
    codes,
    sms,
    seal: new CodeSeal(config.appSecret),
    guard,
    isUndelivered: (sid) => receipts.isUndelivered(sid),
    clock,
    log,
  });
  receipts.onUndelivered((sid) => fallback.callInstead(sid));
  return fallback;
}
