import type { CodeAutofill } from './code-autofill';
import { smsTexts, type Locale } from './index';
import { smsSegments } from './segments';
import type { CodeTexts, Voice } from './sms-texts';

export const CODE_TEXTS = [
  'verificationCode',
  'passwordResetCode',
  'phoneChangeCode',
  'signInCode',
  'twoStepCode',
] as const;
export type CodeTextName = (typeof CODE_TEXTS)[number];

/**
 * A code's text, ending with the lines that let phones fill the code in when any are set: the app
 * hash for Android's SMS Retriever, then the origin-bound line, which must come last. The full
 * wording when the whole still fits one segment, the brief one otherwise: a second segment costs
 * as much again, and some phones show the first one alone.
 */
export function codeSms(
  locale: Locale,
  name: CodeTextName,
  code: string,
  minutes: number,
  autofill: CodeAutofill,
): string {
  const texts = smsTexts(locale);
  const lines = autofillLines(code, autofill);
  if (lines.length === 0) return texts[name](code, minutes);
  const wordings: CodeTexts[] = [texts, texts.brief];
  const messages = wordings.map((wording) => [wording[name](code, minutes), ...lines].join('\n'));
  return messages.find((message) => smsSegments(message).segments === 1) ?? messages[messages.length - 1];
}

function autofillLines(code: string, { hostname, androidAppHash }: CodeAutofill): string[] {
  return [...(androidAppHash ? [androidAppHash] : []), ...(hostname ? [`@${hostname} #${code}`] : [])];
}

/** What a call says, and in which voice. */
export function spokenCode(locale: Locale, code: string): { words: string; language: Voice } {
  const texts = smsTexts(locale);
  return { words: texts.spokenCode(code), language: texts.voice };
}
