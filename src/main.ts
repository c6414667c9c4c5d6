import { createApp } from './app';
import { ConfigError, loadConfig } from './config/config';
import { describeError } from './shared/describe-error';
import { createLogger } from './shared/logger';
import { withDevelopmentSecret } from './config/dev-secret';
import { exitOnSignals } from './lifecycle/shutdown';

async function main(): Promise<void> {
  const config = withDevelopmentSecret(loadConfig());
  const log = createLogger(config.logLevel);
  try {
    const app = await createApp(config, { logger: log });
    // Signals are handled from here on, so that one arriving during start still closes what started.
    exitOnSignals(() => app.close(), { timeoutMs: config.shutdownTimeoutMs, log });
    const { url, metricsUrl } = await app.start();
    const database =
      config.database.kind === 'sqlite' ? `sqlite:${config.database.path}` : `postgres ${config.database.display}`;
    log.info({ url, metricsUrl, database, provider: config.verification.kind, sms: config.sms.kind }, 'server ready');
    // The outbox is only ever the transport outside production (the config refuses it there).
    const outbox = app.outbox ? `\nSMS outbox at ${new URL('/dev/outbox', url)}` : '';
    const web = app.servesWeb ? `\nWeb app at ${new URL('/', url)}` : '';
    const metrics = metricsUrl ? `\nMetrics at ${metricsUrl}` : '';
    console.log(`GraphQL API ready at ${url}${outbox}${web}${metrics}`);
  } catch (error) {
    // One log line an operator's tooling can read, with no statement values in it.
    log.fatal({ reason: describeError(error) }, 'server failed to start');
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `Failed to start: ${describeError(error)}`);
  process.exit(1);
});
