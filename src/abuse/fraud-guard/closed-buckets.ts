import type { CountRow } from './guard-count.store';

/** What a decision needs of a destination's closed buckets: the last day's, and its usual day. */
export interface History {
  recent: CountRow[];
  usualDay: number;
}

/**
 * The closed buckets of each destination, kept for the hour: codes are counted in the current
 * hour and day only, so once a bucket closes its counts no longer change (but for a code refunded
 * after the hour turned, which leaves it higher, on the safe side), and an instance reads a
 * destination's history once an hour rather than on every code. Bounded: the oldest entries go
 * first.
 */
export class ClosedBuckets {
  private readonly entries = new Map<string, { hour: number; history: History }>();

  constructor(private readonly capacity = 10_000) {}

  get(subject: string, hour: number): History | undefined {
    const entry = this.entries.get(subject);
    return entry?.hour === hour ? entry.history : undefined;
  }

  set(subject: string, hour: number, history: History): void {
    this.entries.delete(subject);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(subject, { hour, history });
  }
}
