import type { Database } from '../db/database';
import type { Events } from '../webhooks/events';
import type { AuditLog } from '../audit/audit-log';
import type { Caller } from '../shared/caller';
import { createHash, randomBytes } from 'node:crypto';
import type { User } from '../users/user.entity';
import { whenCommitted, type Db } from '../db/handles';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { UserErrorCode, type UserError } from '../shared/outcome';
import type { CurrentSession, SessionUser } from './current-session';
import type { SessionCache } from './session-cache';
import type { SessionStore } from './session.store';
import type { RevocationFeed } from './revocations';
import type { SecondStep, SignedInWith, SignInMethod } from './sign-in-method';

/** What the client receives once; the server keeps only its hash. */
export interface SessionGrant {
  token: string;
  expiresAt: Date;
}

/** A live session as its owner sees it in the session list. */
export interface SessionInfo {
  id: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date;
  userAgent: string | null;
  current: boolean;
  /** Null for sessions opened before this was kept. */
  signedInWith: SignInMethod | null;
  secondStep: SecondStep | null;
}

/** What a sign-out did, and why not when it did nothing. */
export interface SignOut {
  loggedOut: boolean;
  errors: UserError[];
}

const ENDED_ALREADY = 'Your session had already ended, so you are signed out. Sign in again to continue.';
const ENDED_BEFORE_EVERYWHERE = 'Your session had already ended. Sign in again to sign out your other devices.';
const signedOut: SignOut = { loggedOut: true, errors: [] };
const alreadyEnded = (message: string): SignOut => ({
  loggedOut: false,
  errors: [{ code: UserErrorCode.NOT_SIGNED_IN, message }],
});

/** Long enough for any real browser's, short enough that a header cannot fill the table. */
export const USER_AGENT_MAX = 256;
const TOUCH_EVERY_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SessionServiceDeps {
  db: Db;
  store: SessionStore;
  clock: Clock;
  ttlMs: number;
  cache: SessionCache;
  revocations: RevocationFeed;
  log: Logger;
  /** Sign-outs and revocations; the request's address does not reach here, so they go without it. */
  audit: AuditLog;
  database: Database;
  events: Events;
}

export class SessionService {
  /** Writes of lastUsedAt in flight, awaited by settled(). */
  private readonly touches = new Set<Promise<void>>();

  constructor(private readonly deps: SessionServiceDeps) {}

  /** 256 random bits: far past guessing, so a plain SHA-256 (no salt, no stretching) is enough to store it. */
  async open(db: Db, user: User, how: SignedInWith & { userAgent?: string | null }): Promise<SessionGrant> {
    const token = randomBytes(32).toString('base64url');
    const createdAt = this.deps.clock();
    const expiresAt = new Date(createdAt.getTime() + this.deps.ttlMs);
    await this.deps.store.insert(db, {
      tokenHash: hashToken(token),
      userId: user.id,
      createdAt,
      expiresAt,
      userAgent: how.userAgent?.slice(0, USER_AGENT_MAX) || null,
      signedInWith: how.signedInWith,
      secondStep: how.secondStep,
    });
    return { token, expiresAt };
  }

  /** The live session a token opens, or null when it is unknown, revoked or expired. */
  async resolve(token: string): Promise<CurrentSession | null> {
    const cached = this.deps.cache.get(token);
    if (cached) return this.used(cached);
    const session = await this.deps.store.findLive(this.deps.db, hashToken(token), this.deps.clock());
    if (!session) return null;
    const { id, name, email, phoneNumber, verified, createdAt, locale, authyId } = session.user;
    // A plain copy: an entity would keep its EntityManager alive, and `new User()` is not free.
    const user: SessionUser = { id, name, email, phoneNumber, verified, createdAt, locale, authyId };
    const current = { id: session.id, token, user, touchedAt: session.lastUsedAt?.getTime() ?? 0 };
    this.deps.cache.set(token, current, session.expiresAt);
    return this.used(current);
  }

  /** The signed-in user's live sessions, newest first, marking the one asking. */
  async list(current: CurrentSession): Promise<SessionInfo[]> {
    const sessions = await this.deps.store.listLive(this.deps.db, current.user.id, this.deps.clock());
    return sessions.map(({ id, createdAt, lastUsedAt, expiresAt, userAgent, signedInWith, secondStep }) => ({
      id,
      createdAt,
      lastUsedAt,
      expiresAt,
      userAgent,
      current: id === current.id,
      signedInWith,
      secondStep,
    }));
  }

