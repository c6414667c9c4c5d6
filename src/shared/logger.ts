import pino from 'pino';
import { maskPhone } from './mask-phone';

export type Logger = pino.Logger;

// E.164 numbers anywhere in a line, including inside upstream error messages.
const PHONE = /\+[1-9]\d{6,14}\b/g;
const maskPhones = (line: string) => line.replace(PHONE, maskPhone);

/** Structured logs. Anything that looks like a secret is censored, and phones masked, even if a call site slips. */
export function createLogger(level: pino.LevelWithSilent, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      hooks: { streamWrite: maskPhones },
      redact: {
        paths: ['password', 'code', 'token', 'body', 'authorization', 'cookie', '*.password', '*.code', '*.token', '*.authorization', '*.cookie'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
