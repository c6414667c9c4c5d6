import { describe, expect, it, vi } from 'vitest';
import { useRig } from './support/rig';

const FALLBACK = { PUBLIC_URL: 'https://auth.example.test', CODE_FALLBACK: 'call' };

describe('the fallback call and the SMS guard', () => {
  const rig = useRig('local', 'twilio', { env: FALLBACK });

  it('counts and prices the call a lost text brings, as a follow-up of a code already allowed', async () => {
    const { user } = await rig.t.register();
    const text = rig.twilio.messages.filter((m) => m.to === user.phoneNumber).at(-1)!;
    const judged = vi.spyOn(rig.t.app.fraudGuard, 'check');
    try {
      expect(await rig.twilio.report(text.sid, 'undelivered', { via: rig.t.origin, errorCode: 30003 })).toBe(204);
      await expect.poll(() => rig.twilio.calls.filter((c) => c.to === user.phoneNumber).length).toBe(1);
      expect(judged).toHaveBeenCalledExactlyOnceWith({
        phone: user.phoneNumber,
        channel: 'call',
        verifiedBefore: true,
      });
    } finally {
      judged.mockRestore();
    }
  });
});
