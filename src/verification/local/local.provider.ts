import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/handles';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { SmsDeliveryError, type SmsTransport } from '../../sms/sms-transport';
import type { CheckOutcome, StartFailure, StartOutcome, VerificationProvider, VerificationSubject } from '../verification-provider';
import type { VerificationCodeStore } from './verification-code.store';

const LOCAL_CODE_POLICY = { digits: 6, lifetimeMs: 10 * 60_000, maxFailedChecks: 5 };

const deliveryFailure: Record<SmsDeliveryError['kind'], StartFailure> = {
  'invalid-number': 'INVALID_PHONE',
  'rate-limited': 'RATE_LIMITED',
  unavailable: 'DELIVERY_FAILED',
};

/** Codes made and checked here, delivered through the SMS transport. Needs no account anywhere. */
export class LocalVerificationProvider implements VerificationProvider {
  readonly name = 'local';

  constructor(
    private readonly db: Db,
    private readonly codes: VerificationCodeStore,
    private readonly sms: SmsTransport,
    private readonly secret: string,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async start(subject: VerificationSubject): Promise<StartOutcome> {
    const { digits, lifetimeMs } = LOCAL_CODE_POLICY;
    const code = String(randomInt(0, 10 ** digits)).padStart(digits, '0');
    const now = this.clock();
    const id = await this.codes.insert(this.db, {
      userId: subject.userId,
      codeHash: hashCode(this.secret, subject.userId, code),
      createdAt: now,
      expiresAt: new Date(now.getTime() + lifetimeMs),
    });
    try {
      await this.sms.send({ to: subject.phoneNumber, body: `Your verification code is ${code}. It expires in ${lifetimeMs / 60_000} minutes.` });
    } catch (error) {
      // An undelivered code must not linger, and the previous code keeps working.
      await this.codes.delete(this.db, id);
      if (!(error instanceof SmsDeliveryError)) throw error;
      this.log.error({ err: error, provider: this.name, step: 'start' }, 'verification code could not be sent');
      return { ok: false, reason: deliveryFailure[error.kind] };
    }
    await this.codes.closeOlder(this.db, subject.userId, id, now);
    return { ok: true };
  }

  async check(subject: VerificationSubject, code: string): Promise<CheckOutcome> {
    const { maxFailedChecks } = LOCAL_CODE_POLICY;
    const now = this.clock();
    const latest = await this.codes.latest(this.db, subject.userId);
    if (!latest || latest.closedAt) return { ok: false, reason: 'CODE_EXPIRED' };
    if (latest.failedAttempts >= maxFailedChecks) return { ok: false, reason: 'TOO_MANY_ATTEMPTS' };
    if (latest.expiresAt <= now) return { ok: false, reason: 'CODE_EXPIRED' };

    if (this.matches(latest.codeHash, subject.userId, code)) return { ok: true, spend: (tx) => this.codes.spend(tx, latest.id, maxFailedChecks, now) };
    const failedAttempts = await this.codes.countFailure(this.db, latest.id, maxFailedChecks);
    return { ok: false, reason: failedAttempts >= maxFailedChecks ? 'TOO_MANY_ATTEMPTS' : 'INVALID_CODE' };
  }

  private matches(stored: string, userId: string, code: string): boolean {
    return timingSafeEqual(Buffer.from(stored, 'hex'), Buffer.from(hashCode(this.secret, userId, code), 'hex'));
  }
}

/** Keyed with the app secret and bound to the user, so a leaked table reveals no codes. */
export function hashCode(secret: string, userId: string, code: string): string {
  return createHmac('sha256', secret).update(`${userId}:${code}`).digest('hex');
}
