import { z } from 'zod';
import { isLoopback } from '../shared/loopback';
import { LIMIT_SETTINGS, limitName, type Limits, type LimitSetting } from '../abuse/limits';
import {
  DEFAULT_SMS_NUMBER_TYPES,
  isCountryCode,
  SMS_NUMBER_TYPES,
  type SmsNumberType,
} from '../accounts/phone-policy';
import { DEFAULT_POOL_MAX, parseDatabaseUrl, type DatabaseConfig } from '../db/database-url';
import { parseTestNumbers, type TestNumbersSettings } from '../sms/test-numbers';
import { choices, parts, required, setting } from './env-parts';
import { flag, limit, list, moneyOrOff, origins, priceTableFile } from './formats';
import { CaptchaEnv, INTEGRATION_SETTINGS, SmsEnv, VerificationEnv } from './integrations.schema';
import { DeliveryEnv } from './channels.schema';
import { WebhooksEnv } from './webhooks.schema';
import { MIN_SECRET_BITS, secretBits, weakSecretProblem } from './secret-strength';

const isSmsNumberType = (type: string): type is SmsNumberType => (SMS_NUMBER_TYPES as readonly string[]).includes(type);
const optional = <Shape extends z.ZodRawShape>(shape: Shape) => z.object(shape).partial().shape;

const Settings = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DEV_OUTBOX_PUBLIC: flag.optional(),
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
    ADMIN_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    ADMIN_HOST: z.string().min(1).default('127.0.0.1'),
    ADMIN_TOKEN: z
      .string()
      .refine(
        (token) => token.length >= 22 && secretBits(token) >= MIN_SECRET_BITS,
        `must hold at least ${MIN_SECRET_BITS} random bits (e.g. \`openssl rand -base64 32\`)`,
      )
      .optional(),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .positive()
      .default(24 * 30),
    SESSION_CACHE_TTL_MS: z.coerce.number().int().min(0).default(5_000),

    // Read by the provider and transport chosen (integrations.schema.ts); a typo in one not chosen is refused too.
    ...optional(INTEGRATION_SETTINGS),
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
    ).default(DEFAULT_SMS_NUMBER_TYPES),
    TEST_PHONE_NUMBERS: z
      .string()
      .transform((value, context): TestNumbersSettings => {
        const parsed = parseTestNumbers(value);
        if (parsed.ok) return parsed.settings;
        context.addIssue({ code: 'custom', message: parsed.problem });
        return z.NEVER;
      })
      .default(() => ({ codes: new Map() })),

    FRAUD_GUARD: z.enum(['enforce', 'monitor', 'off']).default('enforce'),
    SMS_PRICES: priceTableFile.optional(),
    // Off unless set; production requires it set, to an amount or to `off` (Stage).
    SMS_DAILY_BUDGET: moneyOrOff.optional(),

    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    STALE_REGISTRATION_DAYS: z.coerce.number().positive().default(7),
    SESSION_RETENTION_DAYS: z.coerce.number().positive().default(30),
    AUDIT_RETENTION_DAYS: z.coerce.number().positive().default(90),
    REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
    PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    ENABLE_INTROSPECTION: flag.optional(),
    ENABLE_SANDBOX: flag.optional(),
    CORS_ORIGINS: origins.default(() => []),
    SERVE_WEB: flag.optional(),
    WEB_ROOT: z.string().min(1).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.METRICS_PORT && e.METRICS_PORT === e.PORT)
      ctx.addIssue({
        code: 'custom',
        path: ['METRICS_PORT'],
        message: `is PORT (${e.PORT}); metrics need a listener of their own`,
      });
    if (e.ADMIN_PORT !== undefined && !e.ADMIN_TOKEN)
      ctx.addIssue({ code: 'custom', path: ['ADMIN_TOKEN'], message: 'required with ADMIN_PORT' });
    if (e.ADMIN_PORT && (e.ADMIN_PORT === e.PORT || e.ADMIN_PORT === e.METRICS_PORT))
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_PORT'],
        message: `is ${e.ADMIN_PORT === e.PORT ? 'PORT' : 'METRICS_PORT'} (${e.ADMIN_PORT}); the admin API needs a listener of its own`,
      });
  });

