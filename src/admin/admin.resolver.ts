import { GraphQLError } from 'graphql';
import { Arg, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AdminInputError, type AdminService } from './admin.service';
import { auditCursorOf, auditPositionOf } from './audit-cursor';
import {
  AdminAuditEvent,
  AdminAuditEventPage,
  AdminDelivery,
  AdminSession,
  AdminUser,
  AdminUserPage,
  BlockedDestination,
  Conversion,
  ConversionGroupBy,
  DeliveryChannel,
  DeliveryKind,
  DestinationKind,
} from './admin.types';

const cursorOf = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
const idOf = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

/** An operator's mistake is told as BAD_USER_INPUT, which the client sees; anything else is masked. */
async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AdminInputError)
      throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
    throw error;
  }
}

const CHANNELS = { sms: DeliveryChannel.SMS, call: DeliveryChannel.CALL, whatsapp: DeliveryChannel.WHATSAPP };

@Resolver(() => AdminUser)
export class AdminResolver {
  constructor(private readonly admin: AdminService) {}

  @Query(() => AdminUserPage, { description: 'By id, email, E.164 phone number, or the start of a name.' })
  users(
    @Arg('search', () => String) search: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<AdminUserPage> {
    return refusing(async () => {
      const { users, hasNextPage } = await this.admin.search(search, first, after ? idOf(after) : undefined);
      const last = users.at(-1);
      return { nodes: users, hasNextPage, endCursor: last ? cursorOf(last.id) : null };
    });
  }

  @Query(() => AdminAuditEventPage, {
    name: 'auditEvents',
    description:
      "Every audit event, a user's or no one's (the SMS guard's blocks, unblocks), newest first. `type` is an event type, or a prefix ending in a dot such as `code.`.",
  })
  auditLog(
    @Arg('type', () => String, { nullable: true }) type: string | null | undefined,
    @Arg('since', () => Date, { nullable: true }) since: Date | null | undefined,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<AdminAuditEventPage> {
    return refusing(async () => {
      const query = { type, since, first, after: after ? auditPositionOf(after) : undefined };
      const { events, hasNextPage } = await this.admin.auditLog(query);
      const last = events.at(-1);
      return { nodes: events, hasNextPage, endCursor: last ? auditCursorOf(last) : null };
    });
  }

  @Query(() => AdminUser, { nullable: true })
  user(@Arg('id', () => ID) id: string): Promise<AdminUser | null> {
    return this.admin.user(id);
  }

  @Query(() => [Conversion], {
    description: 'Codes sent and entered per country or per prefix since `since` (whole hours), busiest first.',
  })
  conversion(
    @Arg('since', () => Date) since: Date,
    @Arg('groupBy', () => ConversionGroupBy, { defaultValue: ConversionGroupBy.COUNTRY }) groupBy: ConversionGroupBy,
  ): Promise<Conversion[]> {
    return refusing(() => this.admin.conversion(groupBy === ConversionGroupBy.PREFIX ? 'prefix' : 'country', since));
  }

  @Query(() => [BlockedDestination], { description: 'Prefixes and countries the SMS guard refuses codes to now.' })
  async blockedDestinations(): Promise<BlockedDestination[]> {
    return (await this.admin.blockedDestinations()).map((entry) => ({
      ...entry,
      kind: entry.kind === 'prefix' ? DestinationKind.PREFIX : DestinationKind.COUNTRY,
    }));
  }

  @FieldResolver(() => [AdminSession], { description: 'Live sessions, newest first.' })
  sessions(@Root() user: AdminUser): Promise<AdminSession[]> {
    return this.admin.liveSessions(user.id);
  }

  @FieldResolver(() => [AdminAuditEvent], { description: 'Newest first.' })
  auditEvents(
    @Root() user: AdminUser,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
  ): Promise<AdminAuditEvent[]> {
    return this.admin.auditEvents(user.id, limit);
  }

  @FieldResolver(() => [AdminDelivery], {
    description: 'Texts and calls sent to the user: queued texts to their number and their codes, newest first.',
  })
  async deliveries(
    @Root() user: AdminUser,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
  ): Promise<AdminDelivery[]> {
    return (await this.admin.deliveries(user, limit)).map((delivery) => ({
      ...delivery,
      kind: delivery.kind === 'code' ? DeliveryKind.CODE : DeliveryKind.MESSAGE,
      channel: delivery.channel && CHANNELS[delivery.channel],
    }));
  }

  @Mutation(() => Boolean, { description: 'Verifies the account without a code. False when it already was.' })
  verifyUserManually(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string): Promise<boolean> {
    return refusing(() => this.admin.verifyManually(id, reason));
  }

  @Mutation(() => Boolean, {
    description: 'Deletes the account and every row that is theirs, as the person can; the audit log keeps the reason.',
  })
  deleteUser(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string): Promise<boolean> {
    return refusing(() => this.admin.deleteUser(id, reason));
  }

  @Mutation(() => Int, { description: 'Ends every session of the user; answers how many were live.' })
  revokeSessions(
    @Arg('userId', () => ID) userId: string,
    @Arg('reason', () => String) reason: string,
  ): Promise<number> {
    return refusing(() => this.admin.revokeSessions(userId, reason));
  }

  @Mutation(() => Boolean, {
    description: 'Forgets the code limits of an E.164 phone number, so its next code goes out at once.',
  })
  clearLimits(
    @Arg('phone', () => String) phone: string,
    @Arg('reason', () => String) reason: string,
  ): Promise<boolean> {
    return refusing(() => this.admin.clearLimits(phone, reason));
  }

  @Mutation(() => Boolean, {
    description: "Lifts the SMS guard's budgets of a prefix (+1415) or a country (GB) for the rest of the UTC day.",
  })
  unblock(@Arg('destination', () => String) destination: string, @Arg('reason', () => String) reason: string) {
    return refusing(() => this.admin.unblock(destination, reason));
  }
}
