import type { ApolloServer } from '@apollo/server';
import type { Database } from '../db/database';
import { createApolloServer } from '../graphql/apollo';
import type { Resources } from '../lifecycle/resources';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import type { SessionService } from '../sessions/session.service';
import { SessionStore } from '../sessions/session.store';
import { SmsQueueStore } from '../sms/queue/sms-queue.store';
import { SmsDeliveryStore } from '../sms/receipts/sms-delivery.store';
import { UserStore } from '../users/user.store';
import type { Events } from '../webhooks/events';
import type { AdminAudit } from './admin-audit';
import { AdminResolver } from './admin.resolver';
import { buildAdminSchema } from './admin.schema';
import { AdminService, type AdminServiceDeps } from './admin.service';
import { DeliveryTimeline } from './delivery-timeline';

/** The admin API's requests carry only their id: the bearer token was checked before GraphQL ran. */
export interface AdminContext {
  requestId: string;
}

export interface AdminDeps {
  database: Database;
  sessions: SessionService;
  audit: AdminAudit;
  events: Events;
  guardCounts: AdminServiceDeps['guardCounts'];
  throttle: AdminServiceDeps['limits'];
  accounts: AdminServiceDeps['accounts'];
  clock: Clock;
  resources: Resources;
  log: Logger;
}

/** The admin API's service, its schema and its own Apollo server (started); served by the admin listener only. */
export async function wireAdmin(deps: AdminDeps): Promise<{ apollo: ApolloServer<AdminContext> }> {
  const { database, sessions, audit, events, guardCounts, throttle, accounts, clock, resources, log } = deps;
  const service = new AdminService({
    database,
    users: new UserStore(),
    sessionStore: new SessionStore(),
    sessions,
    audit,
    events,
    guardCounts,
    limits: throttle,
    accounts,
    timeline: new DeliveryTimeline({ queue: new SmsQueueStore(), receipts: new SmsDeliveryStore() }),
    clock,
  });
  const resolver = new AdminResolver(service);
  const schema = await buildAdminSchema({ get: () => resolver });
  // The public server's error masking and document limits; its context is never read, only requestId by the logging.
  const apollo = createApolloServer(schema, {
    introspection: true,
    sandbox: false,
    log,
  }) as unknown as ApolloServer<AdminContext>;
  await apollo.start();
  resources.add('admin apollo', () => apollo.stop());
  return { apollo };
}
