import type { FallbackChannel } from './use-code-channels';

/** Who a sign-in code was asked for: an email, or a phone as the sign-up page takes it. */
export type CodeRecipient = { email: string } | { countryCode: string; phoneNumber: string };

/**
 * The sign-in code asked for in this tab, kept in sessionStorage as the reset page keeps its own: a
 * reload still shows where to type it and how long until another may be asked for. Nothing
 * secret: no code.
 */
export interface PendingSignInCode {
  to: CodeRecipient;
  /** Epoch milliseconds of the request the server acknowledged. */
  requestedAt?: number;
  /** Epoch milliseconds before which another code may not be asked for. */
  resendAvailableAt?: number;
  channel?: FallbackChannel;
}

const KEY = 'pending-sign-in-code';

export function loadPendingSignInCode(): PendingSignInCode | undefined {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as PendingSignInCode | null;
    return value && typeof value.to === 'object' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function savePendingSignInCode(pending: PendingSignInCode): void {
  sessionStorage.setItem(KEY, JSON.stringify(pending));
}

export function clearPendingSignInCode(): void {
  sessionStorage.removeItem(KEY);
}

/** The same recipient, as a person would see it: case and spaces in an email, spaces and dashes in a number aside. */
export function sameRecipient(a: CodeRecipient, b: CodeRecipient): boolean {
  if ('email' in a && 'email' in b) return a.email.trim().toLowerCase() === b.email.trim().toLowerCase();
  if ('phoneNumber' in a && 'phoneNumber' in b) {
    const digits = (text: string) => text.replace(/\D/g, '');
    return digits(a.countryCode) === digits(b.countryCode) && digits(a.phoneNumber) === digits(b.phoneNumber);
  }
  return false;
}
