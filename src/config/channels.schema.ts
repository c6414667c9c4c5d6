import { z } from 'zod';
import type { ChannelSettings, CodeChannel } from '../sms/channels';
import { RECEIPTS_PATH, type ReceiptSettings } from '../sms/receipts/receipt-settings';
import type { CodeAutofill } from '../sms/texts/code-autofill';

/** The channels, PUBLIC_URL and what depends on it, as the rest of the config reads them. */
export interface DeliverySettings {
  channels: ChannelSettings;
  publicUrl?: string;
  autofill: CodeAutofill;
  receipts?: ReceiptSettings;
}

const CHANNEL_NAMES: Record<string, CodeChannel> = { SMS: 'sms', CALL: 'call', WHATSAPP: 'whatsapp' };
const WHATSAPP_NUMBER = /^(?:whatsapp:)?(\+[1-9]\d{6,14})$/;
const APP_HASH = /^[A-Za-z0-9+/]{11}$/;

/** Every setting these read, so that each problem is found in one pass with the rest. */
const Env = z.object({
  NODE_ENV: z.string().default('development'),
  VERIFICATION_PROVIDER: z.string().default('local'),
  SMS_TRANSPORT: z.string().default('outbox'),
  CODE_CHANNELS: z.string().optional(),
  CODE_FALLBACK: z.enum(['call', 'off'], { error: 'must be call or off' }).default('off'),
  TWILIO_NUMBER: z.string().optional(),
  TWILIO_WHATSAPP_FROM: z.string().optional(),
  PUBLIC_URL: z.string().optional(),
  ANDROID_APP_HASH: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_API_KEY: z.string().optional(),
  TWILIO_API_SECRET: z.string().optional(),
});
type Env = z.output<typeof Env>;
type Problem = (setting: keyof Env, message: string) => void;

/**
 * CODE_CHANNELS, TWILIO_WHATSAPP_FROM, CODE_FALLBACK, PUBLIC_URL and ANDROID_APP_HASH, checked
 * against the provider and transport they need: a channel is offered only where a code can go by it.
 */
export const DeliveryEnv = Env.transform((env, ctx): DeliverySettings => {
  const problem: Problem = (setting, message) => ctx.addIssue({ code: 'custom', path: [setting], message });
  const local = env.VERIFICATION_PROVIDER === 'local';
  const overTwilio = local && env.SMS_TRANSPORT === 'twilio';
  const whatsappFrom = whatsappSender(env, problem);
  const offered = offeredChannels(env, { overTwilio, whatsappFrom }, problem);
  const publicUrl = publicOrigin(env, problem);
  if (env.ANDROID_APP_HASH !== undefined && !APP_HASH.test(env.ANDROID_APP_HASH))
    problem('ANDROID_APP_HASH', "must be the app's 11-character SMS Retriever hash, such as FA+9qCX9VSu");
  const receipts = publicUrl && env.SMS_TRANSPORT === 'twilio' ? receiptSettings(env, publicUrl, problem) : undefined;
  if (env.CODE_FALLBACK === 'call') {
    if (!local)
      problem(
        'CODE_FALLBACK',
        `call needs VERIFICATION_PROVIDER=local: ${env.VERIFICATION_PROVIDER} sends its codes itself and reports no delivery receipts to this server`,
      );
    else if (!receipts)
      problem('CODE_FALLBACK', 'call needs delivery receipts: set PUBLIC_URL and SMS_TRANSPORT=twilio');
    if (!offered?.includes('call')) problem('CODE_FALLBACK', 'call needs CALL in CODE_CHANNELS');
  }
  return {
    channels: {
      offered: offered ?? ['sms'],
      callFrom: env.TWILIO_NUMBER,
      whatsappFrom,
      fallback: env.CODE_FALLBACK,
    },
    publicUrl,
    autofill: { hostname: publicUrl && new URL(publicUrl).hostname, androidAppHash: env.ANDROID_APP_HASH },
    receipts,
  };
});

