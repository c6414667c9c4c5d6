import 'reflect-metadata';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import { destinationOf } from '../src/abuse/fraud-guard/destination';
import { GuardCountStore } from '../src/abuse/fraud-guard/guard-count.store';
import { DAY, rowsOf } from '../src/abuse/fraud-guard/guard-keys';
import type { Database } from '../src/db/database';
import { PasswordHasher } from '../src/users/password';
import { User } from '../src/users/user.entity';
import { loadConfig } from '../src/config/config';
import { migrate } from '../src/db/migrate';
import { openDatabase } from '../src/db/open';
import { entities } from '../src/entities';
import { createLogger } from '../src/shared/logger';
import { Session } from '../src/sessions/session.entity';
import { hashToken } from '../src/sessions/session.service';
import { hashCode } from '../src/verification/local/local.provider';
import { VerificationCode } from '../src/verification/local/verification-code.entity';
import { phoneNumber } from './requests';
import { APP_SECRET } from './settings';

export interface Seeded {
  /** Bearer tokens of verified users, one per `me` connection. */
  meTokens: string[];
  /** Unverified users with the right code for each; every successful verify uses one up. */
  verifications: { email: string; code: string }[];
}

const BATCH = 2_000;
const DAY_MS = 86_400_000;

/**
 * Writes the bench's users straight into the database, migrated with the app's own migrations,
 * before the project server opens it: much faster than thousands of API round trips.
 */
export async function seed(
  databaseUrl: string,
  counts: { meUsers: number; unverifiedUsers: number },
  prefix = 'bench',
): Promise<Seeded> {
  const config = loadConfig({ DATABASE_URL: databaseUrl }).database;
  const database = await openDatabase(config, entities, createLogger('silent'));
  try {
    await migrate(database.orm, config);
    const em = database.db.em;
    const now = new Date();
    const passwordHash = await new PasswordHasher(1).hash('bench password, never used to log in');
    const user = (email: string, i: number, verified: boolean) => ({
      id: randomUUID(),
      name: 'Bench User',
      email,
      phoneNumber: phoneNumber(i),
      passwordHash,
      verified,
      createdAt: now,
    });

    const meUsers = Array.from({ length: counts.meUsers }, (_, i) => user(`me-${i}@${prefix}.example.com`, i, true));
    const meTokens = meUsers.map(() => randomBytes(32).toString('base64url'));
    await insertInBatches(em, User, meUsers);
    await insertInBatches(
      em,
      Session,
      meUsers.map((u, i) => ({
        id: randomUUID(),
        tokenHash: hashToken(meTokens[i]),
        user: u.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + 30 * DAY_MS),
        revokedAt: null,
      })),
    );

    const pending = Array.from({ length: counts.unverifiedUsers }, (_, i) =>
      user(`verify-${i}@${prefix}.example.com`, i, false),
    );
    const codes = pending.map(() => String(randomInt(0, 1_000_000)).padStart(6, '0'));
    await insertInBatches(em, User, pending);
    // An hour rather than the app's 10 minutes, so long BENCH_SECONDS runs do not find them expired.
    await insertInBatches(
      em,
      VerificationCode,
      pending.map((u, i) => ({
        user: u.id,
        codeHash: hashCode(APP_SECRET, { userId: u.id, purpose: 'signup', phoneNumber: u.phoneNumber }, codes[i]),
        failedAttempts: 0,
        createdAt: now,
        expiresAt: new Date(now.getTime() + 3_600_000),
        closedAt: null,
      })),
    );
    await seedGuardHistory(database, now.getTime());
    return { meTokens, verifications: pending.map((u, i) => ({ email: u.email, code: codes[i] })) };
  } finally {
    await database.close();
  }
}

/** Codes sent and entered a day to each of the bench's prefixes over the last two weeks: a busy deployment's. */
const BUSY_DAY = 1_000_000;

/**
 * The SMS guard is on, as by default, and judges the bench's signups (one client, a few US area
 * codes, no code ever entered) by its history: as a deployment with heavy real traffic there, it
 * lets them through, so the bench measures what judging costs rather than its refusals.
 */
export async function seedGuardHistory(database: Database, now: number): Promise<void> {
  const store = new GuardCountStore();
  for (let area = 0; area < 6; area++)
    for (let day = 1; day <= 14; day++) {
      // One statement per destination and day: an upsert may not touch the country's row twice.
      const rows = rowsOf(destinationOf(phoneNumber(area * 10_000)), now - day * DAY, undefined, undefined);
      await store.add(
        database.db,
        rows.map((row) => ({ ...row, sent: BUSY_DAY, verified: BUSY_DAY, spend: 0, asked: '', entered: '' })),
      );
    }
}

async function insertInBatches<T extends object>(
  em: EntityManager,
  entity: new () => T,
  rows: object[],
): Promise<void> {
  // Batches keep each statement under SQLite's and PostgreSQL's limits on bound parameters.
  for (let i = 0; i < rows.length; i += BATCH) {
    await em.insertMany(entity, rows.slice(i, i + BATCH) as never[]);
  }
}
