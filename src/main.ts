import { createApp, type App, type Listening } from './app';
import { ConfigError, loadConfig, type Config } from './config/config';
import { describeError } from './shared/describe-error';
import { createLogger, type Logger } from './shared/logger';
import { withDevelopmentSecret } from './config/dev-secret';
import { exitOnSignals } from './lifecycle/shutdown';

async function main(): Promise<void> {
  const config = withDevelopmentSecret(loadConfig());
  const log = createLogger(config.logLevel);
  if (config.nodeEnv === 'production') logProcessWarnings(log);
  try {
    const app = await createApp(config, { logger: log });
    // Signals are handled from here on, so that one arriving during start still closes what started.
    exitOnSignals(() => app.close(), { timeoutMs: config.shutdownTimeoutMs, log });
    announce(config, app, await app.start(), log);
  } catch (error) {
    // One log line an operator's tooling can read, with no statement values in it.
    log.fatal({ reason: describeError(error) }, 'server failed to start');
    process.exit(1);
  }
}

/**
 * Where the server listens. In production that is one JSON line like every other (DEPLOYING.md),
 * written whatever LOG_LEVEL says, as the banner is: tooling and people wait for it. Elsewhere a
 * banner for people comes first, then the same line at info.
 */
function announce(config: Config, app: App, { url, metricsUrl }: Listening, log: Logger): void {
  const database =
    config.database.kind === 'sqlite' ? `sqlite:${config.database.path}` : `postgres ${config.database.display}`;
  const web = app.servesWeb ? new URL('/', url).href : undefined;
  const ready = { url, metricsUrl, web, database, provider: config.verification.kind, sms: config.sms.kind };
  if (config.nodeEnv === 'production') {
    const always = log.isLevelEnabled('info') || config.logLevel === 'silent' ? log : log.child({}, { level: 'info' });
    always.info(ready, 'server ready');
    return;
  }
  // The outbox is only ever the transport outside production (the config refuses it there).
  const outbox = app.outbox ? `\nSMS outbox at ${new URL('/dev/outbox', url)}` : '';
  const webLine = web ? `\nWeb app at ${web}` : '';
  const metrics = metricsUrl ? `\nMetrics at ${metricsUrl}` : '';
  console.log(`GraphQL API ready at ${url}${outbox}${webLine}${metrics}`);
  log.info(ready, 'server ready');
}

/**
 * Node writes its own warnings (a deprecated call in a dependency, too many listeners) to stderr
 * as text unless the listener that prints them is replaced: in production they are log lines too.
 */
function logProcessWarnings(log: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error & { code?: string }) =>
    log.warn({ warning: warning.name, warningCode: warning.code }, warning.message),
  );
}

main().catch((error: unknown) => {
  // Before the config is read there is no logger of its choosing; production still writes JSON only.
  if (process.env.NODE_ENV === 'production') {
    const log = createLogger('info');
    if (error instanceof ConfigError) log.fatal({ problems: error.problems }, 'invalid configuration');
    else log.fatal({ reason: describeError(error) }, 'server failed to start');
  } else {
    console.error(error instanceof ConfigError ? error.message : `Failed to start: ${describeError(error)}`);
  }
  process.exit(1);
});
