/** Where the data lives, parsed once from DATABASE_URL. */
export type DatabaseConfig =
  | { kind: 'sqlite'; /** A file path, or ':memory:'. */ path: string }
  | {
      kind: 'postgres';
      /** The URL as given, `sslmode` included: the pg driver reads it from there. */
      url: string;
      /** host:port/database, for logs: never the user or the password. */
      display: string;
      poolMax: number;
    };

/** DATABASE_POOL_MAX's default: enough for a busy instance, few enough for ten of them on a default server (100 connections). */
export const DEFAULT_POOL_MAX = 10;

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'];

/** The problem with a DATABASE_URL, in words for the operator, or the parsed database. */
export function parseDatabaseUrl(raw: string): { ok: true; database: DatabaseConfig } | { ok: false; problem: string } {
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length);
    return path
      ? { ok: true, database: { kind: 'sqlite', path } }
      : { ok: false, problem: 'sqlite: needs a path, as in sqlite:./data/app.sqlite or sqlite::memory:' };
  }
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    return {
      ok: false,
      problem:
        'must look like sqlite:./data/app.sqlite, sqlite::memory:, or postgres://user:password@host:5432/database',
    };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The message of URL's own error would quote the URL, password included.
    return { ok: false, problem: 'is not a valid postgres:// URL (a password with @, : or / must be percent-encoded)' };
  }
  const database = decodeURIComponent(url.pathname.slice(1));
  if (!database)
    return { ok: false, problem: 'names no database: add one after the host, as in postgres://host:5432/app' };
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode !== null && !SSL_MODES.includes(sslmode))
    return { ok: false, problem: `sslmode must be one of ${SSL_MODES.join(', ')}` };
  const display = `${url.hostname || 'localhost'}:${url.port || 5432}/${database}`;
  return { ok: true, database: { kind: 'postgres', url: raw, display, poolMax: DEFAULT_POOL_MAX } };
}
