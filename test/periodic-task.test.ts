import { describe, expect, it } from 'vitest';
import { PeriodicTask } from '../src/shared/periodic-task';
import { captureLogs } from './support/log-capture';

describe('a periodic task (the SMS queue poll, housekeeping)', () => {
  it('logs a run of failures at error level once, and once that it works again', async () => {
    const logs = captureLogs('info');
    let failing = true;
    const task = new PeriodicTask(
      'sms queue',
      async () => {
        if (failing) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        return 'ok';
      },
      logs.logger,
    );
    for (let i = 0; i < 5; i++) expect(await task.run()).toBeUndefined();
    failing = false;
    expect(await task.run()).toBe('ok');
    expect(await task.run()).toBe('ok');
    failing = true;
    await task.run();

    const lines = logs.lines.map((line) => JSON.parse(line) as { level: number; msg: string; failures?: number });
    expect(
      lines.map(({ level, msg, failures }) => ({ level, msg, ...(failures === undefined ? {} : { failures }) })),
    ).toEqual([
      { level: 50, msg: 'periodic task failed; trying again each round, logged once until it works' },
      { level: 30, msg: 'periodic task works again', failures: 5 },
      { level: 50, msg: 'periodic task failed; trying again each round, logged once until it works' },
    ]);
  });

  it('runs again for a caller that comes while a run is in flight, so what became due meanwhile is seen', async () => {
    const logs = captureLogs('info');
    let due = 0;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = true;
    const task = new PeriodicTask(
      'sms queue',
      async () => {
        const seen = due;
        if (first) {
          first = false;
          await held;
        }
        return seen;
      },
      logs.logger,
    );
    const inFlight = task.run();
    due = 1;
    const asked = task.run();
    release();
    expect(await inFlight).toBe(0);
    expect(await asked).toBe(1);
  });
});
