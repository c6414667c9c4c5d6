import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import type { Limit } from '../abuse/rate-limiter';
import type { Limits } from '../abuse/limits';
import { DEFAULT_POOL_MAX, parseDatabaseUrl, type DatabaseConfig } from '../db/database-url';
import { parseTestNumbers, type TestNumbersSettings } from '../verification/test-numbers/test-numbers';
import { defaultHashConcurrency } from '../users/password';
import {
  DEFAULT_SMS_NUMBER_TYPES,
  isCountryCode,
  SMS_NUMBER_TYPES,
  type PhonePolicySettings,
  type SmsNumberType,
} from '../accounts/phone-policy';

const sid = (prefix: string, what: string) =>
  z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be ${what} (${prefix} followed by 32 hex digits)`);
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:8080' });

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const UNITS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** `5/1h` is five per hour, `1/30s` one per 30 seconds; `off` turns the limit off. */
const limit = (name: string, fallback: string) =>
  z
    .string()
    .regex(/^(off|\d+\/\d+[smhd])$/, 'must look like 5/1h or 1/30s (count/window, in s, m, h or d), or off')
    .default(fallback)
    .transform((value): Limit | undefined => {
      if (value === 'off') return undefined;
      const [, max, amount, unit] = /^(\d+)\/(\d+)([smhd])$/.exec(value)!;
      return { name, max: Number(max), windowMs: Number(amount) * UNITS[unit as keyof typeof UNITS] };
    });
/** A comma- or space-separated list, each item upper-cased and checked by `known`. */
const list = <T extends string>(known: (item: string) => item is T, what: string) =>
  z.string().transform((value, ctx): T[] => {
    const items = value
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((item) => item.toUpperCase());
    const unknown = items.filter((item) => !known(item));
    if (unknown.length > 0 || items.length === 0)
      ctx.addIssue({
        code: 'custom',
        message: `must list ${what}${unknown.length > 0 ? `; not one: ${unknown.join(', ')}` : ''}`,
      });
    return items as T[];
  });
const isSmsNumberType = (type: string): type is SmsNumberType => (SMS_NUMBER_TYPES as readonly string[]).includes(type);

/** Exact origins only: a browser compares Origin to Access-Control-Allow-Origin character for character. */
const origins = z.string().transform((value, ctx) => {
  const list = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of list) {
    const problem = originProblem(entry);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }
  return list;
});

function originProblem(entry: string): string | undefined {
  if (entry === '*') {
    return '* is refused: responses allow credentials (the session cookie), and browsers never send those to a wildcard; list exact origins such as http://localhost:5173';
  }
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return `${entry} is not an origin such as https://app.example.com`;
  }
  if (!/^https?:$/.test(url.protocol)) return `${entry} must be an http(s) origin`;
  if (url.origin !== entry)
    return `${entry} must be an exact origin: scheme, host and port, no path or trailing slash (did you mean ${url.origin}?)`;
  return undefined;
}

