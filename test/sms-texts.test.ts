import { describe, expect, it } from 'vitest';
import { LOCALES, resolveLocale, smsTexts, type Locale } from '../src/sms/texts';
import { smsSegments } from '../src/sms/texts/segments';

const CODE_TEXTS = ['verificationCode', 'passwordResetCode', 'phoneChangeCode', 'signInCode', 'twoStepCode'] as const;
const NOTICES = ['signupComplete', 'passwordChanged', 'phoneChanged'] as const;
type Template = (typeof CODE_TEXTS)[number] | (typeof NOTICES)[number];

const render = (locale: Locale, template: Template, code = '123456', minutes = 10) =>
  smsTexts(locale)[template](code, minutes);

/** What each text costs with a 6-digit code and 10 minutes; a rewording that changes this must update it. */
const EXPECTED: Record<Locale, Record<Template, [encoding: 'GSM-7' | 'UCS-2', segments: number]>> = {
  en: {
    verificationCode: ['GSM-7', 1],
    signupComplete: ['GSM-7', 1],
    passwordResetCode: ['GSM-7', 1],
    passwordChanged: ['GSM-7', 1],
    phoneChangeCode: ['GSM-7', 1],
    phoneChanged: ['GSM-7', 1],
    signInCode: ['GSM-7', 1],
    twoStepCode: ['GSM-7', 1],
  },
  es: {
    verificationCode: ['UCS-2', 1],
    signupComplete: ['UCS-2', 1],
    passwordResetCode: ['GSM-7', 1],
    passwordChanged: ['GSM-7', 1],
    phoneChangeCode: ['GSM-7', 1],
    phoneChanged: ['GSM-7', 1],
    signInCode: ['GSM-7', 1],
    twoStepCode: ['GSM-7', 1],
  },
  fr: {
    verificationCode: ['GSM-7', 1],
    signupComplete: ['GSM-7', 1],
    passwordResetCode: ['GSM-7', 1],
    passwordChanged: ['GSM-7', 1],
    phoneChangeCode: ['GSM-7', 1],
    phoneChanged: ['GSM-7', 1],
    signInCode: ['GSM-7', 1],
    twoStepCode: ['GSM-7', 1],
  },
  de: {
    verificationCode: ['GSM-7', 1],
    signupComplete: ['GSM-7', 1],
    passwordResetCode: ['GSM-7', 1],
    passwordChanged: ['GSM-7', 1],
    phoneChangeCode: ['GSM-7', 1],
    phoneChanged: ['GSM-7', 1],
    signInCode: ['GSM-7', 1],
    twoStepCode: ['GSM-7', 1],
  },
  'pt-BR': {
    verificationCode: ['UCS-2', 1],
    signupComplete: ['UCS-2', 1],
    passwordResetCode: ['GSM-7', 1],
    passwordChanged: ['UCS-2', 1],
    phoneChangeCode: ['GSM-7', 1],
    phoneChanged: ['UCS-2', 1],
    signInCode: ['GSM-7', 1],
    twoStepCode: ['GSM-7', 1],
  },
};

describe('SMS texts per locale', () => {
  const cases = LOCALES.flatMap((locale) => [...CODE_TEXTS, ...NOTICES].map((template) => ({ locale, template })));

  it.each(cases)('$locale $template is encoded and segmented as recorded', ({ locale, template }) => {
    const [encoding, segments] = EXPECTED[locale][template];
    expect(smsSegments(render(locale, template))).toMatchObject({ encoding, segments });
  });

  it.each(LOCALES)('every %s code text fits one segment and names its code and minutes', (locale) => {
    for (const template of CODE_TEXTS) {
      for (const code of ['123456', '12345678']) {
        const text = render(locale, template, code, 10);
        expect(smsSegments(text).segments, text).toBe(1);
        expect(text).toContain(code);
        expect(text).toContain('10');
      }
    }
  });

  it.each(LOCALES)('the brief %s code texts are GSM-7 and leave room for the lines that fill a code in', (locale) => {
    for (const template of CODE_TEXTS) {
      const text = smsTexts(locale).brief[template]('12345678', 10);
      const { encoding, units } = smsSegments(text);
      expect(encoding, text).toBe('GSM-7');
      // 160 less an app hash line (12), and `\n@host #12345678` (12) with a hostname of 32.
      expect(units, text).toBeLessThanOrEqual(104);
      expect(text).toContain('12345678');
      expect(text).toContain('10');
    }
  });

  it.each(LOCALES)('a %s call says the code digit by digit, twice, in a voice of its language', (locale) => {
    const words = smsTexts(locale).spokenCode('407193');
    expect(words.split('4, 0, 7, 1, 9, 3')).toHaveLength(3);
    expect(words).not.toContain('407193');
    expect(smsTexts(locale).voice.split('-')[0]).toBe(locale.split('-')[0]);
  });

  it('keeps the English texts the tutorial and the existing flow use', () => {
    expect(smsTexts('en').signupComplete()).toBe('You did it! Signup complete :)');
    expect(smsTexts('en').verificationCode('123456', 10)).toBe(
      'Your verification code is 123456. It expires in 10 minutes.',
    );
  });

  it('says one minute in the singular', () => {
    expect(smsTexts('en').verificationCode('123456', 1)).toMatch(/in 1 minute\.$/);
    expect(smsTexts('de').verificationCode('123456', 1)).toMatch(/1 Minute gültig/);
  });
});

