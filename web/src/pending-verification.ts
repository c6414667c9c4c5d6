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
  /** Wrong tries left on the current code, once the server has said. */
  attemptsLeft?: number;
  /** The signup's code went out only with a solved challenge: a resend asks for one too. */
  challenged?: boolean;
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
 * When "Send a new code" may be pressed again: the payload's resendAvailableAt, read as the
 * server's clock (clients are assumed to keep time); without one, RATE_LIMITED's retryAfter, or the
 * 30 s default cooldown the README advises.
 */
export function resendAvailableAt(
  verification: { resendAvailableAt?: string | null } | null | undefined,
  retryAfterSeconds?: number | null,
): number {
  if (verification?.resendAvailableAt) return Date.parse(verification.resendAvailableAt);
  return Date.now() + (retryAfterSeconds ?? 30) * 1000;
}

/** Where a request for a code stands after the server's answer: when it was made, by which channel, and the next one. */
export interface CodeAsked<C> {
  requestedAt?: number;
  resendAvailableAt?: number;
  channel?: C;
}

/**
 * What a page asking for a code by email or number keeps after the server answered: the new
 * request when it was taken, or, asked too soon (here or in another tab), the code sent before,
 * which may be in hand, with when to ask again: its form opens too, while the focus stays on the
 * alert that says how long to wait. Null after any other refusal.
 */
export function codeAskedAfter<C, P extends CodeAsked<C>>(
  payload: {
    errors: { code: string; retryAfter?: number | null }[];
    verification?: { resendAvailableAt?: string | null } | null;
  },
  asked: Omit<P, keyof CodeAsked<C>>,
  channel: C | undefined,
  current: P | undefined,
): { pending: P; focusCode: boolean } | null {
  if (payload.errors.length === 0) {
    const pending = {
      ...asked,
      requestedAt: Date.now(),
      resendAvailableAt: resendAvailableAt(payload.verification),
      channel,
    };
    return { pending: pending as P, focusCode: true };
  }
  const limited = payload.errors.find((error) => error.code === 'RATE_LIMITED');
  if (!limited) return null;
  const pending = {
    ...asked,
    requestedAt: current?.requestedAt,
    channel: current?.channel,
    resendAvailableAt: resendAvailableAt(payload.verification, limited.retryAfter),
  };
  return { pending: pending as P, focusCode: false };
}