/** Where `npm run build:web` writes the web app. */
export const DEFAULT_WEB_ROOT = join(__dirname, '..', '..', 'dist', 'web');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/app.sqlite')
    .transform((url, context): DatabaseConfig => {
      const parsed = parseDatabaseUrl(url);
      if (parsed.ok) return parsed.database;
      context.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }),
  DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(1000).default(DEFAULT_POOL_MAX),
  MIGRATE_ON_START: flag.default(true),
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 30),
  SESSION_CACHE_TTL_MS: z.coerce.number().int().min(0).default(5_000),

  VERIFICATION_PROVIDER: z.enum(['local', 'twilio-verify', 'authy']).default('local'),
  SMS_TRANSPORT: z.enum(['outbox', 'twilio']).default('outbox'),
  TWILIO_ACCOUNT_SID: sid('AC', 'an account SID').optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_API_KEY: sid('SK', 'an API key SID').optional(),
  TWILIO_API_SECRET: z.string().optional(),
  TWILIO_NUMBER: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164, such as +14155550100')
    .optional(),
  TWILIO_MESSAGING_SERVICE_SID: sid('MG', 'a Messaging Service SID').optional(),
  TWILIO_VERIFY_SERVICE_SID: sid('VA', 'a Verify Service SID').optional(),
  VERIFY_CHANNEL: z.enum(['sms', 'call', 'whatsapp']).default('sms'),
  AUTHY_API_KEY: z.string().optional(),
  TWILIO_BASE_URL: httpUrl.optional(),
  AUTHY_API_URL: httpUrl.optional(),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  // Retired: a count of tries gave up after a minute of outage. Named, so a setting left over is not silently ignored.
  SMS_MAX_ATTEMPTS: z
    .undefined({ error: 'is no longer read: queued messages are retried until SMS_GIVE_UP_AFTER_HOURS old' })
    .optional(),
  SMS_RETRY_BASE_MS: z.coerce.number().int().positive().default(2_000),
  SMS_RETRY_MAX_MS: z.coerce.number().int().positive().default(300_000),
  SMS_GIVE_UP_AFTER_HOURS: z.coerce.number().positive().default(24),
  SMS_ALLOWED_COUNTRIES: list(isCountryCode, 'ISO 3166 country codes, such as US,GB,DE').optional(),
  SMS_ALLOWED_NUMBER_TYPES: list(
    isSmsNumberType,
    `number types that can take an SMS, of ${SMS_NUMBER_TYPES.join(', ')}`,
  ).optional(),
  TEST_PHONE_NUMBERS: z
    .string()
    .transform((value, context): TestNumbersSettings => {
      const parsed = parseTestNumbers(value);
      if (parsed.ok) return parsed.settings;
      context.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    })
    .optional(),

  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  RATE_LIMIT_CODE_COOLDOWN: limit('code-cooldown', '1/30s'),
  RATE_LIMIT_CODES: limit('codes', '5/1h'),
  RATE_LIMIT_SMS_GLOBAL: limit('sms-global', '1000/1h'),
  RATE_LIMIT_REGISTER_IP: limit('register-ip', '10/1h'),
  RATE_LIMIT_RESEND_IP: limit('resend-ip', '10/1h'),
  RATE_LIMIT_VERIFY_IP: limit('verify-ip', '30/10m'),
  RATE_LIMIT_LOGIN_IP: limit('login-ip', '30/10m'),
  LOGIN_SLOWDOWN: limit('login-slowdown', '3/1m'),
  LOGIN_LOCKOUT: limit('login-lockout', '10/1h'),
  LOGIN_IP_LOCKOUT: limit('login-ip-lockout', '50/1h'),
  RATE_LIMIT_RESET_IP: limit('reset-ip', '10/1h'),
  RATE_LIMIT_RESET_EMAIL: limit('reset-email', '3/1h'),
  RATE_LIMIT_PHONE_CHANGE: limit('phone-change', '3/1h'),
  RATE_LIMIT_PHONE_CHANGE_IP: limit('phone-change-ip', '10/1h'),
  STALE_REGISTRATION_DAYS: z.coerce.number().positive().default(7),
  SESSION_RETENTION_DAYS: z.coerce.number().positive().default(30),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  ENABLE_INTROSPECTION: flag.optional(),
  ENABLE_SANDBOX: flag.optional(),
  CORS_ORIGINS: origins.optional(),
  SERVE_WEB: flag.optional(),
  WEB_ROOT: z.string().min(1).optional(),
});
type Env = z.infer<typeof EnvSchema>;

export interface TwilioCredentials {
  accountSid: string;
  authToken?: string;
  apiKey?: string;
  apiSecret?: string;
  /** One origin for every Twilio product, with the product as the first path segment. */
  baseUrl?: string;
}

export type VerificationConfig =
  | { kind: 'local' }
  | { kind: 'twilio-verify'; serviceSid: string; channel: 'sms' | 'call' | 'whatsapp' }
  | { kind: 'authy'; apiKey: string; apiUrl?: string };

export type SmsConfig = { kind: 'outbox' } | { kind: 'twilio'; from?: string; messagingServiceSid?: string };