function whatsappSender(env: Env, problem: Problem): string | undefined {
  if (env.TWILIO_WHATSAPP_FROM === undefined) return undefined;
  const number = WHATSAPP_NUMBER.exec(env.TWILIO_WHATSAPP_FROM)?.[1];
  if (!number) problem('TWILIO_WHATSAPP_FROM', 'must be the WhatsApp sender in E.164, such as +14155238886');
  return number;
}

/** The channels offered, or undefined when the setting is refused. */
function offeredChannels(
  env: Env,
  provider: { overTwilio: boolean; whatsappFrom?: string },
  problem: Problem,
): CodeChannel[] | undefined {
  const named = (env.CODE_CHANNELS ?? 'SMS,CALL').split(/[\s,]+/).filter(Boolean);
  const unknown = named.filter((name) => !CHANNEL_NAMES[name.toUpperCase()]);
  if (unknown.length > 0 || named.length === 0) {
    problem('CODE_CHANNELS', `must list SMS, CALL or WHATSAPP, such as SMS,CALL; not one: ${unknown.join(', ')}`);
    return undefined;
  }
  const channels = [...new Set(named.map((name) => CHANNEL_NAMES[name.toUpperCase()]))];
  let refused = false;
  const refuse: Problem = (setting, message) => {
    refused = true;
    problem(setting, message);
  };
  if (!channels.includes('sms'))
    refuse('CODE_CHANNELS', 'must include SMS: a code goes by SMS unless the person asks for another channel');
  if (channels.includes('whatsapp') && env.VERIFICATION_PROVIDER === 'authy')
    refuse('CODE_CHANNELS', 'lists WHATSAPP, which Authy cannot send: it texts and calls only');
  if (channels.includes('whatsapp') && provider.overTwilio && !provider.whatsappFrom)
    refuse(
      'TWILIO_WHATSAPP_FROM',
      'required with WHATSAPP in CODE_CHANNELS: the WhatsApp sender, such as +14155238886',
    );
  if (channels.includes('call') && provider.overTwilio && !env.TWILIO_NUMBER) {
    // Unset, the default leaves calls out where nothing can place them: a Messaging Service has no number to call from.
    if (env.CODE_CHANNELS === undefined) return channels.filter((channel) => channel !== 'call');
    refuse('TWILIO_NUMBER', 'required with CALL in CODE_CHANNELS: calls come from a number, not a Messaging Service');
  }
  return refused ? undefined : channels;
}

/** PUBLIC_URL as an origin: https in production, where browsers and Twilio trust nothing else. */
function publicOrigin(env: Env, problem: Problem): string | undefined {
  if (env.PUBLIC_URL === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(env.PUBLIC_URL);
  } catch {
    problem(
      'PUBLIC_URL',
      'must be the absolute URL browsers and Twilio reach this server at, such as https://auth.example.com',
    );
    return undefined;
  }
  if (url.protocol !== 'https:' && (url.protocol !== 'http:' || env.NODE_ENV === 'production')) {
    problem('PUBLIC_URL', env.NODE_ENV === 'production' ? 'must be https in production' : 'must be an http(s) URL');
    return undefined;
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    problem('PUBLIC_URL', `must be an origin, scheme, host and port only (did you mean ${url.origin}?)`);
    return undefined;
  }
  return url.origin;
}

/** Twilio signs its receipts with the account's auth token; an API key's secret cannot check them. */
function receiptSettings(env: Env, publicUrl: string, problem: Problem): ReceiptSettings | undefined {
  if (!env.TWILIO_AUTH_TOKEN) {
    if (env.TWILIO_API_KEY && env.TWILIO_API_SECRET)
      problem(
        'TWILIO_AUTH_TOKEN',
        "required with PUBLIC_URL when Twilio is reached with an API key: Twilio signs delivery receipts with the account's auth token, and only it can check them",
      );
    return undefined;
  }
  return { callbackUrl: `${publicUrl}${RECEIPTS_PATH}`, authToken: env.TWILIO_AUTH_TOKEN };
}
