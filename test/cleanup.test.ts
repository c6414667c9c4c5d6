import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RegisterUserDocument } from '../client/generated/graphql';
import { User } from '../src/users/user.entity';
import { Session } from '../src/sessions/session.entity';
import { VerificationCode } from '../src/verification/local/verification-code.entity';
import { fakeClock } from './support/clock';
import { useTestDatabases } from './support/database';
import { startTestApp } from './support/test-app';

const DAY = 86_400_000;

describe('stale registrations', () => {
  const newDatabase = useTestDatabases();

  it('are removed after STALE_REGISTRATION_DAYS with their codes, freeing email and phone; verified users stay', async () => {
    const time = fakeClock();
    const t = await startTestApp({ STALE_REGISTRATION_DAYS: '7' }, { clock: time.clock });
    try {
      const stale = await t.register();
      const kept = await t.registerVerified();
      time.advance(7 * DAY);
      expect((await t.app.housekeeping.run())?.staleRegistrations).toBe(0);
      const fresh = await t.register();
      time.advance(1_000);
      expect((await t.app.housekeeping.run())?.staleRegistrations).toBe(1);

      const em = t.app.orm.em.fork();
      expect(await em.count(User, { email: stale.input.email })).toBe(0);
      expect(await em.count(VerificationCode, { user: stale.user.id })).toBe(0);
      expect(await em.count(User, { email: { $in: [kept.input.email, fresh.input.email] } })).toBe(2);
      expect(await em.count(Session, { user: kept.user.id })).toBe(1);

      const again = await t.execute(RegisterUserDocument, { input: stale.input });
      expect(again.registerUser.errors).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('are removed by `npm run cleanup` against the configured database', async () => {
    const databaseUrl = await newDatabase();
    const time = fakeClock(new Date(Date.now() - 8 * DAY));
    const t = await startTestApp({ DATABASE_URL: databaseUrl }, { clock: time.clock });
    const old = await t.register();
    await t.close();

    const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'src/cli/cleanup.ts'], {
      cwd: join(__dirname, '..'),
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, STALE_REGISTRATION_DAYS: '7' },
    });
    expect(stdout).toMatch(/Removed 1 unverified registration\(s\) older than 7 day\(s\)\./);

    const after = await startTestApp({ DATABASE_URL: databaseUrl });
    try {
      expect(await after.app.orm.em.fork().count(User, { email: old.input.email })).toBe(0);
    } finally {
      await after.close();
    }
  });
});
