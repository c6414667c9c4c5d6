import type { Logger } from '../shared/logger';

/**
 * What the app has opened or started, each with the step that undoes it. Closed in reverse order,
 * at shutdown or when building stops halfway; a step that fails is logged and the rest still run.
 */
export class Resources {
  private readonly steps: { name: string; close: () => Promise<void> }[] = [];

  constructor(private readonly log: Logger) {}

  add(name: string, close: () => Promise<void>): void {
    this.steps.push({ name, close });
  }

  /** Rejects with the first failure, after every step has been tried. */
  async closeAll(): Promise<void> {
    let failure: unknown;
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.close();
      } catch (error) {
        this.log.error({ err: error, resource: step.name }, 'closing failed');
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }
}
