import { afterAll, describe, expect, it } from 'vitest';
import { VerifyUserDocument } from '../client/generated/graphql';
import { QueuedSms } from '../src/sms/queue/queued-sms.entity';
import { SmsDeliveryAttempt } from '../src/sms/queue/sms-delivery-attempt.entity';
import { fakeClock } from './support/clock';
import { useTestDatabases } from './support/database';
import { FaultySms } from './support/faulty-sms';
import { refuseInserts } from './support/database-faults';
import { captureLogs } from './support/log-capture';
import { startTestApp, type TestApp } from './support/test-app';
import { execute } from '../src/db/dialect';
import type { Db } from '../src/db/handles';

const CONFIRMATION = 'You did it! Signup complete :)';

/** Registers, then verifies while the SMS transport fails, leaving the confirmation queued. */
async function verifyWhileSmsIsDown(
  t: TestApp,
  sms: FaultySms,
  fault: Parameters<FaultySms['failNext']>[0] = 'unavailable',
) {
  const { input, user } = await t.register();
  const code = await t.latestCode(user.phoneNumber);
  sms.failNext(fault);
  const { verifyUser } = await t.execute(VerifyUserDocument, { input: { email: input.email, code } });
  expect(verifyUser.errors).toEqual([]);
  return user;
}

async function queued(t: TestApp, to: string) {
  const em = t.app.orm.em.fork();
  const message = await em.findOneOrFail(QueuedSms, { to });
  const attempts = await em.find(SmsDeliveryAttempt, { message }, { orderBy: { id: 'asc' } });
  return { message, attempts: attempts.map((a) => ({ delivered: a.delivered, error: a.error })) };
}

/**
 * Makes the database refuse to mark a queued message sent until the answered function is called:
 * a fault between an attempt's two writes, as a lost connection or a full disk would cause.
 */
async function refuseMarkingSent(db: Db): Promise<() => Promise<void>> {
  if (db.dialect.name === 'sqlite') {
    await execute(
      db,
      `create temp trigger refuse_sent before update on sms_queue when new.status = 'sent'
       begin select raise(abort, 'refused'); end`,
      [],
      'run',
    );
    return () => execute(db, 'drop trigger refuse_sent', [], 'run').then(() => undefined);
  }
  await execute(
    db,
    `create or replace function refuse_sent() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`,
    [],
    'run',
  );
  await execute(
    db,
    `create trigger refuse_sent before update on sms_queue for each row when (new.status = 'sent') execute function refuse_sent()`,
    [],
    'run',
  );
  return async () => {
    await execute(db, 'drop trigger refuse_sent on sms_queue', [], 'run');
    await execute(db, 'drop function refuse_sent()', [], 'run');
  };
}

