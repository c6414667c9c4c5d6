import { ConfigError, loadConfig } from '../../src/config/config';

/** The operator's view: every refused setting, one line each, as the server prints them at start. */
export function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
