import { guessesLog10 } from '../users/password-strength';

const PLACEHOLDER =
  /^(change[-_ ]?me|secret|password|test|example|default|dev(elopment)?|x+|a+|0+|1234567890+|your[-_ ]?secret.*)$/i;

/** Values people copy from examples: a production secret must be random. */
export function isKnownWeakSecret(secret: string): boolean {
  return PLACEHOLDER.test(secret) || new Set(secret).size < 8 || /change.?me|example|placeholder|replace/i.test(secret);
}

export const MIN_SECRET_BITS = 128;

/**
 * What a secret could hold at best: its shortest repeating unit's length times log2 of the
 * alphabet its characters come from (digits 10, hex 16, each letter case 26, anything else 33).
 * 32 random bytes in hex or base64 hold 256 bits; "12345678" four times, 27.
 */
export function secretBits(secret: string): number {
  // A unit that fits at least twice: every string "repeats" its first character at its end, say.
  let unit = 1;
  while (unit <= secret.length / 2 && secret.slice(unit) !== secret.slice(0, secret.length - unit)) unit++;
  if (unit > secret.length / 2) unit = secret.length;
  const alphabet = /^\d+$/.test(secret)
    ? 10
    : /^[\da-f]+$|^[\dA-F]+$/.test(secret)
      ? 16
      : (
          [
            [/[a-z]/, 26],
            [/[A-Z]/, 26],
            [/\d/, 10],
            [/[^a-zA-Z\d]/, 33],
          ] as const
        ).reduce((size, [chars, n]) => size + (chars.test(secret) ? n : 0), 0);
  return unit * Math.log2(alphabet);
}

/**
 * secretBits counts the alphabet, not the structure: a sequence, a keyboard walk or a word with a
 * near-repeat passes it. zxcvbn guesses such structure, but prices a character it cannot explain
 * at about 10 guesses, so it cannot tell 128 bits apart from less: a random 32-character secret
 * scores about 10^29 to 10^32 (64 hex digits or `openssl rand -base64 48`, 10^60 and more), the
 * patterned ones it was asked about 10^4 to 10^13. 10^20 (about 66 bits) sits between the two with
 * a margin on both sides; the 128 bits are still secretBits' to require.
 */
export const MIN_SECRET_GUESSES_LOG10 = 20;

/** log10 of the guesses zxcvbn expects an attacker who knows common patterns to need. */
export function secretGuessesLog10(secret: string): number {
  // The passwords' estimator: one set of dictionaries in memory, loaded on first use.
  return guessesLog10(secret);
}

/** Why a production secret will not do, or undefined when it will. */
export function weakSecretProblem(secret: string): string | undefined {
  if (isKnownWeakSecret(secret)) return 'is a placeholder or example value; generate a random one';
  const bits = secretBits(secret);
  if (bits < MIN_SECRET_BITS)
    return `has about ${Math.floor(bits)} bits of randomness, ${MIN_SECRET_BITS} needed (a short pattern repeated, or too few kinds of character for its length); generate one with \`openssl rand -base64 48\``;
  if (secretGuessesLog10(secret) < MIN_SECRET_GUESSES_LOG10)
    return 'follows a pattern (a sequence, a keyboard walk, words, or a near-repeat) that a guesser tries early; generate one with `openssl rand -base64 48`';
  return undefined;
}
