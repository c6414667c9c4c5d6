import type { Database } from '../db/database';
import type { Db } from '../db/handles';
import type { Clock } from '../shared/clock';
import type { SessionService } from '../sessions/session.service';
import type { SessionStore } from '../sessions/session.store';
import { normalizeEmail } from '../users/email';
import type { User } from '../users/user.entity';
import type { UserMatch, UserStore } from '../users/user.store';
import type { AdminAudit, AdminAuditEvent, AuditListFilter, AuditPosition } from './admin-audit';
import type { Delivery, DeliveryTimeline } from './delivery-timeline';
import type { Events } from '../webhooks/events';

export type ConversionGroup = 'country' | 'prefix';
export type DestinationKind = 'prefix' | 'country';

export interface BlockedDestination {
  kind: DestinationKind;
  /** A prefix such as `+1415`, or an ISO 3166 country code. */
  destination: string;
  sent: number;
  verified: number;
}

export interface ConversionRow {
  /** An ISO 3166 country code, or a prefix such as `+1415`. */
  key: string;
  sent: number;
  verified: number;
  ratio: number | null;
}

/** A request the admin API refuses before it changes anything; its message is for the operator. */
export class AdminInputError extends Error {}

export interface AdminServiceDeps {
  database: Database;
  users: UserStore;
  sessionStore: SessionStore;
  sessions: SessionService;
  audit: AdminAudit;
  /** Each admin action is also a webhook, written in its transaction. */
  events: Events;
  /** Codes sent and entered per country since a time: the SMS guard's counts. */
  guardCounts: {
    countsByCountry(since: Date): Promise<{ country: string; sent: number; verified: number }[]>;
    countsByPrefix(since: Date): Promise<{ prefix: string; sent: number; verified: number }[]>;
    blockedDestinations(): Promise<BlockedDestination[]>;
    unblock(db: Db, kind: DestinationKind, destination: string): Promise<void>;
  };
  timeline: DeliveryTimeline;
  /** Account deletion as the person's own (src/accounts/account-deletion.service.ts), without the password. */
  accounts: { deleteByAdmin(userId: string, reason: string): Promise<boolean> };
  /** The per-phone code limits, cleared in the admin's transaction. */
  limits: { clearCodeLimits(phone: string, db: Db): Promise<void> };
  clock: Clock;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const E164 = /^\+[1-9]\d{6,14}$/;
/** As the SMS guard counts: a calling code and three digits, or an ISO 3166 code. */
const PREFIX = /^\+[1-9]\d{3,6}$/;
const COUNTRY = /^[A-Z]{2}$/;
export const MAX_PAGE = 100;
/** An event type (`code.blocked`), or whole segments of one ending in a dot (`code.`, `two_step.`). */
const AUDIT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\.?$/;

export interface AuditLogQuery {
  type?: string | null;
  since?: Date | null;
  first: number;
  after?: AuditPosition;
}

/** What operators do by hand; every change names its reason and is written to the audit log with it. */
export class AdminService {
  constructor(private readonly deps: AdminServiceDeps) {}

  private get db(): Db {
    return this.deps.database.db;
  }

  /** An id, an email, an E.164 phone number, or else the start of a name. */
  async search(search: string, first: number, after?: string): Promise<{ users: User[]; hasNextPage: boolean }> {
    requirePageSize(first);
    const found = await this.deps.users.search(this.db, matchOf(search.trim()), { first: first + 1, after });
    return { users: found.slice(0, first), hasNextPage: found.length > first };
  }

  user(id: string): Promise<User | null> {
    return UUID.test(id) ? this.deps.users.findById(this.db, id.toLowerCase()) : Promise.resolve(null);
  }

  liveSessions(userId: string) {
    return this.deps.sessionStore.listLive(this.db, userId, this.deps.clock());
  }

  auditEvents(userId: string, limit: number) {
    return this.deps.audit.forUser(this.db, userId, { limit });
  }

  /** Every event, a user's or no one's (the SMS guard's blocks, unblocks, unknown emails), newest first. */
  async auditLog(query: AuditLogQuery): Promise<{ events: AdminAuditEvent[]; hasNextPage: boolean }> {
    requirePageSize(query.first);
    const filter: AuditListFilter = { ...typeFilterOf(query.type?.trim() ?? ''), after: query.after };
    if (query.since) {
      if (Number.isNaN(query.since.getTime()) || query.since > this.deps.clock())
        throw new AdminInputError('since must be a time in the past.');
      filter.since = query.since;
    }
    const found = await this.deps.audit.list(this.db, filter, query.first + 1);
    return { events: found.slice(0, query.first), hasNextPage: found.length > query.first };
  }

  /** Texts and calls sent to the user, newest first. */
  deliveries(user: { id: string; phoneNumber: string }, limit: number): Promise<Delivery[]> {
    return this.deps.timeline.of(this.db, user, Math.min(Math.max(1, limit), MAX_PAGE));
  }

  /** Marks an account verified without a code; false when it already was. */
  async verifyManually(id: string, reason: string): Promise<boolean> {
    const user = await this.existing(id, reason);
    return this.deps.database.transaction(async (tx) => {
      const changed = await this.deps.users.markVerified(tx, user.id);
      const outcome = changed ? 'success' : 'failure';
      const detail = { reason: reason.trim(), alreadyVerified: !changed };
      await this.deps.audit.record(tx, {
        type: 'admin.user_verified',
        userId: user.id,
        actor: 'admin',
        outcome,
        detail,
      });
      await this.deps.events.emit(tx, { type: 'admin.user_verified', data: { id: user.id, reason: detail.reason } });
      return changed;
    });
  }

