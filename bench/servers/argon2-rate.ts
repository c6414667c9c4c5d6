import { hash } from '@node-rs/argon2';
import { ARGON2ID } from '../../src/users/password';
import { answerParent } from './ipc';

/**
 * The machine's raw Argon2id rate with the app's pinned parameters: as many hashes in flight as
 * libuv has threads, straight through the library (not the app's hashing limit).
 */
const concurrency = Number(process.env.UV_THREADPOOL_SIZE) || 4;

async function measure(seconds: number) {
  let hashes = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, lane) => {
      while (performance.now() < deadline) {
        await hash(`correct horse battery ${lane}-${hashes}`, ARGON2ID);
        hashes++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { hashes, seconds: elapsed, concurrency, hashesPerSecond: hashes / elapsed };
}

answerParent(
  { concurrency },
  {
    measure: (message) => measure(Number(message.seconds)),
    idle: () => ({ inFlight: 0 }),
    stop: () => {
      setImmediate(() => process.exit(0));
      return { stopped: true };
    },
  },
);
