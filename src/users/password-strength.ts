import { ZxcvbnFactory, type TranslationKeys } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

// Pure on purpose: the web app imports this file too, so the form and the server judge alike.

/** zxcvbn's 3: "safely unguessable", about 10^8 guesses and more; 2 and below fall to an online attack. */
export const MIN_PASSWORD_SCORE = 3;

export interface PasswordEstimate {
  score: 0 | 1 | 2 | 3 | 4;
  guessable: boolean;
  warning: string | null;
  suggestions: string[];
}

// zxcvbn's feedback comes as keys; these are the texts a person reads (after @zxcvbn-ts/language-en).
const TRANSLATIONS: TranslationKeys = {
  warnings: {
    straightRow: 'Straight rows of keys on a keyboard are easy to guess.',
    keyPattern: 'Short keyboard patterns are easy to guess.',
    simpleRepeat: 'Repeated characters like "aaa" are easy to guess.',
    extendedRepeat: 'Repeated patterns like "abcabcabc" are easy to guess.',
    sequences: 'Sequences like "abc" or "1234" are easy to guess.',
    recentYears: 'Recent years are easy to guess.',
    dates: 'Dates are easy to guess.',
    topTen: 'This is one of the most used passwords.',
    topHundred: 'This is a very often used password.',
    common: 'This is a commonly used password.',
    similarToCommon: 'This is close to a commonly used password.',
    wordByItself: 'A single word is easy to guess.',
    namesByThemselves: 'Single names or surnames are easy to guess.',
    commonNames: 'Common names and surnames are easy to guess.',
    userInputs: 'It contains your name or email address, which are the first things guessed.',
    pwned: 'This password appeared in a data breach.',
  },
  suggestions: {
    l33t: 'Avoid predictable substitutions like "@" for "a".',
    reverseWords: 'Avoid reversed spellings of common words.',
    allUppercase: 'Capitalize some, but not all letters.',
    capitalization: 'Capitalize more than the first letter.',
    dates: 'Avoid dates and years that are associated with you.',
    recentYears: 'Avoid recent years.',
    associatedYears: 'Avoid years that are associated with you.',
    sequences: 'Avoid common character sequences.',
    repeated: 'Avoid repeated words and characters.',
    longerKeyboardPattern: 'Use longer keyboard patterns and change typing direction several times.',
    anotherWord: 'Add another word or two; uncommon words are better.',
    useWords: 'Use several words, but avoid common phrases.',
    noNeed: 'Symbols, digits or capitals are not needed: a few uncommon words make a strong password.',
    pwned: 'If you use this password elsewhere, change it there.',
  },
  timeEstimation: {
    ltSecond: 'less than a second',
    second: '1 second',
    seconds: 'seconds',
    minute: '1 minute',
    minutes: 'minutes',
    hour: '1 hour',
    hours: 'hours',
    day: '1 day',
    days: 'days',
    month: '1 month',
    months: 'months',
    year: '1 year',
    years: 'years',
    centuries: 'centuries',
  },
};

let factory: ZxcvbnFactory | undefined;

/** One estimator for passwords and secrets, built on first use: its dictionaries take tens of ms to load. */
function zxcvbn(): ZxcvbnFactory {
  // Past 128 characters a password is long enough, and zxcvbn's time grows faster than the length.
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, translations: TRANSLATIONS, maxLength: 128 });
  return factory;
}

/** log10 of the guesses zxcvbn expects an attacker who knows common patterns to need. */
export function guessesLog10(text: string): number {
  return zxcvbn().check(text).guessesLog10;
}

/**
 * Each input whole, in its words, and its words run together or spaced: "Ada Lovelace" makes
 * "lovelace" alone cheap, and an email's "ada.lovelace" makes "ada lovelace" cheap too.
 */
function dictionaryOf(userInputs: readonly string[]): string[] {
  const entries = userInputs.flatMap((input) => {
    const words = input.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
    return [input, ...words, words.join(' '), words.join('')];
  });
  return [...new Set(entries.map((entry) => entry.trim().toLowerCase()).filter((entry) => entry.length > 1))];
}

/** userInputs: the person's name, email and the email's local part, etc. */
export function estimatePassword(password: string, userInputs: readonly string[]): PasswordEstimate {
  const result = zxcvbn().check(password, dictionaryOf(userInputs));
  return {
    score: result.score,
    guessable: result.score < MIN_PASSWORD_SCORE,
    warning: result.feedback.warning,
    suggestions: result.feedback.suggestions,
  };
}

/** The field error text for a guessable password: says why (zxcvbn's warning), in plain words. */
export function guessablePasswordMessage(estimate: PasswordEstimate): string {
  const why = estimate.warning ?? 'It is short or simple enough to be guessed.';
  const how = estimate.suggestions[0] ?? 'Add another word or two; uncommon words are better.';
  return `This password is too easy to guess. ${why} ${how}`;
}
