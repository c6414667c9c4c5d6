import { describe, expect, it } from 'vitest';
import {
  ConfirmPhoneChangeDocument,
  LoginDocument,
  MeDocument,
  RegisterUserDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  StartPhoneChangeDocument,
} from '../client/generated/graphql';
import { User } from '../src/users/user.entity';
import { fakeClock } from './support/clock';
import { FaultySms } from './support/faulty-sms';
import { errorCodes } from './support/outcomes';
import { useRig } from './support/rig';
import { aPerson, useTestApp } from './support/test-app';

describe('changing the phone number', () => {
  const time = fakeClock();
  const sms = new FaultySms();
  const t = useTestApp({}, { clock: time.clock, wrapSms: sms.wrap });

  const start = async (
    token: string | undefined,
    password: string,
    phoneNumber: string,
    countryCode: string | null = '1',
  ) =>
    (await t.execute(StartPhoneChangeDocument, { input: { password, countryCode, phoneNumber } }, { token }))
      .startPhoneChange;
  const confirm = async (token: string | undefined, code: string) =>
    (await t.execute(ConfirmPhoneChangeDocument, { input: { code } }, { token })).confirmPhoneChange;
  const codeSentTo = async (phone: string) => /\d{6}/.exec((await t.messagesTo(phone))[0])![0];

  it('needs a session, and the password, counted like a login', async () => {
    expect(errorCodes(await start(undefined, 'whatever', '4155550123'))).toEqual(['NOT_SIGNED_IN']);
    expect(errorCodes(await confirm(undefined, '123456'))).toEqual(['NOT_SIGNED_IN']);
    const { token } = await t.registerVerified();
    for (let i = 0; i < 3; i++)
      expect((await start(token, 'not my password', aPerson().phoneNumber)).errors).toEqual([
        expect.objectContaining({ code: 'INVALID_CREDENTIALS', field: 'password' }),
      ]);
    // The login slow-down (3 a minute) holds for it as for logins, and the failures count for logins too.
    expect(errorCodes(await start(token, 'not my password', aPerson().phoneNumber))).toEqual(['RATE_LIMITED']);
    const { email } = (await t.execute(MeDocument, {}, { token })).me!;
    expect(
      errorCodes((await t.execute(LoginDocument, { input: { email, password: 'anything at all' } })).login),
    ).toEqual(['RATE_LIMITED']);
  });

  it('counts the calls from one address before the password, and a refused start against no number', async () => {
    const { input, token } = await t.registerVerified();
    const ip = '198.51.100.200';
    const from = async (phoneNumber: string, password = input.password) =>
      (await t.execute(StartPhoneChangeDocument, { input: { password, countryCode: '1', phoneNumber } }, { token, ip }))
        .startPhoneChange;
    for (let i = 0; i < 3; i++) {
      time.advance(30_000);
      expect(errorCodes(await from(aPerson().phoneNumber))).toEqual([]);
    }
    // The account's three an hour are used: this number must not be counted for it.
    const target = aPerson();
    expect(errorCodes(await from(target.phoneNumber))).toEqual(['RATE_LIMITED']);
    expect(errorCodes((await t.execute(RegisterUserDocument, { input: target })).registerUser)).toEqual([]);
  });

  it('stops a reset code sent to the old number from working once the number changed', async () => {
    const { input, user, token } = await t.registerVerified();
    time.advance(30_000);
    await t.execute(RequestPasswordResetDocument, { input: { email: input.email } });
    const resetCode = /is (\d{6})/.exec((await t.messagesTo(user.phoneNumber))[0])![1];
    const newPhone = `+1${aPerson().phoneNumber}`;
    await start(token, input.password, newPhone, null);
    expect(errorCodes(await confirm(token, await codeSentTo(newPhone)))).toEqual([]);
    const { resetPassword } = await t.execute(ResetPasswordDocument, {
      input: { email: input.email, code: resetCode, newPassword: 'a brand new passphrase' },
    });
    expect(errorCodes(resetPassword)).toEqual(['INVALID_CODE']);
  });

  it('checks the new number as signup does', async () => {
    const { input, token } = await t.registerVerified();
    expect((await start(token, input.password, '12')).errors).toEqual([
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'phoneNumber' }),
    ]);
    expect((await start(token, input.password, '900 555 0123')).errors).toEqual([
      expect.objectContaining({
        code: 'INVALID_INPUT',
        field: 'phoneNumber',
        message: expect.stringMatching(/Premium-rate/),
      }),
    ]);
    expect((await start(token, input.password, input.phoneNumber)).errors).toEqual([
      expect.objectContaining({
        code: 'INVALID_INPUT',
        field: 'phoneNumber',
        message: 'That is already the number on your account.',
      }),
    ]);
  });

  it('switches to the new number once its code comes back, tells the old number, and keeps the other sessions', async () => {
    const { input, user, token } = await t.registerVerified();
    const other = (await t.execute(LoginDocument, { input: { email: input.email, password: input.password } })).login
      .session!.token;
    // Both sessions hold the old number in the session cache.
    expect((await t.execute(MeDocument, {}, { token: other })).me?.phoneNumber).toBe(user.phoneNumber);
    const newPhone = `+1${aPerson().phoneNumber}`;
    // One international format in every message, as a person writes it: `+1 415 555 3401`.
    const written = newPhone.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '+1 $1 $2 $3');
    expect(await start(token, input.password, newPhone, null)).toEqual({
      message: `A code was sent to your new number, ${written}.`,
      errors: [],
    });
    const code = await codeSentTo(newPhone);
    expect((await t.messagesTo(newPhone))[0]).toBe(
      `Your code to confirm your new phone number is ${code}. It expires in 10 minutes. If you didn't ask for it, ignore this message.`,
    );
    expect(
      errorCodes(
        await confirm(
          token,
          code.replace(/\d$/, (d) => String((Number(d) + 1) % 10)),
        ),
      ),
    ).toEqual(['INVALID_CODE']);

    const confirmed = await confirm(token, code);
    expect(confirmed.errors).toEqual([]);
    expect(confirmed.user?.phoneNumber).toBe(newPhone);
    expect((await t.messagesTo(user.phoneNumber))[0]).toBe(
      "The phone number on your account was just changed. If this wasn't you, contact support right away.",
    );
    expect((await t.execute(MeDocument, {}, { token: other })).me?.phoneNumber).toBe(newPhone);
    expect((await t.execute(MeDocument, {}, { token })).me?.phoneNumber).toBe(newPhone);
    expect((await t.app.orm.em.fork().findOneOrFail(User, user.id)).phoneNumber).toBe(newPhone);
    expect(errorCodes(await confirm(token, code))).toEqual(['CODE_EXPIRED']);
  });

  it('gives a code 10 minutes, and a number three tries an hour', async () => {
    const { input, token } = await t.registerVerified();
    const newPhone = aPerson().phoneNumber;
    await start(token, input.password, newPhone);
    const code = await codeSentTo(`+1${newPhone}`);
    time.advance(10 * 60_000);
    expect(errorCodes(await confirm(token, code))).toEqual(['CODE_EXPIRED']);
    expect(errorCodes(await start(token, input.password, aPerson().phoneNumber))).toEqual([]);
    expect(errorCodes(await start(token, input.password, aPerson().phoneNumber))).toEqual([]);
    // Each goes to a number the caller chooses: bounded per account, whatever the numbers.
    expect(errorCodes(await start(token, input.password, aPerson().phoneNumber))).toEqual(['RATE_LIMITED']);
  });

  it("gives the account's three an hour back for a code that never went out", async () => {
    const { input, token } = await t.registerVerified();
    for (let i = 0; i < 3; i++) {
      sms.failNext('unavailable');
      expect(errorCodes(await start(token, input.password, aPerson().phoneNumber))).toEqual(['DELIVERY_FAILED']);
    }
    for (let i = 0; i < 3; i++)
      expect(errorCodes(await start(token, input.password, aPerson().phoneNumber))).toEqual([]);
    expect(errorCodes(await start(token, input.password, aPerson().phoneNumber))).toEqual(['RATE_LIMITED']);
  });
});

