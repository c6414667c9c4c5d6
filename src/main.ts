import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { withDevelopmentSecret } from './shared/dev-secret';

async function main(): Promise<void> {
  const config = withDevelopmentSecret(loadConfig());
  const app = await createApp(config);
  const url = await app.listen();
  app.log.info({ url, provider: config.verification.kind, sms: config.sms.kind }, 'server ready');
  // The outbox is only ever the transport outside production (the config refuses it there).
  const outbox = app.outbox ? `\nSMS outbox at ${new URL('/dev/outbox', url)}` : '';
  const web = app.servesWeb ? `\nWeb app at ${new URL('/', url)}` : '';
  console.log(`GraphQL API ready at ${url}${outbox}${web}`);

  const shutdown = () => {
    app.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
