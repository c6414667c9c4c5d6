import { execute } from '../db/dialect';
import type { Db } from '../db/handles';
import type { CodeChannel } from '../sms/channels';
import { CodeRequest, type RequestedCode } from './code-request.entity';

/** A request as a worker holds it once claimed. */
export type PendingCodeRequest = Pick<CodeRequest, 'id' | 'email' | 'phone' | 'purpose' | 'channel' | 'createdAt'>;

/** Whose account a code is asked for: by its email, or (a sign-in code) by its number in E.164. */
export type AccountKey = { email: string; phone?: undefined } | { phone: string; email?: undefined };

/** What a request asks for: a code of `purpose`, by `channel` (the default when none). */
export interface CodeAsked {
  purpose: RequestedCode;
  channel?: CodeChannel;
}

/** Every statement on `code_requests`. */
export class CodeRequestStore {
  /** Born claimed by the process that wrote it, until `leaseUntil`: it sends the code first, after its answer. */
  async add(db: Db, to: AccountKey, asked: CodeAsked, now: Date, leaseUntil: Date): Promise<PendingCodeRequest> {
    const { purpose } = asked;
    const channel = asked.channel ?? null;
    const email = to.email ?? null;
    const phone = to.phone ?? null;
    const row = { email, phone, purpose, channel, attempts: 1, nextAttemptAt: leaseUntil, createdAt: now };
    const id = await db.em.insert(CodeRequest, row);
    return { id: Number(id), email, phone, purpose, channel, createdAt: now };
  }

  /**
   * Claims the oldest due request, if any, in one statement. On PostgreSQL instances skip each
   * other's locked rows, so each request goes to one worker.
   */
  async claimDue(db: Db, now: Date, leaseUntil: Date): Promise<PendingCodeRequest | null> {
    const { dialect } = db;
    const [row] = await execute<
      {
        id: number;
        email: string | null;
        phone: string | null;
        purpose: RequestedCode;
        channel: CodeChannel | null;
        created_at: string | number;
      }[]
    >(
      db,
      `with due as (
         select id from code_requests where next_attempt_at <= ? order by id limit 1${dialect.skipLocked}
       )
       update code_requests set next_attempt_at = ?, attempts = attempts + 1 where id in (select id from due)
       returning id, email, phone, purpose, channel, created_at`,
      [dialect.time(now), dialect.time(leaseUntil)],
    );
    if (!row) return null;
    const { email, phone, purpose, channel } = row;
    return { id: Number(row.id), email, phone, purpose, channel, createdAt: new Date(row.created_at) };
  }

  async done(db: Db, id: number): Promise<void> {
    await db.em.nativeDelete(CodeRequest, { id });
  }

  /** Requests older than `before`, not held by a worker now: a code that late is no use. */
  dropBefore(db: Db, before: Date, now: Date): Promise<number> {
    return db.em.nativeDelete(CodeRequest, { createdAt: { $lt: before }, nextAttemptAt: { $lte: now } });
  }
}
