import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const DEFAULT_DATABASE_URL = 'sqlite:./data/app.sqlite';

const port = z.coerce.number().int().min(0).max(65535);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^sqlite:.+/, 'must look like sqlite:./data/app.sqlite, sqlite::memory: or sqlite:/absolute/path.sqlite')
    .default(DEFAULT_DATABASE_URL),
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  VERIFICATION_PROVIDER: z.enum(['local']).default('local'),
  SMS_TRANSPORT: z.enum(['outbox']).default('outbox'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(24 * 30),
});

export type Config = {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** A file path for SQLite, or ':memory:'. */
  databasePath: string;
  appSecret: string;
  /** True when APP_SECRET was not given and a random one was made for this process. */
  appSecretGenerated: boolean;
  verificationProvider: 'local';
  smsTransport: 'outbox';
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  sessionTtlMs: number;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the environment once, at start; every problem is reported together, each naming its setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(withoutBlanks(env));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.APP_SECRET) {
    throw new ConfigError(['APP_SECRET: required in production (at least 32 random characters)']);
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_URL.slice('sqlite:'.length),
    appSecret: e.APP_SECRET ?? randomBytes(32).toString('base64url'),
    appSecretGenerated: !e.APP_SECRET,
    verificationProvider: e.VERIFICATION_PROVIDER,
    smsTransport: e.SMS_TRANSPORT,
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
  };
}

/** `FOO=` in a shell or .env file means "not set", not "set to empty". */
function withoutBlanks(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => !!entry[1]?.trim()));
}

