import { describe, expect, it, vi } from 'vitest';
import {
  CodeChannelsDocument,
  ConfirmPhoneChangeDocument,
  RegisterUserDocument,
  RequestPasswordResetDocument,
  ResendCodeDocument,
  ResetPasswordDocument,
  StartPhoneChangeDocument,
  VerifyUserDocument,
  type CodeChannel,
} from '../client/generated/graphql';
import { CodeRequest } from '../src/accounts/code-request.entity';
import { User } from '../src/users/user.entity';
import { spokenBy } from './fakes/twilio.fake';
import { fakeClock } from './support/clock';
import { errorCodes } from './support/outcomes';
import { useRig, type Rig } from './support/rig';
import { aPerson } from './support/test-app';

const WHATSAPP_FROM = '+14155238886';
const ALL_CHANNELS = { CODE_CHANNELS: 'SMS,CALL,WHATSAPP', TWILIO_WHATSAPP_FROM: WHATSAPP_FROM };

/** "1, 2, 3, 4, 5, 6" → "123456": the first time a call says the code. */
const codeSaid = (words: string) => /\d(?:, \d){5}/.exec(words)![0].replace(/, /g, '');

/** The code the newest call to `phone` says, or undefined if none was placed. */
function calledCode(rig: Rig, phone: string): string | undefined {
  const call = rig.twilio.calls.filter((c) => c.to === phone).at(-1);
  return call && codeSaid(spokenBy(call.twiml)[0].text);
}

function whatsappCode(rig: Rig, phone: string): string | undefined {
  const message = rig.twilio.messages.filter((m) => m.to === `whatsapp:${phone}`).at(-1);
  return message && /\d{6}/.exec(message.body)![0];
}

const textsTo = (rig: Rig, phone: string) => rig.twilio.messages.filter((m) => m.to === phone);

async function verifies(rig: Rig, email: string, code: string) {
  return errorCodes((await rig.t.execute(VerifyUserDocument, { input: { email, code } })).verifyUser);
}

/** Past the per-phone cooldown the signup's own code started. */
const COOLDOWN_MS = 31_000;

describe('codes by call and WhatsApp through the flows, local provider over Twilio', () => {
  const time = fakeClock();
  const rig = useRig('local', 'twilio', { env: ALL_CHANNELS, overrides: { clock: time.clock } });

  it('tells clients which channels are offered', async () => {
    const { codeChannels } = await rig.t.execute(CodeChannelsDocument, {});
    expect(codeChannels).toEqual(['SMS', 'CALL', 'WHATSAPP']);
  });

  it('registerUser with CALL: a call says the code, no text goes out, and that code verifies', async () => {
    const input = { ...aPerson(), channel: 'CALL' as const };
    const { registerUser } = await rig.t.execute(RegisterUserDocument, { input });
    expect(registerUser.errors).toEqual([]);
    const phone = registerUser.user!.phoneNumber;
    const call = rig.twilio.calls.find((c) => c.to === phone)!;
    expect(call.twiml).toMatch(/<Say[^>]*>.*\d, \d, \d, \d, \d, \d/s);
    expect(textsTo(rig, phone)).toEqual([]);
    expect(await verifies(rig, input.email, calledCode(rig, phone)!)).toEqual([]);
  });

  it.each([
    ['CALL', calledCode],
    ['WHATSAPP', whatsappCode],
  ] as const)('resendCode with %s sends the code that way, and it verifies', async (channel, codeOf) => {
    const { input, user } = await rig.t.register();
    time.advance(COOLDOWN_MS);
    const { resendCode } = await rig.t.execute(ResendCodeDocument, { input: { email: input.email, channel } });
    expect(resendCode.errors).toEqual([]);
    const code = codeOf(rig, user.phoneNumber);
    expect(code).toBeDefined();
    expect(textsTo(rig, user.phoneNumber)).toHaveLength(1);
    expect(await verifies(rig, input.email, code!)).toEqual([]);
  });

  it('requestPasswordReset with CALL: the code a call says resets the password', async () => {
    const { input, user } = await rig.t.registerVerified();
    time.advance(COOLDOWN_MS);
    const { requestPasswordReset } = await rig.t.execute(RequestPasswordResetDocument, {
      input: { email: input.email, channel: 'CALL' },
    });
    expect(requestPasswordReset.errors).toEqual([]);
    const code = calledCode(rig, user.phoneNumber)!;
    const { resetPassword } = await rig.t.execute(ResetPasswordDocument, {
      input: { email: input.email, code, newPassword: 'a brand new passphrase' },
    });
    expect(resetPassword.errors).toEqual([]);
  });

  it('startPhoneChange with WHATSAPP: the code goes to the new number on WhatsApp and confirms it', async () => {
    const { input, token } = await rig.t.registerVerified();
    const next = aPerson();
    const { startPhoneChange } = await rig.t.execute(
      StartPhoneChangeDocument,
      { input: { password: input.password, countryCode: '1', phoneNumber: next.phoneNumber, channel: 'WHATSAPP' } },
      { token },
    );
    expect(startPhoneChange.errors).toEqual([]);
    const newPhone = `+1${next.phoneNumber}`;
    const code = whatsappCode(rig, newPhone)!;
    const { confirmPhoneChange } = await rig.t.execute(ConfirmPhoneChangeDocument, { input: { code } }, { token });
    expect(confirmPhoneChange.errors).toEqual([]);
    expect(confirmPhoneChange.user!.phoneNumber).toBe(newPhone);
  });

  it('judges a call with the SMS guard as a call, priced as one', async () => {
    const judged = vi.spyOn(rig.t.app.fraudGuard, 'check');
    try {
      await rig.t.execute(RegisterUserDocument, { input: { ...aPerson(), channel: 'CALL' } });
      expect(judged).toHaveBeenCalledWith(expect.objectContaining({ channel: 'call' }));
    } finally {
      judged.mockRestore();
    }
  });

  it('counts a call against the same per-phone limits as a text', async () => {
    const first = aPerson();
    const byCall = await rig.t.execute(RegisterUserDocument, { input: { ...first, channel: 'CALL' } });
    expect(byCall.registerUser.errors).toEqual([]);
    const sameNumber = { ...aPerson(), phoneNumber: first.phoneNumber };
    const bySms = await rig.t.execute(RegisterUserDocument, { input: sameNumber });
    expect(errorCodes(bySms.registerUser)).toEqual(['RATE_LIMITED']);
    expect(textsTo(rig, `+1${first.phoneNumber}`)).toEqual([]);
  });
});

