import { describe, expect, it } from 'vitest';
import {
  RegisterUserDocument,
  ResendCodeDocument,
  VerifyUserDocument,
  type RegisterUserInput,
} from '../client/generated/graphql';
import { User } from '../src/users/user.entity';
import { twilioError } from './fakes/twilio.fake';
import { fakeClock } from './support/clock';
import { captureLogs } from './support/log-capture';
import { startRig, type ProviderName, type Rig, type TransportName, useRig } from './support/rig';
import { aPerson } from './support/test-app';

const TIMEOUT_MS = 300;

/** A movable clock, captured logs and a short upstream timeout, for a rig. */
function faultSetup(env: Record<string, string> = {}) {
  const time = fakeClock();
  const logs = captureLogs();
  const options = {
    env: { UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), ...env },
    overrides: { clock: time.clock, logger: logs.logger },
  };
  return { time, logs, options };
}

/** A rig with a movable clock, captured logs and a short upstream timeout. */
async function faultRig(provider: ProviderName, transport: TransportName, env: Record<string, string> = {}) {
  const { time, logs, options } = faultSetup(env);
  const rig = await startRig(provider, transport, options);
  return { rig, time, logs, t: rig.t };
}

/** The same, started before a describe block's tests and closed after them. */
function useFaultRig(provider: ProviderName, transport: TransportName) {
  const { time, logs, options } = faultSetup();
  const rig = useRig(provider, transport, options);
  return {
    rig,
    time,
    logs,
    get t() {
      return rig.t;
    },
  };
}

type Outage = { name: string; inject: (faults: Rig['twilio']['faults'], path: string) => void; logged: RegExp };
const outages: Outage[] = [
  {
    name: 'a 503',
    inject: (f, path) => f.respond({ status: 503, body: { message: 'Service Unavailable' }, path }),
    logged: /503|Service Unavailable/,
  },
  { name: 'a timeout', inject: (f, path) => f.delay({ ms: TIMEOUT_MS * 5, path }), logged: /timeout|TIMEDOUT/i },
  { name: 'a dropped connection', inject: (f, path) => f.drop({ path }), logged: /ECONNRESET|socket hang up/ },
  {
    name: 'a malformed body',
    inject: (f, path) => f.malformed({ path }),
    logged: /SyntaxError|Unexpected end of JSON|HttpError/,
  },
];

async function registerExpectingFailure(rig: Rig, person: RegisterUserInput) {
  const { registerUser } = await rig.t.execute(RegisterUserDocument, { input: person });
  expect(registerUser.user).toBeNull();
  expect(await rig.t.app.orm.em.fork().count(User, { email: person.email })).toBe(0);
  return registerUser.errors;
}

describe.each([
  ['twilio-verify', 'outbox', '/verify/v2/Services/'],
  ['authy', 'outbox', '/protected/json/'],
  ['local', 'twilio', '/api/2010-04-01/'],
] as const)('when %s (with the %s transport) cannot send the code', (provider, transport, path) => {
  const f = useFaultRig(provider, transport);
  const faults = () => (provider === 'authy' ? f.rig.authy.faults : f.rig.twilio.faults);

  it.each(outages)(
    'answers $name with DELIVERY_FAILED, keeps nobody, logs the cause, and a retry works',
    async ({ inject, logged }) => {
      const person = aPerson();
      inject(faults(), path);
      const started = Date.now();
      expect((await registerExpectingFailure(f.rig, person)).map((e) => e.code)).toEqual(['DELIVERY_FAILED']);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 4);
      expect(f.logs.lines.filter((line) => /"level":50/.test(line)).at(-1)).toMatch(logged);

      f.time.advance(30_000);
      const retry = await f.t.execute(RegisterUserDocument, { input: person });
      expect(retry.registerUser.errors).toEqual([]);
    },
  );
});