describe('the confirmation SMS queue', () => {
  const newDatabase = useTestDatabases();
  const apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((t) => t.close()));
  });
  const start = async (env: Record<string, string>, time = fakeClock(), sms = new FaultySms()) => {
    const t = await startTestApp({ SMS_RETRY_BASE_MS: '1000', ...env }, { clock: time.clock, wrapSms: sms.wrap });
    apps.push(t);
    return { t, time, sms };
  };

  it('retries with doubling waits until the message goes out, recording every attempt', async () => {
    const { t, time, sms } = await start({});
    const user = await verifyWhileSmsIsDown(t, sms);
    expect(await t.messagesTo(user.phoneNumber)).not.toContain(CONFIRMATION);

    sms.failNext('unavailable');
    time.advance(999);
    await t.app.smsQueue.deliverDue();
    expect((await queued(t, user.phoneNumber)).attempts).toHaveLength(1);
    time.advance(1);
    await t.app.smsQueue.deliverDue();
    expect((await queued(t, user.phoneNumber)).message).toMatchObject({ status: 'pending', attempts: 2 });

    time.advance(2000);
    await t.app.smsQueue.deliverDue();
    const { message, attempts } = await queued(t, user.phoneNumber);
    expect(message).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(attempts).toEqual([
      { delivered: false, error: expect.stringContaining('injected unavailable') },
      { delivered: false, error: expect.stringContaining('injected unavailable') },
      { delivered: true, error: null },
    ]);
    expect((await t.messagesTo(user.phoneNumber))[0]).toBe(CONFIRMATION);
  });

  it('keeps retrying through a two-hour outage, never waiting longer than SMS_RETRY_MAX_MS, and sends once it is over', async () => {
    const { t, time, sms } = await start({});
    const user = await verifyWhileSmsIsDown(t, sms);
    sms.outage = 'unavailable';
    const attemptTimes: number[] = [];
    for (let minute = 0; minute < 120; minute++) {
      time.advance(60_000);
      const before = (await queued(t, user.phoneNumber)).attempts.length;
      await t.app.smsQueue.deliverDue();
      if ((await queued(t, user.phoneNumber)).attempts.length > before) attemptTimes.push(minute);
    }
    expect((await queued(t, user.phoneNumber)).message.status).toBe('pending');
    // Doubling from 1 s, capped at 5 minutes: after the first few, an attempt every 5 minutes.
    const gaps = attemptTimes.slice(1).map((at, i) => at - attemptTimes[i]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5);
    expect(attemptTimes.length).toBeGreaterThanOrEqual(24);

    sms.outage = null;
    time.advance(5 * 60_000);
    await t.app.smsQueue.deliverDue();
    expect((await queued(t, user.phoneNumber)).message.status).toBe('sent');
    expect((await t.messagesTo(user.phoneNumber))[0]).toBe(CONFIRMATION);
  });

  it('gives up once a message is SMS_GIVE_UP_AFTER_HOURS old, with an error in the log', async () => {
    const logs = captureLogs();
    const time = fakeClock();
    const sms = new FaultySms();
    const t = await startTestApp(
      { SMS_GIVE_UP_AFTER_HOURS: '1' },
      { clock: time.clock, wrapSms: sms.wrap, logger: logs.logger },
    );
    apps.push(t);
    const user = await verifyWhileSmsIsDown(t, sms);
    sms.outage = 'unavailable';
    time.advance(59 * 60_000);
    await t.app.smsQueue.deliverDue();
    expect((await queued(t, user.phoneNumber)).message.status).toBe('pending');
    time.advance(6 * 60_000);
    await t.app.smsQueue.deliverDue();
    expect((await queued(t, user.phoneNumber)).message.status).toBe('failed');
    const givenUp = logs.lines
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((line) => line.msg.startsWith('queued SMS given up'));
    expect(givenUp).toEqual([expect.objectContaining({ level: 50 })]);
    expect(await t.messagesTo(user.phoneNumber)).not.toContain(CONFIRMATION);
  });

  it('gives up a message that outgrew SMS_GIVE_UP_AFTER_HOURS before any attempt, sending nothing', async () => {
    const { t, time, sms } = await start({ SMS_GIVE_UP_AFTER_HOURS: '1' });
    const user = await verifyWhileSmsIsDown(t, sms);
    // Down for longer than the message may wait: when it comes back, the stale message is not sent.
    time.advance(61 * 60_000);
    await t.app.smsQueue.deliverDue();
    expect((await queued(t, user.phoneNumber)).message).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await t.messagesTo(user.phoneNumber)).not.toContain(CONFIRMATION);
  });

  it('answers a verification even when its first delivery attempt cannot be recorded', async () => {
    const { t, time } = await start({});
    const { input, user } = await t.register();
    const code = await t.latestCode(user.phoneNumber);
    const allow = await refuseInserts(t.app.database.db, 'sms_delivery_attempts');
    try {
      const { verifyUser } = await t.execute(VerifyUserDocument, { input: { email: input.email, code } });
      expect(verifyUser.errors).toEqual([]);
      expect(verifyUser.session?.token).toEqual(expect.any(String));
    } finally {
      await allow();
    }
    // The queue sends it on a sweep once the failed attempt's lease is over.
    time.advance(16_000);
    await t.app.smsQueue.deliverDue();
    expect((await t.messagesTo(user.phoneNumber))[0]).toBe(CONFIRMATION);
  });

  it('records an attempt before the send starts, so one cut short by a crash is on record', async () => {
    const { t, time, sms } = await start({});
    const user = await verifyWhileSmsIsDown(t, sms);
    const release = sms.holdSends();
    time.advance(1000);
    const sweep = t.app.smsQueue.deliverDue();
    await expect.poll(async () => (await queued(t, user.phoneNumber)).message.attempts, { timeout: 10_000 }).toBe(2);
    expect((await queued(t, user.phoneNumber)).attempts).toEqual([
      { delivered: false, error: expect.stringContaining('injected unavailable') },
      { delivered: false, error: expect.stringContaining('no outcome') },
    ]);
    release();
    await sweep;
    expect((await queued(t, user.phoneNumber)).attempts.at(-1)).toEqual({ delivered: true, error: null });
  });

  it('records an outcome on the attempt and the message together, or on neither', async () => {
    const { t, time, sms } = await start({});
    const user = await verifyWhileSmsIsDown(t, sms);
    const allow = await refuseMarkingSent(t.app.database.db);
    try {
      time.advance(1000);
      await t.app.smsQueue.deliverDue();
    } finally {
      await allow();
    }
    // The send went out, but its outcome could not be written: the attempt does not say "delivered"
    // for a message that is still due, and will go out again once the lease ends.
    const { message, attempts } = await queued(t, user.phoneNumber);
    expect(message.status).toBe('pending');
    expect(attempts.at(-1)).toEqual({ delivered: false, error: expect.stringContaining('no outcome') });
    time.advance(16_000);
    await t.app.smsQueue.deliverDue();
    const after = await queued(t, user.phoneNumber);
    expect(after.message.status).toBe('sent');
    expect(after.attempts.filter((a) => a.delivered)).toHaveLength(1);
  });

  it('does not retry a number the provider calls invalid', async () => {
    const { t, sms } = await start({});
    const user = await verifyWhileSmsIsDown(t, sms, 'invalid-number');
    expect((await queued(t, user.phoneNumber)).message).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('delivers what was pending before a restart', async () => {
    const env = { DATABASE_URL: await newDatabase() };
    const time = fakeClock();
    const before = await start(env, time);
    const user = await verifyWhileSmsIsDown(before.t, before.sms);
    await before.t.close();
    apps.splice(apps.indexOf(before.t), 1);

    time.advance(1000);
    const after = await start(env, time);
    await after.t.app.smsQueue.deliverDue();
    expect((await queued(after.t, user.phoneNumber)).message).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await after.t.messagesTo(user.phoneNumber))[0]).toBe(CONFIRMATION);
  });
});
