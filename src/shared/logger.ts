import pino from 'pino';

export type Logger = pino.Logger;

/** Structured logs. Anything that looks like a secret is censored even if a call site slips. */
export function createLogger(level: pino.LevelWithSilent, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['password', 'code', 'token', 'body', 'authorization', 'cookie', '*.password', '*.code', '*.token', '*.authorization', '*.cookie'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
