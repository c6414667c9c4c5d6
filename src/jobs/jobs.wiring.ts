import type { Database } from '../db/database';
import { afterMigrations } from '../lifecycle/after-migrations';
import type { Resources } from '../lifecycle/resources';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { SmsQueue } from '../sms/queue/sms-queue';
import type { CodeRequests } from '../accounts/code-requests';
import { housekeepingFor, type GuardCounts } from './housekeeping';

export interface JobsDeps {
  database: Database;
  config: { staleRegistrationMs: number; sessionRetentionMs: number; auditRetentionMs: number };
  smsQueue: SmsQueue;
  codeRequests: CodeRequests;
  /** The webhooks' worker, when WEBHOOK_URLS is set. */
  webhooks?: { start(intervalMs: number): void; stop(): Promise<void> };
  /** The SMS guard's rows, pruned with the rest. */
  guardCounts: GuardCounts;
  intervals: { smsQueueMs: number; housekeepingMs: number; webhooksMs: number };
  /** Pending migrations were left to `npm run migrate`: the pollers wait, rather than fail on missing tables. */
  migrationsPending: boolean;
  clock: Clock;
  log: Logger;
}

/** What runs by itself: the polls of the SMS queue and of requested codes, and housekeeping. */
export function wireJobs(deps: JobsDeps) {
  const { config, database, smsQueue, codeRequests, webhooks, guardCounts, intervals, migrationsPending, clock, log } =
    deps;
  const housekeeping = housekeepingFor({ config, database, guardCounts, clock, log });
  const startPollers = () => {
    smsQueue.start(intervals.smsQueueMs);
    codeRequests.start(intervals.smsQueueMs);
    housekeeping.start(intervals.housekeepingMs);
    webhooks?.start(intervals.webhooksMs);
  };
  const start = (resources: Resources) => {
    resources.add('sms queue', () => smsQueue.stop());
    resources.add('code requests', () => codeRequests.stop());
    resources.add('housekeeping', () => housekeeping.stop());
    if (webhooks) resources.add('webhooks', () => webhooks.stop());
    // Closed before both, so that it cannot start them during a shutdown.
    if (migrationsPending)
      resources.add('waiting for migrations', afterMigrations(database, intervals.smsQueueMs, startPollers, log));
    else startPollers();
  };
  return { housekeeping, start };
}
