import { errors, type Client } from 'authy-client';
import { parsePhoneNumber } from 'libphonenumber-js/max';
import type { Logger } from '../../shared/logger';
import type { CheckFailure, CheckOutcome, StartFailure, StartOutcome, VerificationProvider, VerificationSubject } from '../verification-provider';

const START_FAILURES: Record<string, StartFailure> = { '60027': 'INVALID_PHONE', '60003': 'RATE_LIMITED' };
const CHECK_FAILURES: Record<string, CheckFailure> = { '60020': 'INVALID_CODE', '60003': 'RATE_LIMITED' };

/** The tutorial's Authy API: Authy keeps its own user, whose id we keep on ours. */
export class AuthyProvider implements VerificationProvider {
  readonly name = 'authy';

  constructor(
    private readonly client: Client,
    private readonly log: Logger,
  ) {}

  async start(subject: VerificationSubject): Promise<StartOutcome> {
    try {
      const authyId = subject.authyId ?? (await this.registerAuthyUser(subject));
      // force: without it Authy skips the SMS for people who have its app, and nothing arrives.
      await this.client.requestSms({ authyId }, { force: true });
      return { ok: true, authyId };
    } catch (error) {
      // authy-client checks the phone itself before calling Authy.
      if (error instanceof errors.ValidationFailedError) return { ok: false, reason: 'INVALID_PHONE' };
      return { ok: false, reason: START_FAILURES[authyErrorCode(error)] ?? this.outage(error, 'start') };
    }
  }

  async check(subject: VerificationSubject, code: string): Promise<CheckOutcome> {
    if (!subject.authyId) return { ok: false, reason: 'CODE_EXPIRED' };
    try {
      await this.client.verifyToken({ authyId: subject.authyId, token: code }, { force: true });
      return { ok: true };
    } catch (error) {
      // Authy tokens are 6-8 digits; authy-client refuses other lengths before sending.
      if (error instanceof errors.ValidationFailedError) return { ok: false, reason: 'INVALID_CODE' };
      return { ok: false, reason: CHECK_FAILURES[authyErrorCode(error)] ?? this.outage(error, 'check') };
    }
  }

  /** Authy wants the calling code and the national number apart; ours are E.164, checked at signup. */
  private async registerAuthyUser(subject: VerificationSubject): Promise<number> {
    const phone = parsePhoneNumber(subject.phoneNumber);
    const { user } = await this.client.registerUser({ countryCode: phone.countryCallingCode, phone: phone.nationalNumber, email: subject.email });
    return user.id;
  }

  private outage(error: unknown, step: string): 'DELIVERY_FAILED' {
    this.log.error({ err: error, provider: this.name, step }, 'Authy failed');
    return 'DELIVERY_FAILED';
  }
}

function authyErrorCode(error: unknown): string {
  const body = error instanceof errors.HttpError ? error.body : undefined;
  return typeof body === 'object' && body?.error_code ? String(body.error_code) : '';
}
