import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Locale } from '../../sms/texts';

/** What a fallback call needs of a code sent by SMS. */
export interface FallbackCode {
  code: string;
  /** E.164. */
  to: string;
  locale: Locale;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a key derived from the app secret, bound to the code's row: a leaked table
 * shows no code, and a sealed value copied to another row opens nothing.
 */
export class CodeSeal {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('verification-code-fallback').digest();
  }

  seal(codeId: number, value: FallbackCode): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(`code:${codeId}`));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  /** Throws when the value was not sealed for this row with this secret. */
  open(codeId: number, sealed: string): FallbackCode {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES))
      .setAAD(Buffer.from(`code:${codeId}`))
      .setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return JSON.parse(text.toString('utf8')) as FallbackCode;
  }
}
