import type { Throttle } from '../../abuse/throttle';
import type { Caller } from '../../shared/caller';
import type { Outcome } from '../../shared/outcome';
import type { User } from '../../users/user.entity';
import type { VerificationState } from '../../verification/verification-state';
import { startFailures } from '../code-refusals';
import { subjectOf, type OneTimeCodes } from '../one-time-codes';

/** A second-step code to the account's own phone, cleared by its limits and the SMS guard like every code. */
export class TwoStepSms {
  constructor(private readonly deps: { codes: OneTimeCodes; throttle: Throttle }) {}

  async send(user: User, caller: Caller): Promise<Outcome<{ verification: VerificationState }>> {
    const reserved = await this.deps.codes.reserve({ phone: user.phoneNumber, purpose: 'two-step', ip: caller.ip });
    if (!reserved.ok) return { ok: false, errors: reserved.errors };
    const { permit } = reserved;
    const started = await this.deps.codes.start(subjectOf(user, 'two-step'), permit);
    if (!started.ok) return { ok: false, errors: [startFailures[started.reason]] };
    return {
      ok: true,
      verification: {
        expiresAt: started.code?.expiresAt ?? null,
        attemptsLeft: started.code?.attemptsLeft ?? null,
        // The budget the code was counted against: a verified owner's, not a signup's.
        resendAvailableAt: await this.deps.throttle.nextCodeToPhone(user.phoneNumber, permit.budget),
      },
    };
  }
}
