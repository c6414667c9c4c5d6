import type { WebhookSettings } from '../webhooks/webhook-settings';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { z } from 'zod';
import type { CaptchaConfig } from '../abuse/captcha/captcha';
import type { FraudGuardSettings } from '../abuse/fraud-guard/fraud-guard';
import { DEFAULT_PRICES } from '../abuse/fraud-guard/prices';
import type { Limits } from '../abuse/limits';
import type { PhonePolicySettings } from '../accounts/phone-policy';
import type { DatabaseConfig } from '../db/database-url';
import { defaultHashConcurrency } from '../users/password';
import type { TestNumbersSettings } from '../sms/test-numbers';
import { EnvSchema } from './env.schema';
import type { SmsConfig } from '../sms/sms.wiring';
import type { VerificationConfig } from '../verification/verification.wiring';
import type { DeliverySettings } from './channels.schema';

/** Where `npm run build:web` writes the web app. */
export const DEFAULT_WEB_ROOT = join(__dirname, '..', '..', 'dist', 'web');

export interface Config {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** The development outbox is served beyond loopback, as DEV_OUTBOX_PUBLIC=true allows. */
  devOutboxPublic: boolean;
  database: DatabaseConfig;
  /** Applies pending migrations at start, under a lock, rather than only with `npm run migrate`. */
  migrateOnStart: boolean;
  appSecret: string;
  /** APP_SECRET was not given, and a random one was made for this process. */
  appSecretGenerated: boolean;
  /** Where a development secret is kept between restarts (see withDevelopmentSecret). */
  appSecretFile?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Absent unless METRICS_PORT is set, and then nothing is recorded either. */
  metrics?: { port: number; host: string };
  /** Absent unless ADMIN_PORT is set: the admin API's listener and the bearer token it requires. */
  admin?: { port: number; host: string; token: string };
  /** After SIGTERM, the process exits within this, whatever is still running. */
  shutdownTimeoutMs: number;
  sessionTtlMs: number;
  /** 0 turns the cache off. */
  sessionCacheTtlMs: number;
  verification: VerificationConfig;
  sms: SmsConfig;
  upstreamTimeoutMs: number;
  /** Waits double from baseDelayMs up to maxDelayMs; a message is given up once giveUpAfterMs old. */
  smsRetry: { baseDelayMs: number; maxDelayMs: number; giveUpAfterMs: number };
  phones: PhonePolicySettings;
  /** Numbers with fixed codes that reach no provider; none by default. */
  testNumbers: TestNumbersSettings;
  /** How many reverse proxies in front of the server append to X-Forwarded-For. */
  trustProxy: number;
  limits: Limits;
  /** FRAUD_GUARD, SMS_PRICES and SMS_DAILY_BUDGET: the guard in front of every code sent (docs/FRAUD.md). */
  fraudGuard: FraudGuardSettings;
  /** The challenge the guard asks for near a budget; `off` lets those codes go out, flagged. */
  captcha: CaptchaConfig;
  staleRegistrationMs: number;
  /** How long ended (expired or revoked) sessions are kept before housekeeping deletes them. */
  sessionRetentionMs: number;
  /** How long audit events are kept before housekeeping deletes them. */
  auditRetentionMs: number;
  /** WEBHOOK_URLS and what goes with them; absent when no URL is set. */
  webhooks?: WebhookSettings;
  requestTimeoutMs: number;
  passwordHashConcurrency: number;
  introspection: boolean;
  sandbox: boolean;
  /** Origins whose pages may call /graphql with credentials. */
  corsOrigins: string[];
  /** Present when the server serves the built web app at /. */
  web?: { root: string };
  /** CODE_CHANNELS, the senders of calls and WhatsApp messages, CODE_FALLBACK. */
  channels: DeliverySettings['channels'];
  /** PUBLIC_URL, an origin: where browsers and Twilio reach this server. */
  publicUrl?: string;
  /** The lines code texts end with so phones fill them in: PUBLIC_URL's hostname, ANDROID_APP_HASH. */
  autofill: DeliverySettings['autofill'];
  /** Twilio's delivery receipts, with PUBLIC_URL set and texts going through Twilio. */
  receipts?: DeliverySettings['receipts'];
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
  if (!parsed.success) throw new ConfigError(problemsOf(parsed.error));
  const { stage, settings: e, limits, sms, verification, captcha, delivery, webhooks } = parsed.data;
  const nodeEnv = stage.kind;