describe('Twilio Verify refusals', () => {
  const f = useFaultRig('twilio-verify', 'outbox');
  const verify = async (email: string, code: string) =>
    (await f.t.execute(VerifyUserDocument, { input: { email, code } })).verifyUser.errors.map((e) => e.code);
  const resend = async (email: string) =>
    (await f.t.execute(ResendCodeDocument, { input: { email } })).resendCode.errors.map((e) => e.code);

  it('kills the verification after 5 wrong checks (60202), even for the right code', async () => {
    const { input, user } = await f.t.register();
    const code = await f.t.latestCode(user.phoneNumber);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect(await verify(input.email, wrong)).toEqual(['INVALID_CODE']);
    expect(await verify(input.email, code)).toEqual(['TOO_MANY_ATTEMPTS']);
    f.time.advance(30_000);
    expect(await resend(input.email)).toEqual([]);
    expect(await verify(input.email, await f.t.latestCode(user.phoneNumber))).toEqual([]);
  });

  it('reports an expired code (20404) as CODE_EXPIRED', async () => {
    const { input, user } = await f.t.register();
    const code = await f.t.latestCode(user.phoneNumber);
    f.time.advance(10 * 60_000 + 1);
    expect(await verify(input.email, code)).toEqual(['CODE_EXPIRED']);
  });

  it('reports too many sends (60203) as RATE_LIMITED and keeps nobody', async () => {
    f.rig.twilio.faults.respond({
      ...twilioError(60203, 429, 'Max send attempts reached'),
      path: '/verify/v2/Services/',
    });
    expect((await registerExpectingFailure(f.rig, aPerson())).map((e) => e.code)).toEqual(['RATE_LIMITED']);
  });

  it('puts a number Verify refuses (60200) on the phoneNumber field', async () => {
    f.rig.twilio.faults.respond({ ...twilioError(60200, 400, 'Invalid parameter: To'), path: '/verify/v2/Services/' });
    const errors = await registerExpectingFailure(f.rig, aPerson());
    expect(errors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: 'phoneNumber' })]);
  });

  it('keeps the account unverified when the check cannot reach Twilio, and the code works afterwards', async () => {
    const { input, user } = await f.t.register();
    const code = await f.t.latestCode(user.phoneNumber);
    f.rig.twilio.faults.drop({ path: '/verify/v2/Services/' });
    expect(await verify(input.email, code)).toEqual(['DELIVERY_FAILED']);
    expect((await f.t.app.orm.em.fork().findOneOrFail(User, user.id)).verified).toBe(false);
    expect(await verify(input.email, code)).toEqual([]);
  });
});

describe('Authy refusals', () => {
  const f = useFaultRig('authy', 'outbox');

  it('puts a cellphone Authy refuses (60027) on the phoneNumber field', async () => {
    // 555-01XX numbers pass libphonenumber but are reserved for fiction; the fake refuses them as Authy would.
    const errors = await registerExpectingFailure(f.rig, {
      ...aPerson(),
      countryCode: '1',
      phoneNumber: '201-555-0123',
    });
    expect(errors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: 'phoneNumber' })]);
  });

  it('reports DoS protection (60003) as RATE_LIMITED', async () => {
    const body = {
      message: 'DoS protection',
      success: false,
      errors: { message: 'DoS protection' },
      error_code: '60003',
    };
    f.rig.authy.faults.respond({ status: 429, body, path: '/protected/json/sms/' });
    expect((await registerExpectingFailure(f.rig, aPerson())).map((e) => e.code)).toEqual(['RATE_LIMITED']);
  });

  it('keeps the Authy id on the user and sends the token with force', async () => {
    const { user } = await f.t.register();
    const stored = await f.t.app.orm.em.fork().findOneOrFail(User, user.id);
    expect(stored.authyId).toEqual(expect.any(Number));
    const sms = f.rig.authy.requests.filter((r) => r.path === `/protected/json/sms/${stored.authyId}`);
    expect(sms.map((r) => r.query.force)).toEqual(['true']);
  });

  it('registers a person again when Authy no longer knows the id we hold, and keeps the new id', async () => {
    const { input, user } = await f.t.register();
    const em = f.t.app.orm.em.fork();
    const { authyId: forgotten } = await em.findOneOrFail(User, user.id);
    // Deleted in Authy's console: Authy now answers 404 "User not found." for that id.
    f.rig.authy.users.splice(
      f.rig.authy.users.findIndex((u) => u.id === forgotten),
      1,
    );
    const verifyUser = async (code: string) =>
      (await f.t.execute(VerifyUserDocument, { input: { email: input.email, code } })).verifyUser;
    // No code can be right for a user Authy forgot: the answer points at a new one.
    expect((await verifyUser('123456')).errors.map((e) => e.code)).toEqual(['CODE_EXPIRED']);

    f.time.advance(30_000);
    expect((await f.t.execute(ResendCodeDocument, { input: { email: input.email } })).resendCode.errors).toEqual([]);
    const stored = await em.fork().findOneOrFail(User, user.id);
    expect(stored.authyId).not.toBe(forgotten);
    expect(f.rig.authy.users.find((u) => u.id === stored.authyId)).toMatchObject({ email: input.email });
    expect((await verifyUser(await f.t.latestCode(user.phoneNumber))).errors).toEqual([]);
    expect(f.logs.text()).toMatch(/Authy no longer knows this user/);
  });
});

