/**
 * Work a request starts and does not wait for (a resent code, a reset code): begun once the
 * request's answer is on its way, and awaited by settled() in tests and at shutdown.
 */
export class BackgroundWork {
  private readonly inFlight = new Set<Promise<void>>();

  /**
   * Starts `work` on the next turn of the event loop: begun at once, its first statements would
   * interleave with the rest of the request and delay the answer, which would then take longer
   * for existing accounts than for unknown emails.
   */
  start(work: () => Promise<void>): void {
    const task = new Promise<void>((resolve) => setImmediate(resolve)).then(work);
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