describe('changing the phone number with Authy', () => {
  const rig = useRig('authy', 'twilio');

  it('registers an Authy user for the new number, keeps its id, and removes the old one', async () => {
    const { t, authy } = rig;
    const { input, user, token } = await t.registerVerified();
    const oldAuthyId = (await t.app.orm.em.fork().findOneOrFail(User, user.id)).authyId;
    const newPhone = `+1${aPerson().phoneNumber}`;
    expect(
      errorCodes(
        (
          await t.execute(
            StartPhoneChangeDocument,
            { input: { password: input.password, phoneNumber: newPhone } },
            { token },
          )
        ).startPhoneChange,
      ),
    ).toEqual([]);
    const registered = authy.users.find((u) => `+${u.countryCode}${u.cellphone}` === newPhone)!;
    expect(registered.id).not.toBe(oldAuthyId);
    const { confirmPhoneChange } = await t.execute(
      ConfirmPhoneChangeDocument,
      { input: { code: authy.tokenFor(registered.id) } },
      { token },
    );
    expect(confirmPhoneChange.errors).toEqual([]);
    expect((await t.app.orm.em.fork().findOneOrFail(User, user.id)).authyId).toBe(registered.id);
    expect(authy.users.some((u) => u.id === oldAuthyId)).toBe(false);
  });
});
