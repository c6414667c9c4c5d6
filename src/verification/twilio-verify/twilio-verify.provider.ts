import type { Twilio } from 'twilio';
import type { Logger } from '../../shared/logger';
import { twilioErrorCode } from '../../twilio/twilio-error';
import type {
  CheckFailure,
  CheckOutcome,
  CodeChannel,
  StartFailure,
  StartOutcome,
  VerificationProvider,
  VerificationSubject,
} from '../verification-provider';

const START_FAILURES: Record<number, StartFailure> = {
  60200: 'INVALID_PHONE',
  60203: 'RATE_LIMITED',
  60410: 'RATE_LIMITED',
};
// 20404 on a check: the verification expired (or was approved or exhausted, which the caller rules out first).
const CHECK_FAILURES: Record<number, CheckFailure> = {
  20404: 'CODE_EXPIRED',
  60202: 'TOO_MANY_ATTEMPTS',
  60203: 'RATE_LIMITED',
  60200: 'INVALID_CODE',
};
const CHECK_STATUSES: Record<string, CheckFailure> = {
  pending: 'INVALID_CODE',
  max_attempts_reached: 'TOO_MANY_ATTEMPTS',
  expired: 'CODE_EXPIRED',
  canceled: 'CODE_EXPIRED',
};

export interface TwilioVerifyProviderDeps {
  client: Twilio;
  serviceSid: string;
  /** VERIFY_CHANNEL: the channel of a code asked for by none. */
  channel: CodeChannel;
  log: Logger;
}

/** Twilio Verify v2: Twilio makes, sends (by its own Channel: sms, call or whatsapp) and checks the code. */
export class TwilioVerifyProvider implements VerificationProvider {
  readonly name = 'twilio-verify';

  constructor(private readonly deps: TwilioVerifyProviderDeps) {}

  async start(subject: VerificationSubject, channel: CodeChannel = this.deps.channel): Promise<StartOutcome> {
    try {
      // Verify writes the text (or the call, or the WhatsApp message) itself, in the person's language; it reports no expiry or tries left.
      await this.service().verifications.create({
        to: subject.phoneNumber,
        channel,
        locale: subject.locale,
      });
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: START_FAILURES[twilioErrorCode(error) ?? 0] ?? this.outage(error, 'start') };
    }
  }

  async check(subject: VerificationSubject, code: string): Promise<CheckOutcome> {
    try {
      const { status } = await this.service().verificationChecks.create({ to: subject.phoneNumber, code });
      return status === 'approved' ? { ok: true } : { ok: false, reason: CHECK_STATUSES[status] ?? 'INVALID_CODE' };
    } catch (error) {
      return { ok: false, reason: CHECK_FAILURES[twilioErrorCode(error) ?? 0] ?? this.outage(error, 'check') };
    }
  }

  private service() {
    return this.deps.client.verify.v2.services(this.deps.serviceSid);
  }

  private outage(error: unknown, step: string): 'DELIVERY_FAILED' {
    this.deps.log.error({ err: error, provider: this.name, step }, 'Twilio Verify failed');
    return 'DELIVERY_FAILED';
  }
}
