import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it, vi } from 'vitest';
import {
  DeleteAccountDocument,
  LoginDocument,
  MeDocument,
  RegisterUserDocument,
  StartPhoneChangeDocument,
  VerifyUserDocument,
} from '../client/generated/graphql';
import { User } from '../src/users/user.entity';
import { UserStore } from '../src/users/user.store';
import { execute } from '../src/db/dialect';
import type { Db } from '../src/db/handles';
import { testDialect } from './support/database';
import { FaultySms } from './support/faulty-sms';
import { errorCodes } from './support/outcomes';
import { useRig } from './support/rig';
import { aPerson, useTestApp } from './support/test-app';

describe('deleting the account', () => {
  const sms = new FaultySms();
  const t = useTestApp({ RATE_LIMIT_CODE_COOLDOWN: 'off' }, { wrapSms: sms.wrap });

  const remove = async (token: string | undefined, password: string) =>
    t.execute(DeleteAccountDocument, { input: { password } }, { token });
  /** Rows in any table that name the user, by id, email or phone. */
  const rowsAbout = async (user: { id: string; email: string; phoneNumber: string }) => {
    const db = t.app.database.db;
    const count = async (sql: string, params: unknown[]) =>
      Number((await execute<{ n: number | string }[]>(db, sql, params))[0].n);
    return {
      users: await count('select count(*) as n from users where id = ? or email = ?', [user.id, user.email]),
      sessions: await count('select count(*) as n from sessions where user_id = ?', [user.id]),
      codes: await count('select count(*) as n from verification_codes where user_id = ?', [user.id]),
      phoneChanges: await count('select count(*) as n from phone_changes where user_id = ?', [user.id]),
      queued: await count('select count(*) as n from sms_queue where user_id = ? or "to" = ?', [
        user.id,
        user.phoneNumber,
      ]),
      attempts: await count(
        'select count(*) as n from sms_delivery_attempts join sms_queue on sms_queue.id = sms_delivery_attempts.message_id where sms_queue."to" = ?',
        [user.phoneNumber],
      ),
      outbox: await count('select count(*) as n from dev_outbox_messages where "to" = ?', [user.phoneNumber]),
    };
  };

  it('needs a session and the password', async () => {
    expect(errorCodes((await remove(undefined, 'anything')).deleteAccount)).toEqual(['NOT_SIGNED_IN']);
    const { token } = await t.registerVerified();
    const { deleteAccount } = await remove(token, 'not my password');
    expect(deleteAccount).toEqual({
      deleted: false,
      errors: [expect.objectContaining({ code: 'INVALID_CREDENTIALS' })],
    });
    expect((await t.execute(MeDocument, {}, { token })).me).not.toBeNull();
  });

  it('removes the user and every row about them, frees the email, and clears the cookie', async () => {
    // A confirmation that could not go out waits in the queue, with its attempt.
    const { input, user } = await t.register();
    const code = await t.latestCode(user.phoneNumber);
    sms.failNext('unavailable');
    const { verifyUser } = await t.execute(VerifyUserDocument, { input: { email: input.email, code } });
    const token = verifyUser.session!.token;
    await t.execute(
      StartPhoneChangeDocument,
      { input: { password: input.password, countryCode: '1', phoneNumber: aPerson().phoneNumber } },
      { token },
    );
    const before = await rowsAbout(user);
    expect(before).toMatchObject({ users: 1, sessions: 1, phoneChanges: 1, queued: 1, attempts: 1 });
    expect(before.codes).toBeGreaterThan(0);

    const { deleteAccount, cookies } = await remove(token, input.password);
    expect(deleteAccount).toEqual({ deleted: true, errors: [] });
    expect(cookies).toEqual([expect.stringMatching(/^session=; Path=\/; Max-Age=0/)]);
    expect(await rowsAbout(user)).toEqual({
      users: 0,
      sessions: 0,
      codes: 0,
      phoneChanges: 0,
      queued: 0,
      attempts: 0,
      outbox: 0,
    });
    expect((await t.execute(MeDocument, {}, { token })).me).toBeNull();
    expect(errorCodes((await t.execute(RegisterUserDocument, { input })).registerUser)).toEqual([]);
  });

  it('keeps the texts of a number another account still has', async () => {
    const shared = aPerson();
    const first = await t.registerVerified({ phoneNumber: shared.phoneNumber });
    const second = await t.register({ phoneNumber: shared.phoneNumber });
    expect((await remove(first.token, first.input.password)).deleteAccount.deleted).toBe(true);
    expect((await t.messagesTo(second.user.phoneNumber)).length).toBeGreaterThan(0);
  });
});

