import { availableParallelism } from 'node:os';
import { hash, verify, type Options } from '@node-rs/argon2';
import { ConcurrencyLimit } from '../shared/concurrency-limit';

/**
 * Argon2id with OWASP's first recommended profile (19 MiB, 2 passes, 1 lane), pinned here so a
 * library upgrade cannot silently change the cost. `2` is Algorithm.Argon2id: the package declares
 * it as an ambient const enum, which isolated-module transpilers (swc, oxc) cannot inline.
 */
export const ARGON2ID: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 };

/**
 * As many hashes at once as cores, and one fewer than libuv's pool. Hashing runs on that pool,
 * which SQLite's driver shares: unbounded, a burst of signups queues dozens of 10 ms hashes ahead
 * of every query. Fewer (PASSWORD_HASH_CONCURRENCY) leaves a core to the event loop instead.
 */
export function defaultHashConcurrency(): number {
  const threadpool = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(1, Math.min(availableParallelism(), threadpool - 1));
}

/**
 * Argon2 hashes a password's UTF-8, in which every lone surrogate becomes U+FFFD: two passwords
 * that differ only there, or from a real U+FFFD, would hash alike.
 */
export function isStorablePassword(password: string): boolean {
  return !/\p{Cs}/u.test(password);
}

/** Argon2id hashing and checking, off the event loop, a bounded number at a time. */
export class PasswordHasher {
  private readonly limit: ConcurrencyLimit;
  private dummy?: Promise<string>;

  /** `waited` hears how long each hash queued for its slot (password_hash_wait_seconds). */
  constructor(concurrency: number, waited?: (seconds: number) => void) {
    this.limit = new ConcurrencyLimit(concurrency, waited);
  }

  hash(password: string): Promise<string> {
    return this.limit.run(() => hash(password, ARGON2ID));
  }

  /** A password that cannot be stored never matches; it is still checked, so the answer takes as long. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      const matches = await this.limit.run(() => verify(passwordHash, password));
      return matches && isStorablePassword(password);
    } catch {
      return false;
    }
  }

  /** A check against a real hash of a random password: an unknown email costs what a wrong password costs. */
  async verifyAgainstNobody(password: string): Promise<false> {
    this.dummy ??= this.hash(`nobody-${Math.random()}`);
    await this.verify(await this.dummy, password);
    return false;
  }
}
