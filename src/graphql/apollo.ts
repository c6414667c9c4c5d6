import { ApolloServer, type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema, type ValidationContext } from 'graphql';
import type { Logger } from '../shared/logger';
import type { GraphQLContext } from './context';

/** Errors about the request itself; their messages help the client and reveal nothing. */
const CLIENT_ERRORS = new Set<unknown>([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
]);

const MASKED = 'Internal server error';

function isClientError(formatted: GraphQLFormattedError): boolean {
  return CLIENT_ERRORS.has(formatted.extensions?.code);
}

/** Anything unexpected is logged with the request id and reaches the client only as "Internal server error". */
function errorLogging(log: Logger): ApolloServerPlugin<GraphQLContext> {
  // One listener object for every request: the hooks read all they need from their arguments.
  const listener: GraphQLRequestListener<GraphQLContext> = {
    async didEncounterErrors({ errors, contextValue }) {
      for (const error of errors) {
        const cause = unwrapResolverError(error);
        if (cause instanceof GraphQLError && CLIENT_ERRORS.has(cause.extensions.code)) continue;
        log.error(
          { err: cause, requestId: contextValue?.requestId, path: error.path },
          'unexpected error in GraphQL request',
        );
      }
    },
    async willSendResponse({ response, contextValue }) {
      if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
      response.body.singleResult.errors = response.body.singleResult.errors.map((e) =>
        e.message === MASKED ? { ...e, extensions: { ...e.extensions, requestId: contextValue?.requestId } } : e,
      );
    },
  };
  return { requestDidStart: async () => listener };
}

/**
 * The schema has queries and mutations only. graphql-js validates a subscription against no type
 * and then fails it while executing, an error without a code that would be masked and logged.
 */
function refuseOperationsWithoutRoot(): ApolloServerPlugin<GraphQLContext> {
  const listener: GraphQLRequestListener<GraphQLContext> = {
    async didResolveOperation({ operation, schema }) {
      if (!operation || schema.getRootType(operation.operation)) return;
      throw new GraphQLError(`This server runs queries and mutations, not ${operation.operation} operations.`, {
        nodes: operation,
        extensions: { code: ApolloServerErrorCode.BAD_REQUEST, http: { status: 400 } },
      });
    },
  };
  return { requestDidStart: async () => listener };
}

/**
 * graphql-js quotes a rejected variable whole ('Variable "$input" got invalid value { email: …,
 * password: "hunter2", extra: 1 } at "input.extra"; Field "extra" is not defined…'), which would
 * echo a password into responses and whatever logs them. Keep the variable, the path and the reason.
 */
function withoutVariableValues(message: string): string {
  const variable = /^Variable "(\$[^"]+)" got invalid value /.exec(message)?.[1];
  if (!variable) return message;
  const reasonAt = message.lastIndexOf('; ');
  const head = reasonAt > 0 ? message.slice(0, reasonAt) : message;
  const at = / at "[^"]*"$/.exec(head)?.[0] ?? '';
  return `Variable "${variable}" got an invalid value${at}${reasonAt > 0 ? message.slice(reasonAt) : '.'}`;
}

/** Bounds on what one document may ask for; the client operations need a fraction of each. */
export const DOCUMENT_LIMITS = { maxTokens: 1_000, maxDepth: 8, maxAliases: 10, maxDirectives: 10 };

/** graphql-armor throws by default, which Apollo turns into a 500; reported, they are a 400. */
const asValidationErrors = {
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

/** graphql-js's hints name fields and types the client did not ask for ('Did you mean "me"?'). */
const withoutSuggestions = (message: string) => message.replace(/ ?Did you mean .+\?$/, '');
/** Apollo's refusal of introspection names its own constructor option; ours is a setting. */
const withOurSetting = (message: string) =>
  message.replace(
    /To enable introspection, pass introspection: true to ApolloServer in production\.?/,
    "The server's operator can turn it on with ENABLE_INTROSPECTION=true.",
  );

export function createApolloServer(
  schema: GraphQLSchema,
  options: { introspection: boolean; sandbox: boolean; log: Logger; plugins?: ApolloServerPlugin<GraphQLContext>[] },
): ApolloServer<GraphQLContext> {
  // Without introspection the schema is not public, so errors must not spell it out either.
  // Apollo's option covers validation errors; formatError covers variables ('Field "emial" … Did you mean "email"?').
  const hideSchema = !options.introspection;
  const clientMessage = (message: string) =>
    hideSchema ? withOurSetting(withoutSuggestions(withoutVariableValues(message))) : withoutVariableValues(message);
  return new ApolloServer<GraphQLContext>({
    schema,
    introspection: options.introspection,
    hideSchemaDetailsFromClientErrors: hideSchema,
    parseOptions: { maxTokens: DOCUMENT_LIMITS.maxTokens },
    validationRules: [
      maxDepthRule({ n: DOCUMENT_LIMITS.maxDepth, ignoreIntrospection: true, ...asValidationErrors }),
      maxAliasesRule({ n: DOCUMENT_LIMITS.maxAliases, ...asValidationErrors }),
      maxDirectivesRule({ n: DOCUMENT_LIMITS.maxDirectives, ...asValidationErrors }),
    ],
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    allowBatchedHttpRequests: false,
    // Our clients send whole documents; automatic persisted queries would only add a cache to fill.
    persistedQueries: false,
    csrfPrevention: true,
    formatError: (formatted) =>
      isClientError(formatted)
        ? { ...formatted, message: clientMessage(formatted.message) }
        : {
            message: MASKED,
            locations: formatted.locations,
            path: formatted.path,
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          },
    plugins: [
      // No field sets cache hints, so computing a cache policy per request would be wasted work.
      ApolloServerPluginCacheControlDisabled(),
      errorLogging(options.log),
      refuseOperationsWithoutRoot(),
      options.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true })
        : ApolloServerPluginLandingPageDisabled(),
      ...(options.plugins ?? []),
    ],
  });
}
