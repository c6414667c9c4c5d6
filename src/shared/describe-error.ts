import { DriverException } from '@mikro-orm/core';

/** How a driver's error message begins: with the statement, values and all. */
const STATEMENT = /^\s*(?:insert|update|delete|select|with|create|alter|drop)\s/i;

/**
 * An error's message in words that are safe to log or print. A database error's message starts
 * with the statement, and MikroORM writes the bound values into it (a password hash, an email), so
 * only the database's own reason is kept, with its code, and quoted values that are not plain
 * identifiers blanked.
 */
export function safeMessage(error: Error): string {
  // A driver's own error, not converted by the ORM, is worded the same way: statement - reason.
  if (!(error instanceof DriverException) && !STATEMENT.test(error.message)) return error.message.slice(0, 500);
  const statementEnd = error.message.lastIndexOf(' - ');
  const reason = statementEnd < 0 ? error.message : error.message.slice(statementEnd + 3);
  const sqlState = (error as { code?: unknown }).code;
  const code = typeof sqlState === 'string' && sqlState ? `${sqlState}: ` : '';
  return `${code}${withoutValues(reason)}`.slice(0, 500);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${safeMessage(error)}` : String(error).slice(0, 200);
}

/**
 * The shape every logged error takes: its type and safe message, and its cause's. No stack, and
 * none of the fields a driver error carries (the statement, its parameters, pg's `detail`, which
 * quotes the row).
 */
export function loggableError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error).slice(0, 200) };
  const logged: Record<string, unknown> = { type: error.name, message: safeMessage(error) };
  if (error.cause !== undefined && depth < 3) logged.cause = loggableError(error.cause, depth + 1);
  return logged;
}

function withoutValues(text: string): string {
  return text.replace(/"([^"]*)"|'([^']*)'/g, (quoted, double?: string) =>
    double !== undefined && /^[a-z_][a-z0-9_.]*$/i.test(double) ? quoted : '"…"',
  );
}