describe('a request racing deleteAccount', () => {
  const t = useTestApp();
  /** PostgreSQL writes a failed statement to its log with its values, out of this process's reach. */
  const serverLog = () => (testDialect === 'postgres' ? readFileSync(inject('postgresLog'), 'utf8') : '');
  /** The account is deleted the moment `read` has found it: after the password check reads it, before anything is written for it. */
  const deletedOnceRead = (read: 'findByEmailWithPassword' | 'findByIdWithPassword') => {
    const original = UserStore.prototype[read];
    return vi.spyOn(UserStore.prototype, read).mockImplementationOnce(async function (this: UserStore, db: Db, key) {
      const user = await original.call(this, db, key);
      if (user) await execute(db, 'delete from users where id = ?', [user.id], 'run');
      return user;
    });
  };

  it('answers a login with INVALID_CREDENTIALS, and sends no statement the database refuses', async () => {
    const { input, user } = await t.registerVerified();
    const userAgent = `racing-agent-${randomUUID()}`;
    const spy = deletedOnceRead('findByEmailWithPassword');
    try {
      const { login } = await t.execute(
        LoginDocument,
        { input: { email: input.email, password: input.password } },
        { userAgent },
      );
      expect(errorCodes(login)).toEqual(['INVALID_CREDENTIALS']);
      expect(login.session).toBeNull();
    } finally {
      spy.mockRestore();
    }
    const log = serverLog();
    expect(log).not.toContain(userAgent);
    expect(log).not.toContain(user.id);
  });

  it('answers startPhoneChange with NOT_SIGNED_IN, texts nothing, and sends no statement the database refuses', async () => {
    const { input, user, token } = await t.registerVerified();
    const newPhone = aPerson().phoneNumber;
    const spy = deletedOnceRead('findByIdWithPassword');
    try {
      const { startPhoneChange } = await t.execute(
        StartPhoneChangeDocument,
        { input: { password: input.password, countryCode: '1', phoneNumber: newPhone } },
        { token },
      );
      expect(errorCodes(startPhoneChange)).toEqual(['NOT_SIGNED_IN']);
    } finally {
      spy.mockRestore();
    }
    expect(await t.messagesTo(`+1${newPhone}`)).toEqual([]);
    const log = serverLog();
    expect(log).not.toContain(`+1${newPhone}`);
    expect(log).not.toContain(user.id);
  });
});

describe("deleting an Authy user's account", () => {
  const rig = useRig('authy', 'twilio', { env: { RATE_LIMIT_CODE_COOLDOWN: 'off' } });

  it('keeps an Authy user another account with the same number still has', async () => {
    const { t, authy } = rig;
    const shared = aPerson();
    const first = await t.registerVerified({ phoneNumber: shared.phoneNumber });
    const second = await t.registerVerified({ phoneNumber: shared.phoneNumber });
    const { authyId } = await t.app.orm.em.fork().findOneOrFail(User, second.user.id);
    expect((await t.app.orm.em.fork().findOneOrFail(User, first.user.id)).authyId).toBe(authyId);
    expect(
      (await t.execute(DeleteAccountDocument, { input: { password: first.input.password } }, { token: first.token }))
        .deleteAccount.deleted,
    ).toBe(true);
    expect(authy.users.some((u) => u.id === authyId)).toBe(true);
  });

  it('removes the Authy registration too', async () => {
    const { t, authy } = rig;
    const { input, user, token } = await t.registerVerified();
    const { authyId } = await t.app.orm.em.fork().findOneOrFail(User, user.id);
    expect(authy.users.some((u) => u.id === authyId)).toBe(true);
    expect(
      (await t.execute(DeleteAccountDocument, { input: { password: input.password } }, { token })).deleteAccount
        .deleted,
    ).toBe(true);
    expect(authy.users.some((u) => u.id === authyId)).toBe(false);
    expect(authy.requests.at(-1)).toMatchObject({ method: 'POST', path: `/protected/json/users/${authyId}/remove` });
  });
});
