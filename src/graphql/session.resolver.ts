import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { notSignedIn } from '../shared/outcome';
import { User } from '../users/user.entity';
import type { LoginService } from '../accounts/login.service';
import type { SessionInfo, SessionService } from '../sessions/session.service';
import type { SessionUser } from '../sessions/current-session';
import { RevokeSessionInput, RevokeSessionPayload } from './account.types';
import type { GraphQLContext } from './context';
import { LoginInput, LoginPayload, LogoutPayload, SessionInfoType } from './session.types';
import { signInPayload } from './sign-in-payload';

export interface SessionResolverDeps {
  logins: LoginService;
  sessions: SessionService;
}

@Resolver()
export class SessionResolver {
  constructor(private readonly deps: SessionResolverDeps) {}

  @Query(() => User, { nullable: true, description: 'The signed-in user, or null.' })
  me(@Ctx() { session }: GraphQLContext): SessionUser | null {
    return session?.user ?? null;
  }

  @Query(() => [SessionInfoType], {
    description: "The signed-in user's live sessions, newest first; [] when not signed in.",
  })
  async sessions(@Ctx() { session }: GraphQLContext): Promise<SessionInfo[]> {
    return session ? this.deps.sessions.list(session) : [];
  }

  @Mutation(() => LoginPayload, { description: 'Signs a verified user in with email and password.' })
  async login(
    @Arg('input', () => LoginInput) input: LoginInput,
    @Ctx() { cookies, caller }: GraphQLContext,
  ): Promise<LoginPayload> {
    return signInPayload(await this.deps.logins.login(input, caller), cookies);
  }

  @Mutation(() => LogoutPayload, {
    description:
      "Revokes the current session, and the cookie's too when a bearer token came with another. NOT_SIGNED_IN when there was no live session.",
  })
  async logout(@Ctx() { session, otherSessionToken, cookies, caller }: GraphQLContext): Promise<LogoutPayload> {
    const signedOut = await this.deps.sessions.logout(session, otherSessionToken, caller);
    cookies.clear();
    return signedOut;
  }

  @Mutation(() => RevokeSessionPayload, {
    description:
      "Revokes one of the signed-in user's sessions; any other id, another user's included, revokes nothing.",
  })
  async revokeSession(
    @Arg('input', () => RevokeSessionInput) input: RevokeSessionInput,
    @Ctx() { session, cookies, caller }: GraphQLContext,
  ): Promise<RevokeSessionPayload> {
    if (!session) return { revoked: false, errors: notSignedIn().errors };
    const revoked = await this.deps.sessions.revokeOwn(session, input.id, caller);
    if (revoked && input.id.toLowerCase() === session.id) cookies.clear();
    return { revoked, errors: [] };
  }

  @Mutation(() => LogoutPayload, {
    description:
      'Revokes every session of the signed-in user, this one included, on every instance. NOT_SIGNED_IN when this session had already ended.',
  })
  async logoutEverywhere(
    @Ctx() { session, otherSessionToken, cookies, caller }: GraphQLContext,
  ): Promise<LogoutPayload> {
    const signedOut = await this.deps.sessions.logoutEverywhere(session, otherSessionToken, caller);
    // A dead cookie goes too: either way this device ends up signed out.
    cookies.clear();
    return signedOut;
  }
}