const limitSettings = Object.fromEntries(
  Object.values(LIMIT_SETTINGS).map(([name, fallback]) => [name, limit(limitName(name), fallback)]),
) as Record<LimitSetting, ReturnType<typeof limit>>;

const LimitsEnv = z
  .object(limitSettings)
  .transform((env): Limits =>
    Object.fromEntries(Object.entries(LIMIT_SETTINGS).map(([field, [name]]) => [field, env[name]])),
  );

/** A well-formed list without `;until=` (a malformed one is refused with Settings). */
const isOpenEnded = (value: string) => {
  const parsed = parseTestNumbers(value);
  return parsed.ok && !parsed.settings.until;
};

const IN_PRODUCTION = 'in production (at least 32 random characters, e.g. `openssl rand -base64 48`)';

/**
 * Outside production the outbox serves every code it sent at /dev/outbox, to whoever reaches the
 * server: beyond loopback only when DEV_OUTBOX_PUBLIC says so. True when it is served there.
 */
const outboxPublic = z
  .object({
    HOST: z.string().default('127.0.0.1'),
    SMS_TRANSPORT: z.string().default('outbox'),
    DEV_OUTBOX_PUBLIC: flag.default(false),
  })
  .transform((env, ctx) => {
    const beyondLoopback = env.SMS_TRANSPORT === 'outbox' && !isLoopback(env.HOST);
    if (beyondLoopback && !env.DEV_OUTBOX_PUBLIC)
      ctx.addIssue({
        code: 'custom',
        path: ['HOST'],
        message: `is ${env.HOST}, beyond loopback, where the development outbox would show every code sent to anyone who asks at /dev/outbox; listen on 127.0.0.1, use SMS_TRANSPORT=twilio, or set DEV_OUTBOX_PUBLIC=true if only your own machines can reach it`,
      });
    return beyondLoopback;
  });

/** Production refuses what only a developer's machine may use. */
const Stage = choices('NODE_ENV', 'development', {
  development: { outboxPublic },
  test: { outboxPublic },
  production: {
    appSecret: setting(
      'APP_SECRET',
      required(z.string(), IN_PRODUCTION).superRefine((secret, ctx) => {
        // Shorter ones are refused whatever NODE_ENV says.
        const problem = secret.length >= 32 ? weakSecretProblem(secret) : undefined;
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    ),
    smsTransport: setting(
      'SMS_TRANSPORT',
      z
        .string()
        .default('outbox')
        .refine((transport) => transport !== 'outbox', {
          message: 'outbox delivers nothing and is for development; set SMS_TRANSPORT=twilio in production',
        }),
    ),
    // Pumping can spend a month's budget over a weekend: an operator must choose a cap, or say there is none.
    smsDailyBudget: setting(
      'SMS_DAILY_BUDGET',
      required(
        z.string(),
        "in production: the most codes to unverified numbers may cost in a day, in the price table's currency (e.g. 50), or off to run without a cap",
      ),
    ),
    // Whoever learns a test number's code holds its accounts, so in production it must lapse.
    testNumbers: setting(
      'TEST_PHONE_NUMBERS',
      z
        .string()
        .optional()
        .refine((value) => value === undefined || !isOpenEnded(value), {
          message: 'needs an end date in production: end the list with ;until=YYYY-MM-DD',
        }),
    ),
  },
});

/** The environment, read in parts that each report their problems in the same pass. */
export const EnvSchema = parts({
  stage: Stage,
  settings: Settings,
  limits: LimitsEnv,
  sms: SmsEnv,
  verification: VerificationEnv,
  captcha: CaptchaEnv,
  delivery: DeliveryEnv,
  webhooks: WebhooksEnv,
});
