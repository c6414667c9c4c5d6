import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { User } from '../accounts/user.entity';
import type { LoginService } from '../sessions/login.service';
import type { SessionService, SessionUser } from '../sessions/session.service';
import type { GraphQLContext } from './context';
import { LoginInput, LoginPayload, LogoutPayload } from './session.types';

@Resolver()
export class SessionResolver {
  constructor(
    private readonly logins: LoginService,
    private readonly sessions: SessionService,
  ) {}

  @Query(() => User, { nullable: true, description: 'The signed-in user, or null.' })
  me(@Ctx() { session }: GraphQLContext): SessionUser | null {
    return session?.user ?? null;
  }

  @Mutation(() => LoginPayload, { description: 'Signs a verified user in with email and password.' })
  async login(@Arg('input', () => LoginInput) input: LoginInput, @Ctx() { cookies, caller }: GraphQLContext): Promise<LoginPayload> {
    const result = await this.logins.login(input, caller);
    if (!result.ok) return { errors: result.errors };
    cookies.set(result.session);
    return { user: result.user, session: result.session, errors: [] };
  }

  @Mutation(() => LogoutPayload, { description: 'Revokes the current session, and the cookie\'s too when a bearer token came with another.' })
  async logout(@Ctx() { session, otherSessionToken, cookies }: GraphQLContext): Promise<LogoutPayload> {
    const loggedOut = await this.sessions.logout(session, otherSessionToken);
    cookies.clear();
    return { loggedOut };
  }
}
