import type { Throttle } from '../abuse/throttle';
import { Client as AuthyClient } from 'authy-client';
import type { Twilio } from 'twilio';
import type { Database } from '../db/database';
import type { Metrics } from '../metrics/metrics';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { countedSms } from '../sms/counted.transport';
import type { SmsTransport } from '../sms/sms-transport';
import type { TestNumbers } from '../sms/test-numbers';
import type { TwilioAccount } from '../twilio/twilio.client';
import { AuthyProvider } from './authy/authy.provider';
import { countedVerification } from './counted.provider';
import { LocalVerificationProvider } from './local/local.provider';
import { VerificationCodeStore } from './local/verification-code.store';
import { TestNumberLock } from './test-number-lock';
import { TestNumberProviderRouting } from './test-number.provider';
import { TwilioVerifyProvider } from './twilio-verify/twilio-verify.provider';
import type { VerificationProvider, VerificationSubject } from './verification-provider';

export type VerificationConfig =
  | { kind: 'local' }
  | { kind: 'twilio-verify'; twilio: TwilioAccount; serviceSid: string; channel: 'sms' | 'call' | 'whatsapp' }
  | { kind: 'authy'; apiKey: string; apiUrl?: string };

export interface VerificationDeps {
  config: { verification: VerificationConfig; appSecret: string; upstreamTimeoutMs: number };
  database: Database;
  /** What the local provider texts its codes through. */
  sms: SmsTransport;
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
 * and locked after too many wrong ones.
 */
export function wireVerification(deps: VerificationDeps): VerificationProvider {
  const { config, database, testNumbers, twilio, throttle, clock, log, metrics } = deps;
  const codes = new VerificationCodeStore();
  const sms = countedSms(deps.sms, 'code', metrics);
  const local = (makeCode?: (subject: VerificationSubject) => string, name?: string) =>
    new LocalVerificationProvider({
      db: database.db,
      codes,
      sms,
      secret: config.appSecret,
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
  return countedVerification(
    new TestNumberProviderRouting({ real: provider, fixed, numbers: testNumbers, clock }),
    metrics,
  );
}
