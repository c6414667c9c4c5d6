import type { FallbackChannel } from './use-code-channels';

/**
 * The password reset in progress, kept in sessionStorage as the verify page keeps its signup: a
 * reload, or going back to the page, still shows where to type the code, and how long until
 * another may be asked for. Nothing secret: no code, no password.
 */
export interface PendingReset {
  email: string;
  /** Epoch milliseconds of the last request the server acknowledged; absent for a code already in hand. */
  requestedAt?: number;
  /** Epoch milliseconds before which "Send reset code" stays disabled for this email. */
  resendAvailableAt?: number;
  /** How the last code was asked for, when not by text: the page says so. */
  channel?: FallbackChannel;
}

const KEY = 'pending-reset';

export function loadPendingReset(): PendingReset | undefined {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as PendingReset | null;
    return typeof value?.email === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function savePendingReset(reset: PendingReset): void {
  sessionStorage.setItem(KEY, JSON.stringify(reset));
}

export function clearPendingReset(): void {
  sessionStorage.removeItem(KEY);
}
