import { expect } from 'vitest';

/** The error codes of a mutation payload, in order: what a client branches on. */
export function errorCodes(payload: { errors: { code: string }[] }): string[] {
  return payload.errors.map((error) => error.code);
}

/** The error a promise rejects with; the test fails if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the call succeeded'),
    (error: unknown) => error,
  );
}
