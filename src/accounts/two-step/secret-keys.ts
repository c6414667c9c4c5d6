import { hkdfSync } from 'node:crypto';

/**
 * A 256-bit key of its own for each use of APP_SECRET (HKDF-SHA-256, RFC 5869), so that a key
 * learned from one use says nothing of the others or of the secret.
 */
export function keyFor(appSecret: string, use: 'totp-secret' | 'recovery-codes'): Buffer {
  return Buffer.from(hkdfSync('sha256', appSecret, 'account-verification-graphql', `two-step ${use}`, 32));
}