describe('a channel this deployment does not offer', () => {
  // CODE_CHANNELS unset: SMS and calls.
  const rig = useRig('local', 'twilio');
  const refusal = [expect.objectContaining({ code: 'INVALID_INPUT', field: 'channel' })];
  const WHATSAPP: CodeChannel = 'WHATSAPP';

  it('is not listed by codeChannels', async () => {
    expect((await rig.t.execute(CodeChannelsDocument, {})).codeChannels).toEqual(['SMS', 'CALL']);
  });

  it('is refused on channel by registerUser, nothing stored or sent', async () => {
    const input = { ...aPerson(), channel: WHATSAPP };
    const { registerUser } = await rig.t.execute(RegisterUserDocument, { input });
    expect(registerUser.errors).toEqual(refusal);
    expect(await rig.t.app.orm.em.fork().count(User, { email: input.email })).toBe(0);
    expect(rig.twilio.requests).toEqual([]);
  });

  it('is refused alike by resendCode and requestPasswordReset, for any email, nothing recorded or sent', async () => {
    const { input } = await rig.t.register();
    const sent = rig.twilio.requests.length;
    for (const email of [input.email, 'nobody@example.com']) {
      const resend = await rig.t.execute(ResendCodeDocument, { input: { email, channel: WHATSAPP } });
      expect(resend.resendCode.errors).toEqual(refusal);
      const reset = await rig.t.execute(RequestPasswordResetDocument, { input: { email, channel: WHATSAPP } });
      expect(reset.requestPasswordReset.errors).toEqual(refusal);
    }
    expect(await rig.t.app.orm.em.fork().count(CodeRequest, {})).toBe(0);
    expect(rig.twilio.requests).toHaveLength(sent);
  });

  it('is refused by startPhoneChange, nothing sent', async () => {
    const { input, token } = await rig.t.registerVerified();
    const sent = rig.twilio.requests.length;
    const { startPhoneChange } = await rig.t.execute(
      StartPhoneChangeDocument,
      { input: { password: input.password, countryCode: '1', phoneNumber: aPerson().phoneNumber, channel: WHATSAPP } },
      { token },
    );
    expect(startPhoneChange.errors).toEqual(refusal);
    expect(rig.twilio.requests).toHaveLength(sent);
  });
});

describe('Twilio Verify through the flows', () => {
  const rig = useRig('twilio-verify', 'outbox', { env: { CODE_CHANNELS: 'SMS,CALL,WHATSAPP' } });

  it.each(['CALL', 'WHATSAPP'] as const)('registerUser with %s asks Verify for that Channel', async (channel) => {
    const input = { ...aPerson(), channel };
    const { registerUser } = await rig.t.execute(RegisterUserDocument, { input });
    expect(registerUser.errors).toEqual([]);
    const phone = registerUser.user!.phoneNumber;
    expect(rig.twilio.verify.latest(phone)?.channel).toBe(channel.toLowerCase());
    expect(await verifies(rig, input.email, rig.twilio.verify.codeFor(phone))).toEqual([]);
  });
});

describe('Authy through the flows', () => {
  const time = fakeClock();
  const rig = useRig('authy', 'outbox', { overrides: { clock: time.clock } });

  it('resendCode with CALL goes through its call route, and the token verifies', async () => {
    const { input, user } = await rig.t.register();
    time.advance(COOLDOWN_MS);
    const { resendCode } = await rig.t.execute(ResendCodeDocument, { input: { email: input.email, channel: 'CALL' } });
    expect(resendCode.errors).toEqual([]);
    const authyUser = rig.authy.users.find((u) => `+${u.countryCode}${u.cellphone}` === user.phoneNumber)!;
    expect(rig.authy.channelOf(authyUser.id)).toBe('call');
    expect(await verifies(rig, input.email, rig.authy.tokenFor(authyUser.id))).toEqual([]);
  });
});
