import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { ptBR } from './pt-BR';
import type { SmsTexts } from './sms-texts';

export type { SmsTexts } from './sms-texts';

export const LOCALES = ['en', 'es', 'fr', 'de', 'pt-BR'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

const TEXTS: Record<Locale, SmsTexts> = { en, es, fr, de, 'pt-BR': ptBR };

// RFC 5646 asks for at least 35 characters; anything much longer is not a tag a client meant.
const MAX_TAG_LENGTH = 64;
const TAG_SHAPE = /^[a-z]{2,8}(-[a-z0-9]{1,8})*$/;

/**
 * The locale for a BCP 47 tag as a client sent it: the exact locale, else its language, else English.
 * Any Portuguese gets pt-BR, the only Portuguese shipped: closer to pt-PT than English is.
 */
export function resolveLocale(tag: string | null | undefined): Locale {
  if (typeof tag !== 'string' || tag.length > MAX_TAG_LENGTH) return DEFAULT_LOCALE;
  const normalized = tag.trim().replaceAll('_', '-').toLowerCase();
  if (!TAG_SHAPE.test(normalized)) return DEFAULT_LOCALE;
  const exact = LOCALES.find((locale) => locale.toLowerCase() === normalized);
  if (exact) return exact;
  const language = normalized.split('-')[0];
  if (language === 'pt') return 'pt-BR';
  return LOCALES.find((locale) => locale === language) ?? DEFAULT_LOCALE;
}

export function smsTexts(locale: Locale): SmsTexts {
  return TEXTS[locale];
}
