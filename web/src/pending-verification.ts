/**
 * The signup waiting for its code, kept in sessionStorage so a reload of the verify page still
 * knows whose code it is and when a new one may be asked for. Nothing secret: no password, no code.
 */
export interface PendingVerification {
  email: string;
  /** E.164, when this tab signed up (the sign-in page knows only the email). */
  phoneNumber?: string;
  /** Epoch milliseconds before which "Send a new code" stays disabled. */
  resendAvailableAt?: number;
}

const KEY = 'pending-verification';

export function loadPending(): PendingVerification | undefined {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as PendingVerification | null;
    return typeof value?.email === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function savePending(pending: PendingVerification): void {
  sessionStorage.setItem(KEY, JSON.stringify(pending));
}

export function clearPending(): void {
  sessionStorage.removeItem(KEY);
}

/**
 * How long after a code goes out before another can: RATE_LIMIT_CODE_COOLDOWN's default, which the
 * README tells clients to wait, as no payload says when yet. A RATE_LIMITED answer's retryAfter
 * replaces it.
 */
export const CODE_COOLDOWN_MS = 30_000;
