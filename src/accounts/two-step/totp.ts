import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { keyFor } from './secret-keys';

/** What an authenticator app shows above the account's codes. */
const ISSUER = 'Account verification';
/** RFC 6238's defaults, the only ones every authenticator app reads from a URI. */
const SETTINGS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** A code a step early or late is taken, for a phone's clock a little off. */
const WINDOW = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A new secret: 160 random bits, as RFC 4226 recommends, in the base32 that apps take. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/...` URI that an app reads from a QR code. */
export function totpUri(secret: string, email: string): string {
  return new TOTP({ ...SETTINGS, issuer: ISSUER, label: email, secret: Secret.fromBase32(secret) }).toString();
}

/** The time step a code proves at `now`, within a step either side, or null when it proves none. */
export function totpStep(secret: string, code: string, now: Date): number | null {
  const timestamp = now.getTime();
  const delta = TOTP.validate({
    ...SETTINGS,
    token: code,
    secret: Secret.fromBase32(secret),
    timestamp,
    window: WINDOW,
  });
  return delta === null ? null : TOTP.counter({ period: SETTINGS.period, timestamp }) + delta;
}

/**
 * AES-256-GCM under a key derived from APP_SECRET, bound to the account: a leaked table shows no
 * secret, and a sealed secret copied to another account's row opens nothing.
 */
export class TotpSeal {
  private readonly key: Buffer;

  constructor(appSecret: string) {
    this.key = keyFor(appSecret, 'totp-secret');
  }

  seal(userId: string, secret: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(`totp:${userId}`));
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  /** Throws when the value was not sealed for this account with this APP_SECRET. */
  open(userId: string, sealed: string): string {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES))
      .setAAD(Buffer.from(`totp:${userId}`))
      .setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}