export interface Config {
  nodeEnv: Env['NODE_ENV'];
  port: number;
  host: string;
  database: DatabaseConfig;
  /** Apply pending migrations at start (under a lock), rather than only with `npm run migrate`. */
  migrateOnStart: boolean;
  appSecret: string;
  /** True when APP_SECRET was not given and a random one was made for this process. */
  appSecretGenerated: boolean;
  /** Where a development secret is kept between restarts (see withDevelopmentSecret). */
  appSecretFile?: string;
  logLevel: Env['LOG_LEVEL'];
  /** The Prometheus listener; absent unless METRICS_PORT is set, and then nothing is recorded either. */
  metrics?: { port: number; host: string };
  /** After SIGTERM, the process exits within this, whatever is still running. */
  shutdownTimeoutMs: number;
  sessionTtlMs: number;
  /** How long a resolved session is reused without a query; 0 turns the cache off. */
  sessionCacheTtlMs: number;
  verification: VerificationConfig;
  sms: SmsConfig;
  /** Present when the provider or the transport talks to Twilio. */
  twilio?: TwilioCredentials;
  upstreamTimeoutMs: number;
  /** Waits double from baseDelayMs up to maxDelayMs; a message is given up once giveUpAfterMs old. */
  smsRetry: { baseDelayMs: number; maxDelayMs: number; giveUpAfterMs: number };
  /** Which valid phone numbers may get a code. */
  phones: PhonePolicySettings;
  /** Numbers with fixed codes that reach no provider (TEST_PHONE_NUMBERS); none by default. */
  testNumbers: TestNumbersSettings;
  /** How many reverse proxies in front of the server append to X-Forwarded-For. */
  trustProxy: number;
  limits: Limits;
  staleRegistrationMs: number;
  /** How long ended (expired or revoked) sessions are kept before housekeeping deletes them. */
  sessionRetentionMs: number;
  requestTimeoutMs: number;
  /** Argon2id hashes at once; see defaultHashConcurrency. */
  passwordHashConcurrency: number;
  introspection: boolean;
  sandbox: boolean;
  /** Origins whose pages may call /graphql with credentials. */
  corsOrigins: string[];
  /** Present when the server serves the built web app at /. */
  web?: { root: string };
}

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
  const problems = crossChecks(e);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL.kind === 'postgres' ? { ...e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX } : e.DATABASE_URL,
    migrateOnStart: e.MIGRATE_ON_START,
    appSecret: e.APP_SECRET ?? randomBytes(32).toString('base64url'),
    appSecretGenerated: !e.APP_SECRET,
    logLevel: e.LOG_LEVEL,
    metrics: e.METRICS_PORT === undefined ? undefined : { port: e.METRICS_PORT, host: e.METRICS_HOST },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    sessionCacheTtlMs: e.SESSION_CACHE_TTL_MS,
    verification:
      e.VERIFICATION_PROVIDER === 'twilio-verify'
        ? { kind: 'twilio-verify', serviceSid: e.TWILIO_VERIFY_SERVICE_SID!, channel: e.VERIFY_CHANNEL }
        : e.VERIFICATION_PROVIDER === 'authy'
          ? { kind: 'authy', apiKey: e.AUTHY_API_KEY!, apiUrl: e.AUTHY_API_URL }
          : { kind: 'local' },
    sms:
      e.SMS_TRANSPORT === 'twilio'
        ? { kind: 'twilio', from: e.TWILIO_NUMBER, messagingServiceSid: e.TWILIO_MESSAGING_SERVICE_SID }
        : { kind: 'outbox' },
    twilio: usesTwilio(e)
      ? {
          accountSid: e.TWILIO_ACCOUNT_SID!,
          authToken: e.TWILIO_AUTH_TOKEN,
          apiKey: e.TWILIO_API_KEY,
          apiSecret: e.TWILIO_API_SECRET,
          baseUrl: e.TWILIO_BASE_URL,
        }
      : undefined,
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
    smsRetry: {
      baseDelayMs: e.SMS_RETRY_BASE_MS,
      maxDelayMs: Math.max(e.SMS_RETRY_MAX_MS, e.SMS_RETRY_BASE_MS),
      giveUpAfterMs: e.SMS_GIVE_UP_AFTER_HOURS * 3_600_000,
    },
    phones: {
      allowedCountries: e.SMS_ALLOWED_COUNTRIES,
      allowedTypes: e.SMS_ALLOWED_NUMBER_TYPES ?? DEFAULT_SMS_NUMBER_TYPES,
    },
    testNumbers: e.TEST_PHONE_NUMBERS ?? { codes: new Map() },
    trustProxy: e.TRUST_PROXY,
    limits: {
      codeCooldown: e.RATE_LIMIT_CODE_COOLDOWN,
      codes: e.RATE_LIMIT_CODES,
      smsGlobal: e.RATE_LIMIT_SMS_GLOBAL,
      registerPerIp: e.RATE_LIMIT_REGISTER_IP,
      resendPerIp: e.RATE_LIMIT_RESEND_IP,
      verifyPerIp: e.RATE_LIMIT_VERIFY_IP,
      loginPerIp: e.RATE_LIMIT_LOGIN_IP,
      loginSlowdown: e.LOGIN_SLOWDOWN,
      loginLockout: e.LOGIN_LOCKOUT,
      loginIpLockout: e.LOGIN_IP_LOCKOUT,
      resetPerIp: e.RATE_LIMIT_RESET_IP,
      resetPerEmail: e.RATE_LIMIT_RESET_EMAIL,
      phoneChangePerUser: e.RATE_LIMIT_PHONE_CHANGE,
      phoneChangePerIp: e.RATE_LIMIT_PHONE_CHANGE_IP,
    },
    staleRegistrationMs: e.STALE_REGISTRATION_DAYS * 86_400_000,
    sessionRetentionMs: e.SESSION_RETENTION_DAYS * 86_400_000,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    passwordHashConcurrency: e.PASSWORD_HASH_CONCURRENCY ?? defaultHashConcurrency(),
    introspection: e.ENABLE_INTROSPECTION ?? e.NODE_ENV !== 'production',
    sandbox: e.ENABLE_SANDBOX ?? e.NODE_ENV !== 'production',
    corsOrigins: e.CORS_ORIGINS ?? [],
    web: (e.SERVE_WEB ?? e.NODE_ENV !== 'production') ? { root: e.WEB_ROOT ?? DEFAULT_WEB_ROOT } : undefined,
  };
}

