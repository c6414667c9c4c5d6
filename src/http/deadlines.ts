/**
 * Request deadlines on one shared timer: each request costs a set insertion instead of a timer and
 * a promise race of its own. Deadlines fire up to `resolutionMs` late, which a 30 s limit can bear.
 */
export class Deadlines {
  private readonly pending = new Set<{ at: number; expire: () => void }>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly timeoutMs: number,
    private readonly resolutionMs = Math.min(1_000, Math.max(10, timeoutMs / 10)),
  ) {}

  /** The promise's value, or undefined once the deadline has passed. */
  race<T>(promise: Promise<T>): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      const entry = { at: Date.now() + this.timeoutMs, expire: () => resolve(undefined) };
      this.pending.add(entry);
      this.timer ??= setInterval(() => this.sweep(), this.resolutionMs).unref();
      promise.then(
        (value) => {
          this.pending.delete(entry);
          resolve(value);
        },
        (error: unknown) => {
          this.pending.delete(entry);
          reject(error);
        },
      );
    });
  }

  private sweep(): void {
    const now = Date.now();
    for (const entry of this.pending) {
      if (entry.at > now) continue;
      this.pending.delete(entry);
      entry.expire();
    }
    if (this.pending.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
