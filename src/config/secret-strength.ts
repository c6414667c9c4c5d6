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

/** Why a production secret will not do, or undefined when it will. */
export function weakSecretProblem(secret: string): string | undefined {
  if (isKnownWeakSecret(secret)) return 'is a placeholder or example value; generate a random one';
  const bits = secretBits(secret);
  if (bits < MIN_SECRET_BITS)
    return `has about ${Math.floor(bits)} bits of randomness, ${MIN_SECRET_BITS} needed (a short pattern repeated, or too few kinds of character for its length); generate one with \`openssl rand -base64 48\``;
  return undefined;
}
