import { describe, expect, it } from 'vitest';
import { RegisterUserDocument, VerifyUserDocument } from '../client/generated/graphql';
import { LOCALES, smsTexts } from '../src/sms/texts';
import { codeSms, CODE_TEXTS } from '../src/sms/texts/code-sms';
import { smsSegments } from '../src/sms/texts/segments';
import { useRig } from './support/rig';
import { aPerson } from './support/test-app';

const HASH = 'FA+9qCX9VSu';
// As long a hostname as the texts leave room for beside an 8-digit code and the app hash.
const LONG_HOST = 'accounts.login.example-shop.com';

describe('code texts that fill themselves in', () => {
  const cases = LOCALES.flatMap((locale) => CODE_TEXTS.map((name) => ({ locale, name })));

  it.each(cases)('$locale $name ends with the origin-bound line, in one GSM-7 segment', ({ locale, name }) => {
    for (const code of ['123456', '12345678']) {
      const text = codeSms(locale, name, code, 10, { hostname: 'auth.example.com' });
      expect(text.split('\n').at(-1)).toBe(`@auth.example.com #${code}`);
      expect(text.split('\n').slice(0, -1).join('\n')).toContain(code);
      expect(text).toContain('10');
      expect(smsSegments(text), text).toMatchObject({ encoding: 'GSM-7', segments: 1 });

      const withHash = codeSms(locale, name, code, 10, { hostname: LONG_HOST, androidAppHash: HASH });
      expect(withHash.split('\n').slice(-2)).toEqual([HASH, `@${LONG_HOST} #${code}`]);
      expect(smsSegments(withHash), withHash).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    }
  });

  it('keeps the full wording where it fits beside the line, and the texts as they were without one', () => {
    expect(codeSms('en', 'verificationCode', '123456', 10, { hostname: 'example.com' })).toBe(
      'Your verification code is 123456. It expires in 10 minutes.\n@example.com #123456',
    );
    // The full reset text warns more, but leaves no room for the line: the brief one still warns.
    expect(codeSms('en', 'passwordResetCode', '123456', 10, { hostname: LONG_HOST })).toBe(
      `Your password reset code is 123456. It expires in 10 minutes. Don't share it.\n@${LONG_HOST} #123456`,
    );
    for (const locale of LOCALES)
      for (const name of CODE_TEXTS)
        expect(codeSms(locale, name, '123456', 10, {})).toBe(smsTexts(locale)[name]('123456', 10));
  });

  it('adds the app hash alone, without PUBLIC_URL', () => {
    expect(codeSms('de', 'verificationCode', '123456', 10, { androidAppHash: HASH })).toBe(
      `Dein Bestätigungscode lautet 123456. Er ist 10 Minuten gültig.\n${HASH}`,
    );
  });
});

describe('codes texted with PUBLIC_URL and ANDROID_APP_HASH set', () => {
  const rig = useRig('local', 'twilio', {
    env: { PUBLIC_URL: 'https://auth.example.com:8443', ANDROID_APP_HASH: HASH },
  });

  it.each(LOCALES)(
    'a %s signup gets a code whose last lines are the hash and @auth.example.com, and that code verifies',
    async (locale) => {
      const person = { ...aPerson(), locale };
      const { registerUser } = await rig.t.execute(RegisterUserDocument, { input: person });
      expect(registerUser.errors).toEqual([]);
      const [text] = await rig.t.messagesTo(registerUser.user!.phoneNumber);
      const [, code] = /\n@auth\.example\.com #(\d{6})$/.exec(text) ?? [];
      expect(code, text).toBeDefined();
      expect(text.split('\n').at(-2)).toBe(HASH);
      expect(smsSegments(text).segments).toBe(1);
      const { verifyUser } = await rig.t.execute(VerifyUserDocument, { input: { email: person.email, code } });
      expect(verifyUser.errors).toEqual([]);
    },
  );
});
