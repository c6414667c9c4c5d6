import type { Registry } from 'prom-client';
import type { Database } from '../db/database';
import type { Db } from '../db/handles';
import type { Metrics } from '../metrics/metrics';
import type { Clock } from '../shared/clock';
import type { Logger } from '../shared/logger';
import { AltchaCaptcha, type AltchaWork } from './captcha/altcha.captcha';
import type { Captcha, CaptchaConfig } from './captcha/captcha';
import { SiteverifyCaptcha } from './captcha/siteverify.captcha';
import { SpentChallengeStore } from './captcha/spent-challenge.store';
import { CountedRateLimiter } from './counted-rate-limiter';
import { FraudGuard, type FraudGuardSettings } from './fraud-guard/fraud-guard';
import { GuardCountStore } from './fraud-guard/guard-count.store';
import { noGuardMetrics, prometheusGuardMetrics } from './fraud-guard/guard-metrics';
import type { Limits } from './limits';
import { RateLimitCounterStore } from './rate-limit-counter.store';
import { Throttle } from './throttle';

export interface AbuseDeps {
  /** The secret keys the counters, so their keys cannot be matched against guessed subjects. */
  config: { limits: Limits; appSecret: string };
  database: Database;
  phones: { isTestNumber(phone: string): boolean };
  clock: Clock;
  metrics: Metrics;
}

/** The limits every flow counts against, kept in the database so that instances count together. */
export function wireAbuse({ config, database, phones, clock, metrics }: AbuseDeps): Throttle {
  const counters = new RateLimitCounterStore();
  const limiter = new CountedRateLimiter({ db: database.db, counters, secret: config.appSecret, clock, metrics });
  return new Throttle({ limiter, limits: config.limits, isTestNumber: phones.isTestNumber });
}

export interface FraudGuardWiringDeps {
  config: {
    fraudGuard: FraudGuardSettings;
    captcha: CaptchaConfig;
    /** Keys the clients' rows and signs ALTCHA's challenges. */
    appSecret: string;
    upstreamTimeoutMs: number;
  };
  database: Database;
  phones: { isTestNumber(phone: string): boolean };
  clock: Clock;
  log: Logger;
  /** The app's Prometheus registry, when METRICS_PORT is set: the guard declares its metrics there. */
  registry?: Registry;
  /** How much work an ALTCHA challenge asks; tests ask less. */
  altchaWork?: AltchaWork;
}

export interface FraudGuardWiring {
  guard: FraudGuard;
  /** Absent with CAPTCHA_PROVIDER=off. */
  captcha?: Captcha;
  /** Deletes the counts and spent challenges nothing reads any more: for housekeeping, in its transaction. */
  prune(db?: Db): Promise<number>;
}

/** The SMS guard and the challenge it asks for near a budget (docs/FRAUD.md). */
export function wireFraudGuard(deps: FraudGuardWiringDeps): FraudGuardWiring {
  const { config, database, phones, clock, log, registry } = deps;
  const metrics = registry ? prometheusGuardMetrics(registry) : noGuardMetrics;
  const spent = new SpentChallengeStore();
  const captcha = captchaOf(config, { database, clock, log, spent, work: deps.altchaWork });
  const guard = new FraudGuard({
    db: database.db,
    store: new GuardCountStore(),
    settings: config.fraudGuard,
    secret: config.appSecret,
    clock,
    log,
    metrics,
    challenges: captcha,
    isTestNumber: phones.isTestNumber,
  });
  metrics.watchConversion(() => guard.conversion());
  const prune = async (db: Db = database.db) => (await guard.prune(db)) + (await spent.prune(db, clock().getTime()));
  return { guard, captcha, prune };
}

function captchaOf(
  config: FraudGuardWiringDeps['config'],
  deps: { database: Database; clock: Clock; log: Logger; spent: SpentChallengeStore; work?: AltchaWork },
): Captcha | undefined {
  const { captcha } = config;
  if (captcha.kind === 'off') return undefined;
  if (captcha.kind === 'altcha')
    return new AltchaCaptcha({
      db: deps.database.db,
      store: deps.spent,
      secret: config.appSecret,
      clock: deps.clock,
      work: deps.work,
    });
  return new SiteverifyCaptcha({
    ...captcha,
    provider: captcha.kind,
    timeoutMs: config.upstreamTimeoutMs,
    log: deps.log,
  });
}
