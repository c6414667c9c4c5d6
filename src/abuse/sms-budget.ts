/** How many text messages the deployment may send: a circuit breaker against SMS pumping. */
export interface SmsBudget {
  /** Counts one message about to go out to `to`, or says how long until one may. */
  take(to: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
  /** Gives back what take() counted for a message that did not go out. */
  giveBack(to: string): Promise<void>;
}
