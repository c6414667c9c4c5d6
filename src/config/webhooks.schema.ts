import { z } from 'zod';
import { isPrivateAddress } from '../webhooks/endpoint-guard';
import type { WebhookSettings } from '../webhooks/webhook-settings';

const SECRET = /^whsec_([A-Za-z0-9+/]+={0,2})$/;
/** Standard Webhooks' own libraries make 24 to 64 random bytes; fewer in production is a guessable key. */
const MIN_SECRET_BYTES = 24;

const Env = z.object({
  NODE_ENV: z.string().default('development'),
  WEBHOOK_URLS: z.string().optional(),
  WEBHOOK_SECRET: z.string().optional(),
  WEBHOOK_GIVE_UP_AFTER_HOURS: z.coerce.number().positive().max(720).default(24),
  WEBHOOK_ALLOW_PRIVATE: z.string().optional(),
});

const listOf = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** WEBHOOK_URLS and the settings that go with them; undefined when no URL is set. */
export const WebhooksEnv = Env.transform((env, ctx): WebhookSettings | undefined => {
  const problem = (setting: keyof typeof env, message: string) =>
    ctx.addIssue({ code: 'custom', path: [setting], message });
  const urls = listOf(env.WEBHOOK_URLS);
  for (const url of urls)
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
      problem('WEBHOOK_URLS', `${url} is not an http(s) URL`);
  if (urls.length === 0) return undefined;
  const allowPrivate = listOf(env.WEBHOOK_ALLOW_PRIVATE);
  const production = env.NODE_ENV === 'production';
  // A name is checked again before each attempt; an address or localhost can be refused now.
  for (const url of urls.filter((url) => URL.canParse(url))) {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    if (production && !allowPrivate.includes(host) && (host === 'localhost' || isPrivateAddress(host)))
      problem(
        'WEBHOOK_URLS',
        `${url} is a private address in production; list ${host} in WEBHOOK_ALLOW_PRIVATE if meant`,
      );
  }
  const secret = env.WEBHOOK_SECRET ?? '';
  const key = SECRET.exec(secret)?.[1];
  if (!key)
    problem('WEBHOOK_SECRET', 'required with WEBHOOK_URLS: whsec_ followed by base64, as Standard Webhooks has it');
  else if (env.NODE_ENV === 'production' && Buffer.from(key, 'base64').length < MIN_SECRET_BYTES)
    problem(
      'WEBHOOK_SECRET',
      `needs at least ${MIN_SECRET_BYTES} random bytes in production (e.g. whsec_$(openssl rand -base64 32))`,
    );
  return {
    urls,
    secret,
    giveUpAfterMs: env.WEBHOOK_GIVE_UP_AFTER_HOURS * 3_600_000,
    allowPrivate,
    refusePrivate: production,
  };
});