  return {
    nodeEnv,
    port: e.PORT,
    host: e.HOST,
    devOutboxPublic: stage.kind !== 'production' && stage.outboxPublic,
    database: e.DATABASE_URL.kind === 'postgres' ? { ...e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX } : e.DATABASE_URL,
    migrateOnStart: e.MIGRATE_ON_START,
    appSecret: e.APP_SECRET ?? randomBytes(32).toString('base64url'),
    appSecretGenerated: !e.APP_SECRET,
    logLevel: e.LOG_LEVEL,
    metrics: e.METRICS_PORT === undefined ? undefined : { port: e.METRICS_PORT, host: e.METRICS_HOST },
    admin:
      e.ADMIN_PORT === undefined || !e.ADMIN_TOKEN
        ? undefined
        : { port: e.ADMIN_PORT, host: e.ADMIN_HOST, token: e.ADMIN_TOKEN },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    sessionCacheTtlMs: e.SESSION_CACHE_TTL_MS,
    verification,
    sms,
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
    smsRetry: {
      baseDelayMs: e.SMS_RETRY_BASE_MS,
      maxDelayMs: Math.max(e.SMS_RETRY_MAX_MS, e.SMS_RETRY_BASE_MS),
      giveUpAfterMs: e.SMS_GIVE_UP_AFTER_HOURS * 3_600_000,
    },
    phones: { allowedCountries: e.SMS_ALLOWED_COUNTRIES, allowedTypes: e.SMS_ALLOWED_NUMBER_TYPES },
    testNumbers: e.TEST_PHONE_NUMBERS,
    trustProxy: e.TRUST_PROXY,
    limits,
    fraudGuard: { mode: e.FRAUD_GUARD, prices: e.SMS_PRICES ?? DEFAULT_PRICES, dailyBudget: e.SMS_DAILY_BUDGET },
    captcha,
    staleRegistrationMs: e.STALE_REGISTRATION_DAYS * 86_400_000,
    sessionRetentionMs: e.SESSION_RETENTION_DAYS * 86_400_000,
    auditRetentionMs: e.AUDIT_RETENTION_DAYS * 86_400_000,
    webhooks,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    passwordHashConcurrency: e.PASSWORD_HASH_CONCURRENCY ?? defaultHashConcurrency(),
    introspection: e.ENABLE_INTROSPECTION ?? nodeEnv !== 'production',
    sandbox: e.ENABLE_SANDBOX ?? nodeEnv !== 'production',
    corsOrigins: e.CORS_ORIGINS,
    web: (e.SERVE_WEB ?? nodeEnv !== 'production') ? { root: e.WEB_ROOT ?? DEFAULT_WEB_ROOT } : undefined,
    ...delivery,
  };
}

/**
 * `SETTING: problem`, the setting being an issue's innermost key. The same problem found by two
 * parts is told once, and so is a setting that both the provider and the transport require (the
 * Twilio account).
 */
function problemsOf(error: z.ZodError): string[] {
  const required = new Set<string>();
  const problems = error.issues.map((issue) => `${String(issue.path.at(-1) ?? 'environment')}: ${issue.message}`);
  return [...new Set(problems)].filter((problem) => {
    const setting = /^(\w+): required /.exec(problem)?.[1];
    if (!setting) return true;
    if (required.has(setting)) return false;
    required.add(setting);
    return true;
  });
}

/** `FOO=` in a shell or .env file means "not set", not "set to empty". */
function withoutBlanks(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => !!entry[1]?.trim()));
}
