import { availableParallelism } from 'node:os';
import { hash, verify, type Options } from '@node-rs/argon2';
import { ConcurrencyLimit } from '../shared/concurrency-limit';

const THREADPOOL_SIZE = Number(process.env.UV_THREADPOOL_SIZE) || 4;

/**
 * Argon2id with OWASP's first recommended profile (19 MiB, 2 passes, 1 lane), pinned here so a
 * library upgrade cannot silently change the cost. `2` is Algorithm.Argon2id: the package declares
 * it as an ambient const enum, which isolated-module transpilers (swc, oxc) cannot inline.
 */
export const ARGON2ID: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 };

/**
 * Hashing runs on libuv's thread pool, which SQLite's driver shares. Left unbounded, a burst of
 * signups queues dozens of 10 ms hashes ahead of every query, and even a cached `me` whose session
 * needs re-reading waits behind them. As many hashes as cores keeps the CPU busy and a thread free.
 * Process-wide, like the thread pool it guards.
 */
const hashing = new ConcurrencyLimit(Math.max(1, Math.min(availableParallelism(), THREADPOOL_SIZE - 1)));

export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => hash(password, ARGON2ID));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await hashing.run(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

/** A real hash of a random password: checking against it costs what a real check costs (no timing hint). */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}`);
  return dummyHash;
}
