import { ConfigError } from '../config/config';
import { describeError } from '../shared/describe-error';

/** Runs a command-line tool; a failure prints one line, never a stack or a statement's values, and exits 1. */
export function runCommand(command: () => Promise<void>): void {
  command().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `Failed: ${describeError(error)}`);
    process.exit(1);
  });
}