describe('smsSegments', () => {
  it('fits 160 GSM-7 septets in one segment and 153 in each concatenated one', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts an extension character as two septets', () => {
    expect(smsSegments('€')).toEqual({ encoding: 'GSM-7', units: 2, segments: 1 });
    expect(smsSegments('{' + 'a'.repeat(158))).toMatchObject({ units: 160, segments: 1 });
    expect(smsSegments('{' + 'a'.repeat(159))).toMatchObject({ units: 161, segments: 2 });
  });

  it('keeps an escape and its septet in one segment', () => {
    expect(smsSegments('a'.repeat(152) + '€' + 'a'.repeat(152))).toMatchObject({ units: 306, segments: 3 });
  });

  it('knows the default alphabet, accents included, and what is outside it', () => {
    expect(smsSegments('@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\n\r').encoding).toBe('GSM-7');
    for (const outside of ['á', 'ç', 'í', 'ó', 'ú', 'ã', 'õ', 'ê', 'â', 'ô', '’', '\u00a0', '\x1b']) {
      expect(smsSegments(outside).encoding, JSON.stringify(outside)).toBe('UCS-2');
    }
  });

  it('switches the whole text to UCS-2 for one character outside GSM-7: 70 units, then 67', () => {
    expect(smsSegments('a'.repeat(100) + 'á')).toEqual({ encoding: 'UCS-2', units: 101, segments: 2 });
    expect(smsSegments('á'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSegments('á'.repeat(71))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
    expect(smsSegments('á'.repeat(134)).segments).toBe(2);
    expect(smsSegments('á'.repeat(135)).segments).toBe(3);
  });

  it('counts a surrogate pair as two units and never splits it', () => {
    expect(smsSegments('😀')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
    expect(smsSegments('a'.repeat(68) + '😀')).toMatchObject({ units: 70, segments: 1 });
    expect(smsSegments('a'.repeat(66) + '😀' + 'a'.repeat(66))).toMatchObject({ units: 134, segments: 3 });
  });
});

describe('resolveLocale', () => {
  it.each([
    ['es', 'es'],
    ['ES', 'es'],
    ['es-MX', 'es'],
    ['es_AR', 'es'],
    ['es-419', 'es'],
    ['fr-CA', 'fr'],
    ['de-AT', 'de'],
    ['de-CH-1996', 'de'],
    ['pt-BR', 'pt-BR'],
    ['pt-br', 'pt-BR'],
    ['pt_BR', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['en-GB', 'en'],
    [' fr ', 'fr'],
  ] as const)('%j → %s', (tag, locale) => {
    expect(resolveLocale(tag)).toBe(locale);
  });

  it.each(['zz', '', 'x'.repeat(500), 'es-MX,es;q=0.9', '-es', 'es--MX', '💥', undefined, null])('%j → en', (tag) => {
    expect(resolveLocale(tag)).toBe('en');
  });

  it('never throws, whatever a client sends', () => {
    expect(resolveLocale(42 as unknown as string)).toBe('en');
    expect(resolveLocale({} as unknown as string)).toBe('en');
  });
});
