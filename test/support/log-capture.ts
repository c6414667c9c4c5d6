import { Writable } from 'node:stream';
import { createLogger } from '../../src/shared/logger';

/** A real pino logger writing into memory, so tests can read what the server logged. */
export function captureLogs(level: 'debug' | 'info' | 'warn' = 'debug') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger(level, stream), lines, text: () => lines.join('\n') };
}
