import { gql } from 'urql';

/** The admin API's operations (admin.graphql), typed by hand: the public app's codegen reads the public schema. */
export interface AdminUserSummary {
  id: string;
  name: string;
  email: string;
  phoneNumber: string;
  verified: boolean;
}

export interface AdminUserDetails extends AdminUserSummary {
  createdAt: string;
  sessions: { id: string; createdAt: string; lastUsedAt: string | null; expiresAt: string; userAgent: string | null }[];
  auditEvents: {
    id: string;
    at: string;
    type: string;
    actor: string;
    outcome: string;
    ip: string | null;
    detail: Record<string, unknown> | null;
  }[];
}

export interface ConversionRow {
  key: string;
  sent: number;
  verified: number;
  ratio: number | null;
}

export const UsersQuery = gql<{ users: { nodes: AdminUserSummary[]; hasNextPage: boolean } }, { search: string }>`
  query Users($search: String!) {
    users(search: $search, first: 20) {
      nodes {
        id
        name
        email
        phoneNumber
        verified
      }
      hasNextPage
    }
  }
`;

export const UserQuery = gql<{ user: AdminUserDetails | null }, { id: string }>`
  query User($id: ID!) {
    user(id: $id) {
      id
      name
      email
      phoneNumber
      verified
      createdAt
      sessions {
        id
        createdAt
        lastUsedAt
        expiresAt
        userAgent
      }
      auditEvents(limit: 50) {
        id
        at
        type
        actor
        outcome
        ip
        detail
      }
    }
  }
`;

export const RevokeSessionsMutation = gql<{ revokeSessions: number }, { userId: string; reason: string }>`
  mutation RevokeSessions($userId: ID!, $reason: String!) {
    revokeSessions(userId: $userId, reason: $reason)
  }
`;

export const VerifyUserManuallyMutation = gql<{ verifyUserManually: boolean }, { id: string; reason: string }>`
  mutation VerifyUserManually($id: ID!, $reason: String!) {
    verifyUserManually(id: $id, reason: $reason)
  }
`;

export const ConversionQuery = gql<{ conversion: ConversionRow[] }, { since: string }>`
  query Conversion($since: DateTimeISO!) {
    conversion(since: $since) {
      key
      sent
      verified
      ratio
    }
  }
`;
