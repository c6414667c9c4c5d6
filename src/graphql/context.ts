import type { ContainerType } from 'type-graphql';
import type { SessionCookies } from '../sessions/session-cookie';
import type { CurrentSession } from '../sessions/current-session';
import type { Caller } from '../shared/caller';

/** Built once per request: the caller and the session resolved up front. */
export interface GraphQLContext {
  requestId: string;
  caller: Caller;
  session: CurrentSession | null;
  /** A second session token the request carried, which only logout acts on. */
  otherSessionToken?: string;
  cookies: SessionCookies;
  /** This app's resolver instances; the schema asks the context, so several apps can share a process. */
  container: ContainerType;
}

/** `token` opens the request's session; `otherToken` is a second one it carried (a cookie beside a bearer header). */
export type ContextFactory = (request: {
  requestId: string;
  ip: string;
  userAgent?: string;
  token?: string;
  otherToken?: string;
  cookies: SessionCookies;
}) => Promise<GraphQLContext>;
