import pino from 'pino';
import { loggableError } from './describe-error';
import { maskPhone } from './mask-phone';

export type Logger = pino.Logger;

// E.164 numbers anywhere in a line, including inside upstream error messages.
const PHONE = /\+[1-9]\d{6,14}\b/g;
const maskPhones = (line: string) => line.replace(PHONE, maskPhone);

/**
 * Structured logs. Anything that looks like a secret is censored, phones are masked, and errors
 * keep only their type and a message cleared of statement values, even if a call site slips.
 */
export function createLogger(level: pino.LevelWithSilent, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      hooks: { streamWrite: maskPhones },
      serializers: { err: loggableError },
      redact: {
        paths: [
          'password',
          'code',
          'token',
          'body',
          'authorization',
          'cookie',
          '*.password',
          '*.code',
          '*.token',
          '*.authorization',
          '*.cookie',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
