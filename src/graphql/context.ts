import type { EntityManager } from '@mikro-orm/sqlite';
import type { ContainerType } from 'type-graphql';
import type { SessionCookies } from '../http/session-cookie';
import type { CurrentSession } from '../sessions/session.service';
import type { Caller } from '../shared/caller';

/** Built once per request: the caller, the session resolved up front, an EntityManager of its own. */
export interface GraphQLContext {
  requestId: string;
  caller: Caller;
  em: EntityManager;
  session: CurrentSession | null;
  cookies: SessionCookies;
  /** This app's resolver instances; the schema asks the context, so several apps can share a process. */
  container: ContainerType;
}

/**
 * Forks the EntityManager on first use, so requests that touch no data (a cached `me`) skip it.
 * The getter lives on the prototype because Apollo copies the context's own properties.
 */
export class RequestContext implements GraphQLContext {
  session: CurrentSession | null = null;
  private forked?: EntityManager;

  constructor(
    readonly requestId: string,
    readonly caller: Caller,
    readonly cookies: SessionCookies,
    readonly container: ContainerType,
    private readonly rootEm: EntityManager,
  ) {}

  get em(): EntityManager {
    return (this.forked ??= this.rootEm.fork());
  }
}
