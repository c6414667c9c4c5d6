import type { Logger } from '../shared/logger';

/**
 * On SIGTERM or SIGINT, closes the app and exits: 0 once everything has stopped, 1 when closing
 * failed or took longer than `timeoutMs` (whatever was still running is cut off then). A second
 * signal gets Node's default, an immediate exit, for the operator who does not want to wait.
 */
export function exitOnSignals(close: () => Promise<void>, options: { timeoutMs: number; log: Logger }): void {
  const { timeoutMs, log } = options;
  const shutdown = (signal: NodeJS.Signals) => {
    process.off('SIGINT', shutdown).off('SIGTERM', shutdown);
    log.info({ signal, timeoutMs }, 'shutting down');
    setTimeout(() => {
      log.error({ timeoutMs }, 'shutdown did not finish within SHUTDOWN_TIMEOUT_MS; exiting anyway');
      process.exit(1);
    }, timeoutMs).unref();
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown).on('SIGTERM', shutdown);
}
