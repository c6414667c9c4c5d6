import type { Logger } from './logger';

/** Runs a job now and every interval, never two at once; overlapping calls share the run in flight. */
export class PeriodicTask<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T | undefined>;

  constructor(
    private readonly name: string,
    private readonly job: () => Promise<T>,
    private readonly log: Logger,
  ) {}

  /** The job's result, or undefined when it failed (the failure is logged). */
  run(): Promise<T | undefined> {
    this.running ??= this.job()
      .catch((error: unknown) => {
        this.log.error({ err: error, task: this.name }, 'periodic task failed');
        return undefined;
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  start(intervalMs: number): void {
    void this.run();
    this.timer = setInterval(() => void this.run(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
