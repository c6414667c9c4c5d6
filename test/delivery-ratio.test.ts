import { promtoolCheckMetrics } from './support/promtool';
import { describe, expect, it } from 'vitest';
import { useRig, type Rig } from './support/rig';

const PUBLIC_URL = 'https://auth.example.test';

const scrape = async (rig: Rig) => (await fetch(rig.t.metricsUrl!)).text();

/** The code text Twilio took for the number, the newest. */
function sidTo(rig: Rig, phone: string): string {
  const message = rig.twilio.messages.filter((m) => m.to === phone).at(-1);
  if (!message) throw new Error(`no text went to ${phone}`);
  return message.sid;
}

describe('the delivery ratio gauge, with receipts on', () => {
  const rig = useRig('local', 'twilio', { env: { PUBLIC_URL, METRICS_PORT: '0' } });

  it("tells operators each country's share of texts delivered, read from the receipts at each scrape", async () => {
    const phones: string[] = [];
    for (const phoneNumber of ['612345601', '612345602', '612345603', '612345604', '612345605', '612345606'])
      phones.push((await rig.t.register({ countryCode: '33', phoneNumber })).user.phoneNumber);
    const sids = phones.map((phone) => sidTo(rig, phone));
    // Four delivered, one undelivered, one with no final word yet: 4 of the 5 that ended arrived.
    for (const sid of sids.slice(0, 4)) await rig.twilio.report(sid, 'delivered', { via: rig.t.origin });
    await rig.twilio.report(sids[4], 'undelivered', { via: rig.t.origin, errorCode: 30003 });

    const text = await scrape(rig);
    expect(text).toContain('# TYPE sms_delivery_ratio gauge');
    expect(text).toContain('sms_delivery_ratio{country="FR",channel="sms"} 0.8');

    // A carrier outage: the next text fails, and the next scrape shows it.
    await rig.twilio.report(sids[5], 'failed', { via: rig.t.origin, errorCode: 30008 });
    expect(await scrape(rig)).toContain(`sms_delivery_ratio{country="FR",channel="sms"} ${4 / 6}`);
  });

  it('passes promtool check metrics with the gauge present', async () => {
    const text = await scrape(rig);
    expect(text).toContain('sms_delivery_ratio{');
    expect(await promtoolCheckMetrics(text)).toEqual({ exitCode: 0, output: '' });
  });
});

describe('the delivery ratio gauge, without receipts', () => {
  const rig = useRig('local', 'twilio', { env: { METRICS_PORT: '0' } });

  it('is not served: without PUBLIC_URL nothing reports delivery', async () => {
    await rig.t.register({ countryCode: '33', phoneNumber: '612345607' });
    expect(await scrape(rig)).not.toContain('sms_delivery_ratio');
  });
});
