import { hash, verify, type Options } from '@node-rs/argon2';

/**
 * Argon2id with OWASP's first recommended profile (19 MiB, 2 passes, 1 lane), pinned here so a
 * library upgrade cannot silently change the cost. `2` is Algorithm.Argon2id: the package declares
 * it as an ambient const enum, which isolated-module transpilers (swc, oxc) cannot inline.
 */
const ARGON2ID: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 };

/** Runs on libuv's thread pool, off the event loop. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
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
