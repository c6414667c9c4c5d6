import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { wireAudit } from '../src/audit/audit.wiring';
import { fakeClock } from './support/clock';
import { useTestApp } from './support/test-app';

describe('the audit log', () => {
  const t = useTestApp();
  const time = fakeClock();
  const { clock } = time;
  const DAY = 86_400_000;
  const auditOf = () =>
    wireAudit({ config: { auditRetentionMs: 90 * DAY }, database: t.app.database, clock, log: t.app.log });

  it('answers a user’s events newest first, with what was recorded, in pages', async () => {
    const { audit } = auditOf();
    const userId = randomUUID();
    await t.app.database.transaction((tx) =>
      audit.record(tx, {
        type: 'user.registered',
        userId,
        actor: 'user',
        ip: '203.0.113.7',
        userAgent: 'Firefox',
        outcome: 'success',
        detail: { channel: 'sms' },
      }),
    );
    time.advance(1_000);
    await audit.recordNow({ type: 'login.failed', userId, actor: 'user', outcome: 'failure' });
    await audit.recordNow({ type: 'login.failed', userId: randomUUID(), actor: 'user', outcome: 'failure' });

    const events = await audit.forUser(t.app.database.db, userId);
    expect(events.map((event) => event.type)).toEqual(['login.failed', 'user.registered']);
    expect(events[1]).toMatchObject({
      actor: 'user',
      ip: '203.0.113.7',
      userAgent: 'Firefox',
      detail: { channel: 'sms' },
    });
    const older = await audit.forUser(t.app.database.db, userId, { before: events[0].at, limit: 10 });
    expect(older.map((event) => event.type)).toEqual(['user.registered']);
  });

  it('records nothing when the change’s transaction rolls back', async () => {
    const { audit } = auditOf();
    const userId = randomUUID();
    await expect(
      t.app.database.transaction(async (tx) => {
        await audit.record(tx, { type: 'user.verified', userId, actor: 'user', outcome: 'success' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await audit.forUser(t.app.database.db, userId)).toEqual([]);
  });

  it('forgets the personal fields of a deleted account and keeps the events', async () => {
    const { audit } = auditOf();
    const userId = randomUUID();
    await audit.recordNow({
      type: 'login.succeeded',
      userId,
      actor: 'user',
      ip: '203.0.113.9',
      userAgent: 'Safari',
      outcome: 'success',
      detail: { n: 1 },
    });
    await t.app.database.transaction((tx) => audit.forget(tx, userId));
    const [event] = await audit.forUser(t.app.database.db, userId);
    expect(event).toMatchObject({ type: 'login.succeeded', ip: null, userAgent: null, detail: undefined });
  });

  it('prunes events older than the retention', async () => {
    const { audit, prune } = auditOf();
    const userId = randomUUID();
    await audit.recordNow({ type: 'user.registered', userId, actor: 'user', outcome: 'success' });
    time.advance(91 * DAY);
    await audit.recordNow({ type: 'user.verified', userId, actor: 'user', outcome: 'success' });
    expect(await prune()).toBeGreaterThanOrEqual(1);
    expect((await audit.forUser(t.app.database.db, userId)).map((event) => event.type)).toEqual(['user.verified']);
  });
});
