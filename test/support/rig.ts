import { afterAll, beforeAll } from 'vitest';
import type { AppOverrides } from '../../src/app';
import { startAuthyFake, type AuthyFake } from '../fakes/authy.fake';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio.fake';
import type { Clock } from '../../src/shared/clock';
import { codeInNewestMessage, outboxHandset, startTestApp, type Handset, type TestApp } from './test-app';

export type ProviderName = 'local' | 'twilio-verify' | 'authy';
export type TransportName = 'outbox' | 'twilio';

export const TWILIO_NUMBER = '+14155550100';

export interface RigOptions {
  env?: Record<string, string>;
  overrides?: AppOverrides;
  apiKeyAuth?: boolean;
}

export interface Rig {
  t: TestApp;
  twilio: TwilioFake;
  authy: AuthyFake;
  close(): Promise<void>;
}

/**
 * The app wired to a provider and a transport, with Twilio and Authy played by fakes that speak
 * their wire formats, so the real `twilio` and `authy-client` libraries do the talking.
 */
export async function startRig(
  provider: ProviderName,
  transport: TransportName,
  options: RigOptions = {},
): Promise<Rig> {
  const clock: Clock = options.overrides?.clock ?? (() => new Date());
  const now = () => clock().getTime();
  const [twilio, authy] = await Promise.all([startTwilioFake({ now }), startAuthyFake({ now })]);
  const credentials: Record<string, string> = options.apiKeyAuth
    ? { TWILIO_API_KEY: twilio.apiKeySid, TWILIO_API_SECRET: twilio.apiKeySecret }
    : { TWILIO_AUTH_TOKEN: twilio.authToken };
  const t = await startTestApp(
    {
      VERIFICATION_PROVIDER: provider,
      SMS_TRANSPORT: transport,
      TWILIO_BASE_URL: twilio.url,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      ...credentials,
      TWILIO_NUMBER,
      TWILIO_VERIFY_SERVICE_SID: twilio.verifyServiceSid,
      AUTHY_API_KEY: authy.apiKey,
      AUTHY_API_URL: authy.url,
      // Production requires the SMS spend cap said; rigs run without one, as development does.
      SMS_DAILY_BUDGET: 'off',
      ...options.env,
    },
    options.overrides,
  );
  const messages = transport === 'outbox' ? outboxHandset(t.app) : twilioHandset(twilio);
  t.handset = { messagesTo: messages.messagesTo, latestCode: codeSource(provider, messages, twilio, authy) };
  return {
    t,
    twilio,
    authy,
    async close() {
      await t.close();
      await Promise.all([twilio.close(), authy.close()]);
    },
  };
}

/** Call in a describe block: the rig starts before its tests and closes after them, as `useTestApp` does. */
export function useRig(provider: ProviderName, transport: TransportName, options: RigOptions = {}): Rig {
  const rig = {} as Rig;
  beforeAll(async () => {
    Object.assign(rig, await startRig(provider, transport, options));
  });
  afterAll(() => rig.close?.());
  return rig;
}

/** Messages that reached Twilio's Messages API. */
function twilioHandset(twilio: TwilioFake): Handset {
  const messagesTo = async (phoneNumber: string) =>
    twilio.messages
      .filter((m) => m.to === phoneNumber)
      .map((m) => m.body)
      .reverse();
  return {
    messagesTo,
    latestCode: async (phoneNumber) => codeInNewestMessage(await messagesTo(phoneNumber), phoneNumber),
  };
}

function codeSource(
  provider: ProviderName,
  messages: Handset,
  twilio: TwilioFake,
  authy: AuthyFake,
): Handset['latestCode'] {
  if (provider === 'twilio-verify') return async (phoneNumber) => twilio.verify.codeFor(phoneNumber);
  if (provider === 'authy') {
    return async (phoneNumber) => {
      const user = authy.users.find((u) => `+${u.countryCode}${u.cellphone}` === phoneNumber);
      if (!user) throw new Error(`Authy has no user with phone ${phoneNumber}`);
      return authy.tokenFor(user.id);
    };
  }
  return messages.latestCode;
}
