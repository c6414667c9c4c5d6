import { describe, expect, it } from 'vitest';
import { SmsDelivery } from '../src/sms/receipts/sms-delivery.entity';
import { fakeClock } from './support/clock';
import { useTestApp } from './support/test-app';

const DAY = 86_400_000;

describe('housekeeping of delivery receipts', () => {
  const time = fakeClock();
  const t = useTestApp({ SESSION_RETENTION_DAYS: '30' }, { clock: time.clock });

  it("removes a message's delivery row once it is as old as ended sessions are kept, and keeps a recent one", async () => {
    const em = t.app.orm.em.fork();
    const row = (sid: string, at: Date) => ({
      sid,
      channel: 'sms' as const,
      country: 'US',
      status: 'delivered',
      statusRank: 3,
      createdAt: at,
      updatedAt: at,
    });
    await em.insertMany(SmsDelivery, [
      row('SMold', time.clock()),
      row('SMnew', new Date(time.clock().getTime() + 2 * DAY)),
    ]);
    time.advance(31 * DAY);
    expect((await t.app.housekeeping.run())?.smsDeliveries).toBe(1);
    expect((await t.app.orm.em.fork().find(SmsDelivery, {})).map((d) => d.sid)).toEqual(['SMnew']);
  });
});
