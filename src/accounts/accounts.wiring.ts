import type { Events } from '../webhooks/events';
import type { AuditLog } from '../audit/audit-log';
import type { FraudGuard } from '../abuse/fraud-guard/fraud-guard';
import type { Throttle } from '../abuse/throttle';
import type { Database } from '../db/database';
import type { SessionService } from '../sessions/session.service';
import type { BackgroundWork } from '../shared/background-work';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { SmsQueue } from '../sms/queue/sms-queue';
import { claimLeaseMs } from '../sms/sms.wiring';
import { PasswordHasher } from '../users/password';
import type { Metrics } from '../metrics/metrics';
import { UserStore } from '../users/user.store';
import type { ChannelProvider } from '../verification/code-channels';
import { AccountDeletionService, type PhoneTrace } from './account-deletion.service';
import { AuthyRegistrations } from './authy-registrations';
import { CodeRequestStore } from './code-request.store';
import { CodeRequests } from './code-requests';
import { LoginService } from './login.service';
import { OneTimeCodes } from './one-time-codes';
import { PasswordChangeService } from './password-change.service';
import { PasswordResetEffects } from './password-reset-effects';
import { PasswordResetService } from './password-reset.service';
import { PhoneChangeService } from './phone-change.service';
import { PhoneChangeStore } from './phone-change.store';
import type { PhonePolicy } from './phone-policy';
import { RegistrationService } from './registration.service';
import { SendPermits } from './send-permits';
import { SignIns } from './sign-ins';
import { SignInCodeService } from './sign-in-code.service';
import { wireTwoStep } from './two-step/two-step.wiring';

export interface AccountsDeps {
  config: { passwordHashConcurrency: number; upstreamTimeoutMs: number; appSecret: string };
  database: Database;
  /** The code provider, and the channels it offers. */
  verification: ChannelProvider;
  throttle: Throttle;
  /** The SMS guard every code passes before it is sent (docs/FRAUD.md). */
  guard: FraudGuard;
  phones: PhonePolicy;
  messages: SmsQueue;
  sessions: SessionService;
  background: BackgroundWork;
  /** The development outbox, which keeps texts that a deleted account's number should not keep. */
  phoneTraces?: PhoneTrace;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** Every security-relevant event of these flows. */
  audit: AuditLog;
  /** The webhooks' events, written with the changes they report. */
  events: Events;
}

export type AccountServices = ReturnType<typeof wireAccounts>;

/** Every flow a person goes through with their account, sharing one way to send and check codes. */
export function wireAccounts(deps: AccountsDeps) {
  const { config, metrics } = deps;
  // Without metrics, no timing hook at all on the hot path.
  const hashWait = metrics.enabled ? (seconds: number) => metrics.passwordHashWait(seconds) : undefined;
  const passwords = new PasswordHasher(config.passwordHashConcurrency, hashWait);
  const shared = { ...deps, passwords, users: new UserStore(), phoneChanges: new PhoneChangeStore() };
  const permits = new SendPermits({ ...shared, channel: deps.verification.defaultChannel });
  const codes = new OneTimeCodes({ ...shared, permits });
  const leaseMs = claimLeaseMs(config.upstreamTimeoutMs);
  const requests = new CodeRequests({ ...shared, codes, store: new CodeRequestStore(), leaseMs });
  const twoStep = wireTwoStep({ ...shared, codes });
  const resetEffects = new PasswordResetEffects(shared);
  const signIns = new SignIns({ ...shared, challenges: twoStep.challenges, resets: resetEffects });
  const logins = new LoginService({ ...shared, signIns });
  const authy = new AuthyRegistrations(shared);
  return {
    registration: new RegistrationService({ ...shared, codes, requests }),
    logins,
    signIns,
    resets: new PasswordResetService({ ...shared, codes, requests, signIns }),
    twoStep: twoStep.setUpWith(logins),
    signInCodes: new SignInCodeService({ ...shared, codes, requests, signIns }),
    passwordChange: new PasswordChangeService({ ...shared, logins }),
    phoneChange: new PhoneChangeService({ ...shared, codes, logins, authy }),
    deletion: new AccountDeletionService({ ...shared, logins, authy }),
    /** Polled by jobs/, like the SMS queue. */
    codeRequests: requests,
  };
}
