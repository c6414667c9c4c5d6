import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A proof-of-work challenge that was solved and used once: kept until it expires, so it cannot be used again on any instance. */
@Entity({ tableName: 'spent_challenges' })
export class SpentChallenge {
  /** The challenge's nonce, which its signature covers. */
  @PrimaryKey({ type: 'text' })
  id!: string;

  /** Epoch milliseconds; after it the challenge is refused as expired anyway, and housekeeping may delete the row. */
  @Property({ type: new BigIntType('number'), index: 'spent_challenges_expires_at_index' })
  expiresAt!: number;
}
