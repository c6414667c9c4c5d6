import type { Logger } from './logger';

/**
 * Runs a job now and every interval, never two at once. A tick that finds a run in flight skips;
 * an explicit run() waits for it and runs again, since that run may have begun before what the
 * caller wants seen (a message that just became due).
 * A run of failures is logged at error level once, when it begins, and its end once: a database
 * that is away for a minute would otherwise write an error line every poll.
 */
export class PeriodicTask<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T | undefined>;
  private failures = 0;

  constructor(
    private readonly name: string,
    private readonly job: () => Promise<T>,
    private readonly log: Logger,
  ) {}

  /** The job's result, or undefined when it failed (the failure is logged). Callers that overlap share one run. */
  run(): Promise<T | undefined> {
    return this.running ? this.running.then(() => this.execute()) : this.execute();
  }

  private execute(): Promise<T | undefined> {
    this.running ??= this.job()
      .then((result) => {
        if (this.failures > 0) this.log.info({ task: this.name, failures: this.failures }, 'periodic task works again');
        this.failures = 0;
        return result;
      })
      .catch((error: unknown) => {
        if (this.failures++ === 0)
          this.log.error(
            { err: error, task: this.name },
            'periodic task failed; trying again each round, logged once until it works',
          );
        else this.log.debug({ err: error, task: this.name, failures: this.failures }, 'periodic task failed again');
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  start(intervalMs: number): void {
    void this.execute();
    this.timer = setInterval(() => void this.execute(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
