import { createHmac, randomBytes } from 'node:crypto';
import { keyFor } from './secret-keys';

/** 32 letters and digits, none that reads as another (no 0, 1, l, o): each character is 5 bits. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const LENGTH = 10;
export const RECOVERY_CODE_COUNT = 10;

/**
 * The codes that stand in for a second step when the phone or the app is lost. Each is 50
 * random bits, so there is no dictionary to try and a slow hash (Argon2, as for passwords)
 * would protect nothing more: a keyed HMAC-SHA-256 is kept, which a leaked table cannot even
 * be tested against without APP_SECRET, and which finds a code in one indexed lookup.
 */
export class RecoveryCodes {
  private readonly key: Buffer;

  constructor(appSecret: string) {
    this.key = keyFor(appSecret, 'recovery-codes');
  }

  /** Ten new codes, each as shown once (`abcde-fghij`) and as kept. */
  generate(): { code: string; hash: string }[] {
    return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
      // 32 divides 256: every character is as likely as any other.
      const chars = [...randomBytes(LENGTH)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');
      return { code: `${chars.slice(0, 5)}-${chars.slice(5)}`, hash: this.hash(chars) };
    });
  }

  /** What a typed code is, in any case, with spaces or a dash anywhere; null if it cannot be a recovery code. */
  normalize(typed: string): string | null {
    const code = typed.toLowerCase().replace(/[\s-]/g, '');
    return code.length === LENGTH && [...code].every((char) => ALPHABET.includes(char)) ? code : null;
  }

  /** Of a code as normalize() answers it. */
  hash(code: string): string {
    return createHmac('sha256', this.key).update(code).digest('hex');
  }
}
