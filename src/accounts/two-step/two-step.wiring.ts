import type { AuditLog } from '../../audit/audit-log';
import type { Throttle } from '../../abuse/throttle';
import type { Database } from '../../db/database';
import type { Clock } from '../../shared/clock';
import type { UserStore } from '../../users/user.store';
import type { Events } from '../../webhooks/events';
import type { LoginService } from '../login.service';
import type { OneTimeCodes } from '../one-time-codes';
import { RecoveryCodeStore } from './recovery-code.store';
import { RecoveryCodes } from './recovery-codes';
import { SecondStepCodes } from './second-step-codes';
import { SignInChallengeStore } from './sign-in-challenge.store';
import { SignInChallenges } from './sign-in-challenges';
import { TotpSeal } from './totp';
import { TwoStepSetup } from './two-step-setup.service';
import { TwoStepSms } from './two-step-sms';
import { TwoStepStore } from './two-step.store';
import { WrongCodeBudget } from './wrong-code-budget';

export interface TwoStepDeps {
  config: { appSecret: string };
  database: Database;
  users: UserStore;
  codes: OneTimeCodes;
  throttle: Throttle;
  clock: Clock;
  audit: AuditLog;
  events: Events;
}

/**
 * The second step at sign-in: the challenges every sign-in may end in, and the set-up, which
 * checks the password through the logins that need those challenges (hence built from them).
 */
export function wireTwoStep(deps: TwoStepDeps) {
  const { appSecret } = deps.config;
  const store = new TwoStepStore();
  const recovery = new RecoveryCodeStore();
  const challengeStore = new SignInChallengeStore();
  const recoveryCodes = new RecoveryCodes(appSecret);
  const seal = new TotpSeal(appSecret);
  const sms = new TwoStepSms(deps);
  const secondStepCodes = new SecondStepCodes({ ...deps, store, recovery, recoveryCodes, seal });
  const budget = new WrongCodeBudget({ ...deps, store: challengeStore });
  const challenges = new SignInChallenges({
    ...deps,
    store: challengeStore,
    twoSteps: store,
    codes: secondStepCodes,
    sms,
    budget,
  });
  const setUpWith = (logins: Pick<LoginService, 'confirmPassword'>) =>
    new TwoStepSetup({
      ...deps,
      store,
      recovery,
      recoveryCodes,
      challenges: challengeStore,
      budget,
      seal,
      sms,
      secondStepCodes,
      logins,
    });
  return { challenges, setUpWith };
}
