import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '../src/shared/concurrency-limit';

/** A task that runs until the test releases it, recording how many ran at once and in what order. */
function harness() {
  let running = 0;
  const stats = { peak: 0, started: [] as string[] };
  const releases = new Map<string, () => void>();
  const task = (name: string) => () =>
    new Promise<void>((resolve) => {
      running++;
      stats.peak = Math.max(stats.peak, running);
      stats.started.push(name);
      releases.set(name, () => {
        running--;
        resolve();
      });
    });
  return { stats, task, release: (name: string) => releases.get(name)!() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function afterMicrotasks(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await Promise.resolve();
}

describe('ConcurrencyLimit (the bound on Argon2id hashes at once)', () => {
  it('hands a finishing slot to the waiter, never to a caller arriving while it resumes', async () => {
    // A caller that arrives k microtasks after a task ends lands, for some k, between the slot being
    // freed and the waiter resuming. Every k must still see one task at a time, in arrival order.
    for (let k = 0; k < 12; k++) {
      const limit = new ConcurrencyLimit(1);
      const { stats, task, release } = harness();
      const runs = [limit.run(task('a')), limit.run(task('b'))];
      await settle();
      release('a');
      await afterMicrotasks(k);
      runs.push(limit.run(task('c')));
      await settle();
      release('b');
      await settle();
      release('c');
      await Promise.all(runs);
      expect({ k, ...stats }).toEqual({ k, peak: 1, started: ['a', 'b', 'c'] });
    }
  });

  it('runs up to the limit at once and the rest in order', async () => {
    const limit = new ConcurrencyLimit(2);
    const { stats, task, release } = harness();
    const runs = ['a', 'b', 'c', 'd'].map((name) => limit.run(task(name)));
    await settle();
    expect(stats.started).toEqual(['a', 'b']);
    for (const name of ['a', 'b', 'c', 'd']) {
      release(name);
      await settle();
    }
    await Promise.all(runs);
    expect(stats).toEqual({ peak: 2, started: ['a', 'b', 'c', 'd'] });
  });

  it('frees the slot when a task fails', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(() => Promise.reject(new Error('hash failed')))).rejects.toThrow('hash failed');
    await expect(limit.run(async () => 'next')).resolves.toBe('next');
  });
});
