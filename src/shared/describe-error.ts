import { DriverException } from '@mikro-orm/core';

/**
 * An error in words that are safe to log or print. A database error's message starts with the
 * statement, and MikroORM writes the bound values into it (a password hash, an email), so only the
 * database's own reason is kept, with quoted values that are not plain identifiers blanked.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 200);
  if (!(error instanceof DriverException)) return `${error.name}: ${error.message}`.slice(0, 500);
  const statementEnd = error.message.lastIndexOf(' - ');
  const reason = statementEnd < 0 ? error.message : error.message.slice(statementEnd + 3);
  const code = error.code ? ` (${error.code})` : '';
  return `${error.name}${code}: ${withoutValues(reason)}`.slice(0, 500);
}

function withoutValues(text: string): string {
  return text.replace(/"([^"]*)"|'([^']*)'/g, (quoted, double?: string) => (double !== undefined && /^[a-z_][a-z0-9_.]*$/i.test(double) ? quoted : '"…"'));
}