describe('misconfigured credentials', () => {
  it('answers a bad Authy key (60001) with DELIVERY_FAILED and logs it', async () => {
    const f = await faultRig('authy', 'outbox', { AUTHY_API_KEY: 'not-the-key' });
    try {
      expect((await registerExpectingFailure(f.rig, aPerson())).map((e) => e.code)).toEqual(['DELIVERY_FAILED']);
      expect(f.logs.text()).toMatch(/Authy failed/);
    } finally {
      await f.rig.close();
    }
  });

  it('answers a bad Twilio token (20003) with DELIVERY_FAILED', async () => {
    const f = await faultRig('twilio-verify', 'outbox', { TWILIO_AUTH_TOKEN: 'wrong' });
    try {
      expect((await registerExpectingFailure(f.rig, aPerson())).map((e) => e.code)).toEqual(['DELIVERY_FAILED']);
    } finally {
      await f.rig.close();
    }
  });
});

describe('Twilio SMS', () => {
  const f = useFaultRig('local', 'twilio');

  it('puts a number the Messages API refuses (21211) on the phoneNumber field', async () => {
    f.rig.twilio.faults.respond({
      ...twilioError(21211, 400, "The 'To' number is not a valid phone number."),
      path: '/api/',
    });
    const errors = await registerExpectingFailure(f.rig, aPerson());
    expect(errors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: 'phoneNumber' })]);
  });

  it('sends from TWILIO_NUMBER', async () => {
    const { user } = await f.t.register();
    expect(f.rig.twilio.messages.filter((m) => m.to === user.phoneNumber).map((m) => m.from)).toEqual(['+14155550100']);
  });

  it('retries a confirmation that hit an outage until Twilio takes it', async () => {
    const { input, user } = await f.t.register();
    const code = await f.t.latestCode(user.phoneNumber);
    f.rig.twilio.faults.respond({ status: 503, body: { message: 'down' }, path: '/api/', times: 2 });
    const { verifyUser } = await f.t.execute(VerifyUserDocument, { input: { email: input.email, code } });
    expect(verifyUser.errors).toEqual([]);
    f.time.advance(2_000);
    await f.t.app.smsQueue.deliverDue();
    expect(await f.t.messagesTo(user.phoneNumber)).not.toContain('You did it! Signup complete :)');
    f.time.advance(4_000);
    await f.t.app.smsQueue.deliverDue();
    expect((await f.t.messagesTo(user.phoneNumber))[0]).toBe('You did it! Signup complete :)');
  });
});

describe('VERIFY_CHANNEL', () => {
  it('asks Twilio Verify for the chosen channel', async () => {
    const rig = await startRig('twilio-verify', 'outbox', { env: { VERIFY_CHANNEL: 'call' } });
    try {
      const { user } = await rig.t.register();
      expect(rig.twilio.verify.latest(user.phoneNumber)?.channel).toBe('call');
    } finally {
      await rig.close();
    }
  });
});

describe('Twilio SMS through a Messaging Service', () => {
  it('sends with MessagingServiceSid instead of a From number', async () => {
    const rig = await startRig('local', 'twilio', {
      env: { TWILIO_NUMBER: '', TWILIO_MESSAGING_SERVICE_SID: `MG${'d'.repeat(32)}` },
    });
    try {
      const { user } = await rig.t.register();
      expect(rig.twilio.messages.filter((m) => m.to === user.phoneNumber)).toEqual([
        expect.objectContaining({ from: null, messagingServiceSid: `MG${'d'.repeat(32)}` }),
      ]);
    } finally {
      await rig.close();
    }
  });
});
