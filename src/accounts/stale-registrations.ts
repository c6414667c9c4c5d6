import type { EntityManager } from '@mikro-orm/sqlite';
import { User } from './user.entity';

/**
 * Deletes signups never verified since `before`, with their codes and sessions (foreign keys
 * cascade), so the email and the phone are free again.
 */
export function removeStaleRegistrations(em: EntityManager, before: Date): Promise<number> {
  return em.nativeDelete(User, { verified: false, createdAt: { $lt: before } });
}
