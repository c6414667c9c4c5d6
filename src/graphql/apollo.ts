import { ApolloServer, type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
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

/**
 * Apollo refuses a persisted query whose hash is not its query's, or of an unknown version, with a
 * 400 and no code: the client's mistake all the same, which the client is told as BAD_REQUEST.
 */
function isUncodedRefusal(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.path || error.extensions.code !== undefined) return false;
  const status = (error.extensions.http as { status?: number } | undefined)?.status ?? 500;
  return status >= 400 && status < 500;
}

/** The code a client error goes out with, or undefined for anything to mask. */
function clientErrorCode(formatted: GraphQLFormattedError, error: unknown): unknown {
  const code = formatted.extensions?.code;
  if (CLIENT_ERRORS.has(code)) return code;
  return isUncodedRefusal(error) ? ApolloServerErrorCode.BAD_REQUEST : undefined;
}

/** Anything unexpected is logged with the request id and reaches the client only as "Internal server error". */
function errorLogging(log: Logger): ApolloServerPlugin<GraphQLContext> {
  // One listener object for every request: the hooks read all they need from their arguments.
  const listener: GraphQLRequestListener<GraphQLContext> = {
    async didEncounterErrors({ errors, contextValue }) {
      for (const error of errors) {
        const cause = unwrapResolverError(error);
        if (cause instanceof GraphQLError && (CLIENT_ERRORS.has(cause.extensions.code) || isUncodedRefusal(cause)))
          continue;
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

/** About four thousand documents of a kilobyte: the least recently used go first. */
export const PERSISTED_QUERIES_MAX_CHARACTERS = 4 * 2 ** 20;

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

/**
 * graphql-armor prefixes a limit with "Syntax Error", though the document parsed; graphql-js spells
 * its token limit "more that". Neither is the client's to puzzle over.
 */
const plainLimits = (message: string) =>
  message
    .replace(/^Syntax Error: ((?:Query depth|Aliases|Directives) limit of)/, '$1')
    .replace('Document contains more that ', 'Document contains more than ');

export function createApolloServer(
  schema: GraphQLSchema,
  options: { introspection: boolean; sandbox: boolean; log: Logger; plugins?: ApolloServerPlugin<GraphQLContext>[] },
): ApolloServer<GraphQLContext> {
  // Without introspection the schema is not public, so errors must not spell it out either.
  // Apollo's option covers validation errors; formatError covers variables ('Field "emial" … Did you mean "email"?').
  const hideSchema = !options.introspection;
  const clientMessage = (message: string) => {
    const plain = plainLimits(withoutVariableValues(message));
    return hideSchema ? withOurSetting(withoutSuggestions(plain)) : plain;
  };
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
    // Apollo Client's PersistedQueryLink sends a hash first; without APQ every request would take
    // two round trips. Documents are stored only once parsed and validated within the limits above.
    persistedQueries: { cache: new InMemoryLRUCache<string>({ maxSize: PERSISTED_QUERIES_MAX_CHARACTERS }) },
    csrfPrevention: true,
    formatError: (formatted, error) => {
      const code = clientErrorCode(formatted, error);
      return code !== undefined
        ? { ...formatted, message: clientMessage(formatted.message), extensions: { ...formatted.extensions, code } }
        : {
            message: MASKED,
            locations: formatted.locations,
            path: formatted.path,
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          };
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
