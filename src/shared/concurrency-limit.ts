/** At most `limit` tasks at once; the rest wait their turn in order. */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    /** Told how long each task waited for its slot, in seconds (0 when one was free). */
    private readonly waited: (seconds: number) => void = () => undefined,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next waiter (`running` stays as it is), so a
    // caller arriving before that waiter resumes cannot take the slot as well, or jump the queue.
    if (this.running < this.limit) {
      this.running++;
      this.waited(0);
    } else {
      const queuedAt = performance.now();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      this.waited((performance.now() - queuedAt) / 1000);
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