function usesTwilio(e: Env): boolean {
  return e.VERIFICATION_PROVIDER === 'twilio-verify' || e.SMS_TRANSPORT === 'twilio';
}

/** Settings that are only required by the provider and transport chosen. */
function crossChecks(e: Env): string[] {
  const problems: string[] = [];
  const need = (name: keyof Env, why: string) => {
    if (!e[name]) problems.push(`${name}: required ${why}`);
  };
  if (e.NODE_ENV === 'production') {
    need('APP_SECRET', 'in production (at least 32 random characters, e.g. `openssl rand -base64 48`)');
    const bits = e.APP_SECRET ? secretBits(e.APP_SECRET) : Infinity;
    if (e.APP_SECRET && isKnownWeakSecret(e.APP_SECRET))
      problems.push('APP_SECRET: is a placeholder or example value; generate a random one');
    else if (bits < MIN_SECRET_BITS) {
      problems.push(
        `APP_SECRET: has about ${Math.floor(bits)} bits of randomness, ${MIN_SECRET_BITS} needed (a short pattern repeated, or too few kinds of character for its length); generate one with \`openssl rand -base64 48\``,
      );
    }
    if (e.SMS_TRANSPORT === 'outbox')
      problems.push(
        'SMS_TRANSPORT: outbox delivers nothing and is for development; set SMS_TRANSPORT=twilio in production',
      );
  }
  if (usesTwilio(e)) {
    const why = `with ${e.SMS_TRANSPORT === 'twilio' ? 'SMS_TRANSPORT=twilio' : 'VERIFICATION_PROVIDER=twilio-verify'}`;
    need('TWILIO_ACCOUNT_SID', why);
    if (!e.TWILIO_AUTH_TOKEN && !(e.TWILIO_API_KEY && e.TWILIO_API_SECRET)) {
      problems.push(`TWILIO_AUTH_TOKEN: required ${why}, unless TWILIO_API_KEY and TWILIO_API_SECRET are both set`);
    }
  }
  if (e.VERIFICATION_PROVIDER === 'twilio-verify')
    need('TWILIO_VERIFY_SERVICE_SID', 'with VERIFICATION_PROVIDER=twilio-verify');
  if (e.VERIFICATION_PROVIDER === 'authy') need('AUTHY_API_KEY', 'with VERIFICATION_PROVIDER=authy');
  if (e.METRICS_PORT && e.METRICS_PORT === e.PORT)
    problems.push(`METRICS_PORT: is PORT (${e.PORT}); metrics need a listener of their own`);
  if (e.SMS_TRANSPORT === 'twilio' && !e.TWILIO_NUMBER && !e.TWILIO_MESSAGING_SERVICE_SID) {
    problems.push('TWILIO_NUMBER: required with SMS_TRANSPORT=twilio, unless TWILIO_MESSAGING_SERVICE_SID is set');
  }
  return problems;
}

const PLACEHOLDER =
  /^(change[-_ ]?me|secret|password|test|example|default|dev(elopment)?|x+|a+|0+|1234567890+|your[-_ ]?secret.*)$/i;

/** Values people copy from examples: a production secret must be random. */
function isKnownWeakSecret(secret: string): boolean {
  return PLACEHOLDER.test(secret) || new Set(secret).size < 8 || /change.?me|example|placeholder|replace/i.test(secret);
}

const MIN_SECRET_BITS = 128;

/**
 * What a secret could hold at best: its shortest repeating unit's length times log2 of the
 * alphabet its characters come from (digits 10, hex 16, each letter case 26, anything else 33).
 * 32 random bytes in hex or base64 hold 256 bits; "12345678" four times, 27.
 */
function secretBits(secret: string): number {
  // A unit that fits at least twice: every string "repeats" its first character at its end, say.
  let unit = 1;
  while (unit <= secret.length / 2 && secret.slice(unit) !== secret.slice(0, secret.length - unit)) unit++;
  if (unit > secret.length / 2) unit = secret.length;
  const alphabet = /^\d+$/.test(secret)
    ? 10
    : /^[\da-f]+$|^[\dA-F]+$/.test(secret)
      ? 16
      : (
          [
            [/[a-z]/, 26],
            [/[A-Z]/, 26],
            [/\d/, 10],
            [/[^a-zA-Z\d]/, 33],
          ] as const
        ).reduce((size, [chars, n]) => size + (chars.test(secret) ? n : 0), 0);
  return unit * Math.log2(alphabet);
}

/** `FOO=` in a shell or .env file means "not set", not "set to empty". */
function withoutBlanks(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => !!entry[1]?.trim()));
}
