import { randomInt } from 'node:crypto';
import type { FakeReply } from './http-fake';
import { invalidParameter, isE164, isoSeconds, newSid, notFound, twilioError } from './twilio-error';

export const VERIFY_POLICY = {
  codeDigits: 6,
  codeLifetimeMs: 10 * 60_000,
  /** Wrong checks answered as pending; the next check is refused with 60202. */
  maxWrongChecks: 5,
  maxSendsPerWindow: 5,
  sendWindowMs: 10 * 60_000,
};

const CHANNELS = ['sms', 'call', 'whatsapp', 'email'];

export type VerificationStatus = 'pending' | 'approved' | 'canceled' | 'max_attempts_reached' | 'expired';

export interface FakeVerification {
  sid: string;
  serviceSid: string;
  accountSid: string;
  to: string;
  channel: string;
  code: string;
  status: VerificationStatus;
  createdAt: number;
  updatedAt: number;
  sends: { time: number; channel: string }[];
  wrongChecks: number;
}

/** Verify v2 for one account: verifications, their codes, and the send and check limits. */
export class FakeVerifyApi {
  private verifications: FakeVerification[] = [];
  private sendTimes = new Map<string, number[]>();

  constructor(
    private readonly accountSid: string,
    readonly serviceSid: string,
    private readonly now: () => number,
  ) {}

  /** The newest verification for a number (or email), whatever its status. */
  latest(to: string): FakeVerification | undefined {
    return this.verifications.filter((v) => v.to === to).at(-1);
  }

  /** The code last sent to a number; what the person would read on their phone. */
  codeFor(to: string): string {
    const verification = this.latest(to);
    if (!verification) throw new Error(`The Twilio fake sent no verification code to ${to}`);
    return verification.code;
  }

  reset() {
    this.verifications = [];
    this.sendTimes.clear();
  }

  /** `path` is what follows /verify/v2, e.g. /Services/VA.../Verifications. */
  handle(method: string, path: string, form: Record<string, string>): FakeReply {
    const [root, serviceSid, collection, sid, extra] = path.split('/').slice(1);
    if (root !== 'Services' || serviceSid !== this.serviceSid || method !== 'POST' || extra) {
      return notFound(path);
    }
    if (collection === 'Verifications' && !sid) return this.start(form);
    if (collection === 'Verifications') return this.update(path, sid, form);
    if (collection === 'VerificationCheck' && !sid) return this.check(path, form);
    return notFound(path);
  }

  private start({ To: to, Channel: channel }: Record<string, string>): FakeReply {
    if (!CHANNELS.includes(channel)) return invalidParameter('Channel');
    if (!(channel === 'email' ? /^[^@\s]+@[^@\s]+$/.test(to ?? '') : isE164(to))) return invalidParameter('To');
    const now = this.now();
    const recentSends = (this.sendTimes.get(to) ?? []).filter((t) => t > now - VERIFY_POLICY.sendWindowMs);
    if (recentSends.length >= VERIFY_POLICY.maxSendsPerWindow)
      return twilioError(60203, 429, 'Max send attempts reached');
    this.sendTimes.set(to, [...recentSends, now]);

    let verification = this.pending(this.latest(to));
    if (!verification) {
      verification = {
        sid: newSid('VE'),
        serviceSid: this.serviceSid,
        accountSid: this.accountSid,
        to,
        channel,
        code: String(randomInt(0, 10 ** VERIFY_POLICY.codeDigits)).padStart(VERIFY_POLICY.codeDigits, '0'),
        status: 'pending',
        createdAt: now,
        updatedAt: now,
        sends: [],
        wrongChecks: 0,
      };
      this.verifications.push(verification);
    }
    Object.assign(verification, { channel, updatedAt: now });
    verification.sends.push({ time: now, channel });
    return { status: 201, body: this.verificationBody(verification) };
  }

  private check(path: string, { To: to, VerificationSid: sid, Code: code }: Record<string, string>): FakeReply {
    if (!/^\d{4,10}$/.test(code ?? '')) return invalidParameter('Code');
    if (!to && !sid) return invalidParameter('To');
    const verification = this.pending(sid ? this.verifications.find((v) => v.sid === sid) : this.latest(to));
    if (!verification) return notFound(path);
    verification.updatedAt = this.now();
    if (verification.wrongChecks >= VERIFY_POLICY.maxWrongChecks) {
      verification.status = 'max_attempts_reached';
      return twilioError(60202, 429, 'Max check attempts reached');
    }
    if (code === verification.code) verification.status = 'approved';
    else verification.wrongChecks += 1;
    return { status: 200, body: this.checkBody(verification) };
  }

  private update(path: string, sid: string, { Status: status }: Record<string, string>): FakeReply {
    if (status !== 'canceled' && status !== 'approved') return invalidParameter('Status');
    const verification = this.pending(this.verifications.find((v) => v.sid === sid));
    if (!verification) return notFound(path);
    Object.assign(verification, { status, updatedAt: this.now() });
    return { status: 200, body: this.verificationBody(verification) };
  }

  /** The verification if it can still be checked; a lapsed one turns expired here. */
  private pending(verification: FakeVerification | undefined): FakeVerification | undefined {
    if (verification?.status !== 'pending') return undefined;
    if (this.now() >= verification.createdAt + VERIFY_POLICY.codeLifetimeMs) {
      verification.status = 'expired';
      return undefined;
    }
    return verification;
  }

  private checkBody(v: FakeVerification) {
    return { ...this.commonBody(v), sna_attempts_error_codes: [] };
  }

  private verificationBody(v: FakeVerification) {
    return {
      ...this.commonBody(v),
      lookup: { carrier: null },
      send_code_attempts: v.sends.map((s) => ({
        time: isoSeconds(s.time),
        channel: s.channel.toUpperCase(),
        channel_id: null,
      })),
      sna: null,
      url: `https://verify.twilio.com/v2/Services/${v.serviceSid}/Verifications/${v.sid}`,
    };
  }

  private commonBody(v: FakeVerification) {
    return {
      sid: v.sid,
      service_sid: v.serviceSid,
      account_sid: v.accountSid,
      to: v.to,
      channel: v.channel,
      status: v.status,
      valid: v.status === 'approved',
      amount: null,
      payee: null,
      date_created: isoSeconds(v.createdAt),
      date_updated: isoSeconds(v.updatedAt),
    };
  }
}
