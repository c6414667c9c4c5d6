import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sqlite';
import { User } from '../../accounts/user.entity';
import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { SmsDeliveryError, type SmsTransport } from '../../sms/sms-transport';
import type { CheckOutcome, StartFailure, StartOutcome, VerificationProvider, VerificationSubject } from '../verification-provider';
import { VerificationCode } from './verification-code.entity';

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
    private readonly em: EntityManager,
    private readonly sms: SmsTransport,
    private readonly secret: string,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async start(subject: VerificationSubject): Promise<StartOutcome> {
    const { digits, lifetimeMs } = LOCAL_CODE_POLICY;
    const code = String(randomInt(0, 10 ** digits)).padStart(digits, '0');
    const now = this.clock();
    const em = this.em.fork();
    const fresh = Object.assign(new VerificationCode(), {
      user: em.getReference(User, subject.userId),
      codeHash: hashCode(this.secret, subject.userId, code),
      createdAt: now,
      expiresAt: new Date(now.getTime() + lifetimeMs),
    });
    fresh.id = await em.insert(fresh);
    try {
      await this.sms.send({ to: subject.phoneNumber, body: `Your verification code is ${code}. It expires in ${lifetimeMs / 60_000} minutes.` });
    } catch (error) {
      // An undelivered code must not linger, and the previous code keeps working.
      await em.nativeDelete(VerificationCode, { id: fresh.id });
      if (!(error instanceof SmsDeliveryError)) throw error;
      this.log.error({ err: error, provider: this.name, step: 'start' }, 'verification code could not be sent');
      return { ok: false, reason: deliveryFailure[error.kind] };
    }
    await em.nativeUpdate(VerificationCode, { user: subject.userId, closedAt: null, id: { $ne: fresh.id } }, { closedAt: now });
    return { ok: true };
  }

  async check(subject: VerificationSubject, code: string): Promise<CheckOutcome> {
    const { maxFailedChecks } = LOCAL_CODE_POLICY;
    const em = this.em.fork();
    const now = this.clock();
    const latest = await em.findOne(VerificationCode, { user: subject.userId }, { orderBy: { id: 'desc' } });
    if (!latest || latest.closedAt) return { ok: false, reason: 'CODE_EXPIRED' };
    if (latest.failedAttempts >= maxFailedChecks) return { ok: false, reason: 'TOO_MANY_ATTEMPTS' };
    if (latest.expiresAt <= now) return { ok: false, reason: 'CODE_EXPIRED' };

    if (this.matches(latest.codeHash, subject.userId, code)) {
      // Conditional update: of several concurrent checks with the right code, exactly one wins.
      const won = await em.nativeUpdate(
        VerificationCode,
        { id: latest.id, closedAt: null, failedAttempts: { $lt: maxFailedChecks }, expiresAt: { $gt: now } },
        { closedAt: now },
      );
      return won === 1 ? { ok: true } : { ok: false, reason: 'INVALID_CODE' };
    }

    await em.nativeUpdate(
      VerificationCode,
      { id: latest.id, failedAttempts: { $lt: maxFailedChecks } },
      { failedAttempts: raw('failed_attempts + 1') },
    );
    const { failedAttempts } = await em.findOneOrFail(VerificationCode, latest.id, { refresh: true });
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
