import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema as buildTypeGraphQLSchema } from 'type-graphql';
import type { GraphQLContext } from './context';
import { AccountResolver } from './account.resolver';
import { CaptchaResolver } from './captcha.resolver';
import { CodeChannelsResolver } from './code-channels.resolver';
import { RegistrationResolver } from './registration.resolver';
import { SessionResolver } from './session.resolver';
import { SignInCodeResolver } from './sign-in-code.resolver';
import { TwoStepResolver } from './two-step.resolver';

export const resolvers = [
  RegistrationResolver,
  SessionResolver,
  AccountResolver,
  CaptchaResolver,
  CodeChannelsResolver,
  SignInCodeResolver,
  TwoStepResolver,
] as const;

/** Resolver instances come from each request's context (see GraphQLContext.container). */
export function buildSchema(): Promise<GraphQLSchema> {
  return buildTypeGraphQLSchema({
    resolvers,
    container: ({ context }: { context: GraphQLContext }) => context.container,
    validate: false,
  });
}
