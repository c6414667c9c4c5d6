import { describe, expect, it } from 'vitest';
import { RegisterUserDocument, VerifyUserDocument } from '../client/generated/graphql';
import { User } from '../src/users/user.entity';
import { smsTexts } from '../src/sms/texts';
import { type Rig, useRig } from './support/rig';
import { aPerson } from './support/test-app';

describe('texts in the language of the signup', () => {
  const rigs = {
    local: useRig('local', 'twilio'),
    'twilio-verify': useRig('twilio-verify', 'twilio'),
    authy: useRig('authy', 'twilio'),
  };

  const signUp = async (rig: Rig, locale?: string) => {
    const person = { ...aPerson(), locale };
    const { registerUser } = await rig.t.execute(RegisterUserDocument, { input: person });
    expect(registerUser.errors).toEqual([]);
    return { person, user: registerUser.user! };
  };

  it('texts a Spanish signup its code and its confirmation in Spanish', async () => {
    const rig = rigs.local;
    const { person, user } = await signUp(rig, 'es');
    const [codeText] = await rig.t.messagesTo(user.phoneNumber);
    const code = /\d{6}/.exec(codeText)![0];
    expect(codeText).toBe(smsTexts('es').verificationCode(code, 10));
    expect(codeText).toBe(`Tu código de verificación es ${code}. Vence en 10 minutos.`);
    const { verifyUser } = await rig.t.execute(VerifyUserDocument, { input: { email: person.email, code } });
    expect(verifyUser.errors).toEqual([]);
    expect((await rig.t.messagesTo(user.phoneNumber))[0]).toBe('¡Lo lograste! Tu registro está completo :)');
  });

  it('sends Locale=es to Twilio Verify and locale=es to Authy, so their own texts follow it', async () => {
    await signUp(rigs['twilio-verify'], 'es');
    const start = rigs['twilio-verify'].twilio.requests.find((request) => request.path.endsWith('/Verifications'))!;
    expect(start.form).toMatchObject({ Locale: 'es', Channel: 'sms' });

    await signUp(rigs.authy, 'es-MX');
    const sms = rigs.authy.authy.requests.find((request) => request.path.startsWith('/protected/json/sms/'))!;
    expect(sms.query).toMatchObject({ locale: 'es', force: 'true' });
  });

  it('keeps the locale on the user, and falls back to English for one it does not ship', async () => {
    const rig = rigs.local;
    const stored = async (user: { id: string }) => (await rig.t.app.orm.em.fork().findOneOrFail(User, user.id)).locale;
    expect(await stored((await signUp(rig, 'pt-br')).user)).toBe('pt-BR');
    const klingon = await signUp(rig, 'tlh');
    expect(await stored(klingon.user)).toBe('en');
    expect((await rig.t.messagesTo(klingon.user.phoneNumber))[0]).toMatch(
      /^Your verification code is \d{6}\. It expires in 10 minutes\.$/,
    );
    expect(await stored((await signUp(rig)).user)).toBe('en');
  });
});