  /** Ends every session of the user, on every instance; answers how many were live. */
  async revokeSessions(id: string, reason: string): Promise<number> {
    const user = await this.existing(id, reason);
    return this.deps.database.transaction(async (tx) => {
      const revoked = await this.deps.sessions.revokeAll(tx, user.id);
      const detail = { reason: reason.trim(), revoked };
      await this.deps.audit.record(tx, {
        type: 'admin.sessions_revoked',
        userId: user.id,
        actor: 'admin',
        outcome: 'success',
        detail,
      });
      await this.deps.events.emit(tx, { type: 'admin.sessions_revoked', data: { id: user.id, reason: detail.reason } });
      return revoked;
    });
  }

  /** Deletes the account and everything that is theirs; the audit log keeps `admin.user_deleted` with the reason. */
  async deleteUser(id: string, reason: string): Promise<boolean> {
    const user = await this.existing(id, reason);
    return this.deps.accounts.deleteByAdmin(user.id, reason.trim());
  }

  /** Codes sent and entered per country, or per prefix, since `since`, with their ratio; the busiest first. */
  async conversion(groupBy: ConversionGroup, since: Date): Promise<ConversionRow[]> {
    if (Number.isNaN(since.getTime()) || since > this.deps.clock())
      throw new AdminInputError('since must be a time in the past.');
    const { guardCounts } = this.deps;
    const counts =
      groupBy === 'prefix'
        ? (await guardCounts.countsByPrefix(since)).map(({ prefix, ...count }) => ({ key: prefix, ...count }))
        : (await guardCounts.countsByCountry(since)).map(({ country, ...count }) => ({ key: country, ...count }));
    return counts
      .map((count) => ({ ...count, ratio: count.sent > 0 ? Math.min(1, count.verified / count.sent) : null }))
      .sort((a, b) => b.sent - a.sent || a.key.localeCompare(b.key));
  }

  /**
   * Forgets a phone's code limits so its next code goes out now. Recorded once for each account
   * with that number (so each one's history shows it), or once with no account when none has it.
   */
  async clearLimits(phone: string, reason: string): Promise<boolean> {
    requireReason(reason);
    const number = phone.trim();
    if (!E164.test(number)) throw new AdminInputError('phone must be an E.164 number, such as +14155550123.');
    const holders = await this.deps.users.search(this.db, { phoneNumber: number }, { first: MAX_PAGE });
    return this.deps.database.transaction(async (tx) => {
      await this.deps.limits.clearCodeLimits(number, tx);
      for (const userId of holders.length > 0 ? holders.map((user) => user.id) : [null]) {
        await this.deps.audit.record(tx, {
          type: 'admin.limits_cleared',
          userId,
          actor: 'admin',
          outcome: 'success',
          detail: { reason: reason.trim() },
        });
        const data = { ...(userId ? { id: userId } : {}), reason: reason.trim(), phone: number };
        await this.deps.events.emit(tx, { type: 'admin.limits_cleared', data });
      }
      return true;
    });
  }

  /** The prefixes and countries the SMS guard refuses codes to now, the busiest first. */
  blockedDestinations(): Promise<BlockedDestination[]> {
    return this.deps.guardCounts.blockedDestinations();
  }

  /** Lifts the SMS guard's budgets of a prefix (`+1415`) or a country (`GB`) for the rest of the UTC day. */
  async unblock(destination: string, reason: string): Promise<boolean> {
    requireReason(reason);
    const value = destination.trim();
    const kind = COUNTRY.test(value) ? 'country' : PREFIX.test(value) ? 'prefix' : null;
    if (!kind) throw new AdminInputError('destination must be a prefix such as +1415 or a country code such as GB.');
    return this.deps.database.transaction(async (tx) => {
      await this.deps.guardCounts.unblock(tx, kind, value);
      await this.deps.audit.record(tx, {
        type: 'admin.destination_unblocked',
        userId: null,
        actor: 'admin',
        outcome: 'success',
        detail: { reason: reason.trim(), destination: value },
      });
      const data = { reason: reason.trim(), destination: value };
      await this.deps.events.emit(tx, { type: 'admin.destination_unblocked', data });
      return true;
    });
  }

  private async existing(id: string, reason: string): Promise<User> {
    requireReason(reason);
    const user = await this.user(id);
    if (!user) throw new AdminInputError('No user has this id.');
    return user;
  }
}

function requirePageSize(first: number): void {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
    throw new AdminInputError(`first must be between 1 and ${MAX_PAGE}.`);
}

function typeFilterOf(type: string): Pick<AuditListFilter, 'type' | 'typePrefix'> {
  if (type === '') return {};
  if (!AUDIT_TYPE.test(type))
    throw new AdminInputError(
      'type must be an event type such as code.blocked, or a prefix ending in a dot such as code.',
    );
  return type.endsWith('.') ? { typePrefix: type } : { type };
}

function requireReason(reason: string): void {
  if (reason.trim() === '') throw new AdminInputError('A reason is required: it goes into the audit log.');
}

function matchOf(search: string): UserMatch {
  if (search === '') throw new AdminInputError('search must not be empty.');
  if (UUID.test(search)) return { id: search.toLowerCase() };
  if (search.includes('@')) return { email: normalizeEmail(search) };
  if (E164.test(search)) return { phoneNumber: search };
  if (/[%_\\]/.test(search)) throw new AdminInputError('A name search cannot contain %, _ or \\.');
  return { namePrefix: search };
}
