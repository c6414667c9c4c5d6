import { describe, expect, it } from 'vitest';
import { gbPhone, GUARD_ON, QUICK_ALTCHA, registerFrom, signupTo, usPhone } from './support/guarded-app';
import { useRig, type Rig } from './support/rig';

const PUBLIC_URL = 'https://auth.example.test';

/** The newest text Twilio took for the number. */
function sidTo(rig: Rig, phone: string): string {
  const message = rig.twilio.messages.filter((m) => m.to === phone).at(-1);
  if (!message) throw new Error(`no text went to ${phone}`);
  return message.sid;
}

/**
 * Ten signups in a row to one fresh prefix, each from an address of its own, none entering its
 * code, and Twilio's word on each text before the next: the signups' error codes.
 */
async function tenSignups(rig: Rig, phone: (i: number) => string, status: string, net: number): Promise<string[]> {
  const refused: string[] = [];
  for (let i = 0; i < 10; i++) {
    const answer = await registerFrom(rig.t.url, `203.0.${net}.${i + 1}`, signupTo(phone(i)));
    refused.push(...answer.errors.map((error) => error.code));
    if (answer.errors.length === 0)
      await rig.twilio.report(sidTo(rig, phone(i)), status, { via: rig.t.origin, errorCode: 30003 });
  }
  return refused;
}

describe('the SMS guard, told of texts that never arrived', () => {
  const rig = useRig('local', 'twilio', { env: { ...GUARD_ON, PUBLIC_URL }, overrides: { altchaWork: QUICK_ALTCHA } });

  it('neither challenges nor blocks a prefix whose texts a carrier outage kept from arriving', async () => {
    expect(await tenSignups(rig, (i) => usPhone('808', i), 'undelivered', 113)).toEqual([]);
    // Failed is the same: the code could never be entered.
    expect(await tenSignups(rig, (i) => usPhone('907', i), 'failed', 114)).toEqual([]);
  });

  it('still challenges the same volume delivered and never entered: what pumping looks like', async () => {
    const refused = await tenSignups(rig, (i) => gbPhone('7950', i), 'delivered', 115);
    expect(refused[0]).toBe('CAPTCHA_REQUIRED');
    expect(refused.filter((code) => code !== 'CAPTCHA_REQUIRED' && code !== 'SMS_BLOCKED')).toEqual([]);
  });
});