  /**
   * Ends the request's session and, when it also carried another token (a cookie beside a bearer
   * header), that one's: whoever logs out means every session the request holds.
   */
  async logout(session: CurrentSession | null, otherToken?: string, caller?: Caller): Promise<SignOut> {
    const other = otherToken ? await this.resolve(otherToken) : null;
    const revoked = await Promise.all(
      [session, other].filter((s): s is CurrentSession => s !== null).map((s) => this.revoke(s)),
    );
    if (session && revoked[0]) await this.audited('logout', session.user.id, caller);
    return revoked.includes(true) ? signedOut : alreadyEnded(ENDED_ALREADY);
  }

  async revoke(session: CurrentSession): Promise<boolean> {
    const revoked = await this.deps.store.revoke(this.deps.db, session.id, this.deps.clock());
    // After the write: a lookup in between would otherwise find the row still live and cache it again.
    this.deps.cache.delete(session.token);
    if (revoked) await this.deps.revocations.announce(this.deps.db, { sessionIds: [session.id] });
    return revoked;
  }

  /** One of the user's own sessions, by id; any other id, another user's included, revokes nothing. */
  async revokeOwn(current: CurrentSession, id: string, caller?: Caller): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const sessionId = id.toLowerCase();
    const revoked = await this.deps.database.transaction(async (tx) => {
      if (!(await this.deps.store.revokeOwn(tx, sessionId, current.user.id, this.deps.clock()))) return false;
      await this.deps.events.emit(tx, { type: 'session.revoked', data: { id: current.user.id, sessionId } });
      return true;
    });
    if (!revoked) return false;
    await this.audited('session.revoked', current.user.id, caller);
    this.deps.cache.deleteSession(id.toLowerCase());
    await this.deps.revocations.announce(this.deps.db, { sessionIds: [id.toLowerCase()] });
    return true;
  }

  /** Every session of the user, on every instance. Through `db` (a transaction's, say), so the notice goes out on commit. */
  async revokeAll(db: Db, userId: string): Promise<number> {
    const revoked = await this.deps.store.revokeAllOf(db, userId, this.deps.clock());
    await this.forget(db, userId);
    return revoked;
  }

  /** Every session of the signed-in user, this one included, and a second session the request carried (as logout does). */
  async logoutEverywhere(session: CurrentSession | null, otherToken?: string, caller?: Caller): Promise<SignOut> {
    const other = otherToken ? await this.resolve(otherToken) : null;
    const everywhere = session ? (await this.revokeAll(this.deps.db, session.user.id)) > 0 : false;
    const alsoOther = other && other.user.id !== session?.user.id ? await this.revoke(other) : false;
    // A device revoked elsewhere has no account to act for: its other devices stay signed in, and it is told.
    if (!session || !everywhere) return { ...alreadyEnded(ENDED_BEFORE_EVERYWHERE), loggedOut: alsoOther };
    await this.audited('logout.everywhere', session.user.id, caller);
    return signedOut;
  }

  /**
   * Every other session of the user, on every instance, this one kept: after a password change,
   * whoever else held a session, a thief included, is out. Through `db`, so the notice goes out on commit.
   */
  async revokeOthers(db: Db, current: CurrentSession): Promise<number> {
    const revoked = await this.deps.store.revokeAllOfExcept(db, current.user.id, current.id, this.deps.clock());
    await this.forget(db, current.user.id);
    return revoked;
  }

  /**
   * Drops what every instance has cached of the user's sessions, after the user changed (a new
   * phone) or left: here once `db`'s writes are committed (before, a lookup would cache the old
   * rows again), elsewhere when the notice sent through `db` arrives, which is on commit too.
   */
  async forget(db: Db, userId: string): Promise<void> {
    await this.deps.revocations.announce(db, { userId });
    whenCommitted(db, () => this.deps.cache.deleteUser(userId));
  }

  /** With where the request came from, as every other event of the account has it. */
  private audited(type: string, userId: string, caller?: Caller): Promise<void> {
    const from = { ip: caller?.ip ?? null, userAgent: caller?.userAgent ?? null };
    return this.deps.audit.recordNow({ type, userId, actor: 'user', outcome: 'success', ...from });
  }

  /** Resolves once every lastUsedAt write in flight is done (tests, graceful shutdown). */
  async settled(): Promise<void> {
    while (this.touches.size > 0) await Promise.allSettled([...this.touches]);
  }

  /** Notes a use, writing it at most once a minute per session, off the request's path. */
  private used(session: CurrentSession): CurrentSession {
    const now = this.deps.clock();
    if (now.getTime() - session.touchedAt < TOUCH_EVERY_MS) return session;
    session.touchedAt = now.getTime();
    const write = this.deps.store
      .touch(this.deps.db, session.id, now, new Date(now.getTime() - TOUCH_EVERY_MS))
      .catch((error: unknown) => this.deps.log.warn({ err: error }, 'could not record a session use'));
    this.touches.add(write);
    void write.finally(() => this.touches.delete(write));
    return session;
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
