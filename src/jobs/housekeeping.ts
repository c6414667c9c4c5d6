import { AuditEventStore } from '../audit/audit-event.store';
import { WebhookEventStore } from '../webhooks/webhook-event.store';
import { PhoneChangeStore } from '../accounts/phone-change.store';
import { UserStore } from '../users/user.store';
import { SessionStore } from '../sessions/session.store';
import { SmsQueueStore } from '../sms/queue/sms-queue.store';
import { SmsDeliveryStore } from '../sms/receipts/sms-delivery.store';
import type { Database } from '../db/database';
import type { Db } from '../db/handles';
import { LOCK_KEYS } from '../db/postgres';
import type { Clock } from '../shared/clock';
import { PeriodicTask } from '../shared/periodic-task';
import type { Logger } from '../shared/logger';
import { RateLimitCounterStore } from '../abuse/rate-limit-counter.store';
import { SignInChallengeStore } from '../accounts/two-step/sign-in-challenge.store';

const COUNTER_RETENTION_MS = 2 * 86_400_000;
const CHALLENGE_RETENTION_MS = 3_600_000;

export interface HousekeepingResult {
  staleRegistrations: number;
  counters: number;
  endedSessions: number;
  expiredPhoneChanges: number;
  finishedMessages: number;
  /** Delivery receipts' rows (a country and a status, no number) past the delivery rates' reach. */
  smsDeliveries: number;
  /** The SMS guard's counts and spent challenges that no decision reads any more. */
  smsGuardRows: number;
  /** Audit events older than AUDIT_RETENTION_DAYS. */
  auditEvents: number;
  /** Webhook events delivered or given up: their bodies name people. */
  webhookEvents: number;
  /** Sign-ins' second-step challenges an hour past their end, a reset's waiting password among them. */
  signInChallenges: number;
}

export interface HousekeepingDeps {
  database: Database;
  users: UserStore;
  counters: RateLimitCounterStore;
  sessions: SessionStore;
  phoneChanges: PhoneChangeStore;
  messages: SmsQueueStore;
  deliveries: SmsDeliveryStore;
  auditEvents: AuditEventStore;
  webhookEvents: WebhookEventStore;
  signInChallenges: SignInChallengeStore;
  /** The SMS guard's own pruning; none where no guard is wired (`npm run cleanup`). */
  guardCounts?: GuardCounts;
  clock: Clock;
  log: Logger;
  retention: { staleRegistrationMs: number; sessionRetentionMs: number; auditRetentionMs: number };
}

export interface GuardCounts {
  prune(db: Db): Promise<number>;
}

/** Periodic clean-up: stale signups, rate-limit windows long closed, sessions and messages long done, phone changes never confirmed. */
export class Housekeeping {
  private readonly task = new PeriodicTask('housekeeping', () => this.run(), this.deps.log);

  constructor(private readonly deps: HousekeepingDeps) {}

  /** One instance at a time: the others find the lock taken and skip this round (null). */
  async run(): Promise<HousekeepingResult | null> {
    const now = this.deps.clock().getTime();
    const result = await this.deps.database.transaction(async (tx) => {
      if (!(await tx.dialect.tryLock(tx, LOCK_KEYS.housekeeping))) return null;
      return {
        staleRegistrations: await this.deps.users.deleteUnverifiedBefore(
          tx,
          new Date(now - this.deps.retention.staleRegistrationMs),
        ),
        counters: await this.deps.counters.prune(tx, now - COUNTER_RETENTION_MS),
        endedSessions: await this.deps.sessions.pruneEnded(tx, new Date(now - this.deps.retention.sessionRetentionMs)),
        expiredPhoneChanges: await this.deps.phoneChanges.pruneExpired(tx, new Date(now)),
        // Sent and given-up messages keep a phone number and a text; kept as long as ended sessions.
        finishedMessages: await this.deps.messages.pruneFinished(
          tx,
          new Date(now - this.deps.retention.sessionRetentionMs),
        ),
        smsDeliveries: await this.deps.deliveries.prune(tx, new Date(now - this.deps.retention.sessionRetentionMs)),
        smsGuardRows: (await this.deps.guardCounts?.prune(tx)) ?? 0,
        auditEvents: await this.deps.auditEvents.prune(tx, new Date(now - this.deps.retention.auditRetentionMs)),
        webhookEvents: await this.deps.webhookEvents.pruneFinished(
          tx,
          new Date(now - this.deps.retention.sessionRetentionMs),
        ),
        // Their wrong codes count against the account for an hour (sign-in-challenges.ts).
        signInChallenges: await this.deps.signInChallenges.pruneExpired(tx, new Date(now - CHALLENGE_RETENTION_MS)),
      };
    });
    if (result) this.deps.log.info(result, 'housekeeping done');
    else this.deps.log.debug('housekeeping skipped: another instance is running it');
    return result;
  }

  start(intervalMs: number): void {
    this.task.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }
}

/** Housekeeping with its own stores, for the server and for `npm run cleanup` alike. */
export function housekeepingFor({
  config,
  database,
  guardCounts,
  clock,
  log,
}: {
  config: HousekeepingDeps['retention'];
  database: Database;
  guardCounts?: GuardCounts;
  clock: Clock;
  log: Logger;
}): Housekeeping {
  return new Housekeeping({
    guardCounts,
    database,
    users: new UserStore(),
    counters: new RateLimitCounterStore(),
    sessions: new SessionStore(),
    phoneChanges: new PhoneChangeStore(),
    messages: new SmsQueueStore(),
    deliveries: new SmsDeliveryStore(),
    auditEvents: new AuditEventStore(),
    webhookEvents: new WebhookEventStore(),
    signInChallenges: new SignInChallengeStore(),
    clock,
    log,
    retention: config,
  });
}
