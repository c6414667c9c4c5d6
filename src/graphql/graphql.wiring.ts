import type { ContainerType } from 'type-graphql';
import type { Captcha } from '../abuse/captcha/captcha';
import type { AccountServices } from '../accounts/accounts.wiring';
import type { Resources } from '../lifecycle/resources';
import type { Metrics } from '../metrics/metrics';
import type { SessionService } from '../sessions/session.service';
import type { CodeChannel } from '../sms/channels';
import type { Logger } from '../shared/logger';
import { AccountResolver } from './account.resolver';
import { CaptchaResolver } from './captcha.resolver';
import { CodeChannelsResolver } from './code-channels.resolver';
import { createApolloServer } from './apollo';
import type { ContextFactory } from './context';
import { operationsPlugin, type OperationSink } from './operations-metrics.plugin';
import { RegistrationResolver } from './registration.resolver';
import { buildSchema } from './schema';
import { SessionResolver } from './session.resolver';
import { SignInCodeResolver } from './sign-in-code.resolver';
import { TwoStepResolver } from './two-step.resolver';

export interface GraphqlDeps {
  config: { introspection: boolean; sandbox: boolean };
  accounts: AccountServices;
  sessions: SessionService;
  /** The challenge the SMS guard asks for near a budget; absent with CAPTCHA_PROVIDER=off. */
  captcha?: Captcha;
  /** Which channels a code may go by. */
  verification: { channels: readonly CodeChannel[] };
  /** Where each operation's name and outcome go (the request log); none when nothing records them. */
  operations?: OperationSink;
  resources: Resources;
  metrics: Metrics;
  log: Logger;
}

/** The resolvers over the services, the Apollo server (started), and how each request gets its context. */
export async function wireGraphql(deps: GraphqlDeps) {
  const { config, accounts, sessions, captcha, verification, operations, resources, metrics, log } = deps;
  const container = containerOf([
    new RegistrationResolver(accounts),
    new SessionResolver({ logins: accounts.logins, sessions }),
    new AccountResolver(accounts),
    new CaptchaResolver({ captcha }),
    new CodeChannelsResolver({ verification }),
    new SignInCodeResolver(accounts),
    new TwoStepResolver(accounts),
  ]);
  const plugins = operations ? [operationsPlugin(metrics, operations)] : [];
  const apollo = createApolloServer(await buildSchema(), {
    introspection: config.introspection,
    sandbox: config.sandbox,
    log,
    plugins,
  });
  await apollo.start();
  resources.add('apollo', () => apollo.stop());
  const createContext: ContextFactory = async ({ requestId, ip, userAgent, token, otherToken, cookies }) => ({
    requestId,
    caller: { ip, userAgent },
    cookies,
    container,
    session: token ? await sessions.resolve(token) : null,
    otherSessionToken: otherToken,
  });
  return { apollo, createContext };
}

function containerOf(instances: object[]): ContainerType {
  const byClass = new Map<unknown, object>(instances.map((instance) => [instance.constructor, instance]));
  return { get: (someClass: unknown) => byClass.get(someClass) };
}
