import type { Clock } from '../../src/shared/clock';

/** A clock that stands still until a test moves it. */
export function fakeClock(start = new Date('2026-11-30T12:00:00Z')) {
  let now = start.getTime();
  const clock: Clock = () => new Date(now);
  return {
    clock,
    advance(ms: number) {
      now += ms;
    },
  };
}
