import type { User } from '../users/user.entity';

/** The signed-in user as `me` shows it: a plain copy, detached from any EntityManager. */
export type SessionUser = Omit<User, 'passwordHash'>;

export interface CurrentSession {
  id: string;
  /** Kept to drop the cached session on logout; the cache is keyed by it so a hit hashes nothing. */
  token: string;
  user: SessionUser;
  /** When a use was last written (epoch ms), so the next write waits a minute. */
  touchedAt: number;
}
