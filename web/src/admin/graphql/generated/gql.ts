/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  'query AuditEvents($type: String, $first: Int!, $after: String) {\n  auditEvents(type: $type, first: $first, after: $after) {\n    nodes {\n      id\n      at\n      type\n      actor\n      outcome\n      userId\n      ip\n      detail\n    }\n    endCursor\n    hasNextPage\n  }\n}': typeof types.AuditEventsDocument;
  'query BlockedDestinations {\n  blockedDestinations {\n    destination\n    kind\n    sent\n    verified\n  }\n}': typeof types.BlockedDestinationsDocument;
  'mutation ClearLimits($phone: String!, $reason: String!) {\n  clearLimits(phone: $phone, reason: $reason)\n}': typeof types.ClearLimitsDocument;
  'query Conversion($since: DateTimeISO!) {\n  conversion(since: $since) {\n    key\n    sent\n    verified\n    ratio\n  }\n}': typeof types.ConversionDocument;
  'mutation DeleteUser($id: ID!, $reason: String!) {\n  deleteUser(id: $id, reason: $reason)\n}': typeof types.DeleteUserDocument;
  'mutation RevokeSessions($userId: ID!, $reason: String!) {\n  revokeSessions(userId: $userId, reason: $reason)\n}': typeof types.RevokeSessionsDocument;
  'mutation Unblock($destination: String!, $reason: String!) {\n  unblock(destination: $destination, reason: $reason)\n}': typeof types.UnblockDocument;
  'query User($id: ID!) {\n  user(id: $id) {\n    id\n    name\n    email\n    phoneNumber\n    verified\n    createdAt\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      expiresAt\n      userAgent\n    }\n    deliveries(limit: 50) {\n      kind\n      at\n      channel\n      status\n      errorCode\n      attempts {\n        at\n        delivered\n        error\n      }\n    }\n    auditEvents(limit: 50) {\n      id\n      at\n      type\n      actor\n      outcome\n      ip\n      detail\n    }\n  }\n}': typeof types.UserDocument;
  'query Users($search: String!) {\n  users(search: $search, first: 20) {\n    nodes {\n      id\n      name\n      email\n      phoneNumber\n      verified\n    }\n    hasNextPage\n  }\n}': typeof types.UsersDocument;
  'mutation VerifyUserManually($id: ID!, $reason: String!) {\n  verifyUserManually(id: $id, reason: $reason)\n}': typeof types.VerifyUserManuallyDocument;
};
const documents: Documents = {
  'query AuditEvents($type: String, $first: Int!, $after: String) {\n  auditEvents(type: $type, first: $first, after: $after) {\n    nodes {\n      id\n      at\n      type\n      actor\n      outcome\n      userId\n      ip\n      detail\n    }\n    endCursor\n    hasNextPage\n  }\n}':
    types.AuditEventsDocument,
  'query BlockedDestinations {\n  blockedDestinations {\n    destination\n    kind\n    sent\n    verified\n  }\n}':
    types.BlockedDestinationsDocument,
  'mutation ClearLimits($phone: String!, $reason: String!) {\n  clearLimits(phone: $phone, reason: $reason)\n}':
    types.ClearLimitsDocument,
  'query Conversion($since: DateTimeISO!) {\n  conversion(since: $since) {\n    key\n    sent\n    verified\n    ratio\n  }\n}':
    types.ConversionDocument,
  'mutation DeleteUser($id: ID!, $reason: String!) {\n  deleteUser(id: $id, reason: $reason)\n}':
    types.DeleteUserDocument,
  'mutation RevokeSessions($userId: ID!, $reason: String!) {\n  revokeSessions(userId: $userId, reason: $reason)\n}':
    types.RevokeSessionsDocument,
  'mutation Unblock($destination: String!, $reason: String!) {\n  unblock(destination: $destination, reason: $reason)\n}':
    types.UnblockDocument,
  'query User($id: ID!) {\n  user(id: $id) {\n    id\n    name\n    email\n    phoneNumber\n    verified\n    createdAt\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      expiresAt\n      userAgent\n    }\n    deliveries(limit: 50) {\n      kind\n      at\n      channel\n      status\n      errorCode\n      attempts {\n        at\n        delivered\n        error\n      }\n    }\n    auditEvents(limit: 50) {\n      id\n      at\n      type\n      actor\n      outcome\n      ip\n      detail\n    }\n  }\n}':
    types.UserDocument,
  'query Users($search: String!) {\n  users(search: $search, first: 20) {\n    nodes {\n      id\n      name\n      email\n      phoneNumber\n      verified\n    }\n    hasNextPage\n  }\n}':
    types.UsersDocument,
  'mutation VerifyUserManually($id: ID!, $reason: String!) {\n  verifyUserManually(id: $id, reason: $reason)\n}':
    types.VerifyUserManuallyDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'query AuditEvents($type: String, $first: Int!, $after: String) {\n  auditEvents(type: $type, first: $first, after: $after) {\n    nodes {\n      id\n      at\n      type\n      actor\n      outcome\n      userId\n      ip\n      detail\n    }\n    endCursor\n    hasNextPage\n  }\n}',
): (typeof documents)['query AuditEvents($type: String, $first: Int!, $after: String) {\n  auditEvents(type: $type, first: $first, after: $after) {\n    nodes {\n      id\n      at\n      type\n      actor\n      outcome\n      userId\n      ip\n      detail\n    }\n    endCursor\n    hasNextPage\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'query BlockedDestinations {\n  blockedDestinations {\n    destination\n    kind\n    sent\n    verified\n  }\n}',
): (typeof documents)['query BlockedDestinations {\n  blockedDestinations {\n    destination\n    kind\n    sent\n    verified\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation ClearLimits($phone: String!, $reason: String!) {\n  clearLimits(phone: $phone, reason: $reason)\n}',
): (typeof documents)['mutation ClearLimits($phone: String!, $reason: String!) {\n  clearLimits(phone: $phone, reason: $reason)\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'query Conversion($since: DateTimeISO!) {\n  conversion(since: $since) {\n    key\n    sent\n    verified\n    ratio\n  }\n}',
): (typeof documents)['query Conversion($since: DateTimeISO!) {\n  conversion(since: $since) {\n    key\n    sent\n    verified\n    ratio\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation DeleteUser($id: ID!, $reason: String!) {\n  deleteUser(id: $id, reason: $reason)\n}',
): (typeof documents)['mutation DeleteUser($id: ID!, $reason: String!) {\n  deleteUser(id: $id, reason: $reason)\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation RevokeSessions($userId: ID!, $reason: String!) {\n  revokeSessions(userId: $userId, reason: $reason)\n}',
): (typeof documents)['mutation RevokeSessions($userId: ID!, $reason: String!) {\n  revokeSessions(userId: $userId, reason: $reason)\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation Unblock($destination: String!, $reason: String!) {\n  unblock(destination: $destination, reason: $reason)\n}',
): (typeof documents)['mutation Unblock($destination: String!, $reason: String!) {\n  unblock(destination: $destination, reason: $reason)\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'query User($id: ID!) {\n  user(id: $id) {\n    id\n    name\n    email\n    phoneNumber\n    verified\n    createdAt\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      expiresAt\n      userAgent\n    }\n    deliveries(limit: 50) {\n      kind\n      at\n      channel\n      status\n      errorCode\n      attempts {\n        at\n        delivered\n        error\n      }\n    }\n    auditEvents(limit: 50) {\n      id\n      at\n      type\n      actor\n      outcome\n      ip\n      detail\n    }\n  }\n}',
): (typeof documents)['query User($id: ID!) {\n  user(id: $id) {\n    id\n    name\n    email\n    phoneNumber\n    verified\n    createdAt\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      expiresAt\n      userAgent\n    }\n    deliveries(limit: 50) {\n      kind\n      at\n      channel\n      status\n      errorCode\n      attempts {\n        at\n        delivered\n        error\n      }\n    }\n    auditEvents(limit: 50) {\n      id\n      at\n      type\n      actor\n      outcome\n      ip\n      detail\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'query Users($search: String!) {\n  users(search: $search, first: 20) {\n    nodes {\n      id\n      name\n      email\n      phoneNumber\n      verified\n    }\n    hasNextPage\n  }\n}',
): (typeof documents)['query Users($search: String!) {\n  users(search: $search, first: 20) {\n    nodes {\n      id\n      name\n      email\n      phoneNumber\n      verified\n    }\n    hasNextPage\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation VerifyUserManually($id: ID!, $reason: String!) {\n  verifyUserManually(id: $id, reason: $reason)\n}',
): (typeof documents)['mutation VerifyUserManually($id: ID!, $reason: String!) {\n  verifyUserManually(id: $id, reason: $reason)\n}'];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> =
  TDocumentNode extends DocumentNode<infer TType, any> ? TType : never;
