import { describe, expect, it } from 'vitest';
import {
  ConfirmPhoneChangeDocument,
  DeleteAccountDocument,
  LoginDocument,
  LogoutDocument,
  RegisterUserDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  StartPhoneChangeDocument,
  VerifyUserDocument,
} from '../client/generated/graphql';
import { execute } from '../src/db/dialect';
import { fakeClock } from './support/clock';
import { gbPhone, QUICK_ALTCHA, signupTo } from './support/guarded-app';
import { aPerson, useTestApp } from './support/test-app';

describe('the audit trail of an account', () => {
  const time = fakeClock();
  const t = useTestApp({ RATE_LIMIT_CODE_COOLDOWN: 'off' }, { clock: time.clock });
  const from = { ip: '203.0.113.50', userAgent: 'AuditBrowser/1.0' };
  const eventsOf = async (userId: string) =>
    execute<Record<string, unknown>[]>(
      t.app.database.db,
      'select type, actor, outcome, ip, user_agent, detail from audit_events where user_id = ? order by at',
      [userId],
    );
  const allRows = async () => JSON.stringify(await execute(t.app.database.db, 'select * from audit_events'));

  it('records each step of a whole account’s life, with who, from where, and how it ended, and never a secret', async () => {
    const secrets: string[] = [];
    const input = aPerson();
    const user = (await t.execute(RegisterUserDocument, { input }, from)).registerUser.user!;
    secrets.push(input.password);
    const code = await t.latestCode(user.phoneNumber);
    const wrong = code === '000000' ? '111111' : '000000';
    await t.execute(VerifyUserDocument, { input: { email: input.email, code: wrong } }, from);
    const verified = (await t.execute(VerifyUserDocument, { input: { email: input.email, code } }, from)).verifyUser;
    secrets.push(code, verified.session!.token);

    await t.execute(LoginDocument, { input: { email: input.email, password: 'a wrong password here' } }, from);
    secrets.push('a wrong password here');
    const login = (await t.execute(LoginDocument, { input: { email: input.email, password: input.password } }, from))
      .login;
    secrets.push(login.session!.token);
    await t.execute(LogoutDocument, {}, { ...from, token: login.session!.token });

    time.advance(120_000);
    await t.execute(RequestPasswordResetDocument, { input: { email: input.email } }, from);
    const resetCode = await t.latestCode(user.phoneNumber);
    const newPassword = 'a brand new passphrase';
    const reset = (
      await t.execute(ResetPasswordDocument, { input: { email: input.email, code: resetCode, newPassword } }, from)
    ).resetPassword;
    const token = reset.session!.token;
    secrets.push(resetCode, newPassword, token);

    const newPhone = aPerson().phoneNumber;
    await t.execute(
      StartPhoneChangeDocument,
      { input: { password: newPassword, countryCode: '1', phoneNumber: newPhone } },
      { ...from, token },
    );
    const phoneCode = await t.latestCode(`+1${newPhone}`);
    await t.execute(ConfirmPhoneChangeDocument, { input: { code: phoneCode } }, { ...from, token });
    secrets.push(phoneCode);

    const before = await eventsOf(user.id);
    expect(before.map((event) => event.type)).toEqual([
      'user.registered',
      'user.verify_failed',
      'user.verified',
      'login.failed',
      'login.succeeded',
      'logout',
      'password.reset',
      'phone.changed',
    ]);
    for (const event of before) expect(event).toMatchObject({ actor: 'user', ip: from.ip, user_agent: from.userAgent });
    expect(before.map((event) => event.outcome)).toEqual([
      'success',
      'failure',
      'success',
      'failure',
      'success',
      'success',
      'success',
      'success',
    ]);

    await t.execute(DeleteAccountDocument, { input: { password: newPassword } }, { ...from, token });
    const after = await eventsOf(user.id);
    expect(after.map((event) => event.type)).toEqual([...before.map((event) => event.type), 'user.deleted']);
    // The account is gone: its events stay, without where from or with what.
    for (const event of after) expect(event).toMatchObject({ ip: null, user_agent: null, detail: null });

    const stored = await allRows();
    for (const secret of secrets) expect(stored).not.toContain(secret);
  });

  it('records a lockout against the account whose password was guessed at', async () => {
    const { input, user } = await t.registerVerified();
    for (let i = 0; i < 4; i++)
      await t.execute(LoginDocument, { input: { email: input.email, password: `guess number ${i}` } }, from);
    const types = (await eventsOf(user.id)).map((event) => event.type);
    expect(types.filter((type) => type === 'login.failed')).toHaveLength(3);
    expect(types).toContain('login.locked');
  });

  it('is pruned by housekeeping after AUDIT_RETENTION_DAYS (90 by default)', async () => {
    const { user } = await t.registerVerified();
    expect(await eventsOf(user.id)).not.toEqual([]);
    time.advance(89 * 86_400_000);
    await t.app.housekeeping.run();
    expect(await eventsOf(user.id)).not.toEqual([]);
    time.advance(2 * 86_400_000);
    expect((await t.app.housekeeping.run())?.auditEvents).toBeGreaterThan(0);
    expect(await eventsOf(user.id)).toEqual([]);
  });
});

describe('the audit trail of the SMS guard', () => {
  const t = useTestApp({ FRAUD_GUARD: 'enforce', SMS_DAILY_BUDGET: '0.05' }, { altchaWork: QUICK_ALTCHA });

  it('records each code it blocks, how and why, without the number', async () => {
    const refused: string[] = [];
    for (let i = 1; i <= 3; i++) {
      const input = signupTo(gbPhone('7300', i));
      const ip = `192.0.2.${i}`;
      const { registerUser } = await t.execute(RegisterUserDocument, { input }, { ip });
      refused.push(...registerUser.errors.map((error) => error.code));
    }
    expect(refused).toEqual(['SMS_BLOCKED']);
    const rows = await execute<Record<string, unknown>[]>(
      t.app.database.db,
      "select actor, outcome, ip, detail from audit_events where type = 'code.blocked'",
    );
    expect(rows).toEqual([expect.objectContaining({ actor: 'system', outcome: 'failure', ip: '192.0.2.3' })]);
    expect(JSON.parse(String(rows[0].detail))).toMatchObject({
      purpose: 'signup',
      channel: 'sms',
      decision: 'blocked',
    });
    expect(String(rows[0].detail)).not.toContain('7300');
  });
});
