import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Kind, type DocumentNode, type FieldNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { GraphQLContext } from './context';
import type { Metrics } from '../metrics/metrics';

export interface OperationSink {
  /** The operation a request ran, by the name its document gives it. */
  named(requestId: string, operationName: string): void;
}

/**
 * Counts each root field a request ran (`registerUser`, `me`, …) by outcome: `error` when GraphQL
 * reports an error at that field (an unexpected failure, masked for the client), else the code of
 * the first error in its payload, else `ok`. Requests that never ran (parse, validation or
 * variable errors) are counted by the HTTP metrics alone, but for a subscription: `subscription`
 * with the refusal's code.
 */
export function operationsPlugin(metrics: Metrics, sink?: OperationSink): ApolloServerPlugin<GraphQLContext> {
  // Apollo parses a document once and reuses it, so each operation's root fields are found once.
  const fieldsOf = new WeakMap<OperationDefinitionNode, { key: string; name: string }[]>();
  // One listener object for every request, as in errorLogging: the hook reads all it needs from its argument.
  const listener: GraphQLRequestListener<GraphQLContext> = {
    async willSendResponse({ operation, operationName, document, response, contextValue }) {
      if (operationName && contextValue) sink?.named(contextValue.requestId, operationName);
      if (!metrics.enabled || !operation || !document || response.body.kind !== 'single') return;
      const { data, errors } = response.body.singleResult;
      // No data at all: the request failed before execution (variables that do not coerce), a client error.
      if (data === undefined) {
        // A subscription is refused by kind (the schema has none), its fields named by the client alone.
        if (operation.operation === 'subscription')
          metrics.graphqlOperation('subscription', String(errors?.[0]?.extensions?.code ?? 'error'));
        return;
      }
      let fields = fieldsOf.get(operation);
      if (!fields) {
        fields = rootFields(operation.selectionSet, document).map((field) => ({
          key: field.alias?.value ?? field.name.value,
          name: field.name.value,
        }));
        fieldsOf.set(operation, fields);
      }
      for (const { key, name } of fields) {
        const failed = errors?.some((error) => error.path?.[0] === key);
        metrics.graphqlOperation(name, failed ? 'error' : payloadOutcome(data?.[key]));
      }
    },
  };
  return { requestDidStart: async () => listener };
}

function payloadOutcome(payload: unknown): string {
  const errors = typeof payload === 'object' && payload !== null && 'errors' in payload ? payload.errors : undefined;
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  return typeof first === 'object' && first !== null && 'code' in first && typeof first.code === 'string'
    ? first.code
    : 'ok';
}

/** The root fields, through inline fragments and named ones (which a validated document always defines). */
function rootFields(selectionSet: SelectionSetNode, document: DocumentNode): FieldNode[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, document);
    const fragment = document.definitions.find(
      (definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value,
    );
    return fragment && fragment.kind === Kind.FRAGMENT_DEFINITION ? rootFields(fragment.selectionSet, document) : [];
  });
}
